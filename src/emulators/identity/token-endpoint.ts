/**
 * POST /{tenant}/oauth2/v2.0/token: reads the form, resolves the tenant, dispatches on grant_type.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AadstsError, tenantNotFound } from './aadsts-error';
import { authorizationCodeGrant } from './authorization-code-grant';
import { clientCredentialsGrant } from './client-credentials-grant';
import { correlationId, sendAadstsError, type IdentityContext } from './identity-context';
import { JWT_BEARER_GRANT, onBehalfOfGrant } from './on-behalf-of-grant';
import { passwordGrant } from './password-grant';
import { refreshTokenGrant } from './refresh-token-grant';
import type { GrantDeps, TokenRequest, TokenResponse } from './token-request';

type Grant = (deps: GrantDeps, req: TokenRequest) => Promise<TokenResponse>;

const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  [JWT_BEARER_GRANT]: onBehalfOfGrant,
};

function formOf(body: unknown): Record<string, string | undefined> {
  if (typeof body !== 'object' || body === null) return {};
  const form: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') form[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') form[k] = v[0];
  }
  return form;
}

export function registerTokenEndpoint(app: FastifyInstance, ctx: IdentityContext): void {
  const deps: GrantDeps = { state: ctx.state, signer: ctx.signer };

  app.post('/:tenant/oauth2/v2.0/token', async (req: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    try {
      const segment = ctx.state.resolveTenant(req.params.tenant);
      if (!segment) throw tenantNotFound(req.params.tenant);
      // Microsoft reads only form-encoded bodies; JSON leaves every parameter missing.
      const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '') ? formOf(req.body) : {};
      const grantType = form.grant_type;
      if (!grantType)
        throw new AadstsError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
      const grant = GRANTS[grantType];
      if (!grant) {
        throw new AadstsError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
      }
      const origin = req.headers.origin;
      const response = await grant(deps, {
        form,
        authorization: req.headers.authorization,
        origin: typeof origin === 'string' ? origin : undefined,
        tenantSegment: segment,
        tenantLabel: req.params.tenant,
        baseUrl: ctx.baseUrl(req),
      });
      ctx.state.countToken(grantType === JWT_BEARER_GRANT ? 'on_behalf_of' : grantType);
      return reply
        .header('cache-control', 'no-store, no-cache')
        .header('pragma', 'no-cache')
        .header('x-ms-request-id', randomUUID())
        .header('client-request-id', correlationId(req))
        .send(response);
    } catch (e) {
      return sendAadstsError(ctx, req, reply, e);
    }
  });

  app.get('/:tenant/oauth2/v2.0/token', async (req, reply) =>
    sendAadstsError(
      ctx,
      req,
      reply,
      new AadstsError('invalid_request', 900561, 'The endpoint only accepts POST, OPTIONS requests. Received a GET request.'),
    ),
  );
}
