import { AUTH_MESSAGE_TYPE } from '../../../../src/addin/auth/auth-dialog-message';
import { createDialogTokenProvider } from '../../../../src/addin/auth/dialog-token-provider';
import { createNaaTokenProvider, type NaaClient } from '../../../../src/addin/auth/naa-token-provider';
import { runAuthDialog, type DialogClient } from '../../../../src/addin/auth/run-auth-dialog';
import { OfficeError } from '../../../../src/addin/office/office-error';

const SCOPE = 'api://localhost:3000/backend/access_as_user';
const interactionRequired = () =>
  Object.assign(new Error('interaction_required'), { name: 'InteractionRequiredAuthError', errorCode: 'interaction_required' });

function naaClient(overrides: Partial<Record<keyof NaaClient, jest.Mock>> = {}) {
  return {
    acquireTokenSilent: jest.fn(async () => ({ accessToken: 'silent-token' })),
    acquireTokenPopup: jest.fn(async () => ({ accessToken: 'popup-token', account: { homeAccountId: 'a' } })),
    getActiveAccount: jest.fn(() => null),
    setActiveAccount: jest.fn(),
    ...overrides,
  };
}

describe('nested app authentication', () => {
  it('gets the backend token silently for the backend scope', async () => {
    const client = naaClient();
    const tokens = createNaaTokenProvider(async () => client as unknown as NaaClient, [SCOPE]);
    await expect(tokens.getToken()).resolves.toBe('silent-token');
    expect(client.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE] });
  });

  it('asks MSAL to skip its cache when the backend refused the last token', async () => {
    const client = naaClient();
    await createNaaTokenProvider(async () => client as unknown as NaaClient, [SCOPE]).getToken({ forceRefresh: true });
    expect(client.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE], forceRefresh: true });
  });

  it('refuses with sign_in_required when interaction is needed but not allowed', async () => {
    const client = naaClient({ acquireTokenSilent: jest.fn(async () => Promise.reject(interactionRequired())) });
    const tokens = createNaaTokenProvider(async () => client as unknown as NaaClient, [SCOPE]);
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(client.acquireTokenPopup).not.toHaveBeenCalled();
  });

  it('falls back to a popup on a user gesture', async () => {
    const client = naaClient({ acquireTokenSilent: jest.fn(async () => Promise.reject(interactionRequired())) });
    const tokens = createNaaTokenProvider(async () => client as unknown as NaaClient, [SCOPE]);
    await expect(tokens.getToken({ interactive: true })).resolves.toBe('popup-token');
    expect(client.setActiveAccount).toHaveBeenCalledWith({ homeAccountId: 'a' });
  });

  it('reports a closed popup as sign_in_cancelled and other failures as sign_in_failed', async () => {
    const cancelled = naaClient({
      acquireTokenSilent: jest.fn(async () => Promise.reject(interactionRequired())),
      acquireTokenPopup: jest.fn(async () => Promise.reject(Object.assign(new Error('x'), { errorCode: 'user_cancelled' }))),
    });
    await expect(
      createNaaTokenProvider(async () => cancelled as unknown as NaaClient, [SCOPE]).getToken({ interactive: true }),
    ).rejects.toMatchObject({ code: 'sign_in_cancelled' });
    const broken = naaClient({
      acquireTokenSilent: jest.fn(async () => Promise.reject(Object.assign(new Error('x'), { errorCode: 'network_error' }))),
    });
    await expect(
      createNaaTokenProvider(async () => broken as unknown as NaaClient, [SCOPE]).getToken({ interactive: true }),
    ).rejects.toMatchObject({ code: 'sign_in_failed', reason: 'network_error' });
  });
});

