/**
 * Nested app authentication: Outlook itself signs the user in and brokers tokens for the add-in
 * (MSAL's createNestablePublicClientApplication), with no window of our own. Silent first; a popup
 * (which Outlook shows) only when the identity provider needs the user and the caller may interact.
 *
 * Outlook brokers its own account, but MSAL's cache (getAllAccounts, getActiveAccount) may hold
 * others: the silent attempt names Office's user's account (office-user.ts), the popup is hinted with
 * that user's login, and a token issued to anyone else is not used.
 */
import type { AccountInfo, AuthenticationResult, IPublicClientApplication } from '@azure/msal-browser';
import { AuthError } from './auth-error';
import { accountOf, isOfficeUser, type OfficeUser } from './office-user';
import type { TokenProvider } from './token-provider';

/** The part of MSAL used here; tests pass a fake. */
export type NaaClient = Pick<
  IPublicClientApplication,
  'acquireTokenSilent' | 'acquireTokenPopup' | 'getActiveAccount' | 'setActiveAccount' | 'getAllAccounts'
>;

function msalCode(thrown: unknown): string {
  const code = (thrown as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : 'unknown';
}

/** MSAL's InteractionRequiredAuthError, recognized by its name so that tests need not load MSAL. */
function needsInteraction(thrown: unknown): boolean {
  return (
    (thrown as { name?: unknown } | null)?.name === 'InteractionRequiredAuthError' ||
    ['interaction_required', 'consent_required', 'login_required', 'no_account_error'].includes(msalCode(thrown))
  );
}

function cancelled(thrown: unknown): boolean {
  return ['user_cancelled', 'access_denied'].includes(msalCode(thrown));
}

/** `user`: Office's user, whom every token must belong to (undefined where Office names nobody). */
export function createNaaTokenProvider(
  client: () => Promise<NaaClient>,
  scopes: readonly string[],
  user: () => Promise<OfficeUser | undefined> = async () => undefined,
): TokenProvider {
  return {
    async getToken(options = {}) {
      const [pca, expected] = await Promise.all([client(), user()]);
      const active = pca.getActiveAccount() ?? undefined;
      // Without an account of Office's user in MSAL's cache, MSAL asks Outlook for its own account.
      const account = expected ? accountOf([active, ...pca.getAllAccounts()], expected) : active;
      const belongs = (issuedTo: AccountInfo | null | undefined) => !expected || isOfficeUser(issuedTo ?? undefined, expected);
      let silentCode = 'no_account_error';
      try {
        const result = await pca.acquireTokenSilent({
          scopes: [...scopes],
          ...(account ? { account } : {}),
          ...(options.forceRefresh ? { forceRefresh: true } : {}),
        });
        // Another user's token is as good as none: interaction decides.
        if (belongs(result.account)) return result.accessToken;
      } catch (thrown) {
        if (!needsInteraction(thrown)) throw new AuthError('sign_in_failed', 'Silent sign-in failed.', msalCode(thrown));
        silentCode = msalCode(thrown);
      }
      if (!options.interactive) throw new AuthError('sign_in_required', 'Sign-in needs the user.', silentCode);
      let result: AuthenticationResult;
      try {
        result = await pca.acquireTokenPopup({ scopes: [...scopes], ...(expected ? { loginHint: expected.login } : {}) });
      } catch (thrown) {
        if (cancelled(thrown)) throw new AuthError('sign_in_cancelled', 'The user closed the sign-in window.', msalCode(thrown));
        throw new AuthError('sign_in_failed', 'Interactive sign-in failed.', msalCode(thrown));
      }
      if (expected && !belongs(result.account)) {
        throw new AuthError(
          'sign_in_wrong_account',
          'The sign-in window signed in another account than Office’s user.',
          undefined,
          expected.login,
        );
      }
      if (result.account) pca.setActiveAccount(result.account);
      return result.accessToken;
    },
  };
}
