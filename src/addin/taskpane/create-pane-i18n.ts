/** The task pane's i18next instance, in the locale of Office's display language. */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, MESSAGES, resolveLocale } from '../i18n/messages';

export function createPaneI18n(displayLanguage: string | undefined): i18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(LOCALES.map((l) => [l, { translation: MESSAGES[l] }]));
  void instance.use(initReactI18next).init({
    resources,
    lng: resolveLocale(displayLanguage),
    fallbackLng: 'en-US',
    supportedLngs: [...LOCALES],
    // Resources are bundled: initialize synchronously, so the first render is already translated.
    initAsync: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    returnNull: false,
  });
  return instance;
}
