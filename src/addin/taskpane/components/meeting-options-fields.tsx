/**
 * The options of a Webex meeting: type, password, join before host, automatic recording, the
 * further Webex options (webex-options-fields.tsx, loaded on first show: site, template, minutes
 * before the host, audio, lobby), and the alternate hosts among the appointment's attendees (those
 * Webex does not allow are shown, not selectable, with the reason).
 */
import { Caption1, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useId } from 'react';
import { useTranslation } from '../../i18n/pane-i18n';
import type { AudioType, JoinBeforeHostMinutes, LobbyRule, MeetingType } from '../../../core/meeting-draft';
import type { MeetingChoices } from '../../api/api-types';
import type { AlternateHostChoice } from '../../flows/alternate-hosts';

export interface OptionValues {
  type: MeetingType;
  password: string;
  joinBeforeHost: boolean;
  joinBeforeHostMinutes: JoinBeforeHostMinutes;
  autoRecord: boolean;
  /** '': the preferred site. */
  siteUrl: string;
  /** '': no template. */
  templateId: string;
  /** '': as the Webex site sets it. */
  audio: '' | AudioType;
  tollFree: boolean;
  globalCallIn: boolean;
  /** '': as the Webex site sets it. */
  lobby: '' | LobbyRule;
  /** Addresses of the attendees chosen as alternate hosts. */
  alternateHosts: string[];
}

const WebexOptionsFields = lazy(() => import('./webex-options-fields'));

const REFUSAL: Readonly<Record<NonNullable<AlternateHostChoice['reason']>, string>> = {
  other_organization: 'options.alternateHostOtherOrganization',
  host: 'options.alternateHostIsHost',
  not_checked: 'options.alternateHostNotChecked',
};

/** The test id of an attendee's checkbox. */
export function alternateHostTestId(email: string): string {
  return `addin-alternate-host-${email.trim().toLowerCase()}`;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The chosen alternate hosts that are still offered and allowed. */
export function chosenAlternateHosts(values: OptionValues, choices: readonly AlternateHostChoice[] | undefined): string[] {
  if (!choices || values.type === 'personalRoom') return [];
  return values.alternateHosts.filter((email) => choices.some((c) => c.eligible && same(c.email, email)));
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    border: 'none',
    margin: 0,
    padding: 0,
  },
  hosts: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  hostsLabel: {
    fontWeight: tokens.fontWeightSemibold,
  },
  host: {
    display: 'flex',
    flexDirection: 'column',
  },
  why: {
    color: tokens.colorNeutralForeground3,
    paddingLeft: tokens.spacingHorizontalXXL,
  },
});

export interface MeetingOptionsFieldsProps {
  value: OptionValues;
  onChange(value: OptionValues): void;
  /** The type is chosen when adding; Webex cannot change it later. */
  showType: boolean;
  /** Whether the password field is offered (it can be set when adding). */
  showPassword: boolean;
  /** The attendees offered as alternate hosts; undefined: the group is not shown (not known). */
  hosts?: readonly AlternateHostChoice[];
  /** Sites and templates to choose from (only when adding: Webex sets them at creation). */
  choices?: MeetingChoices;
  /** The organization's default template, shown as such when it is the one chosen; '' or absent: none. */
  organizationTemplateId?: string;
  /** A template was chosen. */
  onTemplate?(templateId: string): void;
}

function AlternateHostsField({
  value,
  onChange,
  hosts,
}: {
  value: OptionValues;
  onChange(value: OptionValues): void;
  hosts: readonly AlternateHostChoice[];
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const labelId = useId();
  const personalRoom = value.type === 'personalRoom';
  const note = personalRoom
    ? t('options.alternateHostsPersonalRoom')
    : hosts.length === 0
      ? t('options.alternateHostsNoAttendees')
      : t('options.alternateHostsHint');
  const toggle = (email: string, checked: boolean) =>
    onChange({
      ...value,
      alternateHosts: checked
        ? [...value.alternateHosts.filter((e) => !same(e, email)), email]
        : value.alternateHosts.filter((e) => !same(e, email)),
    });
  return (
    <div
      role="group"
      aria-labelledby={labelId}
      className={styles.hosts}
      data-testid="addin-alternate-hosts"
      data-disabled={personalRoom ? 'true' : 'false'}
    >
      <span id={labelId} className={styles.hostsLabel}>
        {t('options.alternateHosts')}
      </span>
      <Caption1>{note}</Caption1>
      {!personalRoom &&
        hosts.map((host) => (
          <div key={host.email} className={styles.host}>
            <Checkbox
              label={host.displayName ? `${host.displayName} (${host.email})` : host.email}
              checked={host.eligible && value.alternateHosts.some((e) => same(e, host.email))}
              disabled={!host.eligible}
              onChange={(_e, data) => toggle(host.email, data.checked === true)}
              data-testid={alternateHostTestId(host.email)}
              data-eligible={host.eligible ? 'true' : 'false'}
            />
            {!host.eligible && host.reason && (
              <Caption1 className={styles.why} data-testid={`${alternateHostTestId(host.email)}-why`} data-reason={host.reason}>
                {t(REFUSAL[host.reason])}
              </Caption1>
            )}
          </div>
        ))}
    </div>
  );
}

export function MeetingOptionsFields({
  value,
  onChange,
  showType,
  showPassword,
  hosts,
  choices,
  organizationTemplateId,
  onTemplate,
}: MeetingOptionsFieldsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const typeLabel = useId();
  const personalRoom = value.type === 'personalRoom';
  return (
    <fieldset className={styles.root}>
      {showType && (
        <Field label={{ children: t('options.type'), id: typeLabel }}>
          <RadioGroup
            aria-labelledby={typeLabel}
            value={value.type}
            onChange={(_e, data) =>
              onChange({ ...value, type: data.value as MeetingType, autoRecord: data.value === 'personalRoom' ? false : value.autoRecord })
            }
            data-testid="addin-meeting-type"
          >
            <Radio value="scheduled" label={t('options.scheduled')} data-testid="addin-type-scheduled" />
            <Radio value="personalRoom" label={t('options.personalRoom')} data-testid="addin-type-personal-room" />
          </RadioGroup>
        </Field>
      )}
      {showPassword && !personalRoom && (
        <Field label={t('options.password')} hint={t('options.passwordHint')}>
          <Input
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={value.password}
            onChange={(_e, data) => onChange({ ...value, password: data.value.replace(/\s/g, '') })}
            data-testid="addin-password"
          />
        </Field>
      )}
      <Switch
        label={t('options.joinBeforeHost')}
        checked={value.joinBeforeHost}
        onChange={(_e, data) =>
          onChange({ ...value, joinBeforeHost: data.checked, joinBeforeHostMinutes: data.checked ? value.joinBeforeHostMinutes : 0 })
        }
        data-testid="addin-join-before-host"
      />
      <Suspense fallback={null}>
        <WebexOptionsFields
          value={value}
          onChange={onChange}
          {...(choices ? { choices } : {})}
          {...(organizationTemplateId ? { organizationTemplateId } : {})}
          {...(onTemplate ? { onTemplate } : {})}
        />
      </Suspense>
      <Field validationState="none" hint={personalRoom ? t('options.autoRecordPersonalRoom') : undefined}>
        <Switch
          label={t('options.autoRecord')}
          checked={value.autoRecord && !personalRoom}
          disabled={personalRoom}
          onChange={(_e, data) => onChange({ ...value, autoRecord: data.checked })}
          data-testid="addin-auto-record"
        />
      </Field>
      {hosts && <AlternateHostsField value={value} onChange={onChange} hosts={hosts} />}
    </fieldset>
  );
}
