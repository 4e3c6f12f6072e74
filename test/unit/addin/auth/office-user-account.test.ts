/**
 * The add-in acts as the user Office says is signed in to the mailbox, whatever else the browser
 * profile holds (a shared PC, a tester switching mailboxes): MSAL's cached accounts, the dialog's
 * token kept in sessionStorage, the account picked in the sign-in dialog.
 */
import { AUTH_MESSAGE_TYPE } from '../../../../src/addin/auth/auth-dialog-message';
import { createTokenProvider, type MsalFactories } from '../../../../src/addin/auth/create-token-provider';
import { createDialogTokenProvider } from '../../../../src/addin/auth/dialog-token-provider';
import { createNaaTokenProvider, type NaaClient } from '../../../../src/addin/auth/naa-token-provider';
import { accountOf, officeUser, type OfficeUser } from '../../../../src/addin/auth/office-user';
import { runAuthDialog, type DialogClient } from '../../../../src/addin/auth/run-auth-dialog';
import { sessionTokenStore } from '../../../../src/addin/auth/session-token-store';
import { describeError } from '../../../../src/addin/i18n/error-message-key';
import { errorActionFor } from '../../../../src/addin/i18n/error-action';
import { LOCALES, MESSAGES, translate } from '../../../../src/addin/i18n/messages';
import { memoryStorage } from './memory-storage';
import { TEST_ADDIN_CONFIG } from './addin-config';

const CONFIG = TEST_ADDIN_CONFIG;
const SCOPE = CONFIG.apiScope;
const HOUR = 60 * 60_000;
const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const ALEX = { username: 'alex.wilber@contoso.example', tenantId: CONTOSO, localAccountId: 'alex-oid', homeAccountId: 'alex' };
const MEGAN = { username: 'Megan.Bowen@contoso.example', tenantId: CONTOSO, localAccountId: 'megan-oid', homeAccountId: 'megan' };
const MEGAN_USER: OfficeUser = { login: 'megan.bowen@contoso.example', aliases: [] };
const success = (accessToken: string, account?: object) =>
  JSON.stringify({
    type: AUTH_MESSAGE_TYPE,
    status: 'success',
    accessToken,
    expiresOn: Date.now() + HOUR,
    ...(account ? { account } : {}),
  });

function officeFor(emailAddress: string, authContext?: object): void {
  (globalThis as { Office?: unknown }).Office = {
    context: {
      mailbox: { userProfile: { emailAddress } },
      ...(authContext ? { requirements: { isSetSupported: (name: string) => name === 'NestedAppAuth' || name === 'Mailbox' } } : {}),
    },
    ...(authContext ? { auth: { getAuthContext: async () => authContext } } : {}),
  };
}
afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

/** MSAL's standard client holding the accounts of everyone who signed in in this browser profile. */
function standardMsal(accounts: object[]) {
  const pca = {
    getAllAccounts: jest.fn(() => accounts),
    acquireTokenSilent: jest.fn(async (request: { account: { username: string } }) => ({
      accessToken: `token-of-${request.account.username}`,
      account: request.account,
      expiresOn: new Date(Date.now() + HOUR),
    })),
  };
  const factories = { createStandardPublicClientApplication: jest.fn(async () => pca), createNestablePublicClientApplication: jest.fn() };
  return { pca, loadMsal: jest.fn(async () => factories as unknown as MsalFactories) };
}

const paneStorage = (session = memoryStorage()) => ({ session, local: memoryStorage({ 'msal.2.account.keys': '["alex","megan"]' }) });

