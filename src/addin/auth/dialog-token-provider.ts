/**
 * Sign-in where nested app authentication is unavailable (older Outlook builds, hosts without the
 * NestedAppAuth requirement set): a token is looked for silently (memory, then MSAL's cache shared
 * with the dialog where the browser shares storage), and otherwise, on a user gesture, the sign-in
 * page auth-dialog.html runs the standard MSAL redirect flow in an Office dialog and sends the
 * token back. With a `store` the token outlives the page (the pane reopened in the same session).
 */
import { isOfficeError } from '../office/office-error';
import { AuthError } from './auth-error';
import { parseAuthDialogMessage } from './auth-dialog-message';
import type { TokenStore } from './session-token-store';
import type { TokenProvider } from './token-provider';

/** Tokens this close to expiry are not used: a call made with one could fail on the way. */
const EXPIRY_MARGIN_MS = 2 * 60_000;

export interface DialogTokenProviderDeps {
  /** Opens the sign-in page in an Office dialog and resolves with its message. */
  openDialog(url: string): Promise<string>;
  dialogUrl: string;
  /** A silent attempt through MSAL's own cache; resolves undefined when there is nothing to use. */
  silent?(forceRefresh: boolean): Promise<{ accessToken: string; expiresOn: number } | undefined>;
  /** Keeps the token across reloads of the page. */
  store?: TokenStore;
  now?: () => number;
}

export function createDialogTokenProvider(deps: DialogTokenProviderDeps): TokenProvider {
  const now = deps.now ?? (() => Date.now());
  let cached: { accessToken: string; expiresOn: number } | undefined = deps.store?.load();
  const keep = (token: { accessToken: string; expiresOn: number }): string => {
    cached = token;
    deps.store?.save(token);
    return token.accessToken;
  };

  const usable = (t: { expiresOn: number } | undefined): boolean => t !== undefined && t.expiresOn - now() > EXPIRY_MARGIN_MS;

  return {
    async getToken(options = {}) {
      if (!options.forceRefresh && cached && usable(cached)) return cached.accessToken;
      // Refused by the backend or about to expire: never offered again.
      if (cached) {
        cached = undefined;
        deps.store?.clear();
      }
      const silent = await deps.silent?.(options.forceRefresh === true).catch(() => undefined);
      if (silent && usable(silent)) return keep(silent);
      if (!options.interactive) throw new AuthError('sign_in_required', 'Sign-in needs the user.');
      let message: string;
      try {
        message = await deps.openDialog(deps.dialogUrl);
      } catch (thrown) {
        if (isOfficeError(thrown, 'DialogClosed')) throw new AuthError('sign_in_cancelled', 'The user closed the sign-in window.', 'DialogClosed');
        const code = (thrown as { code?: unknown } | null)?.code;
        throw new AuthError('sign_in_failed', 'The sign-in window could not be opened.', typeof code === 'string' ? code : undefined);
      }
      const result = parseAuthDialogMessage(message);
      if (!result) throw new AuthError('sign_in_failed', 'The sign-in window answered something unexpected.');
      if (result.status === 'failure') throw new AuthError(result.code, 'The sign-in window reported a failure.', result.reason);
      return keep({ accessToken: result.accessToken, expiresOn: result.expiresOn });
    },
  };
}
