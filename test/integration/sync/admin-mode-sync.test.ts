/**
 * Admin mode, end to end: the tenant's admin consents from the admin page; a user of the tenant,
 * who never linked Webex, adds a meeting, which the organization's Webex token schedules for the
 * user's email (hostEmail); the event is then moved, renamed and deleted through Graph, as another
 * client would, and the sync engine's workers carry each change to the Webex meeting with the same
 * organization token and hostEmail.
 *
 * The backend app is the admin stack's (test/integration/admin); the sync engine runs beside it on
 * the same store, with its Graph receiver on a port of its own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createJobQueue, type JobQueue } from '../../../src/server/jobs';
import { createLogger } from '../../../src/server/logging/create-logger';
import {
  createSyncContext,
  createSyncWorkers,
  ensureCalendarSync,
  registerGraphReceiver,
  SYNC_JOBS,
  type SyncContext,
  type SyncWorkers,
} from '../../../src/server/sync';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { WebexOAuth } from '../../../src/server/webex/webex-oauth';
import { ADELE, ALEX, CONTOSO, startAdminStack, type AdminStack } from '../admin/admin-stack';
import { markedEventBody } from './marked-event';
import { ADDIN_ID, daysAhead, local, utcOf, type MeetingDetails } from './sync-stack';
import { freePort } from '../../../scripts/bench/free-port';

let stack: AdminStack;
let ctx: SyncContext | undefined;
let queue: JobQueue;
let receiver: FastifyInstance;
let workers: SyncWorkers;


async function until<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await stack.graph.notifier.flush();
    try {
      return await check();
    } catch (thrown) {
      if (Date.now() > deadline) throw thrown;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  stack = await startAdminStack({
    adjustDeps: (deps) => {
      // What main.ts wires: the sync engine follows the calendar as soon as the backend may read it.
      deps.onCalendarAvailable = async (tenantId, userId, userAssertion) => {
        if (ctx) await ensureCalendarSync(ctx, { tenantId, userId, userAssertion });
      };
    },
  });
  const port = await freePort();
  queue = createJobQueue(stack.store.db, { jobs: SYNC_JOBS, pollingIntervalSeconds: 0.5 });
  await queue.start();
  const { config } = stack;
  ctx = createSyncContext({
    config,
    store: stack.store,
    queue,
    graph: stack.appGraph,
    graphAccess: stack.graphAccess,
    webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
    webexOAuth: new WebexOAuth({
      baseUrl: config.webex.apiBaseUrl,
      clientId: config.webex.clientId,
      clientSecret: config.webex.clientSecret,
      redirectUri: `${config.publicBaseUrl}/auth/webex/callback`,
      scopes: config.webex.scopes,
    }),
    logger: createLogger({ level: 'error' }),
    options: { addinId: ADDIN_ID, publicBaseUrl: `http://localhost:${port}`, coalesceSeconds: 0 },
  });
  receiver = Fastify();
  await registerGraphReceiver(receiver, ctx);
  await receiver.listen({ host: '127.0.0.1', port });
  workers = createSyncWorkers(ctx);
  await workers.start();

  const admin = (await stack.adminSignIn(ADELE)).jar;
  const consent = await stack.adminConsent(admin, ADELE);
  if (consent.status !== 200) throw new Error(`admin consent ended with ${consent.status}`);
});

afterAll(async () => {
  await workers?.stop();
  await receiver?.close();
  await queue?.stop({ timeoutMs: 2_000 });
  await stack?.close();
});

const day = daysAhead(20);
const eventsOfAlex = `/users/${ALEX.id}/events`;

describe('a meeting added in admin mode', () => {
  let meeting: MeetingDetails;
  let eventId: string;

  it('is scheduled with the organization’s token for a user who never linked Webex, and its event is linked', async () => {
    const token = await stack.userToken(ALEX);
    // The task pane's first call: the backend may follow the calendar (app-only), so it subscribes.
    expect((await stack.api('GET', '/api/me', { token })).status).toBe(200);
    await until(async () => expect(await stack.store.listSubscriptionsForUser(CONTOSO.id, ALEX.id)).toHaveLength(1));

    const created = await stack.api<MeetingDetails>('POST', '/api/meetings', {
      token,
      body: { subject: 'Board review', start: utcOf(`${day}T09:00`), end: utcOf(`${day}T10:00`), timeZone: 'America/Los_Angeles' },
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    expect(await stack.store.getUser(CONTOSO.id, ALEX.id)).toMatchObject({ webexLinked: false });

    const event = await stack.appGraph.request<{ id: string }>(CONTOSO.id, {
      method: 'POST',
      path: eventsOfAlex,
      body: markedEventBody(meeting, { subject: 'Board review', start: local(`${day}T09:00:00`), end: local(`${day}T10:00:00`) }),
    });
    eventId = event.id;
    await until(async () => expect((await stack.store.getLinkByEvent(CONTOSO.id, ALEX.id, eventId))?.meetingId).toBe(meeting.id));
  });

  it('follows its event moved through Graph, updated by the organization’s token on the user’s behalf', async () => {
    await stack.appGraph.request(CONTOSO.id, {
      method: 'PATCH',
      path: `${eventsOfAlex}/${encodeURIComponent(eventId)}`,
      body: { start: local(`${day}T13:00:00`), end: local(`${day}T14:00:00`) },
    });
    const moved = await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id);
      expect([snapshot?.start, snapshot?.end]).toEqual([utcOf(`${day}T13:00`), utcOf(`${day}T14:00`)]);
      return snapshot!;
    });
    const update = moved.calls.find((c) => c.operation === 'update');
    expect(update).toMatchObject({ status: 200, onBehalfOf: (ALEX.mail as string).toLowerCase() });
    expect(ctx?.metrics.get('sync_errors', { code: 'webex_not_linked' })).toBe(0);
  });

  it('is renamed with its event, and deleted without e-mails when the event is deleted', async () => {
    const path = `${eventsOfAlex}/${encodeURIComponent(eventId)}`;
    await stack.appGraph.request(CONTOSO.id, { method: 'PATCH', path, body: { subject: 'Board review (final)' } });
    await until(() => expect(stack.webex.meetings({ hostEmail: ALEX.mail as string }).find((m) => m.id === meeting.id)?.title).toBe('Board review (final)'));

    await stack.appGraph.request(CONTOSO.id, { method: 'DELETE', path });
    const deleted = await until(() => {
      const snapshot = stack.webex.meetings({ hostEmail: ALEX.mail as string, includeDeleted: true }).find((m) => m.id === meeting.id);
      expect(snapshot?.deleted).toBe(true);
      return snapshot!;
    });
    expect(deleted.calls.find((c) => c.operation === 'delete')).toMatchObject({ emailsSent: 0, onBehalfOf: (ALEX.mail as string).toLowerCase() });
    await until(async () => expect(await stack.store.getLinkByEvent(CONTOSO.id, ALEX.id, eventId)).toBeUndefined());
  });
});
