/**
 * Entry of auth-dialog.html, the sign-in page opened in an Office dialog where nested app
 * authentication is unavailable (see run-auth-dialog.ts).
 */
import { createStandardPublicClientApplication } from '@azure/msal-browser';
import { addinConfig } from '../config/addin-config';
import { whenOfficeReady } from '../office/office-context';
import { messageParent } from '../office/office-dialog';
import { AUTH_MESSAGE_TYPE, LOGIN_HINT_PARAM } from './auth-dialog-message';
import { forwardTarget } from './dialog-forward';
import { msalConfiguration } from './msal-configuration';
import { runAuthDialog } from './run-auth-dialog';

/** The pane that opened this dialog is on this page's origin: the token goes to it and to no other window. */
const toPane = (message: string) => messageParent(message, window.location.origin);

async function main(): Promise<void> {
  // The Webex-linking dialog starts here and goes on to the backend (dialog-forward.ts).
  let next: string | undefined;
  try {
    next = forwardTarget(window.location.search, addinConfig().apiBaseUrl);
  } catch {
    next = undefined;
  }
  if (next) return window.location.replace(next);
  await whenOfficeReady();
  try {
    const config = addinConfig();
    const redirectUri = `${window.location.origin}${window.location.pathname}`;
    const pca = await createStandardPublicClientApplication(msalConfiguration(config, redirectUri));
    // The user the pane acts for (Office's user): the identity provider is asked to sign in this one.
    const loginHint = new URLSearchParams(window.location.search).get(LOGIN_HINT_PARAM)?.trim() || undefined;
    await runAuthDialog(pca, [config.apiScope], toPane, loginHint);
  } catch (thrown) {
    const code = (thrown as { code?: unknown } | null)?.code;
    toPane(
      JSON.stringify({
        type: AUTH_MESSAGE_TYPE,
        status: 'failure',
        code: 'sign_in_failed',
        reason: typeof code === 'string' ? code : 'unknown',
      }),
    );
  }
}

void main();
