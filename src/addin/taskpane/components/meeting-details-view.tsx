/**
 * The meeting on this appointment: join link, number, password, the Webex site, audio, joining
 * before the host, the lobby, video address, dial-in, alternate hosts; copy the link, change the
 * options (not the site: Webex sets it at creation) and alternate hosts, remove the meeting. When the meeting
 * is out of step with the appointment, it says so (`data-in-step`), so that its details are not
 * taken for the appointment's.
 */
import { Body1, Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { CopyRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import { formatMeetingNumber } from '../../../core/join-block/render-join-block';
import { JOIN_BEFORE_HOST_MINUTES, type JoinBeforeHostMinutes, type MeetingOptions } from '../../../core/meeting-draft';
import type { MeetingDetails } from '../../api/api-types';
import type { AlternateHosts } from '../../flows/alternate-hosts';
import { meetingOptionsOf } from './add-meeting-view';
import { chosenAlternateHosts, MeetingOptionsFields, type OptionValues } from './meeting-options-fields';
import { ViewHeading } from './view-heading';
import { AUDIO_LABEL, LOBBY_LABEL } from './webex-choices';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
  },
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: {
    color: tokens.colorNeutralForeground3,
  },
  value: {
    margin: 0,
    overflowWrap: 'anywhere',
  },
  line: { margin: 0 },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
});

