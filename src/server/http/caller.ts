import type { FastifyRequest } from 'fastify';
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import { ApiError } from './api-error';

/** The verified caller of an /api route (the bearer hook has run); a route outside /api asking is a bug. */
export function callerOf(request: FastifyRequest): CallerIdentity {
  if (!request.caller) throw new ApiError(500, 'internal_error', 'The caller is unknown.');
  return request.caller;
}