describe('the silent sign-in of the pane without nested app authentication', () => {
  it('uses the cached account of Office’s user, not the first one cached', async () => {
    officeFor('megan.bowen@contoso.example');
    const msal = standardMsal([ALEX, MEGAN]);
    const session = memoryStorage();
    const tokens = createTokenProvider(CONFIG, { allowDialog: true, loadMsal: msal.loadMsal, pane: paneStorage(session) });
    await expect(tokens.getToken()).resolves.toBe(`token-of-${MEGAN.username}`);
    expect(msal.pca.acquireTokenSilent).toHaveBeenCalledTimes(1);
    expect(msal.pca.acquireTokenSilent).toHaveBeenCalledWith(expect.objectContaining({ account: MEGAN }));
    expect(sessionTokenStore(session).load()?.account).toEqual({
      username: MEGAN.username,
      tenantId: CONTOSO,
      localAccountId: 'megan-oid',
    });
  });

  it('gets no token silently when Office’s user has no cached account, and the launch event gets none either', async () => {
    officeFor('megan.bowen@contoso.example');
    const msal = standardMsal([ALEX]);
    const pane = createTokenProvider(CONFIG, { allowDialog: true, loadMsal: msal.loadMsal, pane: paneStorage() });
    await expect(pane.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    const launchEvent = createTokenProvider(CONFIG, { allowDialog: false, loadMsal: msal.loadMsal });
    await expect(launchEvent.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(msal.pca.acquireTokenSilent).not.toHaveBeenCalled();
  });

  it('does not reuse the dialog’s token kept for another user in the session', async () => {
    officeFor('megan.bowen@contoso.example');
    const session = memoryStorage();
    sessionTokenStore(session).save({ accessToken: 'alex-token', expiresOn: Date.now() + HOUR, account: ALEX });
    const msal = standardMsal([]);
    const tokens = createTokenProvider(CONFIG, { allowDialog: true, loadMsal: msal.loadMsal, pane: { session, local: memoryStorage() } });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(sessionTokenStore(session).load()).toBeUndefined();
  });

  it('does not reuse a kept token that says nothing of its user (kept before tokens were bound to one)', async () => {
    officeFor('alex.wilber@contoso.example');
    const session = memoryStorage({ 'webexScheduler.token': JSON.stringify({ accessToken: 'whose', expiresOn: Date.now() + HOUR }) });
    const tokens = createTokenProvider(CONFIG, {
      allowDialog: true,
      loadMsal: standardMsal([]).loadMsal,
      pane: { session, local: memoryStorage() },
    });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
  });
});

describe('accounts and Office’s user', () => {
  it('match by login name whatever the case, and prefer an account in Office’s tenant', () => {
    const elsewhere = { ...MEGAN, tenantId: FABRIKAM, localAccountId: 'guest-oid' };
    expect(accountOf([ALEX, elsewhere, MEGAN], { ...MEGAN_USER, tenantId: CONTOSO })).toBe(MEGAN);
    expect(accountOf([ALEX, elsewhere], { ...MEGAN_USER, tenantId: CONTOSO })).toBeUndefined();
    expect(accountOf([ALEX, MEGAN], MEGAN_USER)).toBe(MEGAN);
    expect(accountOf([ALEX], MEGAN_USER)).toBeUndefined();
    expect(accountOf([{ ...MEGAN, localAccountId: 'someone-else' }], { ...MEGAN_USER, objectId: 'megan-oid' })).toBeUndefined();
  });

  it('match by the ID token’s e-mail address where the mailbox’s address is not the UPN', async () => {
    const upnElsewhere = {
      ...MEGAN,
      username: 'mbowen@contoso.onmicrosoft.example',
      idTokenClaims: { email: 'Megan.Bowen@contoso.example' },
    };
    expect(accountOf([ALEX, upnElsewhere], MEGAN_USER)).toBe(upnElsewhere);
    // Kept with the dialog's token and checked again by the pane.
    const store = sessionTokenStore(memoryStorage());
    const tokens = createDialogTokenProvider({
      openDialog: async () => success('megan-token', { username: upnElsewhere.username, email: 'megan.bowen@contoso.example' }),
      dialogUrl: 'x',
      user: async () => MEGAN_USER,
      store,
    });
    await expect(tokens.getToken({ interactive: true })).resolves.toBe('megan-token');
    expect(store.load()?.account).toEqual({ username: upnElsewhere.username, email: 'megan.bowen@contoso.example' });
    await expect(
      createDialogTokenProvider({ openDialog: jest.fn(), dialogUrl: 'x', user: async () => MEGAN_USER, store }).getToken(),
    ).resolves.toBe('megan-token');
  });

  it('is the mailbox’s address, with Office’s account ids where nested app authentication gives them', async () => {
    officeFor('megan@contoso.example');
    await expect(officeUser()).resolves.toEqual({ login: 'megan@contoso.example', aliases: [] });
    officeFor('megan@contoso.example', { userPrincipalName: 'megan.bowen@contoso.example', tenantId: CONTOSO, userObjectId: 'megan-oid' });
    await expect(officeUser()).resolves.toEqual({
      login: 'megan.bowen@contoso.example',
      aliases: ['megan@contoso.example'],
      tenantId: CONTOSO,
      objectId: 'megan-oid',
    });
    delete (globalThis as { Office?: unknown }).Office;
    await expect(officeUser()).resolves.toBeUndefined();
  });
});

describe('the sign-in dialog asked for by the pane', () => {
  it('is asked to sign in Office’s user', async () => {
    const openDialog = jest.fn(async () => success('megan-token', MEGAN));
    const tokens = createDialogTokenProvider({
      openDialog,
      dialogUrl: 'https://localhost:3000/auth-dialog.html',
      user: async () => MEGAN_USER,
    });
    await expect(tokens.getToken({ interactive: true })).resolves.toBe('megan-token');
    expect(openDialog).toHaveBeenCalledWith('https://localhost:3000/auth-dialog.html?loginHint=megan.bowen%40contoso.example');
  });

  it('refuses a token the dialog sends for another user, naming whom to sign in as, and keeps nothing', async () => {
    const store = sessionTokenStore(memoryStorage());
    for (const account of [ALEX, undefined]) {
      const tokens = createDialogTokenProvider({
        openDialog: async () => success('alex-token', account),
        dialogUrl: 'x',
        user: async () => MEGAN_USER,
        store,
      });
      const refusal = await tokens.getToken({ interactive: true }).catch((thrown: unknown) => thrown);
      expect(refusal).toMatchObject({ name: 'AuthError', code: 'sign_in_wrong_account', user: MEGAN_USER.login });
      await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
      expect(store.load()).toBeUndefined();
      // The pane says it in the user's language, with the Sign in button.
      const described = describeError(refusal);
      expect(described).toEqual({ key: 'sign_in_wrong_account', code: 'sign_in_wrong_account', values: { user: MEGAN_USER.login } });
      expect(errorActionFor(described.code)).toBe('signIn');
      for (const locale of LOCALES) {
        expect(MESSAGES[locale].errors).toHaveProperty(described.key);
        expect(translate(locale, `errors.${described.key}`, described.values)).toContain(MEGAN_USER.login);
      }
    }
  });
});

describe('the sign-in dialog page', () => {
  function dialogClient(accounts: object[]) {
    return {
      handleRedirectPromise: jest.fn(async () => null),
      getAllAccounts: jest.fn(() => accounts),
      acquireTokenSilent: jest.fn(async (request: { account: object }) => ({
        accessToken: 'silent',
        expiresOn: new Date(5000),
        account: request.account,
      })),
      loginRedirect: jest.fn(async () => undefined),
    };
  }

  it('signs in silently with the hinted user’s account, and says whose token it sends', async () => {
    const pca = dialogClient([ALEX, MEGAN]);
    const send = jest.fn();
    await runAuthDialog(pca as unknown as DialogClient, [SCOPE], send, MEGAN_USER.login);
    expect(pca.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE], account: MEGAN });
    expect(JSON.parse(send.mock.calls[0][0] as string)).toMatchObject({
      status: 'success',
      account: { username: MEGAN.username, tenantId: CONTOSO },
    });
  });

  it('goes to the identity provider with the hint when only others are signed in here (no prompt=select_account, which would drop the hint)', async () => {
    const pca = dialogClient([ALEX]);
    await expect(runAuthDialog(pca as unknown as DialogClient, [SCOPE], jest.fn(), MEGAN_USER.login)).resolves.toBe('redirecting');
    expect(pca.acquireTokenSilent).not.toHaveBeenCalled();
    expect(pca.loginRedirect).toHaveBeenCalledWith({ scopes: [SCOPE, 'email'], loginHint: MEGAN_USER.login });
    const fresh = dialogClient([]);
    await runAuthDialog(fresh as unknown as DialogClient, [SCOPE], jest.fn(), MEGAN_USER.login);
    expect(fresh.loginRedirect).toHaveBeenCalledWith({ scopes: [SCOPE, 'email'], loginHint: MEGAN_USER.login });
  });
});

