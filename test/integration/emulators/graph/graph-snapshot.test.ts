/**
 * The Graph emulator's snapshot and restore (the local stack's saved world): calendars with a
 * series, an exception and a cancelled occurrence, a subscription, a delta state, the Teams
 * resources (contacts, open extensions, a group chat), a changed directory and the clock go
 * through the state file's JSON into a new emulator and come back the same; and a notification
 * the receiver never acknowledged before the restart is delivered after it, as after an outage.
 */
import { decodeState, encodeState } from '../../../../src/emulators/shared/state-codec';
import { parseGraphSnapshot, restoreGraph, snapshotGraph } from '../../../../src/emulators/graph/graph-snapshot';
import { teamsGraphStateOf } from '../../../../src/emulators/graph/teams-graph-routes';
import {
  adele,
  alex,
  call,
  contoso,
  eventBody,
  megan,
  startGraph,
  startReceiver,
  subscribe,
  type GraphKit,
  type Receiver,
} from './graph-test-kit';

type Event = Record<string, unknown> & { id: string; subject: string; type: string };
type Page<T> = { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

const events = `/v1.0/users/${adele.id}/events`;
const NOVEMBER = 'startDateTime=2026-10-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z';

let before: GraphKit;
let after: GraphKit | undefined;
let receiver: Receiver;

beforeEach(async () => {
  [before, receiver] = await Promise.all([startGraph(), startReceiver()]);
});

afterEach(async () => {
  await Promise.all([before.close(), after?.close(), receiver.close()]);
  after = undefined;
});

/** Through the state file's JSON into a new emulator, as a restart does; the old one is closed first. */
async function restart(): Promise<GraphKit> {
  const text = encodeState(snapshotGraph(before.emulator));
  await before.close();
  after = await startGraph();
  restoreGraph(after.emulator, parseGraphSnapshot(decodeState(text)));
  return after;
}

const pathOf = (link: string) => `${new URL(link).pathname}${new URL(link).search}`;

it('brings back calendars, series with exceptions and cancellations, subscriptions, delta states, Teams resources, the directory and the clock', async () => {
  const app = await before.appToken();
  expect((await subscribe(before, app, receiver)).status).toBe(201);
  const master = before.emulator.createEvent(adele.id, {
    ...eventBody('Standup', '2026-10-26T09:00:00', '2026-10-26T09:30:00'),
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'endDate', startDate: '2026-10-26', endDate: '2026-11-16' },
    },
  });
  const instances = (await call<Page<Event>>(before.url, `${events}/${master.id}/instances?${NOVEMBER}`, { token: app })).body.value;
  expect(
    (await call(before.url, `${events}/${instances[1]!.id}`, { method: 'PATCH', token: app, body: { subject: 'Moved standup' } })).status,
  ).toBe(200);
  expect((await call(before.url, `${events}/${instances[2]!.id}`, { method: 'DELETE', token: app })).status).toBe(204);
  const delta = await call<Page<Event>>(before.url, `/v1.0/users/${adele.id}/calendarView/delta?${NOVEMBER}`, { token: app });
  const deltaLink = delta.body['@odata.deltaLink']!;
  const teams = teamsGraphStateOf(before.emulator.app);
  teams.contacts.add(adele.id, { displayName: 'Kept contact', emailAddresses: [{ name: 'Kept', address: 'kept@example.com' }] });
  teams.extensions.put(contoso.id, alex.id, { extensionName: 'com.example.kept', creatorAppId: 'app', properties: { a: 1 } });
  teams.chats.addGroupChat(contoso.id, [adele.id, alex.id, megan.id], 'Kept chat');
  before.emulator.addTenant({ ...contoso, displayName: 'Contoso (renamed)' });
  before.emulator.clock.advance(600);
  await before.emulator.notifier.flush();
  const saved = snapshotGraph(before.emulator);
  expect(saved.subscriptions).toHaveLength(1);
  expect(saved.calendars.events.map((e) => e.type)).toEqual(['seriesMaster', 'exception']);

  const restarted = await restart();
  const now = snapshotGraph(restarted.emulator);
  expect(now).toEqual({ ...saved, notifications: [] });

  // What clients see: the exception in place, the cancelled occurrence gone, the delta link still good.
  const token = await restarted.appToken();
  const again = (await call<Page<Event>>(restarted.url, `${events}/${master.id}/instances?${NOVEMBER}`, { token })).body.value;
  expect(again.map((e) => [e.id, e.subject, e.type])).toEqual([
    [instances[0]!.id, 'Standup', 'occurrence'],
    [instances[1]!.id, 'Moved standup', 'exception'],
    [instances[3]!.id, 'Standup', 'occurrence'],
  ]);
  expect((await call(restarted.url, pathOf(deltaLink), { token })).status).toBe(200);
  expect((await call<{ value: Array<{ id: string }> }>(restarted.url, '/v1.0/subscriptions', { token })).body.value).toHaveLength(1);
});

it('delivers after the restart a notification the receiver had not acknowledged before it', async () => {
  const app = await before.appToken();
  const subscription = await subscribe(before, app, receiver);
  expect(subscription.status).toBe(201);
  // The receiver is down (failing) when the change is made: the notification waits for a retry.
  receiver.behaviour.failNext = 1_000;
  const created = await call<Event>(before.url, events, {
    method: 'POST',
    token: app,
    body: eventBody('During the outage', '2026-11-02T10:00:00', '2026-11-02T11:00:00', 'UTC'),
  });
  expect(created.status).toBe(201);
  await before.emulator.notifier.flush();
  expect(before.emulator.notifier.report().pending).toBe(1);
  expect(receiver.notifications()).toEqual([]);

  const restarted = await restart();
  receiver.reset();
  await restarted.emulator.notifier.flush();
  expect(receiver.notifications()).toEqual([
    expect.objectContaining({
      subscriptionId: subscription.body.id,
      changeType: 'created',
      resourceData: expect.objectContaining({ id: created.body.id }),
    }),
  ]);
});
