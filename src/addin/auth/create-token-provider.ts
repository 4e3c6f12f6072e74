/**
 * The token provider for where the add-in runs: nested app authentication where the client
 * supports it (NestedAppAuth 1.1), else the Office dialog fallback.
 *
 * MSAL comes from `loadMsal`: the pages load it with import() on first use (it is the largest
 * library the pane uses, about 70 KB gzip, so the pane paints its first view while MSAL loads);
 * the launch-event file imports it statically, since it must stay one file that loads nothing.
 * With `pane` storage and no nested app authentication, MSAL is loaded only where it can help: the
 * token the dialog sent is kept in sessionStorage, and a silent MSAL attempt is made only when
 * MSAL's cache holds an account (msal-account-hint.ts); a first sign-in never loads it in the pane
 * (the dialog page runs MSAL).
 *
 * Whichever way, tokens are those of the user Office says is signed in to the mailbox
 * (office-user.ts): the silent attempt uses only that user's cached MSAL account.
 */
import type {
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  IPublicClientApplication,
} from '@azure/msal-browser';
import type { AddinConfig } from '../config/addin-config';
import { isSetSupported } from '../office/office-context';
import { openDialogForMessage } from '../office/office-dialog';
import { AuthError } from './auth-error';
import { createDialogTokenProvider } from './dialog-token-provider';
import { msalHasCachedAccount } from './msal-account-hint';
import { msalConfiguration } from './msal-configuration';
import { createNaaTokenProvider } from './naa-token-provider';
import { accountOf, identityOf, officeUser } from './office-user';
import { sessionTokenStore } from './session-token-store';
import type { TokenProvider } from './token-provider';

export const AUTH_DIALOG_PAGE = 'auth-dialog.html';

/** The two MSAL factories used here. */
export interface MsalFactories {
  createNestablePublicClientApplication: typeof createNestablePublicClientApplication;
  createStandardPublicClientApplication: typeof createStandardPublicClientApplication;
}

export interface TokenProviderOptions {
  /** Whether sign-in may open an Office dialog (not in launch events). */
  allowDialog: boolean;
  loadMsal(): Promise<MsalFactories>;
  /** The task pane's storage: keeps the dialog's token (session) and tells whether MSAL's cache (local) is worth loading MSAL for. */
  pane?: { session: Storage | undefined; local: Storage | undefined };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((thrown: unknown) => {
      made = undefined;
      throw thrown;
    });
    return made;
  };
}

/** The dialog page's address beside the current page (Office requires the dialog on the add-in's own domain). */
function dialogUrl(): string {
  const here = (globalThis as { location?: { href: string } }).location?.href;
  return here ? new URL(AUTH_DIALOG_PAGE, here).href : AUTH_DIALOG_PAGE;
}

export function createTokenProvider(config: AddinConfig, options: TokenProviderOptions): TokenProvider {
  const loadMsal = once(() => options.loadMsal());
  const scopes = [config.apiScope];
  // Office's user does not change while a page runs (another mailbox is another Outlook session): asked once.
  const user = once(officeUser);
  if (isSetSupported('NestedAppAuth', '1.1')) {
    return createNaaTokenProvider(
      once(async () => (await loadMsal()).createNestablePublicClientApplication(msalConfiguration(config))),
      scopes,
      user,
    );
  }
  const standard = once<IPublicClientApplication>(async () =>
    (await loadMsal()).createStandardPublicClientApplication(msalConfiguration(config, dialogUrl())),
  );
  const pane = options.pane;
  return createDialogTokenProvider({
    dialogUrl: dialogUrl(),
    ...(pane ? { store: sessionTokenStore(pane.session) } : {}),
    user,
    mayFindSilently: () => !pane || msalHasCachedAccount(pane.local),
    openDialog: options.allowDialog
      ? (url) => openDialogForMessage(url, { height: 60, width: 30, expectedOrigins: [window.location.origin] })
      : () => Promise.reject(new AuthError('sign_in_required', 'This surface cannot open a sign-in window.')),
    async silent(forceRefresh, user) {
      // Without Office's user there is nobody to match an account to: the dialog asks.
      if (!user || (pane && !msalHasCachedAccount(pane.local))) return undefined;
      const pca = await standard();
      // The browser profile may hold other people's accounts: only Office's user's will do.
      const account = accountOf(pca.getAllAccounts(), user);
      if (!account) return undefined;
      const result = await pca.acquireTokenSilent({ scopes, account, ...(forceRefresh ? { forceRefresh: true } : {}) });
      const issuedTo = identityOf(result.account ?? account);
      return {
        accessToken: result.accessToken,
        expiresOn: result.expiresOn instanceof Date ? result.expiresOn.getTime() : Date.now() + 5 * 60_000,
        ...(issuedTo ? { account: issuedTo } : {}),
      };
    },
  });
}
