/**
 * Whose meeting an /api request is about: the caller's own, or — with `?onBehalfOf=<owner's user
 * id, principal name or mail>` — the calendar owner's, once meetings/delegation.ts has checked
 * that the caller is that owner's delegate (on every request, never trusting the client). Every
 * route under /api/meetings/:id (meeting-routes.ts, meeting-sync-routes.ts) and the Webex option
 * routes ask here, so that a delegate sees and changes exactly what the owner would.
 */
import type { FastifyRequest } from 'fastify';
import type { Acting, Delegation } from '../meetings/delegation';
import { ApiError } from './api-error';
import { callerOf } from './caller';

/** A query parameter naming a user: absent, or a non-empty string (400 invalid_owner otherwise). */
export function ownerQueryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ApiError(400, 'invalid_owner', `${name} must be a user id or a mailbox address.`);
  return value.trim();
}

export function bearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer +(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
}

/** The caller, or the owner a verified delegate names; without `delegation`, `onBehalfOf` is refused (501 delegation_unavailable). */
export async function actingOf(request: FastifyRequest, delegation: Delegation | undefined): Promise<Acting> {
  const caller = callerOf(request);
  const onBehalfOf = ownerQueryValue(request, 'onBehalfOf');
  if (onBehalfOf === undefined) return { identity: caller, delegated: false };
  if (!delegation) throw new ApiError(501, 'delegation_unavailable', 'This deployment does not let delegates schedule meetings.');
  return delegation.actingFor(caller, bearerOf(request), onBehalfOf);
}
