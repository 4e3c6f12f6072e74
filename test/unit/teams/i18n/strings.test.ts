import { TAB_LANGUAGES, TAB_STRINGS, tabLanguage } from '../../../../src/teams/i18n/strings';

const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('the tab’s texts', () => {
  const english = TAB_STRINGS.en;

  it.each(TAB_LANGUAGES.filter((l) => l !== 'en'))('in %s have exactly the English keys, with the same placeholders', (language) => {
    const strings = TAB_STRINGS[language];
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect([key, placeholders(strings[key as keyof typeof english])]).toEqual([key, placeholders(text)]);
      expect(strings[key as keyof typeof english].trim()).not.toBe('');
    }
  });

  it('follow the Teams locale, with English for the rest', () => {
    expect(tabLanguage('de-de')).toBe('de');
    expect(tabLanguage('ja-JP')).toBe('ja');
    expect(tabLanguage('pt-br')).toBe('en');
    expect(tabLanguage(undefined)).toBe('en');
  });
});
