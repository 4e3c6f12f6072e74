/**
 * Sign-in where nested app authentication is unavailable (older Outlook builds, hosts without the
 * NestedAppAuth requirement set): a token is looked for silently (memory, then MSAL's cache shared
 * with the dialog where the browser shares storage), and otherwise, on a user gesture, the sign-in
 * page auth-dialog.html runs the standard MSAL redirect flow in an Office dialog and sends the
 * token back. With a `store` the token outlives the page (the pane reopened in the same session).
 *
 * Every token is Office's user's (office-user.ts): a kept or silent token issued to someone else is
 * dropped, the dialog is asked to sign in Office's user (`?loginHint=`), and a token the dialog
 * sends for another account is refused with 'sign_in_wrong_account'.
 */
import { isOfficeError } from '../office/office-error';
import { AuthError } from './auth-error';
import { LOGIN_HINT_PARAM, parseAuthDialogMessage } from './auth-dialog-message';
import { isOfficeUser, type AccountIdentity, type OfficeUser } from './office-user';
import type { StoredToken, TokenStore } from './session-token-store';
import type { TokenProvider } from './token-provider';

/** Tokens this close to expiry are not used: a call made with one could fail on the way. */
const EXPIRY_MARGIN_MS = 2 * 60_000;

export interface DialogTokenProviderDeps {
  /** Opens the sign-in page in an Office dialog and resolves with its message. */
  openDialog(url: string): Promise<string>;
  dialogUrl: string;
  /** A silent attempt through MSAL's own cache for `user`; resolves undefined when there is nothing to use. */
  silent?(forceRefresh: boolean, user: OfficeUser | undefined): Promise<StoredToken | undefined>;
  /** Whether `silent` could find anything (without it, whenever `silent` is given). */
  mayFindSilently?(): boolean;
  /** Office's user, whom every token must belong to; undefined where Office names nobody. */
  user?(): Promise<OfficeUser | undefined>;
  /** Keeps the token across reloads of the page. */
  store?: TokenStore;
  now?: () => number;
}

/** The dialog's address asking it to sign in `user`. */
export function dialogUrlFor(dialogUrl: string, user: OfficeUser | undefined): string {
  if (!user) return dialogUrl;
  const url = new URL(dialogUrl, 'https://localhost/');
  url.searchParams.set(LOGIN_HINT_PARAM, user.login);
  return /^[a-z][a-z0-9+.-]*:/i.test(dialogUrl) ? url.href : `${url.pathname.replace(/^\//, '')}${url.search}`;
}

export function createDialogTokenProvider(deps: DialogTokenProviderDeps): TokenProvider {
  const now = deps.now ?? (() => Date.now());
  let cached: StoredToken | undefined = deps.store?.load();
  const keep = (token: StoredToken): string => {
    cached = token;
    deps.store?.save(token);
    return token.accessToken;
  };
  const forget = () => {
    cached = undefined;
    deps.store?.clear();
  };

  const usable = (t: { expiresOn: number } | undefined): boolean => t !== undefined && t.expiresOn - now() > EXPIRY_MARGIN_MS;
  /** Whether a token may be used for `user`: always where Office names nobody, else only when issued to them. */
  const belongs = (account: AccountIdentity | undefined, user: OfficeUser | undefined): boolean => !user || isOfficeUser(account, user);

  return {
    signInNeeded: () => !usable(cached) && !(deps.silent && (deps.mayFindSilently?.() ?? true)),
    async getToken(options = {}) {
      const user = await deps.user?.();
      // Another user's token (a shared browser profile) is never offered, and not kept either.
      if (cached && !belongs(cached.account, user)) forget();
      if (!options.forceRefresh && cached && usable(cached)) return cached.accessToken;
      // Refused by the backend or about to expire: never offered again.
      if (cached) forget();
      const silent = await deps.silent?.(options.forceRefresh === true, user).catch(() => undefined);
      if (silent && usable(silent) && belongs(silent.account, user)) return keep(silent);
      if (!options.interactive) throw new AuthError('sign_in_required', 'Sign-in needs the user.');
      let message: string;
      try {
        message = await deps.openDialog(dialogUrlFor(deps.dialogUrl, user));
      } catch (thrown) {
        if (isOfficeError(thrown, 'DialogClosed'))
          throw new AuthError('sign_in_cancelled', 'The user closed the sign-in window.', 'DialogClosed');
        const code = (thrown as { code?: unknown } | null)?.code;
        throw new AuthError('sign_in_failed', 'The sign-in window could not be opened.', typeof code === 'string' ? code : undefined);
      }
      const result = parseAuthDialogMessage(message);
      if (!result) throw new AuthError('sign_in_failed', 'The sign-in window answered something unexpected.');
      if (result.status === 'failure') throw new AuthError(result.code, 'The sign-in window reported a failure.', result.reason);
      if (user && !belongs(result.account, user)) {
        throw new AuthError(
          'sign_in_wrong_account',
          'The sign-in window signed in another account than Office’s user.',
          undefined,
          user.login,
        );
      }
      return keep({ accessToken: result.accessToken, expiresOn: result.expiresOn, ...(result.account ? { account: result.account } : {}) });
    },
  };
}
