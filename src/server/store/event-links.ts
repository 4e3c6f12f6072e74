/**
 * Links between an Outlook event (Graph immutable id) and the Webex meeting kept equal to it, with
 * the event's state as last synced. Subjects are never stored: `subjectHash` is the store's keyed
 * fingerprint of the subject (store.fingerprint), enough to tell whether it changed; nor are
 * attendees: `attendeesHash` is the fingerprint of their sorted addresses.
 */
import { gatheredStatement } from './gathered-statement';
import { requireUser } from './require-user';
import { UNIQUE_VIOLATION, sqlState } from './sql-errors';
import type { StoreContext } from './store-context';
import { StoreError } from './store-error';
import { toError } from '../errors';

export interface SyncState {
  /** Graph's changeKey of the event version that was synced. */
  changeKey: string;
  startUtc: Date;
  endUtc: Date;
  subjectHash: string;
  /** Fingerprint of the recurrence pattern; null for a single event. */
  recurrenceHash: string | null;
  /**
   * Keyed fingerprint of the attendees' sorted addresses (core/invitees attendeeSetText); '-' for a
   * meeting that keeps no invitees; null or absent when not known (a link made before attendees were followed).
   */
  attendeesHash?: string | null;
}

export interface EventLink {
  tenantId: string;
  userId: string;
  eventId: string;
  meetingId: string;
  lastSynced: SyncState;
  syncedAt: Date;
  createdAt: Date;
}

export interface NewEventLink {
  tenantId: string;
  userId: string;
  eventId: string;
  meetingId: string;
  lastSynced: SyncState;
}

/** One event of one mailbox. */
export interface EventKey {
  tenantId: string;
  userId: string;
  eventId: string;
}

export interface LinkRecord {
  tenant_id: string;
  user_id: string;
  event_id: string;
  meeting_id: string;
  change_key: string;
  start_utc: Date;
  end_utc: Date;
  subject_hash: string;
  recurrence_hash: string | null;
  attendees_hash: string | null;
  synced_at: Date;
  created_at: Date;
}

export const LINK_COLUMNS =
  'tenant_id, user_id, event_id, meeting_id, change_key, start_utc, end_utc, subject_hash, recurrence_hash, attendees_hash, synced_at, created_at';

export function toLink(r: LinkRecord): EventLink {
  return {
    tenantId: r.tenant_id,
    userId: r.user_id,
    eventId: r.event_id,
    meetingId: r.meeting_id,
    lastSynced: {
      changeKey: r.change_key,
      startUtc: r.start_utc,
      endUtc: r.end_utc,
      subjectHash: r.subject_hash,
      recurrenceHash: r.recurrence_hash,
      attendeesHash: r.attendees_hash,
    },
    syncedAt: r.synced_at,
    createdAt: r.created_at,
  };
}

function meetingAlreadyLinked(cause?: unknown): StoreError {
  return new StoreError('meeting_already_linked', 'the meeting is linked to another event (a copy needs its own meeting)', { cause });
}

interface SyncedUpdate {
  tenantId: string;
  userId: string;
  eventId: string;
  lastSynced: SyncState;
}

/** How long a finished job's write waits for others' (ms): short beside a job's Graph and Webex calls. */
const SYNCED_WRITE_WINDOW_MS = 5;
const MAX_SYNCED_WRITES_GATHERED = 64;

