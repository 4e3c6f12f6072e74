/**
 * What the identity emulator's route modules share: the state, the signer, the public base URL,
 * and how a failure is answered (Entra's JSON error body with trace and correlation ids; MSAL
 * sends `client-request-id`, which Microsoft echoes as the correlation id).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AadstsError, aadstsErrorBody, toError } from './aadsts-error';
import type { IdentityState } from './identity-state';
import type { TokenSigner } from './token-signer';

export interface IdentityContext {
  state: IdentityState;
  signer: TokenSigner;
  /** https://localhost:<port>, without a trailing slash. */
  baseUrl(req: FastifyRequest): string;
}

export function correlationId(req: FastifyRequest): string {
  const h = req.headers['client-request-id'];
  return typeof h === 'string' && h ? h : randomUUID();
}

/** Answers with Entra's error body; anything that is not an AadstsError becomes AADSTS50000 (500). */
export function sendAadstsError(ctx: IdentityContext, req: FastifyRequest, reply: FastifyReply, e: unknown): FastifyReply {
  const err =
    e instanceof AadstsError ? e : new AadstsError('server_error', 50000, `There was an error issuing a token. ${toError(e).message}`, 500);
  const traceId = randomUUID();
  const corr = correlationId(req);
  return reply
    .code(err.status)
    .header('cache-control', 'no-store, no-cache')
    .header('pragma', 'no-cache')
    .header('x-ms-request-id', traceId)
    .header('client-request-id', corr)
    .send(aadstsErrorBody(err, { traceId, correlationId: corr, now: new Date(ctx.state.now() * 1000), baseUrl: ctx.baseUrl(req) }));
}
