/**
 * The info bar's sentences (launch events, function command): translate() of messages.ts for the
 * keys under `errors.` and `notify.`, from the strings of info-bar-messages.build-time.ts alone.
 */
import { INFO_BAR_MESSAGES } from './info-bar-messages.build-time';
import type { Locale } from './locale';
import { fillPlaceholders, lookupMessage } from './message-lookup';

export { resolveLocale, type Locale } from './locale';

/** The message at an `errors.` or `notify.` key, with {{name}} placeholders filled; en-US when missing. */
export function infoBarText(
  locale: Locale,
  key: `errors.${string}` | `notify.${string}`,
  values: Readonly<Record<string, string | number>> = {},
): string {
  const text = lookupMessage(INFO_BAR_MESSAGES[locale], key) ?? lookupMessage(INFO_BAR_MESSAGES['en-US'], key) ?? key;
  return fillPlaceholders(text, values);
}
