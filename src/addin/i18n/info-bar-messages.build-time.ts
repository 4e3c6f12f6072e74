/**
 * The messages the surfaces without UI of their own (the launch events and the function command)
 * show in the item's info bar: `notify`, and the `errors` their flows (add a meeting, follow a
 * change of time) can meet, of every locale, nothing else. Evaluated at build time in the web
 * build (scripts/webpack/build-time-module-loader.js), so that launchevent.js, which classic
 * Outlook on Windows loads alone for every appointment, carries these strings and not the task
 * pane's (docs/architecture.md, "Bench figures"): the keys once, and each locale's sentences as a
 * list in their order.
 */
import type { Locale } from './locale';
import { MESSAGES } from './messages';
import { lookupMessage } from './message-lookup';

/**
 * Errors only the task pane meets, from its dialogs (linking Webex, authorizing the calendar) and
 * from backend routes only it calls (sync state, invitees and alternate hosts): the add and update
 * flows the info bar reports on never raise them. A code that is not in the info bar gets its
 * generic sentence there (failure-sentence.ts).
 */
export const PANE_ONLY_ERRORS: readonly string[] = [
  'webex_link_cancelled',
  'webex_link_failed',
  'webex_access_denied',
  'webex_link_state_invalid',
  'webex_link_user_mismatch',
  'webex_link_completion_invalid',
  'calendar_authorization_cancelled',
  'calendar_authorization_failed',
  'authorization_declined',
  'authorization_flow_invalid',
  'authorization_account_mismatch',
  'calendar_managed_by_organization',
  'sync_retry_failed',
  'sync_unavailable',
  'meeting_not_linked',
  'too_many_candidates',
  'invitees_not_supported',
  'no_meeting',
];

/** The dotted keys ("errors.meeting_too_long", "notify.added") the info bar has sentences for. */
export const INFO_BAR_KEYS: readonly string[] = [
  ...Object.keys(MESSAGES['en-US'].errors)
    .filter((key) => !PANE_ONLY_ERRORS.includes(key))
    .map((key) => `errors.${key}`),
  ...Object.keys(MESSAGES['en-US'].notify).map((key) => `notify.${key}`),
];

/** Each locale's sentences, in INFO_BAR_KEYS' order; en-US's where a locale has none. */
const sentencesOf = (locale: Locale): readonly string[] =>
  INFO_BAR_KEYS.map((key) => lookupMessage(MESSAGES[locale], key) ?? lookupMessage(MESSAGES['en-US'], key) ?? key);

export const INFO_BAR_TEXTS: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': sentencesOf('en-US'),
  'ru-RU': sentencesOf('ru-RU'),
  'de-DE': sentencesOf('de-DE'),
  'fr-FR': sentencesOf('fr-FR'),
  'es-ES': sentencesOf('es-ES'),
  'ja-JP': sentencesOf('ja-JP'),
};
