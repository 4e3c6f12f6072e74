/**
 * Webex's integration OAuth flow: GET /v1/authorize (sign-in and consent pages, then a redirect to
 * redirect_uri with code and state, or with error), POST /v1/access_token (authorization_code,
 * with PKCE when the authorize request carried a code_challenge, and refresh_token).
 *
 * Errors of /v1/access_token come in Webex's body, the identity broker's error inside the message
 * as Webex relays it: "POST failed: HTTP/1.1 400 Bad Request (url = ..., error = '(invalid_grant) ...')".
 * Callers recognise a dead grant by status 400 and "invalid_grant" in the message.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { trackingIdOf, webexErrorBody } from './webex-error';
import { ADMIN_SCOPES, OAuthError, WebexIntegration } from './token-store';
import { chooserPage, consentPage, errorPage } from './authorize-page';
import type { WebexState } from './webex-state';

type Params = Record<string, string | undefined>;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized' };

interface AuthorizeRequest {
  integration: WebexIntegration;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** The parameters to carry through the pages. */
  carry: Record<string, string>;
}

function redirectWith(reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

export function registerOAuthRoutes(app: FastifyInstance, state: WebexState): void {
  /** Checks an authorize request; answers itself (error page or redirect) and returns undefined when it fails. */
  const readAuthorize = (p: Params, reply: FastifyReply): AuthorizeRequest | undefined => {
    const integration = p.client_id ? state.tokens.integrations.get(p.client_id) : undefined;
    if (!integration) {
      reply.code(400).type('text/html; charset=utf-8').send(errorPage('The client_id is not the id of a registered integration.'));
      return undefined;
    }
    const redirectUri = p.redirect_uri;
    // Never redirect to an address the integration did not register.
    if (!redirectUri || !integration.redirectUris.includes(redirectUri)) {
      reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(errorPage('The redirect_uri does not match a redirect URI of the integration.'));
      return undefined;
    }
    const fail = (error: string, description: string) => {
      redirectWith(reply, redirectUri, { error, error_description: description, state: p.state });
      return undefined;
    };
    if (p.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code.');
    const requested = (p.scope ?? '').split(/[\s+]+/).filter(Boolean);
    if (requested.length === 0) return fail('invalid_scope', 'scope is required.');
    const unknown = requested.filter((s) => !integration.scopes.includes(s));
    if (unknown.length) return fail('invalid_scope', `The integration is not registered for ${unknown.join(' ')}.`);
    let method: 'S256' | 'plain' | undefined;
    if (p.code_challenge) {
      const m = p.code_challenge_method ?? 'plain';
      if (m !== 'S256' && m !== 'plain') return fail('invalid_request', 'code_challenge_method must be S256 or plain.');
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(p.code_challenge)) return fail('invalid_request', 'code_challenge is malformed.');
      method = m;
    }
    const carry: Record<string, string> = {};
    for (const k of ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']) {
      const v = p[k];
      if (v !== undefined) carry[k] = v;
    }
    return {
      integration,
      redirectUri,
      scopes: requested,
      state: p.state,
      codeChallenge: p.code_challenge,
      codeChallengeMethod: method,
      carry,
    };
  };

  app.get<{ Querystring: Params }>('/v1/authorize', async (req, reply) => {
    const a = readAuthorize(req.query, reply);
    if (!a) return reply;
    const person = req.query.email ?? req.query.login_hint;
    const found = person ? state.directory.findPerson(person) : undefined;
    reply.type('text/html; charset=utf-8');
    if (!found) return reply.send(chooserPage(a.integration.name, [...state.directory.people.values()], a.carry));
    return reply.send(consentPage(a.integration.name, found, a.scopes, a.carry));
  });

  app.post<{ Body: Params }>('/v1/authorize', async (req, reply) => {
    const p = (req.body ?? {}) as Params;
    const a = readAuthorize(p, reply);
    if (!a) return reply;
    if (p.decision !== 'accept')
      return redirectWith(reply, a.redirectUri, { error: 'access_denied', error_description: 'The user declined.', state: a.state });
    const person = p.email ? state.directory.findPerson(p.email) : undefined;
    if (!person) return reply.code(400).type('text/html; charset=utf-8').send(errorPage('Choose a person to sign in as.'));
    // Admin scopes are granted to admins only; the token's `scope` says what was granted.
    const scopes = person.isAdmin ? a.scopes : a.scopes.filter((s) => !ADMIN_SCOPES.includes(s));
    const code = state.tokens.issueCode({
      clientId: a.integration.clientId,
      redirectUri: a.redirectUri,
      scopes,
      email: person.email,
      codeChallenge: a.codeChallenge,
      codeChallengeMethod: a.codeChallengeMethod,
    });
    return redirectWith(reply, a.redirectUri, { code, state: a.state });
  });

  const oauthError = (req: FastifyRequest, reply: FastifyReply, e: OAuthError) => {
    const trackingId = trackingIdOf(req);
    const message =
      `POST failed: HTTP/1.1 ${e.status} ${STATUS_TEXT[e.status] ?? 'Error'} (url = https://idbroker.webex.com/idb/oauth2/v1/access_token, ` +
      `request/response TrackingId = ${trackingId}, error = '(${e.error}) ${e.message}')`;
    return reply.code(e.status).send(webexErrorBody(message, trackingId, `oauth.${e.error}`));
  };

  app.post('/v1/access_token', async (req, reply) => {
    const p = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Params;
    // Client credentials may also come as HTTP Basic.
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      p.client_id ??= id ? decodeURIComponent(id) : undefined;
      p.client_secret ??= secret ? decodeURIComponent(secret) : undefined;
    }
    const find = (email: string) => state.directory.findPerson(email);
    try {
      switch (p.grant_type) {
        case 'authorization_code':
          return reply.send(
            state.tokens.exchangeCode(
              {
                clientId: p.client_id,
                clientSecret: p.client_secret,
                code: p.code,
                redirectUri: p.redirect_uri,
                codeVerifier: p.code_verifier,
              },
              find,
            ),
          );
        case 'refresh_token':
          return reply.send(
            state.tokens.refresh({ clientId: p.client_id, clientSecret: p.client_secret, refreshToken: p.refresh_token }, find),
          );
        case undefined:
          throw new OAuthError(400, 'invalid_request', 'grant_type is required.');
        default:
          throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${p.grant_type} is not supported.`);
      }
    } catch (e) {
      if (e instanceof OAuthError) return oauthError(req, reply, e);
      throw e;
    }
  });
}
