/**
 * The Microsoft identity platform URL that the tab's consent popup opens: an authorization request
 * for the backend's own app asking for the tab's Graph permissions (incremental consent, as in
 * Microsoft's Teams tab SSO sample "get an access token with Graph permissions"). The code it
 * returns is not redeemed — the backend gets its Graph tokens on-behalf-of the user's SSO token —
 * so the redirect only tells the popup the user finished; the backend's next token request says
 * whether consent was given. An administrator on the consent page may grant it for the whole
 * organization, which User.Read.All and ChannelMember.Read.All require. Pure.
 */

export interface TeamsConsentUrlInput {
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** The user's tenant id, or 'organizations'. */
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  loginHint?: string;
  /** The popup's own state (CONSENT_STATE), which its last page compares with the answer's. */
  state: string;
}

/**
 * The popup's state as its first page mints it (32 random bytes, base64url: 43 characters); some
 * room either side, nothing that needs escaping, and too long to guess.
 */
export const CONSENT_STATE = /^[A-Za-z0-9_-]{22,128}$/;

export const TENANT_SEGMENT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations)$/i;

export function teamsConsentUrl(input: TeamsConsentUrlInput): string {
  if (!TENANT_SEGMENT.test(input.tenant)) throw new Error('teamsConsentUrl: the tenant must be a tenant id or "organizations"');
  const url = new URL(`${input.authorityHost.replace(/\/+$/, '')}/${input.tenant.toLowerCase()}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('state', input.state);
  if (input.loginHint) url.searchParams.set('login_hint', input.loginHint);
  return url.toString();
}
