/**
 * What a sync-event job needs of the store, read in ONE statement before the job reads the event
 * from Graph (docs/architecture.md#bench-figures, db_statements_per_sync_job): the tenant (its
 * mode picks the Graph token), the user's Webex grant (the token of the Webex calls), the event's
 * link with its sync problem and whether the user owns the linked meeting (what a marker naming
 * that meeting is checked against), and, for a linked series, its occurrences' links with their
 * problems. Each part is what the repository of its table answers (tenants.ts, webex-grants.ts,
 * event-links.ts, sync-problems.ts, meetings.ts); reading them together changes no answer, since
 * the separate reads were not one transaction either.
 */
import { LINK_COLUMNS, toLink, type EventLink, type LinkRecord } from './event-links';
import type { StoreContext } from './store-context';
import { TENANT_COLUMNS, toTenant, type TenantRecord, type TenantRow } from './tenants';
import { openGrant, type GrantRecord, type StoredWebexGrant } from './webex-grants';

export interface EventSyncInputs {
  tenant: TenantRow | undefined;
  /** The user's Webex grant, decrypted when first asked (it throws 'token_decrypt_failed' if tampered with). */
  webexGrant(): StoredWebexGrant | undefined;
  /** The event's link, with its sync problem's code. */
  link: (EventLink & { problem?: string }) | undefined;
  /** Whether the linked meeting is one the user created (store.getMeeting finds it). */
  linkedMeetingOwned: boolean;
  /** For a link to a meeting that is not an occurrence: the user's links to its occurrences (`<meetingId>_...`), oldest first, each with the problem recorded about the series or an occurrence. */
  occurrenceLinks: (EventLink & { problem?: string })[];
}

type LinkJson = { [K in keyof LinkRecord]: LinkRecord[K] extends Date ? string : LinkRecord[K] } & {
  kind: 'event' | 'occurrence';
  problem: string | null;
  owned: boolean;
};

type InputsRecord = Partial<TenantRecord> &
  Partial<Omit<GrantRecord, 'updated_at'>> & { grant_updated_at: Date | null; links: LinkJson[] | null };

function linkOf(j: LinkJson): EventLink & { problem?: string } {
  const link = toLink({
    ...j,
    start_utc: new Date(j.start_utc),
    end_utc: new Date(j.end_utc),
    synced_at: new Date(j.synced_at),
    created_at: new Date(j.created_at),
  });
  return j.problem === null ? link : { ...link, problem: j.problem };
}

const EVENT_LINK = LINK_COLUMNS.split(', ')
  .map((c) => `l.${c}`)
  .join(', ');
const OCCURRENCE_LINK = LINK_COLUMNS.split(', ')
  .map((c) => `o.${c}`)
  .join(', ');

export function createEventSyncInputRepository({ db, cipher }: StoreContext) {
  return {
    async readEventSyncInputs(tenantId: string, userId: string, eventId: string): Promise<EventSyncInputs> {
      const [row] = await db.query<InputsRecord>(
        `WITH l AS (
           SELECT 'event' AS kind, ${EVENT_LINK}, p.code AS problem,
             EXISTS (SELECT 1 FROM meetings m WHERE m.tenant_id = l.tenant_id AND m.user_id = l.user_id AND m.meeting_id = l.meeting_id) AS owned
           FROM event_links l
           LEFT JOIN event_sync_problems p ON p.tenant_id = l.tenant_id AND p.user_id = l.user_id AND p.event_id = l.event_id
           WHERE l.tenant_id = $1 AND l.user_id = $2 AND l.event_id = $3
         ), o AS (
           SELECT 'occurrence' AS kind, ${OCCURRENCE_LINK}, p.code AS problem, false AS owned
           FROM l
           JOIN event_links o ON o.tenant_id = $1 AND o.user_id = $2 AND starts_with(o.meeting_id, l.meeting_id || '_')
           LEFT JOIN event_sync_problems p ON p.tenant_id = o.tenant_id AND p.user_id = o.user_id AND p.event_id = o.event_id
             AND (p.meeting_id = l.meeting_id OR starts_with(p.meeting_id, l.meeting_id || '_'))
         )
         SELECT ${TENANT_COLUMNS.split(', ')
           .map((c) => `t.${c}`)
           .join(', ')},
           g.access_token_sealed, g.refresh_token_sealed, g.access_expires_at, g.refresh_expires_at, g.scopes, g.updated_at AS grant_updated_at,
           (SELECT json_agg(x ORDER BY x.kind, x.created_at, x.event_id) FROM (SELECT * FROM l UNION ALL SELECT * FROM o) x) AS links
         FROM (SELECT 1) AS one
         LEFT JOIN tenants t ON t.id = $1
         LEFT JOIN webex_grants g ON g.tenant_id = $1 AND g.user_id = $2`,
        [tenantId, userId, eventId],
      );
      const r = row as InputsRecord;
      const links = r.links ?? [];
      const own = links.find((j) => j.kind === 'event');
      let grant: StoredWebexGrant | undefined;
      let opened = false;
      return {
        tenant: r.id ? toTenant(r as TenantRecord) : undefined,
        webexGrant() {
          if (!opened && r.access_token_sealed)
            grant = openGrant(cipher, tenantId, userId, { ...(r as GrantRecord), updated_at: r.grant_updated_at as Date });
          opened = true;
          return grant;
        },
        link: own && linkOf(own),
        linkedMeetingOwned: own?.owned === true,
        occurrenceLinks: links.filter((j) => j.kind === 'occurrence').map(linkOf),
      };
    },
  };
}
