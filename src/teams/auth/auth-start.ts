/**
 * The first page of the authorization popup (teams-auth-start.html, on the tab's origin): mints the
 * popup's OAuth state and keeps it in this window's sessionStorage (consent-state.ts), then goes on
 * to the backend's /teams/consent, which redirects to the identity platform with it. The last page
 * (auth-popup.ts), in the same window and origin, takes only an answer carrying it back.
 *
 * The backend is the one the build configured, as for the tab; the page's URL gives only the
 * tenant and the sign-in name, which the backend checks.
 */
import { teamsTabConfig } from '../config/teams-tab-config';
import { detectPopupHost } from '../host/detect-host';
import { backendConsentUrl } from './consent-popup-urls';
import { mintConsentState } from './consent-state';

function start(): void {
  const q = new URLSearchParams(window.location.search);
  const { apiBaseUrl } = teamsTabConfig();
  const state = mintConsentState(window.sessionStorage);
  window.location.replace(
    backendConsentUrl(apiBaseUrl, { tenant: q.get('tenant') ?? 'organizations', loginHint: q.get('login_hint') ?? undefined, state }),
  );
}

try {
  start();
} catch {
  // No storage for the state (a browser that blocks it), or no backend in the build: the popup
  // cannot check an answer, so it asks for none.
  const status = document.getElementById('status');
  if (status) status.textContent = 'Authorization could not start. Close this window and try again from Microsoft Teams.';
  detectPopupHost()
    .then((host) => host.notifyFailure('consent_start_failed'))
    .catch(() => undefined);
}
