/**
 * Webex meetings the add-in created for a user (POST /api/meetings). A meeting that never got an
 * Outlook event (the draft was discarded) is found by listMeetingsWithoutEvent and swept.
 */
import { requireUser } from './require-user';
import type { StoreContext } from './store-context';

export interface MeetingRow {
  /** Webex meeting id (the series id for a series). */
  meetingId: string;
  tenantId: string;
  userId: string;
  seriesId: string | undefined;
  /** The IANA zone the meeting was scheduled in (Webex reads meetings back in UTC unless asked). */
  timeZone: string | undefined;
  createdAt: Date;
}

export interface NewMeeting {
  meetingId: string;
  tenantId: string;
  userId: string;
  seriesId?: string;
  timeZone?: string;
  createdAt?: Date;
}

interface MeetingRecord {
  meeting_id: string;
  tenant_id: string;
  user_id: string;
  series_id: string | null;
  time_zone: string | null;
  created_at: Date;
}

const COLUMNS = 'meeting_id, tenant_id, user_id, series_id, time_zone, created_at';

function toMeeting(r: MeetingRecord): MeetingRow {
  return {
    meetingId: r.meeting_id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    seriesId: r.series_id ?? undefined,
    timeZone: r.time_zone ?? undefined,
    createdAt: r.created_at,
  };
}

export function createMeetingRepository({ db }: StoreContext) {
  return {
    /**
     * Records the meeting; recording the same meeting again (a retried request) changes nothing
     * and resolves to the row stored first. The user must exist ('user_unknown' otherwise).
     */
    async create(input: NewMeeting): Promise<MeetingRow> {
      const [created] = await requireUser(() =>
        db.query<MeetingRecord>(
          `INSERT INTO meetings (meeting_id, tenant_id, user_id, series_id, time_zone, created_at)
           VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))
           ON CONFLICT (meeting_id) DO NOTHING
           RETURNING ${COLUMNS}`,
          [input.meetingId, input.tenantId, input.userId, input.seriesId ?? null, input.timeZone ?? null, input.createdAt ?? null],
        ),
      );
      if (created) return toMeeting(created);
      const [existing] = await db.query<MeetingRecord>(`SELECT ${COLUMNS} FROM meetings WHERE meeting_id = $1`, [input.meetingId]);
      return toMeeting(existing as MeetingRecord);
    },

    /** The meeting if this user owns it; another user's meeting is undefined, as is an unknown one. */
    async get(tenantId: string, userId: string, meetingId: string): Promise<MeetingRow | undefined> {
      const [row] = await db.query<MeetingRecord>(
        `SELECT ${COLUMNS} FROM meetings WHERE tenant_id = $1 AND user_id = $2 AND meeting_id = $3`,
        [tenantId, userId, meetingId],
      );
      return row && toMeeting(row);
    },

    async delete(tenantId: string, userId: string, meetingId: string): Promise<boolean> {
      const rows = await db.query(`DELETE FROM meetings WHERE tenant_id = $1 AND user_id = $2 AND meeting_id = $3 RETURNING meeting_id`, [
        tenantId,
        userId,
        meetingId,
      ]);
      return rows.length > 0;
    },

    /** Records the zone a meeting was moved to. */
    async setTimeZone(tenantId: string, userId: string, meetingId: string, timeZone: string): Promise<void> {
      await db.query(`UPDATE meetings SET time_zone = $4 WHERE tenant_id = $1 AND user_id = $2 AND meeting_id = $3`, [
        tenantId,
        userId,
        meetingId,
        timeZone,
      ]);
    },

    /** Meetings created before `olderThan` that no event is linked to, oldest first. */
    async listWithoutEvent(olderThan: Date, limit = 100): Promise<MeetingRow[]> {
      const rows = await db.query<MeetingRecord>(
        `SELECT ${COLUMNS} FROM meetings m
         WHERE m.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM event_links l WHERE l.tenant_id = m.tenant_id AND l.meeting_id = m.meeting_id)
         ORDER BY m.created_at, m.meeting_id
         LIMIT $2`,
        [olderThan, limit],
      );
      return rows.map(toMeeting);
    },
  };
}
