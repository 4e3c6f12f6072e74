/**
 * The token provider for where the add-in runs: nested app authentication where the client
 * supports it (NestedAppAuth 1.1), else the Office dialog fallback.
 *
 * MSAL comes from `loadMsal`: the pages load it with import() on first use (it is the largest
 * library the pane uses, about 70 KB gzip, so the pane paints its first view while MSAL loads);
 * the launch-event file imports it statically, since it must stay one file that loads nothing.
 */
import type { createNestablePublicClientApplication, createStandardPublicClientApplication, IPublicClientApplication } from '@azure/msal-browser';
import type { AddinConfig } from '../config/addin-config';
import { isSetSupported } from '../office/office-context';
import { openDialogForMessage } from '../office/office-dialog';
import { AuthError } from './auth-error';
import { createDialogTokenProvider } from './dialog-token-provider';
import { msalConfiguration } from './msal-configuration';
import { createNaaTokenProvider } from './naa-token-provider';
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
  if (isSetSupported('NestedAppAuth', '1.1')) {
    return createNaaTokenProvider(
      once(async () => (await loadMsal()).createNestablePublicClientApplication(msalConfiguration(config))),
      scopes,
    );
  }
  const standard = once<IPublicClientApplication>(async () => (await loadMsal()).createStandardPublicClientApplication(msalConfiguration(config, dialogUrl())));
  return createDialogTokenProvider({
    dialogUrl: dialogUrl(),
    openDialog: options.allowDialog
      ? (url) => openDialogForMessage(url, { height: 60, width: 30 })
      : () => Promise.reject(new AuthError('sign_in_required', 'This surface cannot open a sign-in window.')),
    async silent(forceRefresh) {
      const pca = await standard();
      const account = pca.getAllAccounts()[0];
      if (!account) return undefined;
      const result = await pca.acquireTokenSilent({ scopes, account, ...(forceRefresh ? { forceRefresh: true } : {}) });
      return { accessToken: result.accessToken, expiresOn: result.expiresOn instanceof Date ? result.expiresOn.getTime() : Date.now() + 5 * 60_000 };
    },
  });
}
