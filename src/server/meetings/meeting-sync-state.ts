/**
 * Whether a meeting is in step with its appointment, as the task pane asks: the sync problems the
 * sync engine recorded for the event and its occurrences (by code, with when they happened), or
 * none. And "try again": the event synced now, compared with what Webex has (sync-event's retry),
 * then the state answered afresh.
 *
 * - inStep: the event is linked and nothing is out of step;
 * - outOfStep: at least one problem, which the pane shows with its ways forward;
 * - notLinked: the backend has not seen the event yet (not saved, or the calendar not followed).
 */
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import { DomainError } from '../errors';
import type { MeetingRepository, EventLinkRepository, SyncProblemRepository } from '../store';
import type { MeetingSyncState } from '../../core/api-types';

/** Syncs one event now, compared with Webex (retry); resolves when done. */
export type RetrySync = (tenantId: string, userId: string, eventId: string) => Promise<void>;

export interface MeetingSyncStateDeps {
  store: {
    meetings: Pick<MeetingRepository, 'get'>;
    links: Pick<EventLinkRepository, 'getByMeeting'>;
    syncProblems: Pick<SyncProblemRepository, 'listForMeeting'>;
  };
  retrySync?: RetrySync;
}

export interface MeetingSyncStateService {
  get(caller: CallerIdentity, meetingId: string): Promise<MeetingSyncState>;
  retry(caller: CallerIdentity, meetingId: string): Promise<MeetingSyncState>;
}

const OCCURRENCE_ID = /^(.+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function occurrenceStart(meetingId: string | undefined): string | undefined {
  const m = meetingId === undefined ? null : OCCURRENCE_ID.exec(meetingId);
  return m ? `${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}.000Z` : undefined;
}

function notFound(): DomainError {
  return new DomainError('not_found', 'meeting_not_found', 'There is no such meeting.');
}

export function createMeetingSyncStateService(deps: MeetingSyncStateDeps): MeetingSyncStateService {
  const { store } = deps;

  /** The series (or single meeting) the caller owns that this id names. */
  async function seriesOf(caller: CallerIdentity, meetingId: string): Promise<string> {
    if (meetingId.length === 0 || meetingId.length > 200) throw notFound();
    const series = OCCURRENCE_ID.exec(meetingId)?.[1] ?? meetingId;
    if (!(await store.meetings.get(caller.tenantId, caller.userId, series))) throw notFound();
    return series;
  }

  async function stateOf(caller: CallerIdentity, series: string): Promise<MeetingSyncState> {
    const link = await store.links.getByMeeting(caller.tenantId, series);
    const problems = (await store.syncProblems.listForMeeting(caller.tenantId, caller.userId, series)).map((p) => {
      const occurrence = occurrenceStart(p.meetingId);
      return { code: p.code, at: p.at.toISOString(), ...(occurrence ? { occurrence } : {}) };
    });
    const linked = link !== undefined && link.userId === caller.userId;
    return { status: problems.length > 0 ? 'outOfStep' : linked ? 'inStep' : 'notLinked', problems };
  }

  return {
    async get(caller, meetingId) {
      return stateOf(caller, await seriesOf(caller, meetingId));
    },

    async retry(caller, meetingId) {
      const series = await seriesOf(caller, meetingId);
      const link = await store.links.getByMeeting(caller.tenantId, series);
      if (!link || link.userId !== caller.userId) {
        throw new DomainError(
          'conflict',
          'meeting_not_linked',
          'The appointment has not been saved yet, or its calendar is not followed: there is nothing to try again.',
        );
      }
      if (!deps.retrySync) throw new DomainError('unavailable', 'sync_unavailable', 'This backend does not keep meetings in step.');
      try {
        await deps.retrySync(caller.tenantId, caller.userId, link.eventId);
      } catch (thrown) {
        // Graph or Webex not answering: the pane offers to try again later.
        throw new DomainError('unavailable', 'sync_retry_failed', 'The change could not be applied right now; try again in a moment.', {
          cause: thrown,
          retryAfterSeconds: 30,
        });
      }
      return stateOf(caller, series);
    },
  };
}