export function createEventLinkRepository({ db, gather }: StoreContext) {
  const updateOne = async (u: SyncedUpdate): Promise<EventLink | undefined> => {
    const { lastSynced: s } = u;
    const [row] = await db.query<LinkRecord>(
      `UPDATE event_links SET change_key = $4, start_utc = $5, end_utc = $6, subject_hash = $7, recurrence_hash = $8, attendees_hash = $9, synced_at = now()
       WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3
       RETURNING ${LINK_COLUMNS}`,
      [u.tenantId, u.userId, u.eventId, s.changeKey, s.startUtc, s.endUtc, s.subjectHash, s.recurrenceHash, s.attendeesHash ?? null],
    );
    return row && toLink(row);
  };
  // One UPDATE for several links, each row given its own values; an unlinked event's row is absent.
  const updateMany = async (updates: readonly SyncedUpdate[]): Promise<Array<EventLink | undefined>> => {
    const column = <T>(of: (u: SyncedUpdate) => T): T[] => updates.map(of);
    const rows = await db.query<LinkRecord & { i: string }>(
      `UPDATE event_links AS l SET change_key = v.change_key, start_utc = v.start_utc, end_utc = v.end_utc,
         subject_hash = v.subject_hash, recurrence_hash = v.recurrence_hash, attendees_hash = v.attendees_hash, synced_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS v (tenant_id, user_id, event_id, change_key, start_utc, end_utc, subject_hash, recurrence_hash, attendees_hash, i)
       WHERE l.tenant_id = v.tenant_id AND l.user_id = v.user_id AND l.event_id = v.event_id
       RETURNING v.i, ${LINK_COLUMNS.split(', ')
         .map((c) => `l.${c}`)
         .join(', ')}`,
      [
        column((u) => u.tenantId),
        column((u) => u.userId),
        column((u) => u.eventId),
        column((u) => u.lastSynced.changeKey),
        column((u) => u.lastSynced.startUtc.toISOString()),
        column((u) => u.lastSynced.endUtc.toISOString()),
        column((u) => u.lastSynced.subjectHash),
        column((u) => u.lastSynced.recurrenceHash),
        column((u) => u.lastSynced.attendeesHash ?? null),
      ],
    );
    const byIndex = new Map(rows.map((r) => [Number(r.i), toLink(r)]));
    return updates.map((_, i) => byIndex.get(i + 1));
  };
  const recordSynced = gather
    ? gatheredStatement(updateMany, updateOne, {
        windowMs: SYNCED_WRITE_WINDOW_MS,
        maxCalls: MAX_SYNCED_WRITES_GATHERED,
        keyOf: (u) => `${u.tenantId}/${u.userId}/${u.eventId}`,
      })
    : updateOne;

  async function getLinkByMeeting(tenantId: string, meetingId: string): Promise<EventLink | undefined> {
    const [row] = await db.query<LinkRecord>(`SELECT ${LINK_COLUMNS} FROM event_links WHERE tenant_id = $1 AND meeting_id = $2`, [
      tenantId,
      meetingId,
    ]);
    return row && toLink(row);
  }

  return {
    /**
     * Links the event to the meeting (or relinks an event already linked). A meeting linked to a
     * different event of the tenant is refused with 'meeting_already_linked': that event is a copy.
     */
    async linkEvent(input: NewEventLink): Promise<EventLink> {
      // Checked first so that, inside a caller's transaction, the refusal leaves it usable; the
      // unique constraint still decides between two writers racing.
      const holder = await getLinkByMeeting(input.tenantId, input.meetingId);
      if (holder && (holder.userId !== input.userId || holder.eventId !== input.eventId)) throw meetingAlreadyLinked();
      const s = input.lastSynced;
      try {
        const [row] = await requireUser(() =>
          db.query<LinkRecord>(
            `INSERT INTO event_links (tenant_id, user_id, event_id, meeting_id, change_key, start_utc, end_utc, subject_hash, recurrence_hash, attendees_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (tenant_id, user_id, event_id) DO UPDATE SET
               meeting_id = EXCLUDED.meeting_id, change_key = EXCLUDED.change_key, start_utc = EXCLUDED.start_utc,
               end_utc = EXCLUDED.end_utc, subject_hash = EXCLUDED.subject_hash, recurrence_hash = EXCLUDED.recurrence_hash,
               attendees_hash = EXCLUDED.attendees_hash, synced_at = now()
             RETURNING ${LINK_COLUMNS}`,
            [
              input.tenantId,
              input.userId,
              input.eventId,
              input.meetingId,
              s.changeKey,
              s.startUtc,
              s.endUtc,
              s.subjectHash,
              s.recurrenceHash,
              s.attendeesHash ?? null,
            ],
          ),
        );
        return toLink(row as LinkRecord);
      } catch (thrown) {
        if (sqlState(thrown) === UNIQUE_VIOLATION) throw meetingAlreadyLinked(thrown);
        throw toError(thrown);
      }
    },

    async getByEvent(tenantId: string, userId: string, eventId: string): Promise<EventLink | undefined> {
      const [row] = await db.query<LinkRecord>(
        `SELECT ${LINK_COLUMNS} FROM event_links WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3`,
        [tenantId, userId, eventId],
      );
      return row && toLink(row);
    },

    /**
     * The changeKey last synced of each of these events that is linked, in one query, keyed
     * `tenantId/userId/eventId` (the receiver's echo check for a whole batch of notifications).
     */
    async getSyncedChangeKeys(keys: readonly EventKey[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      if (keys.length === 0) return found;
      const rows = await db.query<{ tenant_id: string; user_id: string; event_id: string; change_key: string }>(
        `SELECT l.tenant_id, l.user_id, l.event_id, l.change_key
         FROM event_links l JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (tenant_id, user_id, event_id)
           ON l.tenant_id = k.tenant_id AND l.user_id = k.user_id AND l.event_id = k.event_id`,
        [keys.map((k) => k.tenantId), keys.map((k) => k.userId), keys.map((k) => k.eventId)],
      );
      for (const r of rows) found.set(`${r.tenant_id}/${r.user_id}/${r.event_id}`, r.change_key);
      return found;
    },

    /** The link holding this meeting, whichever user's event it is. */
    getByMeeting: getLinkByMeeting,

    /**
     * Records the state just synced; undefined when the event is not linked. The jobs that end
     * within a few milliseconds of each other record in one statement (gathered-statement.ts).
     */
    async updateSyncState(tenantId: string, userId: string, eventId: string, lastSynced: SyncState): Promise<EventLink | undefined> {
      return recordSynced({ tenantId, userId, eventId, lastSynced });
    },

    /**
     * Records the attendees Webex now has for the linked event (the task pane set the invitees);
     * undefined when the event is not linked.
     */
    async setAttendeesHash(
      tenantId: string,
      userId: string,
      eventId: string,
      attendeesHash: string | null,
    ): Promise<EventLink | undefined> {
      const [row] = await db.query<LinkRecord>(
        `UPDATE event_links SET attendees_hash = $4 WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3 RETURNING ${LINK_COLUMNS}`,
        [tenantId, userId, eventId, attendeesHash],
      );
      return row && toLink(row);
    },

    /** Forgets the link, and the event's sync problem with it. */
    async delete(tenantId: string, userId: string, eventId: string): Promise<boolean> {
      await db.query(`DELETE FROM event_sync_problems WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3`, [
        tenantId,
        userId,
        eventId,
      ]);
      const rows = await db.query(`DELETE FROM event_links WHERE tenant_id = $1 AND user_id = $2 AND event_id = $3 RETURNING event_id`, [
        tenantId,
        userId,
        eventId,
      ]);
      return rows.length > 0;
    },

    async listForUser(tenantId: string, userId: string): Promise<EventLink[]> {
      const rows = await db.query<LinkRecord>(
        `SELECT ${LINK_COLUMNS} FROM event_links WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at, event_id`,
        [tenantId, userId],
      );
      return rows.map(toLink);
    },
  };
}
