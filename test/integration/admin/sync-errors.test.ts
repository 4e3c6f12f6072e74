/**
 * The admin page's "recent sync errors by code" as every replica sees them: the errors the sync
 * engine records, and its jobs that failed for good after every retry (pg-boss keeps them, with the
 * error's code), for the tenant asked about only.
 */
import { randomBytes } from 'node:crypto';
import { recordedSyncErrors } from '../../../src/server/admin/sync-error-source';
import { createJobQueue, defineJob, isRecord, JobError, type JobQueue } from '../../../src/server/jobs';
import { openStore, type Store } from '../../../src/server/store';

const TENANT = '11111111-0000-4000-8000-0000000000aa';
const OTHER = '11111111-0000-4000-8000-0000000000bb';
const USER = '22222222-0000-4000-8000-0000000000cc';

const failingJob = defineJob<{ tenantId: string }>({
  name: 'sync-errors-test-job',
  assertPayload(data): asserts data is { tenantId: string } {
    if (!isRecord(data) || typeof data.tenantId !== 'string') throw new JobError('job_payload_invalid', 'tenantId');
  },
  retryLimit: 0,
});

let store: Store;
let queue: JobQueue;

beforeAll(async () => {
  store = await openStore({ dataDir: '/nonexistent', tokenEncryptionKey: randomBytes(32), inMemory: true });
  queue = createJobQueue(store.db, { pollingIntervalSeconds: 0.5 });
  await queue.start();
  await queue.work(failingJob, async () => {
    throw Object.assign(new Error('Graph kept failing'), { code: 'graph_unavailable' });
  });
});

afterAll(async () => {
  await queue?.stop({ timeoutMs: 1_000 });
  await store?.close();
});

it('counts the recorded errors and the jobs that failed for good, by code, for the tenant only', async () => {
  await store.users.upsert({ tenantId: TENANT, userId: USER });
  await store.users.upsert({ tenantId: OTHER, userId: USER });
  await store.syncErrors.record({ tenantId: TENANT, userId: USER, code: 'meeting_too_long' });
  await store.syncErrors.record({ tenantId: OTHER, userId: USER, code: 'meeting_too_long' });
  const since = new Date(Date.now() - 60_000);
  await queue.send(failingJob, { tenantId: TENANT });
  await queue.send(failingJob, { tenantId: OTHER });

  const source = recordedSyncErrors(store);
  const deadline = Date.now() + 20_000;
  let byCode = await source.errorsByCode(TENANT, since);
  while (!byCode.graph_unavailable && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    byCode = await source.errorsByCode(TENANT, since);
  }
  expect(byCode).toEqual({ meeting_too_long: 1, graph_unavailable: 1 });
});
