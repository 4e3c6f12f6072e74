/** The task pane's translator, in one locale (its messages loaded by load-locale-messages.ts), en-US behind it. */
import type { Locale } from '../i18n/locale';
import { EN_US, type Messages } from '../i18n/locales/en-US';
import { createTranslator, type PaneI18n } from '../i18n/pane-i18n';

export function createPaneI18n(locale: Locale, messages: Messages): PaneI18n {
  return createTranslator(locale, messages, EN_US);
}
