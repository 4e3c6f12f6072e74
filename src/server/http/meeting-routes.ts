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
 * Errors: 400 with the draft's code (all_day_not_supported, meeting_too_long, unknown_time_zone, ...)
 * and nothing created or changed; 404 meeting_not_found for another user's meeting or an unknown
 * one; 409 webex_not_linked or webex_reauthorization_required when the caller's Webex link needs
 * them (their bearer token was fine, so not 401); 503 webex_unavailable with Retry-After when
 * Webex keeps failing.
 */
import type { FastifyInstance } from 'fastify';
import type { MeetingService } from '../meetings/meeting-service';
import { callerOf } from './caller';

export interface MeetingRoutesOptions {
  meetings: MeetingService;
}

interface IdParams {
  id: string;
}

export async function meetingRoutes(app: FastifyInstance, { meetings }: MeetingRoutesOptions): Promise<void> {
  app.post('/meetings', async (request, reply) => {
    const details = await meetings.create(callerOf(request), request.body);
    return reply.code(201).send(details);
  });

  app.get<{ Params: IdParams }>('/meetings/:id', async (request) => meetings.get(callerOf(request), request.params.id));

  app.patch<{ Params: IdParams }>('/meetings/:id', async (request) =>
    meetings.update(callerOf(request), request.params.id, request.body),
  );

  app.delete<{ Params: IdParams }>('/meetings/:id', async (request, reply) => {
    await meetings.remove(callerOf(request), request.params.id);
    return reply.code(204).send();
  });
}
