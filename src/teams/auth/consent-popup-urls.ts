/**
 * The consent popup's addresses (pure). The tab opens the popup on its own origin's first page
 * (teams-auth-start.html), which mints the state where the popup's last page can read it back
 * (consent-state.ts), then goes to the backend's /teams/consent, which redirects to the identity
 * platform with that state.
 */

export interface ConsentRequest {
  /** The user's tenant id, or 'organizations'. */
  tenant: string;
  /** The user's sign-in name, for the account picker. */
  loginHint?: string;
}

/** The popup's first page, beside the tab's page (`pageHref`). */
export function consentStartUrl(pageHref: string, request: ConsentRequest): string {
  const url = new URL('./teams-auth-start.html', pageHref);
  url.searchParams.set('tenant', request.tenant || 'organizations');
  if (request.loginHint) url.searchParams.set('login_hint', request.loginHint);
  return url.toString();
}

/** The backend's redirect to the identity platform, for the state the first page minted. */
export function backendConsentUrl(apiBaseUrl: string, request: ConsentRequest & { state: string }): string {
  const q = new URLSearchParams({ tenant: request.tenant || 'organizations' });
  if (request.loginHint) q.set('login_hint', request.loginHint);
  q.set('state', request.state);
  return `${apiBaseUrl.replace(/\/+$/, '')}/teams/consent?${q.toString()}`;
}
