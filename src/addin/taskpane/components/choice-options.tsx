/**
 * The minutes-before-the-host, audio and lobby choices (fields and their <option>s), shared by the
 * meeting's options (webex-options-fields.tsx) and the settings' defaults (settings-view.tsx), so
 * that a meeting and the defaults offer the same choices the same way.
 */
import { Field, Select } from '@fluentui/react-components';
import { useTranslation, type PaneI18n } from '../../i18n/pane-i18n';

type TFunction = PaneI18n['t'];
import { AUDIO_TYPES, JOIN_BEFORE_HOST_MINUTES, LOBBY_RULES, type JoinBeforeHostMinutes } from '../../../core/meeting-draft';
import { AUDIO_LABEL, LOBBY_LABEL } from './webex-choices';

/** "off", then 0, 5, 10 and 15 minutes (Webex's values for a meeting). */
export function minutesOptions(t: TFunction) {
  return [
    <option key="off" value="off">
      {t('options.joinAfterHost')}
    </option>,
    ...JOIN_BEFORE_HOST_MINUTES.map((m) => (
      <option key={m} value={String(m)}>
        {m === 0 ? t('options.joinAtStart') : t('options.joinMinutesEarly', { count: m })}
      </option>
    )),
  ];
}

/** `none` (the Webex site's default), then the audio connection types, or the lobby rules. */
export function choiceOptions(t: TFunction, kind: 'audio' | 'lobby', none: string) {
  const labels: Record<string, string> = kind === 'audio' ? AUDIO_LABEL : LOBBY_LABEL;
  return [
    <option key="none" value={none}>
      {t('options.siteDefault')}
    </option>,
    ...(kind === 'audio' ? AUDIO_TYPES : LOBBY_RULES).map((v) => (
      <option key={v} value={v}>
        {t(labels[v] ?? v)}
      </option>
    )),
  ];
}

/** Whether attendees may join before the host, and how many minutes before. */
export interface JoinBeforeHostChoice {
  joinBeforeHost: boolean;
  joinBeforeHostMinutes: JoinBeforeHostMinutes;
}

/** The minutes before the host attendees may join; "off" turns joining before the host off. */
export function JoinBeforeHostMinutesField({
  value,
  onChange,
  testId,
}: {
  value: JoinBeforeHostChoice;
  onChange(next: JoinBeforeHostChoice): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t('options.joinBeforeHostMinutes')}>
      <Select
        value={value.joinBeforeHost ? String(value.joinBeforeHostMinutes) : 'off'}
        onChange={(_e, data) =>
          onChange(
            data.value === 'off'
              ? { joinBeforeHost: false, joinBeforeHostMinutes: 0 }
              : { joinBeforeHost: true, joinBeforeHostMinutes: Number(data.value) as JoinBeforeHostMinutes },
          )
        }
        data-testid={testId}
      >
        {minutesOptions(t)}
      </Select>
    </Field>
  );
}

/** The audio or lobby choice; `none` is the value that leaves it to the Webex site. */
export function WebexChoiceField<V extends string>({
  kind,
  value,
  none,
  onChange,
  testId,
}: {
  kind: 'audio' | 'lobby';
  value: V;
  none: V;
  onChange(next: V): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t(kind === 'audio' ? 'options.audio' : 'options.lobby')}>
      <Select value={value} onChange={(_e, data) => onChange(data.value as V)} data-testid={testId}>
        {choiceOptions(t, kind, none)}
      </Select>
    </Field>
  );
}
