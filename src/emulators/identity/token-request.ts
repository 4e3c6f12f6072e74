/**
 * What every grant of the token endpoint receives and returns: the form fields, the headers that
 * matter, the tenant of the URL, and the JSON response MSAL expects.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#successful-response-2
 */
import type { DirectoryTenant } from '../shared/directory';
import type { IdentityState, TenantSegment } from './identity-state';
import type { TokenSigner } from './token-signer';
import { AadstsError } from './aadsts-error';

export interface TokenRequest {
  form: Record<string, string | undefined>;
  authorization?: string;
  /** Browsers send Origin on cross-origin requests; single-page apps must redeem that way. */
  origin?: string;
  tenantSegment: TenantSegment;
  /** The {tenant} path segment as given (for error messages). */
  tenantLabel: string;
  baseUrl: string;
}

export interface TokenResponse {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  id_token?: string;
  client_info?: string;
}

export interface GrantDeps {
  state: IdentityState;
  signer: TokenSigner;
}

/** The audiences a client assertion may name: this tenant's token endpoint, by id, domain or as given. */
export function tokenEndpoints(req: TokenRequest, tenantId?: string): string[] {
  const segments = new Set([req.tenantLabel]);
  if (req.tenantSegment.kind === 'tenant') {
    segments.add(req.tenantSegment.tenant.id);
    for (const d of req.tenantSegment.tenant.verifiedDomains) segments.add(d);
  }
  if (tenantId) segments.add(tenantId);
  return [...segments].flatMap((s) => [`${req.baseUrl}/${s}/oauth2/v2.0/token`, `${req.baseUrl}/${s}/oauth2/token`]);
}

export function requireParam(req: TokenRequest, name: string): string {
  const v = req.form[name];
  if (v === undefined || v === '')
    throw new AadstsError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
  return v;
}

/** The tenant named in the URL, or an error when a grant needs a specific one. */
export function specificTenant(req: TokenRequest): DirectoryTenant | undefined {
  return req.tenantSegment.kind === 'tenant' ? req.tenantSegment.tenant : undefined;
}

/** A grant issued in one tenant may be redeemed at that tenant or at common/organizations only. */
export function checkSameTenant(req: TokenRequest, tenantId: string): void {
  const t = specificTenant(req);
  if (t && t.id.toLowerCase() !== tenantId.toLowerCase()) {
    throw new AadstsError(
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected. OAuth2 Authorization Code must be redeemed against same tenant it was acquired for (/common or /{tenant-ID} as appropriate).',
    );
  }
}
