import { describeError } from '../../../../src/addin/i18n/error-message-key';
import { errorActionFor } from '../../../../src/addin/i18n/error-action';
import { LOCALES, MESSAGES, resolveLocale, translate } from '../../../../src/addin/i18n/messages';
import { failureSentence } from '../../../../src/addin/i18n/failure-sentence';
import { PANE_ONLY_ERRORS } from '../../../../src/addin/i18n/info-bar-messages.build-time';
import { hasInfoBarText, infoBarText } from '../../../../src/addin/i18n/info-bar-text';
import { DRAFT_ERROR_CODES_FOR_TEST } from './draft-error-codes';

function keysOf(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

describe('the add-in’s messages', () => {
  it('exist in the six locales of the manifest, each with every key and the same placeholders', () => {
    expect([...LOCALES].sort()).toEqual(['de-DE', 'en-US', 'es-ES', 'fr-FR', 'ja-JP', 'ru-RU']);
    const english = keysOf(MESSAGES['en-US']);
    for (const locale of LOCALES) {
      expect(keysOf(MESSAGES[locale])).toEqual(english);
      for (const key of english) {
        const text = translate(locale, key);
        expect(text.trim()).not.toBe('');
        expect(placeholders(text)).toEqual(placeholders(translate('en-US', key)));
      }
    }
  });

  it('are translated, not copied from English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en-US')) {
      expect(translate(locale, 'add.action')).not.toBe(translate('en-US', 'add.action'));
      expect(translate(locale, 'errors.all_day_not_supported')).not.toBe(translate('en-US', 'errors.all_day_not_supported'));
      for (const key of [
        'calendar.body',
        'settings.calendarOrganization',
        'settings.calendarUser',
        'settings.webexOrganization',
        'settings.webexPersonal',
        'errors.authorization_declined',
      ]) {
        expect(translate(locale, key)).not.toBe(translate('en-US', key));
      }
    }
  });

  it('follow Office’s display language, by language when the region differs, else English', () => {
    expect(resolveLocale('ru-RU')).toBe('ru-RU');
    expect(resolveLocale('de-AT')).toBe('de-DE');
    expect(resolveLocale('ja')).toBe('ja-JP');
    expect(resolveLocale('pt-BR')).toBe('en-US');
    expect(resolveLocale(undefined)).toBe('en-US');
  });

  it('fill placeholders', () => {
    expect(translate('fr-FR', 'errors.webex_unavailable_wait', { seconds: 12 })).toContain('12 secondes');
  });
});

describe('describing failures', () => {
  it('gives every draft code the backend and the core use a sentence of its own', () => {
    for (const code of DRAFT_ERROR_CODES_FOR_TEST) expect(describeError({ code }).key).toBe(code);
  });

  it('gives Outlook failures one plain sentence and unknown codes a generic one', () => {
    expect(describeError({ name: 'OfficeError', code: 'GenericResponseError' }).key).toBe('office_error');
    expect(describeError({ code: 'something_new' }).key).toBe('unknown');
    expect(describeError(new Error('boom')).key).toBe('unknown');
  });

  it('offers the way forward each failure needs', () => {
    expect(errorActionFor('webex_not_linked')).toBe('reconnect');
    expect(errorActionFor('webex_reauthorization_required')).toBe('reconnect');
    expect(errorActionFor('token_expired')).toBe('signIn');
    expect(errorActionFor('meeting_not_found')).toBe('removeDetails');
    expect(errorActionFor('meeting_too_long')).toBe('retry');
    expect(errorActionFor('authorization_declined')).toBe('retry');
  });
});

describe('the info bar’s sentences (launch events, function command)', () => {
  it('are translate()’s, for every notify key and every errors key but those only the task pane meets, in every locale', () => {
    for (const locale of LOCALES) {
      for (const section of ['errors', 'notify'] as const) {
        for (const key of Object.keys(MESSAGES['en-US'][section]).filter((k) => section === 'notify' || !PANE_ONLY_ERRORS.includes(k))) {
          expect(infoBarText(locale, `${section}.${key}`, { seconds: 20, name: 'X', email: 'x@y' })).toBe(
            translate(locale, `${section}.${key}`, { seconds: 20, name: 'X', email: 'x@y' }),
          );
        }
      }
    }
    expect(infoBarText('de-DE', 'errors.no_such_key_anywhere')).toBe('errors.no_such_key_anywhere');
  });

  it('have a sentence of its own for every draft code, and the generic one for a failure only the task pane meets', () => {
    for (const code of DRAFT_ERROR_CODES_FOR_TEST) {
      expect(hasInfoBarText(`errors.${code}`)).toBe(true);
      expect(failureSentence('fr-FR', { code })).toBe(translate('fr-FR', `errors.${code}`));
    }
    expect(hasInfoBarText('errors.webex_link_cancelled')).toBe(false);
    expect(failureSentence('de-DE', { code: 'sync_unavailable' })).toBe(translate('de-DE', 'errors.unknown'));
    // The way forward is still named where it is in the pane.
    expect(failureSentence('en-US', { code: 'webex_link_failed' })).toBe(
      `${translate('en-US', 'errors.unknown')} ${translate('en-US', 'notify.openPane')}`,
    );
    expect(failureSentence('en-US', { code: 'webex_unavailable', retryAfterSeconds: 20 })).toBe(
      translate('en-US', 'errors.webex_unavailable_wait', { seconds: 20 }),
    );
  });
});
