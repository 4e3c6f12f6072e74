/**
 * The task pane's translations, in the small subset of react-i18next's API the pane uses:
 * `useTranslation()` gives `t(key, values)` (a dotted key, {{name}} placeholders filled, en-US
 * where the locale lacks the key, the key itself where en-US lacks it too) and `i18n.language`.
 * The pane shows one locale and never changes it while open, which is all it needs: i18next and
 * react-i18next weighed about 18 KB gzip of the pane's first scripts (docs/architecture.md, "Bench
 * figures"). The Teams tab keeps i18next (src/teams/i18n/tab-i18n.ts).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Locale } from './locale';
import type { Messages } from './locales/en-US';
import { fillPlaceholders, lookupMessage } from './message-lookup';

export type TranslateValues = Readonly<Record<string, string | number>>;

export interface PaneI18n {
  /** The locale shown (a BCP 47 tag, as i18next's `language`). */
  readonly language: Locale;
  t(key: string, values?: TranslateValues): string;
}

/** A translator for one locale, with en-US behind it. */
export function createTranslator(language: Locale, messages: Messages, fallback: Messages): PaneI18n {
  return {
    language,
    t: (key, values = {}) => fillPlaceholders(lookupMessage(messages, key) ?? lookupMessage(fallback, key) ?? key, values),
  };
}

const PaneI18nContext = createContext<PaneI18n | undefined>(undefined);

export function PaneI18nProvider({ i18n, children }: { i18n: PaneI18n; children?: ReactNode }) {
  return <PaneI18nContext.Provider value={i18n}>{children}</PaneI18nContext.Provider>;
}

/** The pane's translator; throws outside a PaneI18nProvider (a wiring mistake, not a state). */
export function useTranslation(): { t: PaneI18n['t']; i18n: PaneI18n } {
  const i18n = useContext(PaneI18nContext);
  if (!i18n) throw new Error('useTranslation: the pane is not inside a PaneI18nProvider');
  return { t: i18n.t, i18n };
}
