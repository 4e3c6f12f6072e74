import { backendConsentUrl, consentStartUrl } from '../../../../src/teams/auth/consent-popup-urls';
import { CONSENT_STATE_KEY, mintConsentState, takeConsentState } from '../../../../src/teams/auth/consent-state';
import { CONSENT_STATE } from '../../../../src/server/teams/teams-consent-url';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the consent popup’s state', () => {
  it('is 32 random bytes in base64url, of the form the backend accepts, and kept under its own key', () => {
    const storage = memoryStorage();
    const state = mintConsentState(storage, (bytes) => bytes.fill(0xfb));
    expect(state).toBe(Buffer.alloc(32, 0xfb).toString('base64url'));
    expect(state).toMatch(CONSENT_STATE);
    expect([...storage.items]).toEqual([[CONSENT_STATE_KEY, state]]);
  });

  it('differs at each popup, and a new one replaces the one a popup left behind', () => {
    const storage = memoryStorage();
    const first = mintConsentState(storage);
    const second = mintConsentState(storage);
    expect(second).not.toBe(first);
    expect(takeConsentState(storage)).toBe(second);
  });

  it('is taken back once', () => {
    const storage = memoryStorage();
    const state = mintConsentState(storage);
    expect(takeConsentState(storage)).toBe(state);
    expect(takeConsentState(storage)).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });
});

describe('the consent popup’s addresses', () => {
  it('start beside the tab, for the user’s tenant and sign-in name', () => {
    expect(consentStartUrl('https://tab.example/apps/teams-tab.html?x=1', { tenant: 't1', loginHint: 'alex@contoso.example' })).toBe(
      'https://tab.example/apps/teams-auth-start.html?tenant=t1&login_hint=alex%40contoso.example',
    );
    expect(consentStartUrl('https://tab.example/teams-tab.html', { tenant: '' })).toBe(
      'https://tab.example/teams-auth-start.html?tenant=organizations',
    );
  });

  it('go on to the backend’s /teams/consent with the state', () => {
    expect(backendConsentUrl('https://b.example/', { tenant: 't1', loginHint: 'alex@contoso.example', state: 'S'.repeat(43) })).toBe(
      `https://b.example/teams/consent?tenant=t1&login_hint=alex%40contoso.example&state=${'S'.repeat(43)}`,
    );
  });
});
