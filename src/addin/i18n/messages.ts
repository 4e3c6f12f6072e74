/**
 * The add-in's messages in the locales the manifest lists. The task pane reads them through its
 * own translator (pane-i18n.tsx); the function command and the launch events, which must stay
 * small (the classic Windows runtime loads launchevent.js alone), through infoBarText() (info-bar-text.ts), which
 * has only their `errors` and `notify`, with the same keys and {{name}} placeholders as
 * translate() below.
 */
import { DE_DE } from './locales/de-DE';
import { EN_US, type Messages } from './locales/en-US';
import { ES_ES } from './locales/es-ES';
import { FR_FR } from './locales/fr-FR';
import { JA_JP } from './locales/ja-JP';
import { RU_RU } from './locales/ru-RU';
import type { Locale } from './locale';
import { fillPlaceholders, lookupMessage } from './message-lookup';

export type { Messages };
export { LOCALES, resolveLocale, type Locale } from './locale';

export const MESSAGES: Readonly<Record<Locale, Messages>> = {
  'en-US': EN_US,
  'ru-RU': RU_RU,
  'de-DE': DE_DE,
  'fr-FR': FR_FR,
  'es-ES': ES_ES,
  'ja-JP': JA_JP,
};

/** The message at a dotted key ("errors.meeting_too_long"), with {{name}} placeholders filled; en-US when missing. */
export function translate(locale: Locale, key: string, values: Readonly<Record<string, string | number>> = {}): string {
  return fillPlaceholders(lookupMessage(MESSAGES[locale], key) ?? lookupMessage(EN_US, key) ?? key, values);
}
