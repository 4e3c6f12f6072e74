/**
 * Behaviour Microsoft's Graph reference states in so many words, one describe per page (named after
 * the page), so that the emulator answers as the page says Graph does.
 */
import { oneOnOneChatId } from '../../../../src/emulators/graph/teams-chats';
import { graphCollectionIssues } from '../../../helpers/graph-type-checker';
import {
  adele,
  alex,
  call,
  contoso,
  eventBody,
  GraphErrorShape,
  GraphKit,
  startGraph,
  startReceiver,
  subscribe,
  type Receiver,
} from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = Record<string, unknown> & { id: string; subject: string; start: { dateTime: string; timeZone: string } };
type Page<T = Event> = { value: T[]; '@odata.nextLink'?: string; '@odata.context'?: string };

const events = `/v1.0/users/${adele.id}/events`;
const PACIFIC = { Prefer: 'outlook.timezone="Pacific Standard Time"' };

describe('user-list-calendarview', () => {
  it('reads startDateTime and endDateTime without an offset as UTC, whatever Prefer: outlook.timezone says', async () => {
    // 09:00 Pacific on 2 November 2026 (standard time) is 17:00 UTC.
    kit.emulator.createEvent(adele.id, eventBody('Five in UTC', '2026-11-02T09:00:00', '2026-11-02T09:30:00'));
    const view = (window: string) =>
      call<Page>(kit.url, `/v1.0/users/${adele.id}/calendarView?${window}`, { token: app, headers: PACIFIC });
    const utcWindow = await view('startDateTime=2026-11-02T16:00:00&endDateTime=2026-11-02T18:00:00');
    expect(utcWindow.status).toBe(200);
    expect(utcWindow.body.value.map((e) => e.subject)).toEqual(['Five in UTC']);
    // The same wall times read in Pacific time would hold it; read as UTC they do not.
    const pacificWindow = await view('startDateTime=2026-11-02T08:00:00&endDateTime=2026-11-02T10:00:00');
    expect(pacificWindow.body.value).toEqual([]);
    // An offset in the value is honoured.
    const withOffset = await view('startDateTime=2026-11-02T08:00:00-08:00&endDateTime=2026-11-02T10:00:00-08:00');
    expect(withOffset.body.value.map((e) => e.subject)).toEqual(['Five in UTC']);
  });
});

describe('change-notifications-delivery-webhooks', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(async () => {
    await call(kit.url, '/_emulator/notifications/settings', { method: 'POST', body: { resourceForm: 'userId' } });
  });

  async function notifiedResource(): Promise<{ id: string; resource: string; odataId: string }> {
    receiver.reset();
    expect((await subscribe(kit, app, receiver)).status).toBe(201);
    const made = await call<{ id: string }>(kit.url, events, {
      method: 'POST',
      token: app,
      body: eventBody('Notified', '2026-11-04T09:00:00', '2026-11-04T09:30:00'),
    });
    await kit.emulator.notifier.flush();
    const [n] = receiver.notifications() as { resource: string; resourceData: { '@odata.id': string } }[];
    return { id: made.body.id, resource: n!.resource, odataId: n!.resourceData['@odata.id'] };
  }

  it("names the event Users/{id}/Events/{id} by default, and users/{user-guid}@{tenant-guid}/events/{id} when told to (both are Graph's)", async () => {
    const plain = await notifiedResource();
    expect([plain.resource, plain.odataId]).toEqual([`Users/${adele.id}/Events/${plain.id}`, `Users/${adele.id}/Events/${plain.id}`]);
    const set = await call(kit.url, '/_emulator/notifications/settings', { method: 'POST', body: { resourceForm: 'userAtTenant' } });
    expect(set.status).toBe(200);
    const atTenant = await notifiedResource();
    const tenant = contoso.id.toLowerCase();
    expect([atTenant.resource, atTenant.odataId]).toEqual([
      `users/${adele.id}@${tenant}/events/${atTenant.id}`,
      `Users/${adele.id}@${tenant}/Events/${atTenant.id}`,
    ]);
  });

  it('refuses a resource form it does not know', async () => {
    const res = await call<GraphErrorShape>(kit.url, '/_emulator/notifications/settings', {
      method: 'POST',
      body: { resourceForm: 'me/events' },
    });
    expect([res.status, res.body.error?.code]).toEqual([400, 'BadRequest']);
  });
});

describe('subscription-list', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('never returns the clientState of the subscriptions it lists', async () => {
    const created = await subscribe(kit, app, receiver, { clientState: 'secret-client-state' });
    expect(created.status).toBe(201);
    const list = await call<Page<Record<string, unknown>>>(kit.url, '/v1.0/subscriptions', { token: app });
    expect(list.status).toBe(200);
    expect(list.body.value.map((s) => s.id)).toEqual([created.body.id]);
    expect(list.body.value.map((s) => s.clientState ?? null)).toEqual([null]);
  });
});

