/**
 * GET /metrics answers in the Prometheus text format: the HTTP requests the process answered, its
 * outbound calls, and from the database the subscriptions by state, the tenants by mode and the
 * job queue's backlog and lag. In production it wants METRICS_TOKEN, and what it reads from the
 * database it reads at most once in 10 seconds (the app's clock is moved past that here).
 */
import { createJobQueue, defineJob, isRecord, JobError, type JobQueue } from '../../../src/server/jobs';
import { startProductionApp, type ProductionApp } from './production-app';

let deployment: ProductionApp;
let queue: JobQueue;
let now = Date.now();
const clock = () => new Date(now);
/** Moves the app's clock past the metrics' cache: the next scrape reads the database again. */
const afterCache = () => {
  now += 10_001;
};

const waitingJob = defineJob<{ tenantId: string }>({
  name: 'metrics-test-job',
  assertPayload(data): asserts data is { tenantId: string } {
    if (!isRecord(data) || typeof data.tenantId !== 'string') throw new JobError('job_payload_invalid', 'tenantId');
  },
});

/** Sample lines of the exposition, `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

beforeAll(async () => {
  deployment = await startProductionApp({ METRICS_TOKEN: 'scrape-secret' }, { clock });
  await deployment.store.users.upsert({ tenantId: '11111111-0000-4000-8000-000000000001', userId: '22222222-0000-4000-8000-000000000002' });
  await deployment.store.subscriptions.save({
    id: 'sub-1',
    tenantId: '11111111-0000-4000-8000-000000000001',
    userId: '22222222-0000-4000-8000-000000000002',
    resource: 'users/22222222-0000-4000-8000-000000000002/events',
    expiresAt: new Date(Date.now() + 3600_000),
    clientState: 'secret-client-state',
  });
  queue = createJobQueue(deployment.store.db, { pollingIntervalSeconds: 30 });
  await queue.start();
  await queue.send(waitingJob, { tenantId: 't' });
});

afterAll(async () => {
  await queue?.stop({ timeoutMs: 1_000 });
  await deployment?.close();
});

describe('GET /metrics', () => {
  it('wants the metrics token when one is configured (401 metrics_token_required)', async () => {
    const res = await deployment.get('/metrics');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('metrics_token_required');
  });

  it('answers in the Prometheus text format, with every line a comment, a sample or empty (the format ignores empty lines)', async () => {
    const res = await deployment.get('/metrics', { authorization: 'Bearer scrape-secret' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    for (const line of text.trimEnd().split('\n'))
      expect(line).toMatch(
        /^(|# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+]+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (NaN|[+-]Inf))$/,
      );
  });

  it('counts the subscriptions by state and the tenants by mode from the database', async () => {
    afterCache();
    const text = await (await deployment.get('/metrics', { authorization: 'Bearer scrape-secret' })).text();
    const s = samples(text);
    expect(s.get('webex_scheduler_subscriptions{state="active"}')).toBe(1);
    expect(s.get('webex_scheduler_subscriptions{state="removed"}')).toBe(0);
    expect(s.get('webex_scheduler_subscriptions_expiring_soon')).toBe(1);
    expect(s.get('webex_scheduler_tenants{mode="individual"}')).toBe(1);
  });

  it('shows the queue’s backlog and lag', async () => {
    afterCache();
    const s = samples(await (await deployment.get('/metrics', { authorization: 'Bearer scrape-secret' })).text());
    expect(s.get('webex_scheduler_queue_jobs{queue="metrics-test-job",state="created"}')).toBe(1);
    expect(s.get('webex_scheduler_queue_lag_seconds{queue="metrics-test-job"}')).toBeGreaterThanOrEqual(0);
  });

  it('shows what the notification inbox holds and how old its oldest row is', async () => {
    await deployment.store.inbox.append(JSON.stringify([{ kind: 'lifecycle', subscriptionId: 'metrics-sub', lifecycleEvent: 'missed' }]));
    afterCache();
    const s = samples(await (await deployment.get('/metrics', { authorization: 'Bearer scrape-secret' })).text());
    expect(s.get('webex_scheduler_inbox_rows')).toBe(1);
    expect(s.get('webex_scheduler_inbox_oldest_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts the requests answered, by route template', async () => {
    await deployment.get('/healthz');
    await deployment.get('/healthz');
    const s = samples(await (await deployment.get('/metrics', { authorization: 'Bearer scrape-secret' })).text());
    expect(s.get('webex_scheduler_http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(2);
    expect(s.get('webex_scheduler_http_requests_total{method="GET",route="/metrics",status="401"}')).toBe(1);
  });
});

describe('GET /metrics under a burst of scrapes', () => {
  let own: ProductionApp;
  let at = Date.now();

  beforeAll(async () => {
    own = await startProductionApp({ METRICS_TOKEN: 'scrape-secret' }, { clock: () => new Date(at) });
  });

  afterAll(async () => {
    await own?.close();
  });

  const scrape = () => own.get('/metrics', { authorization: 'Bearer scrape-secret' });

  it('reads the database once for any number of scrapes within 10 seconds, and again after', async () => {
    // Nothing else of this app reads the database: every statement counted here is a collector's.
    const statements = jest.spyOn(own.store.db, 'query');
    try {
      expect((await scrape()).status).toBe(200);
      const perCollection = statements.mock.calls.length;
      expect(perCollection).toBeGreaterThan(0);

      const together = await Promise.all(Array.from({ length: 10 }, scrape));
      for (let i = 0; i < 20; i++) expect((await scrape()).status).toBe(200);
      at += 9_000;
      expect((await scrape()).status).toBe(200);
      expect([together.every((r) => r.status === 200), statements.mock.calls.length]).toEqual([true, perCollection]);

      at += 1_001;
      expect((await scrape()).status).toBe(200);
      expect(statements.mock.calls.length).toBe(2 * perCollection);
    } finally {
      statements.mockRestore();
    }
  });
});
