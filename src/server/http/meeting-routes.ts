/**
 * The caller's Webex meetings. The routes only translate HTTP; MeetingService does the work.
 *
 * - POST /api/meetings — body: a meeting draft (src/core/meeting-draft.ts MeetingDraftInput);
 *   201 with the meeting's details.
 * - GET /api/meetings/:id — 200 with the details.
 * - PATCH /api/meetings/:id — body: any of subject, start, end, timeZone, recurrence, options;
 *   200 with the details.
 * - DELETE /api/meetings/:id — 204; Webex sends no cancellation e-mail (Outlook sends its own).
 *
 * Each takes `?onBehalfOf=<owner's user id, principal name or mail>`: a delegate works in the
 * owner's calendar, and the meeting is the owner's (meetings/delegation.ts checks the right on
 * every request). GET /api/delegation?owner=<...> tells a delegate whose calendar it is and what
 * the owner still has to do.
 *
 * Errors: 400 with the draft's code (all_day_not_supported, meeting_too_long, unknown_time_zone, ...)
 * and nothing created or changed; 404 meeting_not_found for another user's meeting or an unknown
 * one; 409 webex_not_linked or webex_reauthorization_required when the caller's Webex link needs
 * them (their bearer token was fine, so not 401); 503 webex_unavailable with Retry-After when
 * Webex keeps failing. A delegate's request also: 403 delegate_access_required, 409
 * delegate_consent_required, 409 owner_webex_not_linked or owner_webex_reauthorization_required,
 * 403 owner_delegation_disabled, 400 invalid_owner.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Delegation } from '../meetings/delegation';
import type { MeetingService } from '../meetings/meeting-service';
import { ApiError } from './api-error';
import { actingOf, bearerOf, ownerQueryValue } from './acting';
import { callerOf } from './caller';

export interface MeetingRoutesOptions {
  meetings: MeetingService;
  /** Delegates' requests; without it `onBehalfOf` is refused (501 delegation_unavailable). */
  delegation?: Delegation;
}

interface IdParams {
  id: string;
}

export async function meetingRoutes(app: FastifyInstance, { meetings, delegation }: MeetingRoutesOptions): Promise<void> {
  /** Whose meeting the request is about: the caller's, or a verified delegate's owner's. */
  const acting = (request: FastifyRequest) => actingOf(request, delegation);

  app.get('/delegation', async (request) => {
    const owner = ownerQueryValue(request, 'owner');
    if (owner === undefined) throw new ApiError(400, 'invalid_owner', 'owner must be a user id or a mailbox address.');
    if (!delegation) throw new ApiError(501, 'delegation_unavailable', 'This deployment does not let delegates schedule meetings.');
    return delegation.status(callerOf(request), bearerOf(request), owner);
  });

  app.post('/meetings', async (request, reply) => {
    const { identity, delegated } = await acting(request);
    const details = await meetings.create(identity, request.body, { delegated });
    // The delegate's meeting is the owner's: follow the owner's calendar, so that later edits reach it.
    if (delegated && delegation) await delegation.followOwner(identity.tenantId, identity.userId);
    return reply.code(201).send(details);
  });

  app.get<{ Params: IdParams }>('/meetings/:id', async (request) => {
    const { identity, delegated } = await acting(request);
    return meetings.get(identity, request.params.id, { delegated });
  });

  app.patch<{ Params: IdParams }>('/meetings/:id', async (request) => {
    const { identity, delegated } = await acting(request);
    return meetings.update(identity, request.params.id, request.body, { delegated });
  });

  app.delete<{ Params: IdParams }>('/meetings/:id', async (request, reply) => {
    const { identity, delegated } = await acting(request);
    await meetings.remove(identity, request.params.id, { delegated });
    return reply.code(204).send();
  });
}
