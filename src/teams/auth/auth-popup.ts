/**
 * The last page of the authorization popup (teams-auth.html): the identity platform redirects here
 * with `code` when the user (or an admin) consented, or with `error` when not, and the state the
 * popup's first page (auth-start.ts) minted; an answer without that state is refused. The code is
 * not redeemed — the backend gets its tokens on-behalf-of the SSO token — so this page only reports
 * the outcome to the window that opened the popup, which then reloads the tab's data.
 */
import { detectPopupHost } from '../host/detect-host';
import { takeConsentState } from './consent-state';
import { popupOutcome } from './popup-outcome';

/** The state this window's first page kept; none when storage is blocked (then no answer is taken). */
function expectedState(): string | undefined {
  try {
    return takeConsentState(window.sessionStorage);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const status = document.getElementById('status');
  const outcome = popupOutcome(window.location.search, expectedState());
  if (status) status.textContent = outcome.ok ? 'Authorized. You can close this window.' : `Not authorized (${outcome.reason}).`;
  const host = await detectPopupHost();
  if (outcome.ok) host.notifySuccess();
  else host.notifyFailure(outcome.reason);
}

main().catch(() => {
  const status = document.getElementById('status');
  if (status) status.textContent = 'Close this window and try again from Microsoft Teams.';
});