describe('nested app authentication', () => {
  function naaClient(accounts: object[], active: object | null, popupAccount: object = MEGAN) {
    return {
      getAllAccounts: jest.fn(() => accounts),
      getActiveAccount: jest.fn(() => active),
      setActiveAccount: jest.fn(),
      acquireTokenSilent: jest.fn(async (request: { account?: { username: string } }) => ({
        accessToken: 'silent',
        account: request.account ?? ALEX,
      })),
      acquireTokenPopup: jest.fn(async () => ({ accessToken: 'popup', account: popupAccount })),
    };
  }
  const provider = (client: ReturnType<typeof naaClient>) =>
    createNaaTokenProvider(
      async () => client as unknown as NaaClient,
      [SCOPE],
      async () => MEGAN_USER,
    );

  it('names Office’s user’s account, not the active one', async () => {
    const client = naaClient([ALEX, MEGAN], ALEX);
    await expect(provider(client).getToken()).resolves.toBe('silent');
    expect(client.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE], account: MEGAN });
  });

  it('does not use a silent token issued to another user, and hints the popup with Office’s user', async () => {
    const client = naaClient([ALEX], ALEX);
    await expect(provider(client).getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    await expect(provider(client).getToken({ interactive: true })).resolves.toBe('popup');
    expect(client.acquireTokenPopup).toHaveBeenCalledWith({ scopes: [SCOPE], loginHint: MEGAN_USER.login });
    expect(client.setActiveAccount).toHaveBeenCalledWith(MEGAN);
  });

  it('refuses a popup that signed in another user', async () => {
    const client = naaClient([ALEX], ALEX, ALEX);
    await expect(provider(client).getToken({ interactive: true })).rejects.toMatchObject({
      code: 'sign_in_wrong_account',
      user: MEGAN_USER.login,
    });
    expect(client.setActiveAccount).not.toHaveBeenCalled();
  });
});
