/**
 * The tab's i18next instance: the language of the Teams locale (strings.ts), English for the rest
 * and for any key a locale lacks. Flat keys ("nav.contacts"), so no key or namespace separators.
 */
import i18next, { type i18n } from 'i18next';
import { TAB_STRINGS, tabLanguage } from './strings';

export function createTabI18n(locale: string | undefined): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: tabLanguage(locale),
    fallbackLng: 'en',
    resources: Object.fromEntries(Object.entries(TAB_STRINGS).map(([lng, strings]) => [lng, { translation: strings }])),
    keySeparator: false,
    nsSeparator: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
