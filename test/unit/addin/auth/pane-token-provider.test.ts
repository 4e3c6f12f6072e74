import { AUTH_MESSAGE_TYPE } from '../../../../src/addin/auth/auth-dialog-message';
import { createTokenProvider, type MsalFactories } from '../../../../src/addin/auth/create-token-provider';
import { createDialogTokenProvider } from '../../../../src/addin/auth/dialog-token-provider';
import { msalHasCachedAccount } from '../../../../src/addin/auth/msal-account-hint';
import { sessionTokenStore } from '../../../../src/addin/auth/session-token-store';
import { memoryStorage } from './memory-storage';
import { TEST_ADDIN_CONFIG } from './addin-config';

const CONFIG = TEST_ADDIN_CONFIG;
const HOUR = 60 * 60_000;
const ALEX = 'alex.wilber@contoso.example';

// The pane runs in Alex's mailbox: Office names him (Office.context.mailbox.userProfile).
beforeEach(() => {
  (globalThis as { Office?: unknown }).Office = { context: { mailbox: { userProfile: { emailAddress: ALEX } } } };
});
afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});
const success = (accessToken: string, expiresOn: number) =>
  JSON.stringify({ type: AUTH_MESSAGE_TYPE, status: 'success', accessToken, expiresOn });

/** MSAL as the pane would load it: a standard client whose cache answers silently. */
function fakeMsal() {
  const pca = {
    getAllAccounts: jest.fn(() => [{ username: ALEX }]),
    acquireTokenSilent: jest.fn(async () => ({ accessToken: 'msal-token', expiresOn: new Date(Date.now() + HOUR) })),
  };
  const factories = { createStandardPublicClientApplication: jest.fn(async () => pca), createNestablePublicClientApplication: jest.fn() };
  return { pca, loadMsal: jest.fn(async () => factories as unknown as MsalFactories) };
}

describe('the task pane without nested app authentication', () => {
  it('shows sign-in without loading MSAL when MSAL has no account cached', async () => {
    const msal = fakeMsal();
    const tokens = createTokenProvider(CONFIG, {
      allowDialog: true,
      loadMsal: msal.loadMsal,
      pane: { session: memoryStorage(), local: memoryStorage({ 'msal.2.account.keys': '[]' }) },
    });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    await expect(tokens.getToken({ forceRefresh: true })).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(msal.loadMsal).not.toHaveBeenCalled();
  });

  it('says at once whether sign-in needs the user: only with nothing kept and no MSAL account cached', async () => {
    const pane = (session: Storage, keys: string) => ({
      allowDialog: true,
      loadMsal: fakeMsal().loadMsal,
      pane: { session, local: memoryStorage({ 'msal.2.account.keys': keys }) },
    });
    expect(createTokenProvider(CONFIG, pane(memoryStorage(), '[]')).signInNeeded?.()).toBe(true);
    // An MSAL account may answer silently; a kept token is used as it is: the pane must try, not ask.
    expect(createTokenProvider(CONFIG, pane(memoryStorage(), '["home-account"]')).signInNeeded?.()).toBe(false);
    const session = memoryStorage();
    sessionTokenStore(session).save({ accessToken: 'from-dialog', expiresOn: Date.now() + HOUR, account: { username: ALEX } });
    expect(createTokenProvider(CONFIG, pane(session, '[]')).signInNeeded?.()).toBe(false);
    // A kept token about to expire is not used: sign-in needs the user again.
    const expiring = memoryStorage();
    sessionTokenStore(expiring).save({ accessToken: 'old', expiresOn: Date.now() + 60_000, account: { username: ALEX } });
    expect(createTokenProvider(CONFIG, pane(expiring, '[]')).signInNeeded?.()).toBe(true);
    // Where the pane's storage is not known (launch events), MSAL is always worth a try.
    expect(createTokenProvider(CONFIG, { allowDialog: false, loadMsal: fakeMsal().loadMsal }).signInNeeded?.()).toBe(false);
  });

  it('uses the token of an earlier sign-in in the same session without loading MSAL', async () => {
    const msal = fakeMsal();
    const session = memoryStorage();
    sessionTokenStore(session).save({ accessToken: 'from-dialog', expiresOn: Date.now() + HOUR, account: { username: ALEX } });
    const tokens = createTokenProvider(CONFIG, { allowDialog: true, loadMsal: msal.loadMsal, pane: { session, local: memoryStorage() } });
    await expect(tokens.getToken()).resolves.toBe('from-dialog');
    expect(msal.loadMsal).not.toHaveBeenCalled();
  });

  it('loads MSAL for a silent attempt only when MSAL’s cache holds an account', async () => {
    const msal = fakeMsal();
    const session = memoryStorage();
    const tokens = createTokenProvider(CONFIG, {
      allowDialog: true,
      loadMsal: msal.loadMsal,
      pane: { session, local: memoryStorage({ 'msal.2.account.keys': '["home-account"]' }) },
    });
    await expect(tokens.getToken()).resolves.toBe('msal-token');
    expect(msal.loadMsal).toHaveBeenCalledTimes(1);
    expect(sessionTokenStore(session).load()).toMatchObject({ accessToken: 'msal-token' });
  });

  it('keeps trying MSAL silently in surfaces that are not the pane (launch events), as before', async () => {
    const msal = fakeMsal();
    const tokens = createTokenProvider(CONFIG, { allowDialog: false, loadMsal: msal.loadMsal });
    await expect(tokens.getToken()).resolves.toBe('msal-token');
    expect(msal.loadMsal).toHaveBeenCalledTimes(1);
  });
});

