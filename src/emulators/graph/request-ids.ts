/**
 * Graph gives every request a `request-id` and echoes the caller's `client-request-id` (or reuses
 * the request id when the caller sent none), both as response headers and inside error bodies.
 * The ids are remembered per request so that a fault injected before routing carries the same ids
 * in its body as in its headers.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { RequestIds } from './graph-error';

const idsByRequest = new WeakMap<FastifyRequest, RequestIds>();

export function requestIdsOf(req: FastifyRequest): RequestIds {
  let ids = idsByRequest.get(req);
  if (!ids) {
    const requestId = randomUUID();
    const given = req.headers['client-request-id'];
    const clientRequestId = typeof given === 'string' && given.trim() !== '' ? given.trim() : requestId;
    ids = { requestId, clientRequestId };
    idsByRequest.set(req, ids);
  }
  return ids;
}
