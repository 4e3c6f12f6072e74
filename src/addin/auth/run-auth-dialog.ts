/**
 * The sign-in page shown in an Office dialog when nested app authentication is unavailable.
 * Standard MSAL redirect flow: on the way back from the identity provider the result is handled;
 * otherwise a cached account is tried silently; otherwise the page goes to the sign-in page. The
 * outcome goes to the opener through messageParent (auth-dialog-message.ts).
 *
 * The pane names the user to sign in (Office's user, `?loginHint=`): only that user's cached account
 * is used silently, and the identity provider is asked for that user (login_hint): it signs in that
 * user's session, or shows its sign-in page with that user filled in, never another session's user
 * silently. The user may still pick another account there; the pane refuses that token
 * (dialog-token-provider.ts).
 */
import type { AuthenticationResult, IPublicClientApplication } from '@azure/msal-browser';
import { AUTH_MESSAGE_TYPE, type AuthDialogMessage } from './auth-dialog-message';
import { accountOf, identityOf } from './office-user';

export type DialogClient = Pick<
  IPublicClientApplication,
  'handleRedirectPromise' | 'getAllAccounts' | 'acquireTokenSilent' | 'loginRedirect'
>;

function errorCode(thrown: unknown): string {
  const code = (thrown as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : 'unknown';
}

function success(result: AuthenticationResult): AuthDialogMessage {
  const expiresOn = result.expiresOn instanceof Date ? result.expiresOn.getTime() : Date.now() + 5 * 60_000;
  const account = identityOf(result.account);
  return { type: AUTH_MESSAGE_TYPE, status: 'success', accessToken: result.accessToken, expiresOn, ...(account ? { account } : {}) };
}

function failure(thrown: unknown): AuthDialogMessage {
  const reason = errorCode(thrown);
  return {
    type: AUTH_MESSAGE_TYPE,
    status: 'failure',
    code: ['user_cancelled', 'access_denied'].includes(reason) ? 'sign_in_cancelled' : 'sign_in_failed',
    reason,
  };
}

/** Resolves once a message was sent, or once the page is navigating to the identity provider. */
export async function runAuthDialog(
  pca: DialogClient,
  scopes: readonly string[],
  send: (message: string) => void,
  loginHint?: string,
): Promise<'sent' | 'redirecting'> {
  const reply = (message: AuthDialogMessage): 'sent' => {
    send(JSON.stringify(message));
    return 'sent';
  };
  let returned: AuthenticationResult | null;
  try {
    returned = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
  } catch (thrown) {
    return reply(failure(thrown));
  }
  if (returned?.accessToken) return reply(success(returned));

  const accounts = pca.getAllAccounts();
  const account = loginHint ? accountOf(accounts, { login: loginHint, aliases: [] }) : accounts[0];
  if (account) {
    try {
      return reply(success(await pca.acquireTokenSilent({ scopes: [...scopes], account })));
    } catch (thrown) {
      const name = (thrown as { name?: unknown } | null)?.name;
      if (name !== 'InteractionRequiredAuthError') return reply(failure(thrown));
    }
  }
  try {
    // The hint alone, even where others are signed in here: with prompt=select_account MSAL drops
    // login_hint (Entra refuses the two together; @azure/msal-common, protocol/Authorize.mjs), and
    // it is the hint that keeps Entra from signing the other session's user in again.
    const hint = loginHint ?? account?.username;
    // `email`: the ID token then names the mailbox's address too, which Office's user is known by where it is not the UPN (office-user.ts).
    await pca.loginRedirect({ scopes: [...scopes, 'email'], ...(hint ? { loginHint: hint } : {}) });
  } catch (thrown) {
    return reply(failure(thrown));
  }
  return 'redirecting';
}
