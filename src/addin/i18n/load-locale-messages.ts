/**
 * The task pane's messages for one locale: en-US is in the pane's own bundle (the fallback of
 * every other locale), the others each in a chunk of their own, loaded with import() so that a
 * pane loads only the strings it shows.
 */
import { EN_US, type Messages } from './locales/en-US';
import type { Locale } from './locale';

const LOADERS: Readonly<Record<Exclude<Locale, 'en-US'>, () => Promise<Messages>>> = {
  'ru-RU': async () => (await import(/* webpackChunkName: "locale-ru-RU" */ './locales/ru-RU')).RU_RU,
  'de-DE': async () => (await import(/* webpackChunkName: "locale-de-DE" */ './locales/de-DE')).DE_DE,
  'fr-FR': async () => (await import(/* webpackChunkName: "locale-fr-FR" */ './locales/fr-FR')).FR_FR,
  'es-ES': async () => (await import(/* webpackChunkName: "locale-es-ES" */ './locales/es-ES')).ES_ES,
  'ja-JP': async () => (await import(/* webpackChunkName: "locale-ja-JP" */ './locales/ja-JP')).JA_JP,
};

/** The locale's messages; en-US (and the locale en-US then stands for) when they cannot be loaded. */
export async function loadLocaleMessages(locale: Locale): Promise<{ locale: Locale; messages: Messages }> {
  if (locale === 'en-US') return { locale, messages: EN_US };
  try {
    return { locale, messages: await LOADERS[locale]() };
  } catch {
    // A chunk that fails to arrive (network, a deployment mid-update) must not keep the pane from starting.
    return { locale: 'en-US', messages: EN_US };
  }
}
