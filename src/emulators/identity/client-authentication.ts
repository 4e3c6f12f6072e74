/**
 * How a client proves who it is at the token endpoint: a client secret (form or HTTP Basic), a
 * certificate-signed client assertion (RFC 7523: header x5t or x5t#S256 = the registered
 * certificate's thumbprint; iss = sub = client_id; aud = the token endpoint; exp, nbf), or nothing
 * for a public client where the grant allows it.
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 *
 * Assertions are checked against real time, not the emulator's shifted clock: the client mints
 * them right before the request with its own clock, which the emulator's offset does not move.
 */
import { X509Certificate, createHash, timingSafeEqual } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { AadstsError } from './aadsts-error';
import type { ApplicationRegistration } from './application-registration';
import type { IdentityState } from './identity-state';
import type { ClientAcr } from './token-claims';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLOCK_SKEW_SECONDS = 300;

export interface ClientCredentials {
  clientId?: string;
  secret?: string;
  assertion?: string;
  assertionType?: string;
}

export interface AuthenticatedClient {
  app: ApplicationRegistration;
  acr: ClientAcr;
  /** Whether the client presented a credential (a confidential client). */
  confidential: boolean;
}

/** Reads client_id and the credential from the form and an `Authorization: Basic` header. */
export function readClientCredentials(form: Record<string, string | undefined>, authorization?: string): ClientCredentials {
  const creds: ClientCredentials = {
    clientId: form.client_id,
    secret: form.client_secret,
    assertion: form.client_assertion,
    assertionType: form.client_assertion_type,
  };
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      creds.clientId ??= decodeURIComponent(decoded.slice(0, colon));
      creds.secret ??= decodeURIComponent(decoded.slice(colon + 1));
    }
  }
  return creds;
}

export function appNotFound(clientId: string, tenant: string): AadstsError {
  return new AadstsError(
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

function secretMatches(given: string, registered: string[]): boolean {
  const g = Buffer.from(given);
  return registered.some((r) => {
    const b = Buffer.from(r);
    return b.length === g.length && timingSafeEqual(b, g);
  });
}

function certificateFor(app: ApplicationRegistration, header: { x5t?: unknown; 'x5t#S256'?: unknown }): X509Certificate | undefined {
  for (const pem of app.certificates) {
    const cert = new X509Certificate(pem);
    if (typeof header['x5t#S256'] === 'string' && createHash('sha256').update(cert.raw).digest('base64url') === header['x5t#S256'])
      return cert;
    if (typeof header.x5t === 'string' && createHash('sha1').update(cert.raw).digest('base64url') === header.x5t) return cert;
  }
  return undefined;
}

async function verifyAssertion(app: ApplicationRegistration, assertion: string, audiences: string[]): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw new AadstsError('invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const cert = certificateFor(app, header);
  if (!cert) {
    const thumbprint = String(header['x5t#S256'] ?? header.x5t ?? '');
    throw new AadstsError(
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
    );
  }
  try {
    await compactVerify(assertion, cert.publicKey, { algorithms: ['RS256', 'PS256'] });
  } catch {
    throw new AadstsError('invalid_client', 700027, 'Client assertion failed signature validation.');
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    if (claims.iss !== claims.sub)
      throw new AadstsError('invalid_client', 50048, 'Subject mismatches Issuer claim in the client assertion.');
    throw new AadstsError('invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  if (typeof claims.aud !== 'string' || !audiences.map(norm).includes(norm(claims.aud))) {
    throw new AadstsError('invalid_client', 50027, 'Invalid JWT token. The audience of the client assertion is not the token endpoint.');
  }
  const now = Math.floor(Date.now() / 1000);
  if (
    typeof claims.exp !== 'number' ||
    claims.exp + CLOCK_SKEW_SECONDS < now ||
    (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > now)
  ) {
    throw new AadstsError(
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, assertion valid from ${claims.nbf ? new Date(claims.nbf * 1000).toISOString() : '-'}, expiry time of assertion ${typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : '-'}.`,
    );
  }
}

/**
 * Authenticates the client of a token request. `publicAllowed` says whether this grant may be
 * used without a credential (a public client); `tokenEndpoints` are the accepted assertion audiences.
 */
export async function authenticateClient(
  state: IdentityState,
  creds: ClientCredentials,
  ctx: { tenantLabel: string; tokenEndpoints: string[]; publicAllowed: boolean; publicForbidden?: boolean },
): Promise<AuthenticatedClient> {
  if (!creds.clientId)
    throw new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = state.application(creds.clientId);
  if (!app) throw appNotFound(creds.clientId, ctx.tenantLabel);
  if (creds.secret !== undefined || creds.assertion !== undefined) {
    if (ctx.publicForbidden) {
      throw new AadstsError(
        'invalid_request',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    }
    if (creds.assertion !== undefined) {
      if (creds.assertionType !== CLIENT_ASSERTION_TYPE) {
        throw new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
      }
      await verifyAssertion(app, creds.assertion, ctx.tokenEndpoints);
      return { app, acr: '2', confidential: true };
    }
    if (!secretMatches(creds.secret ?? '', app.clientSecrets)) {
      throw new AadstsError(
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    return { app, acr: '1', confidential: true };
  }
  if (!ctx.publicAllowed) {
    throw new AadstsError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  return { app, acr: '0', confidential: false };
}

/** Whether an app may be used in a tenant at all (single-tenant apps only in their home tenant). */
export function checkAudience(app: ApplicationRegistration, tenantId: string): void {
  if (app.signInAudience === 'AzureADMyOrg' && app.homeTenantId !== tenantId.toLowerCase()) throw appNotFound(app.clientId, tenantId);
}