describe('event-update', () => {
  /** Mondays at 10:00 Pacific, 2 to 30 November 2026. */
  async function mondays(): Promise<Event[]> {
    const { id } = kit.emulator.createEvent(adele.id, {
      ...eventBody('Weekly', '2026-11-02T10:00:00', '2026-11-02T10:30:00'),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'numbered', startDate: '2026-11-02', numberOfOccurrences: 5 },
      },
    });
    const res = await call<Page>(kit.url, `${events}/${id}/instances?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z`, {
      token: app,
    });
    expect(res.body.value).toHaveLength(5);
    return res.body.value;
  }
  const move = (id: string, day: string, hour = '10') =>
    call<GraphErrorShape & Event>(kit.url, `${events}/${id}`, {
      method: 'PATCH',
      token: app,
      body: {
        start: { dateTime: `${day}T${hour}:00:00`, timeZone: 'Pacific Standard Time' },
        end: { dateTime: `${day}T${hour}:30:00`, timeZone: 'Pacific Standard Time' },
      },
    });

  it('refuses to move an occurrence to or past the day of the next occurrence, or of the previous one: 400 ErrorOccurrenceCrossingBoundary', async () => {
    const [, second] = await mondays();
    for (const day of ['2026-11-16', '2026-11-20', '2026-11-02', '2026-10-30']) {
      const res = await move(second!.id, day);
      expect([day, res.status, res.body.error?.code]).toEqual([day, 400, 'ErrorOccurrenceCrossingBoundary']);
    }
    // The occurrence is left as it was.
    const still = await call<Event>(kit.url, `${events}/${second!.id}`, { token: app });
    expect(still.body.start.dateTime).toBe('2026-11-09T18:00:00.0000000');
  });

  it('moves an occurrence within the days between its neighbours, and then holds the exception to the same rule', async () => {
    const [first, second, third] = await mondays();
    const moved = await move(second!.id, '2026-11-15', '08');
    expect(moved.status).toBe(200);
    expect(moved.body.start.dateTime).toBe('2026-11-15T16:00:00.0000000');
    expect((await move(second!.id, '2026-11-16')).body.error?.code).toBe('ErrorOccurrenceCrossingBoundary');
    // A neighbour moved closer narrows the room: the third may not go to the exception's day.
    expect((await move(third!.id, '2026-11-15', '12')).body.error?.code).toBe('ErrorOccurrenceCrossingBoundary');
    expect((await move(first!.id, '2026-11-03')).status).toBe(200);
  });
});

describe('extended-properties-overview', () => {
  const PROPERTY = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color';

  it('refuses $expand=singleValueExtendedProperties without a $filter on an id, on one event and on a list', async () => {
    const { id } = kit.emulator.createEvent(adele.id, {
      ...eventBody('Props', '2026-11-03T09:00:00', '2026-11-03T10:00:00'),
      singleValueExtendedProperties: [{ id: PROPERTY, value: 'Green' }],
    });
    for (const path of [`${events}/${id}?$expand=singleValueExtendedProperties`, `${events}?$expand=singleValueExtendedProperties`]) {
      const res = await call<GraphErrorShape>(kit.url, path, { token: app });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 400, 'ErrorInvalidRequest']);
    }
    const onValue = encodeURIComponent("singleValueExtendedProperties($filter=value eq 'Green')");
    expect((await call(kit.url, `${events}/${id}?$expand=${onValue}`, { token: app })).status).toBe(400);
    const onId = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${PROPERTY}')`);
    const got = await call<Event>(kit.url, `${events}/${id}?$expand=${onId}`, { token: app });
    expect(got.status).toBe(200);
    expect(got.body.singleValueExtendedProperties).toEqual([{ id: PROPERTY, value: 'Green' }]);
  });
});

describe('throttling-limits (Outlook service limits for JSON batching)', () => {
  afterEach(() => {
    kit.emulator.throttle.configure({ latencyMs: 0 });
  });

  it('runs the requests of a batch for one mailbox at most four at a time, so that they do not throttle each other', async () => {
    // Each request holds its mailbox slot this long: without the batch's own limit, the fifth would find four in flight.
    kit.emulator.throttle.configure({ latencyMs: 150 });
    const requests = Array.from({ length: 9 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${adele.id}/events?$top=1` }));
    const res = await call<{ responses: { id: string; status: number }[] }>(kit.url, '/v1.0/$batch', {
      method: 'POST',
      token: app,
      body: { requests },
    });
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => r.status)).toEqual(Array.from({ length: 9 }, () => 200));
    expect(kit.emulator.throttle.report().counters.throttled).toBe(0);
  });
});

describe('extensibility-open-users', () => {
  it('GET /me?$expand=extensions returns the user with their open extensions', async () => {
    const token = await kit.userToken(alex.id, 'openid profile User.Read User.ReadWrite');
    const extension = {
      '@odata.type': 'microsoft.graph.openTypeExtension',
      extensionName: 'com.contoso.roamingSettings',
      theme: 'dark',
      color: 'purple',
      lang: 'Japanese',
    };
    expect((await call(kit.url, '/v1.0/me/extensions', { method: 'POST', token, body: extension })).status).toBe(201);
    const me = await call<Record<string, unknown>>(kit.url, '/v1.0/me?$select=id,displayName,mail,mobilePhone&$expand=extensions', {
      token,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: alex.id,
      displayName: alex.displayName,
      extensions: [
        {
          '@odata.type': '#microsoft.graph.openTypeExtension',
          extensionName: 'com.contoso.roamingSettings',
          id: 'com.contoso.roamingSettings',
          theme: 'dark',
          color: 'purple',
          lang: 'Japanese',
        },
      ],
    });
    const bare = await call<Record<string, unknown>>(kit.url, '/v1.0/me?$expand=extensions', { token });
    expect((bare.body.extensions as unknown[]).length).toBe(1);
  });
});

describe('chat-list-members (beta)', () => {
  it("answers /me/chats/{id}/members with the @odata.context Graph gives: users('{id}')/chats('{id}')/members", async () => {
    const token = await kit.userToken(alex.id, 'openid profile User.Read Chat.ReadBasic');
    const chatId = oneOnOneChatId(adele.id, alex.id);
    const res = await call<Page<Record<string, unknown>>>(kit.url, `/beta/me/chats/${encodeURIComponent(chatId)}/members`, { token });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${kit.url}/beta/$metadata#users('${alex.id}')/chats('${encodeURIComponent(chatId)}')/members`);
    expect(graphCollectionIssues('conversationMember', res.body)).toEqual([]);
  });
});
