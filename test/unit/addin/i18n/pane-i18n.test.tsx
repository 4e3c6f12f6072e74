/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { LOCALES, MESSAGES, translate } from '../../../../src/addin/i18n/messages';
import { PaneI18nProvider, useTranslation } from '../../../../src/addin/i18n/pane-i18n';
import { createPaneI18n } from '../../../../src/addin/taskpane/create-pane-i18n';

/** Every dotted key of a message tree. */
function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('the task pane’s translator', () => {
  it('says what translate() says, for every key in every locale, placeholders filled', () => {
    const values = { email: 'alex@contoso.example', seconds: 20, name: 'Megan', owner: 'Alex', date: '4 March' };
    for (const locale of LOCALES) {
      const i18n = createPaneI18n(locale, MESSAGES[locale]);
      expect(i18n.language).toBe(locale);
      for (const key of keys(MESSAGES['en-US'])) expect(i18n.t(key, values)).toBe(translate(locale, key, values));
    }
  });

  it('falls back to en-US for a key the locale lacks, and to the key itself', () => {
    const partial = { ...MESSAGES['de-DE'], app: { ...MESSAGES['de-DE'].app, settings: undefined as unknown as string } };
    const i18n = createPaneI18n('de-DE', partial);
    expect(i18n.t('app.settings')).toBe(MESSAGES['en-US'].app.settings);
    expect(i18n.t('app.no_such_key')).toBe('app.no_such_key');
    expect(i18n.t('app')).toBe('app');
  });

  it('reaches the components through the provider, and refuses to work without one', () => {
    function Title() {
      const { t, i18n } = useTranslation();
      return <p data-lang={i18n.language}>{t('app.title')}</p>;
    }
    render(
      <PaneI18nProvider i18n={createPaneI18n('ru-RU', MESSAGES['ru-RU'])}>
        <Title />
      </PaneI18nProvider>,
    );
    expect(screen.getByText(MESSAGES['ru-RU'].app.title).getAttribute('data-lang')).toBe('ru-RU');
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Title />)).toThrow(/PaneI18nProvider/);
  });
});
