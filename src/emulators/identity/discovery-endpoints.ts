/**
 * OpenID Connect discovery as Microsoft serves it: v2.0 and v1.0 metadata per tenant and for
 * `common`/`organizations` (issuer with the `{tenantid}` template there), the JWKS under every
 * path Microsoft uses, and cloud instance discovery (which MSAL skips when the host is in its
 * `knownAuthorities`, but which other clients call).
 * https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tenantNotFound } from './aadsts-error';
import { sendAadstsError, type IdentityContext } from './identity-context';
import type { TenantSegment } from './identity-state';

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

export interface DiscoveryOptions {
  /** Where the OIDC userinfo endpoint lives (Microsoft Graph's host). */
  graphBaseUrl: string;
}

/** The path segment endpoints use (the tenant id even when asked by domain) and the issuer's tenant part. */
function segments(t: TenantSegment): { path: string; issuerTenant: string } {
  if (t.kind === 'tenant') return { path: t.tenant.id, issuerTenant: t.tenant.id };
  return { path: t.kind, issuerTenant: '{tenantid}' };
}

/** The fields that end both versions' documents alike: where the tenant lives and the cloud's hosts. */
function cloudFields(t: TenantSegment, opts: DiscoveryOptions): Record<string, unknown> {
  return {
    tenant_region_scope: t.kind === 'tenant' ? 'NA' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: new URL(opts.graphBaseUrl).host,
    rbac_url: 'https://pas.windows.net',
  };
}

export function openIdConfigurationV2(base: string, t: TenantSegment, opts: DiscoveryOptions): Record<string, unknown> {
  const { path, issuerTenant } = segments(t);
  return {
    token_endpoint: `${base}/${path}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${path}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${opts.graphBaseUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/${path}/oauth2/v2.0/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${path}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    ...cloudFields(t, opts),
  };
}

export function openIdConfigurationV1(base: string, t: TenantSegment, opts: DiscoveryOptions): Record<string, unknown> {
  const { path, issuerTenant } = segments(t);
  return {
    token_endpoint: `${base}/${path}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${path}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code'],
    scopes_supported: ['openid'],
    issuer: `${base}/${issuerTenant}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/${path}/oauth2/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${path}/oauth2/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'amr',
      'nonce',
      'email',
      'given_name',
      'family_name',
      'nickname',
    ],
    ...cloudFields(t, opts),
  };
}

export function registerDiscoveryEndpoints(app: FastifyInstance, ctx: IdentityContext, opts: DiscoveryOptions): void {
  const withTenant =
    (build: (base: string, t: TenantSegment) => Record<string, unknown>) => async (req: TenantRequest, reply: FastifyReply) => {
      const t = ctx.state.resolveTenant(req.params.tenant);
      if (!t) return sendAadstsError(ctx, req, reply, tenantNotFound(req.params.tenant, 'invalid_tenant'));
      return reply.header('cache-control', 'max-age=86400, private').send(build(ctx.baseUrl(req), t));
    };
  app.get(
    '/:tenant/v2.0/.well-known/openid-configuration',
    withTenant((base, t) => openIdConfigurationV2(base, t, opts)),
  );
  app.get(
    '/:tenant/.well-known/openid-configuration',
    withTenant((base, t) => openIdConfigurationV1(base, t, opts)),
  );

  const keys = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'max-age=86400, private').send(await ctx.signer.jwks());
  app.get('/:tenant/discovery/v2.0/keys', keys);
  app.get('/:tenant/discovery/keys', keys);
  app.get('/discovery/v2.0/keys', keys);
  app.get('/discovery/keys', keys);

  app.get('/:tenant/discovery/instance', async (req: FastifyRequest<{ Querystring: { authorization_endpoint?: string } }>, reply) => {
    const base = ctx.baseUrl(req);
    const host = new URL(base).host;
    let tenant = 'common';
    try {
      const u = new URL(req.query.authorization_endpoint ?? '');
      if (u.host === host) tenant = u.pathname.split('/').filter(Boolean)[0] ?? 'common';
    } catch {
      // No or a foreign authorization endpoint: describe `common`, as Microsoft does.
    }
    return reply.send({
      tenant_discovery_endpoint: `${base}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
}
