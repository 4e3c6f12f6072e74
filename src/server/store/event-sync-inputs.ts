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
 * planning it anew for every job cost about four times running it.
 */
import { toLink, type EventLink, type LinkRecord } from './event-links';
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

export function createEventSyncInputRepository({ db, cipher }: StoreContext) {
  return {
    async read(tenantId: string, userId: string, eventId: string): Promise<EventSyncInputs> {
      const [row] = await db.query<InputsRecord>('SELECT * FROM event_sync_inputs($1, $2, $3)', [tenantId, userId, eventId]);
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
