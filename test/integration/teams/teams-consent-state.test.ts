/**
 * The Teams tab's consent popup checks its OAuth state: its first page (on the tab's origin) mints
 * one and keeps it in the popup's sessionStorage, the backend's /teams/consent passes it to the
 * identity platform, and the last page takes only an answer that carries it back. Run here with
 * the tab's own modules and a storage of the test's, against the backend and the identity
 * emulator: the popup's round trip, then answers the last page must refuse — none, another popup's,
 * and one carrying a state the backend minted for the Webex link flow.
 */
import { backendConsentUrl } from '../../../src/teams/auth/consent-popup-urls';
import { mintConsentState, takeConsentState } from '../../../src/teams/auth/consent-state';
import { popupOutcome } from '../../../src/teams/auth/popup-outcome';
import { formAction, hiddenInputs } from '../../../scripts/world/emulator-pages';
import { ADELE, ALEX, CONTOSO, startTeamsStack, type ErrorAnswer, type TeamsStack } from './teams-stack';

let stack: TeamsStack;

beforeAll(async () => {
  stack = await startTeamsStack();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** The popup's sessionStorage. */
function popupStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * The popup from /teams/consent on, as a browser follows it: the backend's redirect, the sign-in
 * and consent page, and an admin's yes for the organization (two of the tab's permissions need one).
 */
async function consentFrom(consentUrl: string): Promise<URL> {
  const start = await fetch(consentUrl, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const page = await fetch(new URL(start.headers.get('location')!), { redirect: 'manual' });
  const html = await page.text();
  const hidden = hiddenInputs(html);
  const action = formAction(html);
  const body = new URLSearchParams({
    ...hidden,
    login: ADELE.userPrincipalName,
    passwd: ADELE.password,
    action: 'accept',
    consent: 'yes',
    consent_org: 'yes',
  });
  const submitted = await fetch(new URL(action, stack.identity.url), { method: 'POST', body, redirect: 'manual' });
  return new URL(submitted.headers.get('location') ?? `${stack.identity.url}/no-redirect`);
}

describe('/teams/consent', () => {
  it('passes the popup’s state on to the identity platform', async () => {
    const state = mintConsentState(popupStorage());
    const res = await fetch(backendConsentUrl(stack.url, { tenant: CONTOSO.id, loginHint: ALEX.userPrincipalName, state }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('state')).toBe(state);
  });

  it.each([
    ['without a state', `tenant=${CONTOSO.id}`],
    ['with an empty state', `tenant=${CONTOSO.id}&state=`],
    ['with a state too short to be random', `tenant=${CONTOSO.id}&state=abc`],
    ['with a state of characters base64url has not', `tenant=${CONTOSO.id}&state=${encodeURIComponent('a'.repeat(40) + '/<script>')}`],
    ['with a state too long', `tenant=${CONTOSO.id}&state=${'a'.repeat(600)}`],
  ])('refuses a request %s with 400 invalid_request', async (_what, query) => {
    const res = await stack.api<ErrorAnswer>('GET', `/teams/consent?${query}`);
    expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
  });
});

describe('the consent popup', () => {
  afterEach(() => stack.revokeConsent());

  it('takes the answer that carries back the state its first page minted, once', async () => {
    const storage = popupStorage();
    const state = mintConsentState(storage);
    const back = await consentFrom(backendConsentUrl(stack.url, { tenant: CONTOSO.id, loginHint: ADELE.userPrincipalName, state }));
    expect(`${back.origin}${back.pathname}`).toBe(`${stack.tabBaseUrl}/teams-auth.html`);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(popupOutcome(back.search, takeConsentState(storage))).toEqual({ ok: true });
    // Used up: the same answer again (a reload, a replay) finds nothing to match.
    expect(popupOutcome(back.search, takeConsentState(storage))).toEqual({ ok: false, reason: 'state_mismatch' });
  });

  it('refuses the identity platform’s answer to another popup', async () => {
    const other = popupStorage();
    const back = await consentFrom(backendConsentUrl(stack.url, { tenant: CONTOSO.id, state: mintConsentState(other) }));
    expect(back.searchParams.get('code')).toBeTruthy();
    const mine = popupStorage();
    mintConsentState(mine);
    expect(popupOutcome(back.search, takeConsentState(mine))).toEqual({ ok: false, reason: 'state_mismatch' });
    // And a popup that minted nothing (opened on the last page directly) takes no answer.
    expect(popupOutcome(back.search, takeConsentState(popupStorage()))).toEqual({ ok: false, reason: 'state_mismatch' });
  });

  it('refuses an answer carrying a state the backend minted for the Webex link flow', async () => {
    const link = await stack.api<{ url: string }>('POST', '/api/webex/link', { token: await stack.ssoToken(ALEX), body: {} });
    expect(link.status).toBe(200);
    const webexState = new URL(link.body.url).searchParams.get('state');
    expect(webexState).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const storage = popupStorage();
    mintConsentState(storage);
    const forged = new URLSearchParams({ code: 'a-code-of-another-flow', state: webexState! });
    expect(popupOutcome(`?${forged.toString()}`, takeConsentState(storage))).toEqual({ ok: false, reason: 'state_mismatch' });
  });
});
