/**
 * More than one replica: two real backend processes (`src/server/main.ts`) on one Postgres server,
 * behind a load balancer that sends each request, Graph's notifications included, to the next
 * replica. A burst of changes across several mailboxes is processed by both; one replica is
 * killed with SIGKILL while it is in the middle of a job; the burst goes on. Every event's Webex
 * meeting must end equal to its event: the killed replica's notifications were already stored,
 * the load balancer sends the next ones to the survivor, and the job the dead replica was running
 * is found by the survivor and run again (its event gets no later change that would hide a loss).
 *
 * The tenant is in admin mode with an organization Webex token, so both replicas act for every
 * user. Runs only on a Postgres server (TEST_DATABASE_URL; CI sets it and REQUIRE_POSTGRES=1), in
 * a schema of its own.
 */
import type { GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import type { WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import { createAppOnlyTokenProvider, GraphClient } from '../../../src/server/graph';
import { openStore, type Store } from '../../../src/server/store';
import { describeOnPostgres } from '../../helpers/databases';
import { freePort } from '../../../scripts/world/free-port';
import { startWorld, type World } from '../../../scripts/world/world';
import { startBackendProcess, type BackendProcess } from '../../../scripts/world/backend-process';
import { metricValue } from '../../../scripts/world/prometheus-values';
import { markedEventBody } from '../sync/marked-event';
import { CONTOSO, daysAhead, type MeetingDetails } from '../sync/sync-stack';
import { syncEventKey } from '../../../src/server/sync/sync-jobs';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';

const SERVICE_TOKEN = 'contoso-webex-service-token-for-the-replicas-test';
const USERS = CONTOSO.users;
const EVENTS_PER_USER = 3;
/** Webex's answer to a meeting update is held this long while the replica is killed. */
const SLOW_UPDATE_MS = 1_500;

interface PlannedEvent {
  user: DirectoryUser;
  eventId: string;
  meeting: MeetingDetails;
  /** What the event says last (UTC). */
  subject: string;
  start: Date;
}

describeOnPostgres('two backend replicas on one Postgres server', () => {
  let world: World;
  /** The store's schema on the server (the world's), its job queue's beside it. */
  let schema: string;
  let graph: GraphEmulator;
  let webex: WebexEmulator;
  let proxy: RoundRobinProxy;
  let store: Store;
  let outlook: GraphClient;
  let replicas: BackendProcess[] = [];

  /** The replicas' warnings and errors (codes and ids, as the backend logs them), for a failure's message. */
  const replicaWarnings = () =>
    replicas
      .map(
        (r) =>
          `replica ${r.url}:\n${r
            .output()
            .split('\n')
            .filter((line) => /"level":(40|50|60)/.test(line))
            .slice(-20)
            .join('\n')}`,
      )
      .join('\n');

  /** For a failure's message: what became of the notifications, and of the jobs of the events not linked yet (no user data: ids and states). */
  const whereThingsStand = async (events: readonly PlannedEvent[]): Promise<string> => {
    const { counters, pending, inFlight } = graph.notifier.report();
    const lines = [`graph notifier: ${JSON.stringify({ ...counters, pending, inFlight })}`];
    const inbox = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notification_inbox');
    lines.push(`inbox rows: ${inbox[0]?.n}`);
    for (const e of events) {
      if ((await store.links.getByEvent(CONTOSO.id, e.user.id, e.eventId))?.meetingId === e.meeting.id) continue;
      const jobs = await store.db.query<{ state: string; retry_count: number; created_on: Date; start_after: Date; output: unknown }>(
        `SELECT state, retry_count, created_on, start_after, output FROM "${schema}_jobs".job WHERE name = 'sync-event' AND singleton_key = $1 ORDER BY created_on`,
        [syncEventKey({ tenantId: CONTOSO.id, userId: e.user.id, eventId: e.eventId })],
      );
      lines.push(`not linked: event of user ${e.user.id}: jobs ${JSON.stringify(jobs)}`);
    }
    return lines.join('\n');
  };

  const until = async <T>(
    what: string,
    check: () => Promise<T> | T,
    timeoutMs: number,
    events: readonly PlannedEvent[] = [],
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await graph.notifier.flush();
      try {
        return await check();
      } catch (thrown) {
        if (Date.now() > deadline)
          throw new Error(`${what}: ${(thrown as Error).message}\n${await whereThingsStand(events)}\n${replicaWarnings()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const api = async <T>(user: DirectoryUser, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${proxy.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await world.userToken(user)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const wall = (at: Date) => ({ dateTime: at.toISOString().slice(0, 19), timeZone: 'UTC' });
  const eventPath = (e: PlannedEvent) => `/users/${e.user.id}/events/${encodeURIComponent(e.eventId)}`;

  beforeAll(async () => {
    proxy = await startRoundRobinProxy();
    // The replicas' public URL is the load balancer's; the tenant's admin consented (mode admin):
    // the replicas read every calendar with the app's own token.
    world = await startWorld({
      tenants: [CONTOSO],
      identity: { adminConsent: true },
      graph: { notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000 } },
      webex: { serviceTokens: [{ token: SERVICE_TOKEN, orgId: CONTOSO.id }] },
      database: 'postgres',
      backend: 'none',
      publicUrl: proxy.url,
      mode: 'admin',
    });
    ({ graph, webex } = world);
    const settings = (port: number) => ({ port, env: { BACKEND_REPLICAS: '2', WEBEX_SERVICE_TOKEN: SERVICE_TOKEN } });
    await world.seedStore(settings(0));
    const config = world.backendConfig(settings(0));
    schema = config.databaseSchema as string;
    store = await openStore({ ...config, schema });
    outlook = new GraphClient({ baseUrl: config.microsoft.graphBaseUrl, tokens: createAppOnlyTokenProvider(config.microsoft) });

    const ports = [await freePort(), await freePort()];
    replicas = await Promise.all(ports.map((port) => startBackendProcess({ env: world.backendEnv(settings(port)) })));
    proxy.backends = replicas.map((r) => r.url);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill9()));
    await proxy?.close();
    await store?.close();
    await world?.close();
  });

  it('process one burst together, and lose nothing when one is killed in the middle of a job', async () => {
    // Every user's calendar is followed as soon as they open the task pane, through either replica.
    for (const user of USERS) expect((await api(user, 'GET', '/api/me')).status).toBe(200);
    await until(
      'a subscription per mailbox',
      async () => {
        for (const user of USERS) expect(await store.subscriptions.listForUser(CONTOSO.id, user.id)).toHaveLength(1);
      },
      20_000,
    );

    const base = new Date(`${daysAhead(10)}T08:00:00Z`);
    const events: PlannedEvent[] = [];
    for (const [u, user] of USERS.entries()) {
      for (let i = 0; i < EVENTS_PER_USER; i++) {
        const start = new Date(base.getTime() + (u * EVENTS_PER_USER + i) * 3_600_000);
        const subject = `Replica test ${u}.${i}`;
        const created = await api<MeetingDetails>(user, 'POST', '/api/meetings', {
          subject,
          start: start.toISOString(),
          end: new Date(start.getTime() + 1_800_000).toISOString(),
          timeZone: 'UTC',
        });
        expect(created.status).toBe(201);
        const event = await outlook.request<{ id: string }>(CONTOSO.id, {
          method: 'POST',
          path: `/users/${user.id}/events`,
          body: markedEventBody(created.body, { subject, start: wall(start), end: wall(new Date(start.getTime() + 1_800_000)) }),
        });
        events.push({ user, eventId: event.id, meeting: created.body, subject, start });
      }
    }
    // The waits here leave room for a busy machine (two replicas, the emulators and other suites on
    // two cores): this test checks that nothing is lost; npm run bench measures how fast.
    await until(
      'every event linked to its meeting',
      async () => {
        for (const e of events) expect((await store.links.getByEvent(CONTOSO.id, e.user.id, e.eventId))?.meetingId).toBe(e.meeting.id);
      },
      60_000,
      events,
    );
    expect(Object.keys(proxy.answered).sort()).toEqual(replicas.map((r) => r.url).sort());

    const move = async (e: PlannedEvent, hours: number, rename: boolean) => {
      e.start = new Date(e.start.getTime() + hours * 3_600_000);
      if (rename) e.subject = `${e.subject} (moved)`;
      await outlook.request(CONTOSO.id, {
        method: 'PATCH',
        path: eventPath(e),
        body: { subject: e.subject, start: wall(e.start), end: wall(new Date(e.start.getTime() + 1_800_000)) },
        idempotent: true,
      });
    };

    // Webex holds its answers to updates for a while, so that the victim is killed mid-job.
    await fetch(`${webex.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: SLOW_UPDATE_MS, pathPrefix: '/v1/meetings', method: 'PATCH' }),
    });
    for (const e of events) await move(e, 24, false);
    // Whichever replica's workers took a job first is the victim (they share the queue).
    const updating = async (r: BackendProcess) =>
      metricValue(await r.metrics(), 'webex_scheduler_sync_webex_calls_total', { kind: 'update' }) > 0;
    let victim: BackendProcess | undefined;
    await until(
      'a replica to be updating a meeting',
      async () => {
        for (const r of replicas) if (!victim && (await updating(r))) victim = r;
        expect(victim).toBeDefined();
      },
      60_000,
    );
    const survivor = replicas.find((r) => r !== victim) as BackendProcess;
    await (victim as BackendProcess).kill9();
    await fetch(`${webex.url}/_emulator/faults`, { method: 'DELETE' });
    // The events whose jobs were running when the victim died (its own, and the survivor's) get no
    // further change: only running their jobs again can bring them in step.
    const running = await store.db.query<{ data: { eventId: string } }>(
      `SELECT data FROM ${schema}_jobs.job WHERE name = 'sync-event' AND state = 'active'`,
    );
    const stranded = new Set(running.map((job) => job.data.eventId));
    expect(stranded.size).toBeGreaterThan(0);

    // The burst goes on for the others, through the survivor only.
    for (const [i, e] of events.entries()) if (!stranded.has(e.eventId)) await move(e, 1, i % 2 === 0);

    await until(
      'every Webex meeting equal to its event',
      () => {
        const meetings = new Map(webex.meetings({ includeDeleted: true }).map((m) => [m.id, m]));
        for (const e of events) {
          const m = meetings.get(e.meeting.id);
          expect({ title: m?.title, start: m?.start, end: m?.end, deleted: m?.deleted }).toEqual({
            title: e.subject,
            start: e.start.toISOString(),
            end: new Date(e.start.getTime() + 1_800_000).toISOString(),
            deleted: false,
          });
        }
      },
      40_000,
      events,
    );
    // The job the victim died in was found by the survivor and run again, not left to expire.
    await until(
      'the survivor to retry the victim’s job',
      async () => expect(metricValue(await survivor.metrics(), 'webex_scheduler_sync_orphaned_jobs_retried_total')).toBeGreaterThan(0),
      20_000,
    );
    expect(webex.meetings().filter((m) => m.title.startsWith('Replica test'))).toHaveLength(events.length);
  }, 240_000);
});
