/**
 * The locales the manifest lists, and which one serves Office's display language. Apart from the
 * messages themselves, so that the task pane can pick its locale before it loads that locale's
 * messages (load-locale-messages.ts).
 */
export const LOCALES = ['en-US', 'ru-RU', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
export type Locale = (typeof LOCALES)[number];

/** The locale for Office's display language: exact match, then the same language, then en-US. */
export function resolveLocale(displayLanguage: string | undefined): Locale {
  const wanted = (displayLanguage ?? '').trim().toLowerCase().replace('_', '-');
  const exact = LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return LOCALES.find((l) => l.toLowerCase().split('-')[0] === language) ?? 'en-US';
}
