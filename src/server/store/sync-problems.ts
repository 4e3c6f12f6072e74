/**
 * What keeps an event out of step with its Webex meeting, while it does (an appointment longer than
 * Webex allows, a refusal of Webex, a lost authorization…): one code per event, so that the
 * organizer sees it in the task pane. Only codes and ids are kept. The sync engine writes it when it
 * cannot apply a change and clears it when the event syncs again.
 */
import type { StoreContext } from './store-context';

export interface EventSyncProblem {
  eventId: string;
  /** The Webex meeting or occurrence (`<seriesId>_<stamp>`) concerned, when known. */
  meetingId?: string;
  code: string;
  at: Date;
}

interface ProblemRecord {
  event_id: string;
  meeting_id: string | null;
  code: string;
  occurred_at: Date;
}

const toProblem = (r: ProblemRecord): EventSyncProblem => ({
  eventId: r.event_id,
  ...(r.meeting_id !== null ? { meetingId: r.meeting_id } : {}),
  code: r.code,
  at: r.occurred_at,
});

/** LIKE pattern of a series' occurrences, `<seriesId>_...`, with the pattern characters of the id escaped. */
function occurrencesOf(seriesMeetingId: string): string {
  return `${seriesMeetingId.replace(/[\\%_]/g, (c) => `\\${c}`)}\\_%`;
}

export function createSyncProblemRepository({ db }: StoreContext) {
  return {
    /** Records (or replaces) the event's problem; a user unknown to the store records nothing. */
    async set(input: { tenantId: string; userId: string; eventId: string; meetingId?: string; code: string; at?: Date }): Promise<void> {
      await db.query(
        `INSERT INTO event_sync_problems (tenant_id, user_id, event_id, meeting_id, code, occurred_at)
         SELECT $1, $2, $3, $4, $5, COALESCE($6::timestamptz, now())
         WHERE EXISTS (SELECT 1 FROM users WHERE tenant_id = $1 AND user_id = $2)
         ON CONFLICT (tenant_id, user_id, event_id) DO UPDATE SET
           meeting_id = COALESCE(EXCLUDED.meeting_id, event_sync_problems.meeting_id), code = EXCLUDED.code, occurred_at = EXCLUDED.occurred_at`,
        [input.tenantId, input.userId, input.eventId, input.meetingId ?? null, input.code.slice(0, 100), input.at ?? null],
      );
    },

    /** The event is in step again; answers whether it had a problem. */
    async clear(tenantId: string, userId: string, eventId: string): Promise<boolean> {
      const rows = await db.query(
        `DELETE FROM event_sync_problems WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3 RETURNING event_id`,
        [tenantId, userId, eventId],
      );
      return rows.length > 0;
    },

    async get(tenantId: string, userId: string, eventId: string): Promise<EventSyncProblem | undefined> {
      const [row] = await db.query<ProblemRecord>(
        `SELECT event_id, meeting_id, code, occurred_at FROM event_sync_problems WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3`,
        [tenantId, userId, eventId],
      );
      return row && toProblem(row);
    },

    /** The user's problems about a meeting: the series (or single meeting) and its occurrences, oldest first. */
    async listForMeeting(tenantId: string, userId: string, meetingId: string): Promise<EventSyncProblem[]> {
      const rows = await db.query<ProblemRecord>(
        `SELECT event_id, meeting_id, code, occurred_at FROM event_sync_problems
         WHERE tenant_id = $1 AND user_id = $2 AND (meeting_id = $3 OR meeting_id LIKE $4)
         ORDER BY occurred_at, event_id`,
        [tenantId, userId, meetingId, occurrencesOf(meetingId)],
      );
      return rows.map(toProblem);
    },
  };
}
