/**
 * The notification inbox on a real store and job queue: what the receiver appends is stored in
 * one write per group of POSTs, survives until drained, and becomes jobs entirely or not at all.
 */
import { waitUntil } from '../../../scripts/bench/bounded';
import type { JobQueue } from '../../../src/server/jobs';
import type { Store } from '../../../src/server/store';
import {
  createNotificationInbox,
  createSyncMetrics,
  subscriptionLifecycleJob,
  SYNC_JOBS,
  syncEventJob,
  type ChangeEntry,
  type NotificationInbox,
  type NotificationInboxOptions,
  type SyncMetrics,
} from '../../../src/server/sync';
import { decodeEntries } from '../../../src/server/sync/notification-inbox';
import { describeEachDatabase } from '../../helpers/databases';

const TENANT = '72f988bf-0000-4000-8000-0000000ab0c5';
const USER = '00000000-0000-4000-8000-0000000ab0c5';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const change = (eventId: string, changeKey?: string): ChangeEntry => ({
  kind: 'change',
  tenantId: TENANT,
  userId: USER,
  eventId,
  changeType: 'updated',
  changeKey,
});

describeEachDatabase('notification inbox', (t) => {
  let queue: JobQueue;
  let metrics: SyncMetrics;
  const inboxes: NotificationInbox[] = [];

  const open = (
    store: Store = t.store,
    sendMany: JobQueue['sendMany'] = queue.sendMany.bind(queue),
    options: NotificationInboxOptions = {},
  ): NotificationInbox => {
    const inbox = createNotificationInbox(
      { store, queue: { sendMany, wake: queue.wake.bind(queue) }, metrics, logger: quiet, coalesceSeconds: 3600 },
      options,
    );
    inboxes.push(inbox);
    return inbox;
  };
  const syncJobs = () => queue.queueSize(syncEventJob);

  beforeAll(async () => {
    queue = await t.openJobQueue({ jobs: SYNC_JOBS });
    await t.store.tenants.upsert({ id: TENANT, mode: 'admin' });
    await t.store.users.upsert({ tenantId: TENANT, userId: USER });
  });

  beforeEach(async () => {
    metrics = createSyncMetrics();
    // Whatever an earlier test left is drained first.
    await open().drain();
  });

  afterAll(async () => {
    await Promise.all(inboxes.map((inbox) => inbox.stop()));
  });

  /** The store, recording what it is asked to write; `hold` keeps the first write waiting until released. */
  const recording = (hold: boolean) => {
    const writes: string[] = [];
    let release: (() => void) | undefined;
    const store: Store = {
      ...t.store,
      inbox: {
        ...t.store.inbox,
        async append(entries: string) {
          writes.push(entries);
          if (hold && writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
          await t.store.inbox.append(entries);
        },
      },
    };
    return { store, writes, release: () => release?.() };
  };

  it('stores the POSTs of one moment in one write', async () => {
    const { store, writes } = recording(false);
    const inbox = open(store);
    await Promise.all(Array.from({ length: 6 }, (_, i) => inbox.append([change(`moment-${i}a`), change(`moment-${i}b`)])));
    expect(writes).toHaveLength(1);
    expect(decodeEntries(JSON.parse(writes[0] as string))).toHaveLength(12);
    expect((await t.store.inbox.backlog()).rows).toBe(1);
  });

  it('stores the POSTs arriving during a write together in the next write', async () => {
    const { store, writes, release } = recording(true);
    const inbox = open(store, undefined, { groupWindowMs: 0 });
    const first = inbox.append([change('group-0')]);
    await waitUntil('the first write', async () => (writes.length === 1 ? true : undefined), 5_000, 5);
    // The first write is under way: five more POSTs arrive meanwhile.
    const rest = Array.from({ length: 5 }, (_, i) => inbox.append([change(`group-${i + 1}a`), change(`group-${i + 1}b`)]));
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toHaveLength(2);
    expect(decodeEntries(JSON.parse(writes[1] as string))).toHaveLength(10);
    expect((await t.store.inbox.backlog()).rows).toBe(2);
  });

  it('stores a POST appended just after the previous one was stored', async () => {
    const inbox = open();
    for (let i = 0; i < 3; i++) await inbox.append([change(`one-after-another-${i}`)]);
    expect((await t.store.inbox.backlog()).rows).toBe(3);
  });

  it('turns entries into one job per event, drops our own echoes by changeKey, and empties the inbox', async () => {
    await t.store.links.linkEvent({
      tenantId: TENANT,
      userId: USER,
      eventId: 'echoed',
      meetingId: 'meeting-echoed',
      lastSynced: { changeKey: 'CK-synced', startUtc: new Date(), endUtc: new Date(), subjectHash: 'h', recurrenceHash: null },
    });
    const inbox = open();
    const before = await syncJobs();
    await inbox.append([change('new-1', 'CK-1'), change('new-1', 'CK-2'), change('echoed', 'CK-synced')]);
    await inbox.append([change('new-2'), change('echoed-then-edited', 'CK-x')]);
    await inbox.append([change('both', 'CK-synced'), { kind: 'lifecycle', subscriptionId: 'sub-1', lifecycleEvent: 'missed' }]);
    expect(await inbox.drain()).toBe(7);
    expect(await syncJobs()).toBe(before + 4); // new-1, new-2, echoed-then-edited, both (not linked: no echo)
    expect(metrics.get('sync_skipped_known_change')).toBe(1);
    expect(await queue.queueSize(subscriptionLifecycleJob)).toBeGreaterThanOrEqual(1);
    expect((await t.store.inbox.backlog()).rows).toBe(0);
  });

  it('keeps the rows when their jobs could not be sent, and sends them on the next drain', async () => {
    let failures = 1;
    const flaky: JobQueue['sendMany'] = async (job, items, options) => {
      if (failures-- > 0) throw new Error('the queue is unavailable');
      return queue.sendMany(job, items, options);
    };
    const inbox = open(t.store, flaky);
    const before = await syncJobs();
    await inbox.append([change('kept-1'), change('kept-2')]);
    await expect(inbox.drain()).rejects.toThrow('the queue is unavailable');
    expect(await syncJobs()).toBe(before);
    expect((await t.store.inbox.backlog()).rows).toBe(1);
    expect(await inbox.drain()).toBe(2);
    expect(await syncJobs()).toBe(before + 2);
  });

  it("drains in the background, rows this process did not write included (a crashed process's, another replica's)", async () => {
    const before = await syncJobs();
    await t.store.inbox.append(JSON.stringify([change('left-behind')]));
    const inbox = open(t.store, undefined, { pollMs: 50 });
    inbox.start();
    await waitUntil('the left-behind row to become a job', async () => ((await syncJobs()) === before + 1 ? true : undefined), 20_000, 25);
    await inbox.append([change('appended-while-running')]);
    await waitUntil('the appended entry to become a job', async () => ((await syncJobs()) === before + 2 ? true : undefined), 20_000, 25);
    await inbox.stop();
    expect((await t.store.inbox.backlog()).rows).toBe(0);
  });

  it('drops what cannot become a job (a row or an entry written wrong) instead of stopping the drain there', async () => {
    const before = await syncJobs();
    await t.store.inbox.append('not json');
    await t.store.inbox.append(
      JSON.stringify([{ kind: 'change', tenantId: TENANT, userId: USER }, { kind: 'other' }, change('after-the-bad-ones')]),
    );
    expect(await open().drain()).toBe(1);
    expect(await syncJobs()).toBe(before + 1);
    expect((await t.store.inbox.backlog()).rows).toBe(0);
  });

  it('drains rows of the compact form too, dropping only the parts of one written wrong', async () => {
    const before = await syncJobs();
    await t.store.inbox.append(
      JSON.stringify({
        v: 2,
        changes: [[TENANT, USER, [['compact-1', 'updated', 'CK-1'], 'not a change', ['compact-2', 'deleted']]], 'not a mailbox'],
        lifecycle: [['sub-compact', 'missed'], 7],
      }),
    );
    expect(await open().drain()).toBe(3);
    expect(await syncJobs()).toBe(before + 2);
    expect((await t.store.inbox.backlog()).rows).toBe(0);
  });

  it('rejects an append the store could not write (the receiver then answers 500 and Graph delivers again)', async () => {
    const broken: Store = {
      ...t.store,
      inbox: { ...t.store.inbox, append: () => Promise.reject(new Error('disk full')) },
    };
    await expect(open(broken).append([change('lost')])).rejects.toThrow('disk full');
  });
});
