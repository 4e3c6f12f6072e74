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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDevCerts } from '../../../scripts/dev-certs';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import { LOCAL_APP, loadConfig, type Env } from '../../../src/server/config';
import { createAppOnlyTokenProvider, GraphClient } from '../../../src/server/graph';
import { openStore, type Store } from '../../../src/server/store';
import { describeOnPostgres } from '../../helpers/databases';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../../../scripts/world/databases';
import { freePort } from '../../../scripts/world/free-port';
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
  const schema = uniqueSchemaName('replicas');
  const tokenEncryptionKey = randomBytes(32).toString('base64');
  let identity: IdentityEmulator;
  let graph: GraphEmulator;
  let webex: WebexEmulator;
  let proxy: RoundRobinProxy;
  let store: Store;
  let outlook: GraphClient;
  let replicas: BackendProcess[] = [];
  let dataDir: string;

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

  const apiToken = async (user: DirectoryUser): Promise<string> => {
    const res = await fetch(`${identity.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: LOCAL_APP.addinClientId,
        username: user.userPrincipalName,
        password: user.password,
        scope: `api://localhost:3000/${LOCAL_APP.backendClientId}/access_as_user`,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  const api = async <T>(user: DirectoryUser, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${proxy.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await apiToken(user)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const wall = (at: Date) => ({ dateTime: at.toISOString().slice(0, 19), timeZone: 'UTC' });
  const eventPath = (e: PlannedEvent) => `/users/${e.user.id}/events/${encodeURIComponent(e.eventId)}`;

  beforeAll(async () => {
    const tls = readDevCerts();
    proxy = await startRoundRobinProxy();
    identity = createIdentityEmulator({
      tls,
      tenants: [CONTOSO],
      applications: productRegistrations({
        tenantId: CONTOSO.id,
        backendClientId: LOCAL_APP.backendClientId,
        backendClientSecret: LOCAL_APP.backendClientSecret,
        addinClientId: LOCAL_APP.addinClientId,
        addinBaseUrl: 'https://localhost:3000',
        backendBaseUrl: proxy.url,
      }),
      adminConsents: [
        { tenantId: CONTOSO.id, clientId: LOCAL_APP.backendClientId },
        { tenantId: CONTOSO.id, clientId: LOCAL_APP.addinClientId },
      ],
    });
    await identity.listen();
    graph = createGraphEmulator({
      tls,
      tenants: [CONTOSO],
      identityUrl: identity.url,
      notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000 },
    });
    await graph.listen();
    webex = createWebexEmulator({ tls, directories: [CONTOSO], serviceTokens: [{ token: SERVICE_TOKEN, orgId: CONTOSO.id }] });
    await webex.listen();

    dataDir = mkdtempSync(join(tmpdir(), 'replicas-'));
    const env = (port: number): Env => ({
      DATABASE_URL: testDatabaseUrl as string,
      DATABASE_SCHEMA: schema,
      BACKEND_REPLICAS: '2',
      TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
      PUBLIC_BASE_URL: proxy.url,
      PORT: String(port),
      DATA_DIR: dataDir,
      IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
      GRAPH_EMULATOR_PORT: new URL(graph.url).port,
      WEBEX_EMULATOR_PORT: new URL(webex.url).port,
      WEBEX_SERVICE_TOKEN: SERVICE_TOKEN,
      LOG_LEVEL: 'info',
    });
    const config = loadConfig(env(0));
    // The tenant's admin consented: the replicas read every calendar with the app's own token.
    store = await openStore({ ...config, schema });
    await store.tenants.upsert({ id: CONTOSO.id, mode: 'admin' });
    outlook = new GraphClient({ baseUrl: config.microsoft.graphBaseUrl, tokens: createAppOnlyTokenProvider(config.microsoft) });

    const ports = [await freePort(), await freePort()];
    replicas = await Promise.all(ports.map((port) => startBackendProcess({ env: env(port) as Record<string, string> })));
    proxy.backends = replicas.map((r) => r.url);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill9()));
    await proxy?.close();
    await store?.close();
    await Promise.all([graph?.close(), webex?.close(), identity?.close()]);
    await dropSchemas([schema, `${schema}_jobs`]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
