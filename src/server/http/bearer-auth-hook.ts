/**
 * The onRequest hook that guards /api: it reads `Authorization: Bearer <token>`, verifies the
 * token and sets request.caller, or answers 401 with a code and a WWW-Authenticate challenge
 * (RFC 6750 section 3: no error attribute when no token was sent at all).
 *
 * It runs before the body is read, so an anonymous caller cannot make us parse anything.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, AuthUnavailableError } from '../auth/auth-error';
import type { BearerTokenVerifier, CallerIdentity } from '../auth/bearer-token-verifier';
import { toError } from '../errors';
import { ApiError } from './api-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the bearer token is verified (set on /api routes only). */
    caller: CallerIdentity | null;
  }
}

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

function challenge(realm: string, error?: AuthError): string {
  if (!error || error.code === 'token_missing') return `Bearer realm="${realm}"`;
  const rfcError = error.code === 'token_scope' ? 'insufficient_scope' : 'invalid_token';
  return `Bearer realm="${realm}", error="${rfcError}", error_description="${error.code}"`;
}

export interface BearerAuthHookOptions {
  verify: BearerTokenVerifier;
  /** Named in the challenge; the API's audience. */
  realm: string;
  /** Called when a token is refused, before the 401 is sent (rate limiting of anonymous callers). */
  onRefused?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function bearerAuthHook(options: BearerAuthHookOptions) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Preflight requests carry no credentials by design (Fetch standard); CORS answers them.
    if (request.method === 'OPTIONS') return;
    const header = request.headers.authorization;
    let failure: AuthError;
    if (header === undefined || header.trim() === '') {
      failure = new AuthError('token_missing', 'Sign in: this request needs an access token.');
    } else {
      const match = BEARER.exec(header);
      if (!match) {
        failure = new AuthError('token_invalid', 'The Authorization header must be "Bearer" and an access token.');
      } else {
        try {
          request.caller = await options.verify(match[1] as string);
          return;
        } catch (thrown) {
          if (thrown instanceof AuthUnavailableError) {
            request.log.error({ err: thrown, code: thrown.code }, 'identity provider keys unavailable');
            throw new ApiError(503, thrown.code, 'Sign-in cannot be checked right now; try again shortly.', { 'Retry-After': '30' });
          }
          if (!(thrown instanceof AuthError)) throw toError(thrown);
          failure = thrown;
        }
      }
    }
    if (options.onRefused) await options.onRefused(request, reply);
    throw new ApiError(401, failure.code, failure.message, { 'WWW-Authenticate': challenge(options.realm, failure) });
  };
}