describe('the dialog’s token in the session', () => {
  it('is reused by a reopened pane until shortly before it expires', async () => {
    let now = 1_000_000;
    const session = memoryStorage();
    const first = createDialogTokenProvider({
      openDialog: async () => success('dialog-token', now + HOUR),
      dialogUrl: 'x',
      store: sessionTokenStore(session),
      now: () => now,
    });
    await expect(first.getToken({ interactive: true })).resolves.toBe('dialog-token');

    const openDialog = jest.fn(async () => success('second-token', now + HOUR));
    const reopened = createDialogTokenProvider({ openDialog, dialogUrl: 'x', store: sessionTokenStore(session), now: () => now });
    await expect(reopened.getToken()).resolves.toBe('dialog-token');
    expect(openDialog).not.toHaveBeenCalled();

    now += 59 * 60_000;
    await expect(reopened.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(sessionTokenStore(session).load()).toBeUndefined();
  });

  it('is forgotten once the backend refused it', async () => {
    const session = memoryStorage();
    const store = sessionTokenStore(session);
    store.save({ accessToken: 'refused', expiresOn: Date.now() + HOUR });
    const tokens = createDialogTokenProvider({ openDialog: jest.fn(), dialogUrl: 'x', store });
    await expect(tokens.getToken({ forceRefresh: true })).rejects.toMatchObject({ code: 'sign_in_required' });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(store.load()).toBeUndefined();
  });

  it('is ignored when what is stored is not a token, and lives in memory where storage is refused', async () => {
    expect(sessionTokenStore(memoryStorage({ 'webexScheduler.token': '{"accessToken":""}' })).load()).toBeUndefined();
    expect(sessionTokenStore(memoryStorage({ 'webexScheduler.token': 'not json' })).load()).toBeUndefined();
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => undefined,
    };
    const store = sessionTokenStore(refusing);
    expect(() => store.save({ accessToken: 't', expiresOn: 1 })).not.toThrow();
    expect(store.load()).toBeUndefined();
    const tokens = createDialogTokenProvider({ openDialog: async () => success('memory-token', Date.now() + HOUR), dialogUrl: 'x', store });
    await tokens.getToken({ interactive: true });
    await expect(tokens.getToken()).resolves.toBe('memory-token');
  });
});

describe('whether MSAL’s cache holds an account', () => {
  it('reads MSAL’s list of account keys, with or without a schema version', () => {
    expect(msalHasCachedAccount(memoryStorage({ 'msal.account.keys': '["a"]' }))).toBe(true);
    expect(msalHasCachedAccount(memoryStorage({ 'msal.2.account.keys': '["a"]', other: 'x' }))).toBe(true);
    expect(msalHasCachedAccount(memoryStorage({ 'msal.2.account.keys': '[]' }))).toBe(false);
    expect(msalHasCachedAccount(memoryStorage({ 'msal.2.account.keys': '{broken' }))).toBe(false);
    expect(msalHasCachedAccount(memoryStorage({ 'msal.2.token.keys.addin': '["a"]' }))).toBe(false);
    expect(msalHasCachedAccount(undefined)).toBe(false);
  });
});
