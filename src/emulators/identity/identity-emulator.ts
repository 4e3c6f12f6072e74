/**
 * The Microsoft identity platform emulator (Entra ID v2.0 endpoints), port 4001 in the local stack.
 *
 *   /{tenant}/v2.0/.well-known/openid-configuration   /{tenant}/discovery/v2.0/keys
 *   /{tenant}/oauth2/v2.0/authorize                    /{tenant}/oauth2/v2.0/token
 *   /{tenant}/oauth2/v2.0/logout                       /{tenant}/adminconsent, /{tenant}/v2.0/adminconsent
 *   /common/discovery/instance                         /_emulator/... (control-endpoints.ts)
 *
 * {tenant} is a tenant id, a verified domain, `common` or `organizations`. @azure/msal-node and
 * @azure/msal-browser work against it unchanged when given `knownAuthorities: ['localhost:<port>']`
 * and the authority `https://localhost:<port>/<tenantId>`.
 *
 * Token issuers: `<url>/<tid>/v2.0` for v2.0 tokens (APIs registered here, id tokens), and
 * `<url>/<tid>/` for v1.0 tokens (Microsoft Graph; Microsoft's is https://sts.windows.net/<tid>/).
 * Both are signed by the one key published at `<url>/common/discovery/v2.0/keys`.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createEmulatorApp, type TlsOptions } from '../shared/emulator-app';
import type { DirectoryTenant } from '../shared/directory';
import { AadstsError, aadstsErrorBody } from './aadsts-error';
import { registerAdminConsentEndpoint } from './admin-consent-endpoint';
import { normalizeApplication, type ApplicationRegistration, type ApplicationRegistrationInput } from './application-registration';
import { registerAuthorizeEndpoint } from './authorize-endpoint';
import { registerControlEndpoints } from './control-endpoints';
import { registerDiscoveryEndpoints } from './discovery-endpoints';
import { sendAadstsError, type IdentityContext } from './identity-context';
import { IdentityState, type AdminConsent } from './identity-state';
import { issuer } from './token-claims';
import { registerTokenEndpoint } from './token-endpoint';
import { TokenSigner, type JsonWebKeySet, type SigningKey } from './token-signer';

export interface IdentityEmulatorOptions {
  tls?: TlsOptions;
  /** Seeded tenants and their users (see src/emulators/shared/directory.ts). */
  tenants?: DirectoryTenant[];
  /** Seeded application registrations. */
  applications?: ApplicationRegistrationInput[];
  /** Tenant-wide admin consents recorded at start (everything each app requires). */
  adminConsents?: Array<{ tenantId: string; clientId: string }>;
  /** Access and id token lifetime (default 3600). */
  tokenLifetimeSeconds?: number;
  /** Refresh token inactivity lifetime (default 90 days); single-page apps get 24 hours, fixed. */
  refreshTokenLifetimeSeconds?: number;
  /** Where clients reach the emulator, if not https://localhost:<listening port>. */
  publicUrl?: string;
  /** Microsoft Graph's base URL, for the userinfo endpoint in the metadata (default https://graph.microsoft.com). */
  graphBaseUrl?: string;
  /** More resource identifiers meaning Microsoft Graph (e.g. the Graph emulator's URL). */
  graphResourceIds?: string[];
  /** The token-signing key (default: a new one); the local stack passes the one its saved world keeps. */
  signingKey?: Promise<SigningKey>;
  logger?: boolean;
}

export interface IdentityEmulator {
  app: FastifyInstance;
  state: IdentityState;
  /** Listens (default port 0 on 127.0.0.1); resolves to https://localhost:<port>. */
  listen(port?: number, host?: string): Promise<string>;
  /** https://localhost:<port> once listening. */
  url: string;
  close(): Promise<void>;
  addTenant(tenant: DirectoryTenant): void;
  addApplication(input: ApplicationRegistrationInput): ApplicationRegistration;
  grantAdminConsent(tenantId: string, clientId: string): AdminConsent;
  /** Revokes a user's refresh tokens and sessions, like revokeSignInSessions. */
  revokeUser(tenantId: string, userId: string): void;
  /** Shifts the emulator's clock, so that tests can make tokens expire. */
  setClockOffset(seconds: number): void;
  reset(): void;
  jwks(): Promise<JsonWebKeySet>;
  /** The `iss` of tokens for a tenant: v2 = `<url>/<tid>/v2.0`, v1 (Graph) = `<url>/<tid>/`. */
  issuer(tenantId: string, version: 1 | 2): string;
}

