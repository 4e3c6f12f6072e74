/**
 * The <option>s of the minutes-before-the-host, audio and lobby choices, shared by the meeting's
 * options (webex-options-fields.tsx) and the settings' defaults (settings-view.tsx).
 */
import type { PaneI18n } from '../../i18n/pane-i18n';

type TFunction = PaneI18n['t'];
import { AUDIO_TYPES, JOIN_BEFORE_HOST_MINUTES, LOBBY_RULES } from '../../../core/meeting-draft';
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
