/** The task pane's i18next instance, in one locale (its messages loaded by load-locale-messages.ts), en-US behind it. */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../i18n/locale';
import { EN_US, type Messages } from '../i18n/locales/en-US';

export function createPaneI18n(locale: Locale, messages: Messages): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { [locale]: { translation: messages }, ...(locale === 'en-US' ? {} : { 'en-US': { translation: EN_US } }) },
    lng: locale,
    fallbackLng: 'en-US',
    supportedLngs: [...new Set<string>([locale, 'en-US'])],
    // The messages are already here: initialize synchronously, so the first render is already translated.
    initAsync: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    returnNull: false,
  });
  return instance;
}