/** The error of an injected fault; `message` (the rule's) replaces the usual text of its description. */
function faultBody(status: number, message?: string): AadstsError {
  if (status === 429)
    return new AadstsError(
      'temporarily_unavailable',
      90055,
      message ?? 'There are too many incoming requests. Retry after the time in Retry-After.',
      429,
    );
  if (status >= 500)
    return new AadstsError('temporarily_unavailable', 90033, message ?? 'A transient error has occurred. Please try again.', status);
  return new AadstsError('invalid_request', 90023, message ?? 'The authentication service request is not valid.', status);
}

export function createIdentityEmulator(options: IdentityEmulatorOptions = {}): IdentityEmulator {
  const state = new IdentityState(
    {
      tenants: options.tenants ?? [],
      applications: (options.applications ?? []).map((a) => normalizeApplication(a)),
      adminConsents: options.adminConsents ?? [],
    },
    {
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 90 * 24 * 3600,
      spaRefreshTokenLifetimeSeconds: 24 * 3600,
      codeLifetimeSeconds: 600,
      graphResourceIds: options.graphResourceIds ?? [],
    },
  );
  const signer = new TokenSigner(options.signingKey);
  let url = '';
  const baseUrl = (req?: FastifyRequest) =>
    (
      options.publicUrl ??
      (url || (req ? `${options.tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}` : 'https://localhost'))
    ).replace(/\/+$/, '');

  const { app } = createEmulatorApp({
    name: 'identity',
    tls: options.tls,
    logger: options.logger,
    errorBody: (status, req, message) => {
      const err = faultBody(status, message);
      return aadstsErrorBody(err, {
        traceId: randomUUID(),
        correlationId: randomUUID(),
        now: new Date(state.now() * 1000),
        baseUrl: baseUrl(req),
      });
    },
  });
  const ctx: IdentityContext = { state, signer, baseUrl };

  app.register(formbody);
  // Single-page apps call the token endpoint and metadata cross-origin; Microsoft allows any origin there.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers.origin) reply.header('access-control-allow-origin', '*');
  });
  app.options('/*', async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', '*')
      .header('access-control-max-age', '86400')
      .send(),
  );
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const status = error.statusCode ?? 500;
    const err =
      status < 500 ? new AadstsError('invalid_request', 9002313, 'Invalid request. Request is malformed or invalid.', status) : error;
    return sendAadstsError(ctx, req, reply, err);
  });

  registerDiscoveryEndpoints(app, ctx, { graphBaseUrl: (options.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '') });
  registerAuthorizeEndpoint(app, ctx);
  registerTokenEndpoint(app, ctx);
  registerAdminConsentEndpoint(app, ctx);
  registerControlEndpoints(app, ctx);

  const emulator: IdentityEmulator = {
    app,
    state,
    get url() {
      return url;
    },
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      url = `${options.tls ? 'https' : 'http'}://localhost:${address.port}`;
      return url;
    },
    async close() {
      await app.close();
    },
    addTenant: (tenant) => state.addTenant(tenant),
    addApplication(input) {
      const registration = normalizeApplication(input);
      state.addApplication(registration);
      return registration;
    },
    grantAdminConsent: (tenantId, clientId) => state.grantAdminConsent(tenantId, clientId),
    revokeUser: (tenantId, userId) => state.revokeUser(tenantId, userId),
    setClockOffset(seconds) {
      state.clockOffsetSeconds = Math.trunc(seconds);
    },
    reset: () => state.reset(),
    jwks: () => signer.jwks(),
    issuer: (tenantId, version) => issuer(baseUrl(), tenantId, version),
  };
  return emulator;
}
