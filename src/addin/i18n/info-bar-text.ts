/**
 * The info bar's sentences (launch events, function command): translate() of messages.ts for the
 * keys under `errors.` and `notify.` the info bar shows, from the strings of
 * info-bar-messages.build-time.ts alone.
 */
import { INFO_BAR_KEYS, INFO_BAR_TEXTS } from './info-bar-messages.build-time';
import type { Locale } from './locale';
import { fillPlaceholders } from './message-lookup';

export { resolveLocale, type Locale } from './locale';

export type InfoBarKey = `errors.${string}` | `notify.${string}`;

/** Whether the info bar has a sentence for the key (errors only the task pane meets have none). */
export function hasInfoBarText(key: InfoBarKey): boolean {
  return INFO_BAR_KEYS.includes(key);
}

/** The message at an `errors.` or `notify.` key, with {{name}} placeholders filled; the key itself when the info bar has none. */
export function infoBarText(locale: Locale, key: InfoBarKey, values: Readonly<Record<string, string | number>> = {}): string {
  const at = INFO_BAR_KEYS.indexOf(key);
  return fillPlaceholders(at < 0 ? key : (INFO_BAR_TEXTS[locale][at] ?? key), values);
}