describe('the dialog fallback', () => {
  const success = (expiresOn: number) =>
    JSON.stringify({ type: AUTH_MESSAGE_TYPE, status: 'success', accessToken: 'dialog-token', expiresOn });

  it('needs a user gesture when nothing is cached', async () => {
    const openDialog = jest.fn();
    const tokens = createDialogTokenProvider({ openDialog, dialogUrl: 'https://localhost:3000/auth-dialog.html' });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(openDialog).not.toHaveBeenCalled();
  });

  it('opens the sign-in page and keeps the token it sends until shortly before expiry', async () => {
    let now = 1_000_000;
    const openDialog = jest.fn(async () => success(now + 60 * 60_000));
    const tokens = createDialogTokenProvider({ openDialog, dialogUrl: 'https://localhost:3000/auth-dialog.html', now: () => now });
    await expect(tokens.getToken({ interactive: true })).resolves.toBe('dialog-token');
    await expect(tokens.getToken()).resolves.toBe('dialog-token');
    expect(openDialog).toHaveBeenCalledTimes(1);
    expect(openDialog).toHaveBeenCalledWith('https://localhost:3000/auth-dialog.html');
    now += 59 * 60_000;
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'sign_in_required' });
  });

  it('uses MSAL’s shared cache silently before asking for the dialog', async () => {
    const openDialog = jest.fn();
    const silent = jest.fn(async () => ({ accessToken: 'cached-token', expiresOn: Date.now() + 3_600_000 }));
    const tokens = createDialogTokenProvider({ openDialog, dialogUrl: 'x', silent });
    await expect(tokens.getToken()).resolves.toBe('cached-token');
    expect(openDialog).not.toHaveBeenCalled();
  });

  it('reports a closed dialog as sign_in_cancelled and a failure the page names', async () => {
    const closed = createDialogTokenProvider({
      openDialog: async () => Promise.reject(new OfficeError('DialogClosed', 'closed', 12006)),
      dialogUrl: 'x',
    });
    await expect(closed.getToken({ interactive: true })).rejects.toMatchObject({ code: 'sign_in_cancelled' });
    const refused = createDialogTokenProvider({
      openDialog: async () =>
        JSON.stringify({ type: AUTH_MESSAGE_TYPE, status: 'failure', code: 'sign_in_failed', reason: 'invalid_grant' }),
      dialogUrl: 'x',
    });
    await expect(refused.getToken({ interactive: true })).rejects.toMatchObject({ code: 'sign_in_failed', reason: 'invalid_grant' });
    const garbled = createDialogTokenProvider({ openDialog: async () => 'hello', dialogUrl: 'x' });
    await expect(garbled.getToken({ interactive: true })).rejects.toMatchObject({ code: 'sign_in_failed' });
  });
});

describe('the sign-in dialog page', () => {
  function dialogClient(overrides: Partial<Record<keyof DialogClient, jest.Mock>> = {}) {
    return {
      handleRedirectPromise: jest.fn(async () => null),
      getAllAccounts: jest.fn(() => []),
      acquireTokenSilent: jest.fn(async () => ({ accessToken: 'silent', expiresOn: new Date(5000) })),
      loginRedirect: jest.fn(async () => undefined),
      ...overrides,
    };
  }

  it('goes to the identity provider when it has no account', async () => {
    const pca = dialogClient();
    const send = jest.fn();
    await expect(runAuthDialog(pca as unknown as DialogClient, [SCOPE], send)).resolves.toBe('redirecting');
    expect(pca.loginRedirect).toHaveBeenCalledWith({ scopes: [SCOPE, 'email'] });
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the token on the way back from the identity provider', async () => {
    const pca = dialogClient({ handleRedirectPromise: jest.fn(async () => ({ accessToken: 'fresh', expiresOn: new Date(9000) })) });
    const send = jest.fn();
    await runAuthDialog(pca as unknown as DialogClient, [SCOPE], send);
    expect(JSON.parse(send.mock.calls[0][0] as string)).toEqual({
      type: AUTH_MESSAGE_TYPE,
      status: 'success',
      accessToken: 'fresh',
      expiresOn: 9000,
    });
  });

  it('sends a cached account’s token without showing anything', async () => {
    const pca = dialogClient({ getAllAccounts: jest.fn(() => [{ username: 'alex@contoso.example' }]) });
    const send = jest.fn();
    await runAuthDialog(pca as unknown as DialogClient, [SCOPE], send);
    expect(JSON.parse(send.mock.calls[0][0] as string)).toMatchObject({ status: 'success', accessToken: 'silent' });
    expect(pca.loginRedirect).not.toHaveBeenCalled();
  });

  it('reports a refused sign-in with its code', async () => {
    const pca = dialogClient({
      handleRedirectPromise: jest.fn(async () => Promise.reject(Object.assign(new Error('x'), { errorCode: 'access_denied' }))),
    });
    const send = jest.fn();
    await runAuthDialog(pca as unknown as DialogClient, [SCOPE], send);
    expect(JSON.parse(send.mock.calls[0][0] as string)).toEqual({
      type: AUTH_MESSAGE_TYPE,
      status: 'failure',
      code: 'sign_in_cancelled',
      reason: 'access_denied',
    });
  });
});
