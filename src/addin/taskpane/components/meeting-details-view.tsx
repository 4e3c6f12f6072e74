/**
 * The meeting on this appointment: join link, number, password, video address, dial-in; copy the
 * link, change the options, remove the meeting.
 */
import { Body1, Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { CopyRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMeetingNumber } from '../../../core/join-block/render-join-block';
import type { MeetingOptions } from '../../../core/meeting-draft';
import type { MeetingDetails } from '../../api/api-types';
import { meetingOptionsOf } from './add-meeting-view';
import { MeetingOptionsFields, type OptionValues } from './meeting-options-fields';
import { ViewHeading } from './view-heading';

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
  onCopyLink(link: string): void;
  onChangeOptions(options: Partial<MeetingOptions>): void;
  onRemove(): void;
}

export function MeetingDetailsView({ meeting, onCopyLink, onChangeOptions, onRemove }: MeetingDetailsViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<OptionValues>({ type: meeting.options.type, password: '', joinBeforeHost: meeting.options.joinBeforeHost, autoRecord: meeting.options.autoRecord });
  const numbers = meeting.telephony?.callInNumbers.filter((n) => n.callInNumber) ?? [];
  const showPassword = !meeting.excludePassword && meeting.password;

  const save = (event: FormEvent) => {
    event.preventDefault();
    setEditing(false);
    onChangeOptions(meetingOptionsOf(values, false));
  };

  return (
    <section className={styles.root} data-testid="addin-meeting">
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
          <MeetingOptionsFields value={values} onChange={setValues} showType={false} showPassword={meeting.options.type === 'scheduled'} />
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
          <Button icon={<EditRegular />} onClick={() => setEditing(true)} data-testid="addin-change-options">
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
