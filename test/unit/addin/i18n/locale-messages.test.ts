import { loadLocaleMessages } from '../../../../src/addin/i18n/load-locale-messages';
import { LOCALES, MESSAGES } from '../../../../src/addin/i18n/messages';

describe('the task pane’s messages', () => {
  it('are the active locale’s own, for every locale the manifest lists', async () => {
    for (const locale of LOCALES) await expect(loadLocaleMessages(locale)).resolves.toEqual({ locale, messages: MESSAGES[locale] });
  });
});