function Detail({ term, children, testId }: { term: string; children: ReactNode; testId: string }) {
  const styles = useStyles();
  return (
    <div>
      <dt className={styles.term}>
        <Caption1>{term}</Caption1>
      </dt>
      <dd className={styles.value} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export interface MeetingDetailsViewProps {
  meeting: MeetingDetails;
  /** The attendees offered as alternate hosts, and those the meeting has; undefined while not known. */
  hosts?: AlternateHosts;
  /** False while the meeting is out of step with the appointment. */
  inStep?: boolean;
  onCopyLink(link: string): void;
  /** Options that changed (undefined: none did), alternate hosts that changed (undefined: none did). */
  onChangeOptions(options: Partial<MeetingOptions> | undefined, alternateHosts?: string[]): void;
  onRemove(): void;
}

function asMinutes(minutes: number): JoinBeforeHostMinutes {
  return (JOIN_BEFORE_HOST_MINUTES as readonly number[]).includes(minutes) ? (minutes as JoinBeforeHostMinutes) : 0;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => x.toLowerCase() === y.toLowerCase()));

export function MeetingDetailsView({ meeting, hosts, inStep = true, onCopyLink, onChangeOptions, onRemove }: MeetingDetailsViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const initial = (): OptionValues => ({
    type: meeting.options.type,
    password: '',
    joinBeforeHost: meeting.options.joinBeforeHost,
    joinBeforeHostMinutes: meeting.options.joinBeforeHost ? asMinutes(meeting.options.joinBeforeHostMinutes) : 0,
    autoRecord: meeting.options.autoRecord,
    siteUrl: '',
    templateId: '',
    audio: meeting.options.audio?.type ?? '',
    tollFree: meeting.options.audio?.tollFree ?? true,
    globalCallIn: meeting.options.audio?.globalCallIn ?? true,
    lobby: meeting.options.lobby ?? '',
    alternateHosts: hosts?.selected ?? [],
  });
  const [values, setValues] = useState<OptionValues>(initial);
  const numbers = meeting.telephony?.callInNumbers.filter((n) => n.callInNumber) ?? [];
  const showPassword = !meeting.excludePassword && meeting.password;
  const scheduled = meeting.options.type === 'scheduled';
  const named = (email: string) => hosts?.choices.find((c) => c.email.toLowerCase() === email.toLowerCase())?.displayName ?? email;

  const edit = () => {
    setValues(initial());
    setEditing(true);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    setEditing(false);
    const before = initial();
    const optionsChanged =
      values.password !== '' ||
      (['joinBeforeHost', 'joinBeforeHostMinutes', 'autoRecord', 'audio', 'tollFree', 'globalCallIn', 'lobby'] as const).some(
        (key) => values[key] !== before[key],
      );
    const chosen = chosenAlternateHosts(values, hosts?.choices);
    const hostsChanged = hosts !== undefined && scheduled && !sameSet(chosen, hosts.selected);
    onChangeOptions(optionsChanged ? meetingOptionsOf(values, false) : undefined, hostsChanged ? chosen : undefined);
  };

  return (
    <section className={styles.root} data-testid="addin-meeting" data-in-step={inStep ? 'true' : 'false'}>
      <ViewHeading>{t('meeting.title')}</ViewHeading>
      <dl className={styles.list}>
        {meeting.webLink && (
          <Detail term={t('meeting.joinLink')} testId="addin-join-link-item">
            <Link href={meeting.webLink} target="_blank" rel="noopener noreferrer" data-testid="addin-join-link">
              {meeting.webLink}
            </Link>
          </Detail>
        )}
        {meeting.meetingNumber && (
          <Detail term={t('meeting.number')} testId="addin-meeting-number">
            {formatMeetingNumber(meeting.meetingNumber)}
          </Detail>
        )}
        {showPassword && (
          <Detail term={t('meeting.password')} testId="addin-meeting-password">
            {meeting.password}
          </Detail>
        )}
        {meeting.siteUrl && (
          <Detail term={t('meeting.site')} testId="addin-meeting-site">
            {meeting.siteUrl}
          </Detail>
        )}
        {meeting.options.audio && (
          <Detail term={t('options.audio')} testId="addin-meeting-audio">
            <span data-audio={meeting.options.audio.type}>{t(AUDIO_LABEL[meeting.options.audio.type])}</span>
          </Detail>
        )}
        <Detail term={t('meeting.joinBeforeHost')} testId="addin-meeting-join-before-host">
          <span data-minutes={meeting.options.joinBeforeHost ? String(meeting.options.joinBeforeHostMinutes) : 'off'}>
            {!meeting.options.joinBeforeHost
              ? t('options.joinAfterHost')
              : meeting.options.joinBeforeHostMinutes === 0
                ? t('options.joinAtStart')
                : t('options.joinMinutesEarly', { count: meeting.options.joinBeforeHostMinutes })}
          </span>
        </Detail>
        {meeting.options.lobby && (
          <Detail term={t('options.lobby')} testId="addin-meeting-lobby">
            <span data-lobby={meeting.options.lobby}>{t(LOBBY_LABEL[meeting.options.lobby])}</span>
          </Detail>
        )}
        {hosts && scheduled && (
          <Detail term={t('meeting.alternateHosts')} testId="addin-alternate-hosts-summary">
            {hosts.selected.length > 0 ? hosts.selected.map(named).join(', ') : t('meeting.noAlternateHosts')}
          </Detail>
        )}
        {meeting.sipAddress && (
          <Detail term={t('meeting.videoAddress')} testId="addin-video-address">
            {meeting.sipAddress}
          </Detail>
        )}
        {numbers.length > 0 && (
          <Detail term={t('meeting.dialIn')} testId="addin-dial-in">
            {numbers.map((n) => (
              <Body1 as="p" key={n.callInNumber} className={styles.line}>
                {n.callInNumber} {n.label ?? ''} {n.tollType === 'tollFree' ? `(${t('meeting.tollFree')})` : ''}
              </Body1>
            ))}
            {meeting.telephony?.accessCode && (
              <Body1 as="p" className={styles.line}>
                {t('meeting.accessCode')}: {formatMeetingNumber(meeting.telephony.accessCode)}
              </Body1>
            )}
          </Detail>
        )}
      </dl>
      {editing ? (
        <form onSubmit={save} className={styles.root} data-testid="addin-options-form">
          <MeetingOptionsFields
            value={values}
            onChange={setValues}
            showType={false}
            showPassword={scheduled}
            hosts={scheduled ? hosts?.choices : undefined}
          />
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" data-testid="addin-save-options">
              {t('meeting.saveOptions')}
            </Button>
            <Button onClick={() => setEditing(false)} data-testid="addin-cancel-options">
              {t('meeting.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className={styles.actions}>
          {meeting.webLink && (
            <Button icon={<CopyRegular />} onClick={() => onCopyLink(meeting.webLink as string)} data-testid="addin-copy-link">
              {t('meeting.copyLink')}
            </Button>
          )}
          <Button icon={<EditRegular />} onClick={edit} data-testid="addin-change-options">
            {t('meeting.changeOptions')}
          </Button>
          <Button icon={<DeleteRegular />} onClick={onRemove} data-testid="addin-remove-meeting">
            {t('meeting.remove')}
          </Button>
        </div>
      )}
    </section>
  );
}
