/**
 * What a sync-event job needs of the store, read in ONE statement before the job reads the event
 * from Graph (docs/architecture.md#bench-figures, db_statements_per_sync_job): the tenant (its
 * mode picks the Graph token), the user's Webex grant (the token of the Webex calls), the event's
 * link with its sync problem and whether the user owns the linked meeting (what a marker naming
 * that meeting is checked against), and, for a linked series, its occurrences' links with their
 * problems. Each part is what the repository of its table answers (tenants.ts, webex-grants.ts,
 * event-links.ts, sync-problems.ts, meetings.ts); reading them together changes no answer, since
 * the separate reads were not one transaction either. The statement is the database function
 * event_sync_inputs (migrations/009_event_sync_inputs_function.sql), whose plan the database keeps:
 * planning it anew for every job cost about four times running it. The jobs a worker starts
 * together read in one statement (gathered-statement.ts): the function once per job.
 */
import { toLink, type EventLink, type LinkRecord } from './event-links';
import { gatheredStatement } from './gathered-statement';
import type { StoreContext } from './store-context';
import { toTenant, type TenantRecord, type TenantRow } from './tenants';
import { openGrant, type GrantRecord, type StoredWebexGrant } from './webex-grants';

export interface EventSyncInputs {
  tenant: TenantRow | undefined;
  /** The user's Webex grant, decrypted when first asked (it throws 'token_decrypt_failed' if tampered with). */
  webexGrant(): StoredWebexGrant | undefined;
  /** The event's link, with its sync problem's code. */
  link: (EventLink & { problem?: string }) | undefined;
  /** Whether the linked meeting is one the user created (store.meetings.get finds it). */
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

type EventKey = readonly [tenantId: string, userId: string, eventId: string];

/** Reads of jobs started together (one fetch of the queue) are one statement: at most this many. */
const MAX_READS_GATHERED = 64;

export function createEventSyncInputRepository({ db, cipher, gather }: StoreContext) {
  const readOne = async ([tenantId, userId, eventId]: EventKey): Promise<InputsRecord> => {
    const [row] = await db.query<InputsRecord>('SELECT * FROM event_sync_inputs($1, $2, $3)', [tenantId, userId, eventId]);
    return row as InputsRecord;
  };
  // The function once per key, its rows in the keys' order (it answers exactly one row per call).
  const readMany = async (keys: readonly EventKey[]): Promise<InputsRecord[]> =>
    db.query<InputsRecord>(
      `SELECT r.* FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k (tenant_id, user_id, event_id, i)
       CROSS JOIN LATERAL event_sync_inputs(k.tenant_id, k.user_id, k.event_id) AS r ORDER BY k.i`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
    );
  const readRecord = gather ? gatheredStatement(readMany, readOne, { windowMs: 0, maxCalls: MAX_READS_GATHERED }) : readOne;
  return {
    async read(tenantId: string, userId: string, eventId: string): Promise<EventSyncInputs> {
      const r = await readRecord([tenantId, userId, eventId]);
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
