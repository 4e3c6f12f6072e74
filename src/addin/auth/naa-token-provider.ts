/**
 * Nested app authentication: Outlook itself signs the user in and brokers tokens for the add-in
 * (MSAL's createNestablePublicClientApplication), with no window of our own. Silent first; a popup
 * (which Outlook shows) only when the identity provider needs the user and the caller may interact.
 */
import type { IPublicClientApplication } from '@azure/msal-browser';
import { AuthError } from './auth-error';
import type { TokenProvider } from './token-provider';

/** The part of MSAL used here; tests pass a fake. */
export type NaaClient = Pick<IPublicClientApplication, 'acquireTokenSilent' | 'acquireTokenPopup' | 'getActiveAccount' | 'setActiveAccount'>;

function msalCode(thrown: unknown): string {
  const code = (thrown as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : 'unknown';
}

/** MSAL's InteractionRequiredAuthError, recognized by its name so that tests need not load MSAL. */
function needsInteraction(thrown: unknown): boolean {
  return (thrown as { name?: unknown } | null)?.name === 'InteractionRequiredAuthError' || ['interaction_required', 'consent_required', 'login_required', 'no_account_error'].includes(msalCode(thrown));
}

function cancelled(thrown: unknown): boolean {
  return ['user_cancelled', 'access_denied'].includes(msalCode(thrown));
}

export function createNaaTokenProvider(client: () => Promise<NaaClient>, scopes: readonly string[]): TokenProvider {
  return {
    async getToken(options = {}) {
      const pca = await client();
      const account = pca.getActiveAccount() ?? undefined;
      try {
        const result = await pca.acquireTokenSilent({ scopes: [...scopes], ...(account ? { account } : {}), ...(options.forceRefresh ? { forceRefresh: true } : {}) });
        return result.accessToken;
      } catch (thrown) {
        if (!needsInteraction(thrown)) throw new AuthError('sign_in_failed', 'Silent sign-in failed.', msalCode(thrown));
        if (!options.interactive) throw new AuthError('sign_in_required', 'Sign-in needs the user.', msalCode(thrown));
      }
      try {
        const result = await pca.acquireTokenPopup({ scopes: [...scopes] });
        if (result.account) pca.setActiveAccount(result.account);
        return result.accessToken;
      } catch (thrown) {
        if (cancelled(thrown)) throw new AuthError('sign_in_cancelled', 'The user closed the sign-in window.', msalCode(thrown));
        throw new AuthError('sign_in_failed', 'Interactive sign-in failed.', msalCode(thrown));
      }
    },
  };
}
