/**
 * What the task pane asks about a meeting besides its details (meeting-routes.ts):
 *
 * - GET /api/meetings/:id/sync — whether the Webex meeting is in step with its appointment:
 *   `{ status: 'inStep' | 'outOfStep' | 'notLinked', problems: [{ code, at, occurrence? }] }`;
 * - POST /api/meetings/:id/sync/retry — syncs the event now, compared with what Webex has; answers
 *   the state after (409 meeting_not_linked before the event is saved; 503 sync_retry_failed when
 *   Graph or Webex does not answer);
 * - GET /api/meetings/:id/invitees — Webex's invitees: `{ items: [{ email, displayName?, coHost }] }`;
 * - PUT /api/meetings/:id/invitees — body `{ items: [{ email, displayName?, coHost? }] }`: Webex's
 *   invitees made these (400 too_many_invitees beyond 1000, alternate_host_not_allowed for someone
 *   outside the host's Webex organization, invitees_not_supported for a personal room);
 * - POST /api/webex/alternate-hosts — body `{ emails: [...] }` (at most 100): for each, whether
 *   Webex lets them be an alternate host, `{ items: [{ email, eligible, reason? }] }`.
 *
 * - GET /api/webex/meeting-choices — the Webex sites the user hosts on and their meeting templates
 *   (meetings/meeting-choices.ts): `{ sites: [{ siteUrl, preferred }], templates: [{ id, name, siteUrl, isDefault }] }`;
 * - GET /api/webex/templates/:id — what a template sets: `{ options: { joinBeforeHost, joinBeforeHostMinutes,
 *   autoRecord, audio?, lobby? } }` (404 template_not_found).
 *
 * Each takes `?onBehalfOf=<owner>` as the meeting routes do (acting.ts): a delegate reads and
 * retries the owner's meeting, and is refused (403 delegate_access_required) for anyone else's.
 */
import type { FastifyInstance } from 'fastify';
import type { Delegation } from '../meetings/delegation';
import type { MeetingChoicesService } from '../meetings/meeting-choices';
import type { InviteeService } from '../meetings/meeting-invitees';
import type { MeetingSyncStateService } from '../meetings/meeting-sync-state';
import { ApiError } from './api-error';
import { actingOf } from './acting';

export interface MeetingSyncRoutesOptions {
  invitees: InviteeService;
  syncState: MeetingSyncStateService;
  /** Delegates' requests; without it `onBehalfOf` is refused (501 delegation_unavailable). */
  delegation?: Delegation;
  choices?: MeetingChoicesService;
}

interface IdParams {
  id: string;
}

function field(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'invalid_request', 'The body must be a JSON object.');
  return (body as Record<string, unknown>)[name];
}

export async function meetingSyncRoutes(
  app: FastifyInstance,
  { invitees, syncState, delegation, choices }: MeetingSyncRoutesOptions,
): Promise<void> {
  if (choices) {
    app.get('/webex/meeting-choices', async (request) => {
      const { identity, delegated } = await actingOf(request, delegation);
      return choices.choices(identity, { delegated });
    });
    app.get<{ Params: IdParams }>('/webex/templates/:id', async (request) => {
      const { identity, delegated } = await actingOf(request, delegation);
      return choices.template(identity, request.params.id, { delegated });
    });
  }

  app.get<{ Params: IdParams }>('/meetings/:id/sync', async (request) => {
    const { identity } = await actingOf(request, delegation);
    return syncState.get(identity, request.params.id);
  });

  app.post<{ Params: IdParams }>('/meetings/:id/sync/retry', async (request) => {
    const { identity } = await actingOf(request, delegation);
    return syncState.retry(identity, request.params.id);
  });

  app.get<{ Params: IdParams }>('/meetings/:id/invitees', async (request) => {
    const { identity, delegated } = await actingOf(request, delegation);
    return { items: await invitees.list(identity, request.params.id, { delegated }) };
  });

  app.put<{ Params: IdParams }>('/meetings/:id/invitees', async (request) => {
    const { identity, delegated } = await actingOf(request, delegation);
    return { items: await invitees.set(identity, request.params.id, field(request.body, 'items'), { delegated }) };
  });

  app.post('/webex/alternate-hosts', async (request) => {
    const { identity, delegated } = await actingOf(request, delegation);
    return { items: await invitees.alternateHostCandidates(identity, field(request.body, 'emails'), { delegated }) };
  });
}
