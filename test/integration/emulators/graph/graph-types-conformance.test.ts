/**
 * The emulator's answers against Microsoft Graph's own v1.0 types (test/fixtures/graph, from
 * Microsoft's metadata), for every resource the product reads or receives: events (single, series,
 * instances, views, delta, with their extended properties), users, the organization,
 * subscriptions and the notifications they deliver, contacts, open extensions and conversation
 * members. No property Graph does not define, each value of its declared type: so that the
 * product and its stand-in cannot share a wrong belief about Graph's shapes.
 */
import { graphCollectionIssues, graphTypeIssues } from '../../../helpers/graph-type-checker';
import { oneOnOneChatId } from '../../../../src/emulators/graph/teams-chats';
import {
  adele,
  alex,
  call,
  contoso,
  eventBody,
  startGraph,
  startReceiver,
  subscribe,
  type GraphKit,
  type Receiver,
} from './graph-test-kit';

const PROPERTY_ID = 'String {00020329-0000-0000-c000-000000000046} Name cecp-conformance';
const TEAMS_SCOPES =
  'openid profile User.Read User.ReadWrite User.Read.All Contacts.Read Chat.ReadBasic ChannelMember.Read.All Calendars.ReadWrite';

let kit: GraphKit;
let receiver: Receiver;
let app: string;
let seriesId: string;
let singleId: string;

beforeAll(async () => {
  kit = await startGraph({ notifications: { batchWindowMs: 10 } });
  receiver = await startReceiver();
  app = await kit.appToken([...['Calendars.ReadWrite', 'User.Read.All', 'Directory.Read.All', 'Contacts.Read']]);
  const events = `/v1.0/users/${adele.id}/events`;
  const single = await call<{ id: string }>(kit.url, events, {
    method: 'POST',
    token: app,
    body: eventBody('Conformance', '2026-11-03T09:00:00', '2026-11-03T09:30:00', 'Pacific Standard Time', {
      body: { contentType: 'html', content: '<p>Agenda</p>' },
      location: {
        displayName: 'Room 1',
        address: { street: '1 Main St', city: 'Redmond', state: 'WA', countryOrRegion: 'US', postalCode: '98052' },
      },
      attendees: [{ emailAddress: { address: alex.mail, name: alex.displayName }, type: 'required' }],
      categories: ['Red category'],
      singleValueExtendedProperties: [{ id: PROPERTY_ID, value: '{"a":1}' }],
    }),
  });
  singleId = single.body.id;
  const series = await call<{ id: string }>(kit.url, events, {
    method: 'POST',
    token: app,
    body: eventBody('Weekly', '2026-11-02T10:00:00', '2026-11-02T10:30:00', 'Pacific Standard Time', {
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
        range: { type: 'numbered', startDate: '2026-11-02', numberOfOccurrences: 5, recurrenceTimeZone: 'Pacific Standard Time' },
      },
    }),
  });
  seriesId = series.body.id;
});

afterAll(async () => {
  await receiver?.close();
  await kit?.close();
});

const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z';

describe('graph-v1.0-types: events', () => {
  it('a created, read and updated event, in UTC and in a zone, with its extended property expanded', async () => {
    const base = `/v1.0/users/${adele.id}/events/${singleId}`;
    const expand = `$expand=singleValueExtendedProperties($filter=id eq '${PROPERTY_ID}')`;
    const preferences: Record<string, string>[] = [
      {},
      { Prefer: 'outlook.timezone="Pacific Standard Time", outlook.body-content-type="text"' },
    ];
    for (const headers of preferences) {
      const got = await call(kit.url, `${base}?${expand}`, { token: app, headers });
      expect(got.status).toBe(200);
      expect(graphTypeIssues('event', got.body)).toEqual([]);
    }
    const patched = await call(kit.url, base, {
      method: 'PATCH',
      token: app,
      body: { subject: 'Conformance (moved)', isReminderOn: false },
    });
    expect(patched.status).toBe(200);
    expect(graphTypeIssues('event', patched.body)).toEqual([]);
  });

  it('lists, a series master with cancelled occurrences, its instances, the calendar view and its delta', async () => {
    const list = await call(kit.url, `/v1.0/users/${adele.id}/events?$top=50`, { token: app });
    expect(graphCollectionIssues('event', list.body)).toEqual([]);
    const instances = await call<{ value: { id: string }[] }>(kit.url, `/v1.0/users/${adele.id}/events/${seriesId}/instances?${WINDOW}`, {
      token: app,
    });
    expect(graphCollectionIssues('event', instances.body)).toEqual([]);
    // An exception and a cancelled occurrence.
    await call(kit.url, `/v1.0/users/${adele.id}/events/${instances.body.value[1]!.id}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'Moved one' },
    });
    await call(kit.url, `/v1.0/users/${adele.id}/events/${instances.body.value[2]!.id}`, { method: 'DELETE', token: app });
    const master = await call(kit.url, `/v1.0/users/${adele.id}/events/${seriesId}?$select=subject,recurrence,cancelledOccurrences,type`, {
      token: app,
    });
    expect(graphTypeIssues('event', master.body)).toEqual([]);
    const view = await call(kit.url, `/v1.0/users/${adele.id}/calendarView?${WINDOW}&$top=50`, { token: app });
    expect(graphCollectionIssues('event', view.body)).toEqual([]);
    const delta = await call<{ '@odata.deltaLink': string }>(kit.url, `/v1.0/users/${adele.id}/calendarView/delta?${WINDOW}`, {
      token: app,
      headers: { Prefer: 'odata.maxpagesize=50' },
    });
    expect(graphCollectionIssues('event', delta.body)).toEqual([]);
    await call(kit.url, `/v1.0/users/${adele.id}/events/${singleId}`, { method: 'DELETE', token: app });
    const link = new URL(delta.body['@odata.deltaLink']);
    const removed = await call(kit.url, link.pathname + link.search, { token: app });
    expect(graphCollectionIssues('event', removed.body)).toEqual([]);
  });
});

describe('graph-v1.0-types: directory', () => {
  it('users, by default and with every property the emulator can select', async () => {
    const one = await call(kit.url, `/v1.0/users/${adele.id}`, { token: app });
    expect(graphTypeIssues('user', one.body)).toEqual([]);
    const selectable =
      'businessPhones,displayName,givenName,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,surname,userPrincipalName,id,accountEnabled,mailNickname,userType,usageLocation,department,companyName,otherMails,proxyAddresses,createdDateTime';
    const all = await call(kit.url, `/v1.0/users?$select=${selectable}`, { token: app });
    expect(graphCollectionIssues('user', all.body)).toEqual([]);
    const me = await call(kit.url, '/v1.0/me', { token: await kit.userToken(adele.id, TEAMS_SCOPES) });
    expect(graphTypeIssues('user', me.body)).toEqual([]);
  });

  it('the organization', async () => {
    const org = await call(kit.url, '/v1.0/organization', { token: app });
    expect(org.status).toBe(200);
    expect(graphCollectionIssues('organization', org.body)).toEqual([]);
    const one = await call(kit.url, `/v1.0/organization/${contoso.id}`, { token: app });
    expect(graphTypeIssues('organization', one.body)).toEqual([]);
  });
});

describe('graph-v1.0-types: subscriptions and notifications', () => {
  it('a subscription created, read, listed and renewed, and the change and lifecycle notifications it delivers', async () => {
    const created = await subscribe(kit, app, receiver);
    expect(created.status).toBe(201);
    expect(graphTypeIssues('subscription', created.body)).toEqual([]);
    expect(graphTypeIssues('subscription', (await call(kit.url, `/v1.0/subscriptions/${created.body.id}`, { token: app })).body)).toEqual(
      [],
    );
    expect(graphCollectionIssues('subscription', (await call(kit.url, '/v1.0/subscriptions', { token: app })).body)).toEqual([]);
    const renewed = await call(kit.url, `/v1.0/subscriptions/${created.body.id}`, {
      method: 'PATCH',
      token: app,
      body: { expirationDateTime: new Date(kit.emulator.clock.now() + 120 * 60_000).toISOString() },
    });
    expect(graphTypeIssues('subscription', renewed.body)).toEqual([]);

    const made = await call<{ id: string }>(kit.url, `/v1.0/users/${adele.id}/events`, {
      method: 'POST',
      token: app,
      body: eventBody('Notified', '2026-11-04T09:00:00', '2026-11-04T09:30:00'),
    });
    await call(kit.url, `/v1.0/users/${adele.id}/events/${made.body.id}`, { method: 'DELETE', token: app });
    await call(kit.url, `/_emulator/subscriptions/${created.body.id}/lifecycle`, { method: 'POST', body: { lifecycleEvent: 'missed' } });
    await kit.emulator.notifier.flush();
    expect(receiver.posts.length).toBeGreaterThan(0);
    for (const post of receiver.posts) expect(graphTypeIssues('changeNotificationCollection', { value: post })).toEqual([]);
  });
});

describe('graph-v1.0-types: the Teams tab’s resources', () => {
  it('contacts, open extensions and conversation members', async () => {
    const token = await kit.userToken(alex.id, TEAMS_SCOPES);
    await call(kit.url, `/_emulator/users/${alex.id}/contacts`, {
      method: 'POST',
      body: {
        displayName: 'Conformance Contact',
        givenName: 'Con',
        emailAddresses: [{ address: 'c@example.org', name: 'C' }],
        businessPhones: ['+1 555 0100'],
        mobilePhone: '+1 555 0101',
      },
    });
    const contacts = await call<{ value: { id: string }[] }>(kit.url, '/v1.0/me/contacts?$top=50', { token });
    expect(graphCollectionIssues('contact', contacts.body)).toEqual([]);
    const contact = await call(kit.url, `/v1.0/me/contacts/${encodeURIComponent(contacts.body.value[0]!.id)}`, { token });
    expect(graphTypeIssues('contact', contact.body)).toEqual([]);

    const extension = {
      '@odata.type': 'microsoft.graph.openTypeExtension',
      extensionName: 'org.example.conformance',
      names: ['a', 'b'],
      version: 1,
    };
    const created = await call(kit.url, '/v1.0/me/extensions', { method: 'POST', token, body: extension });
    expect(created.status).toBe(201);
    expect(graphTypeIssues('openTypeExtension', created.body)).toEqual([]);
    expect(
      graphTypeIssues('openTypeExtension', (await call(kit.url, '/v1.0/me/extensions/org.example.conformance', { token })).body),
    ).toEqual([]);
    expect(graphCollectionIssues('openTypeExtension', (await call(kit.url, '/v1.0/me/extensions', { token })).body)).toEqual([]);

    const chat = await call(kit.url, `/beta/me/chats/${encodeURIComponent(oneOnOneChatId(adele.id, alex.id))}/members`, { token });
    expect(chat.status).toBe(200);
    expect(graphCollectionIssues('conversationMember', chat.body)).toEqual([]);
    const chats = (await (await fetch(`${kit.url}/_emulator/users/${alex.id}/chats`)).json()) as {
      teams: { id: string; channels: { id: string }[] }[];
    };
    const team = chats.teams[0]!;
    const channel = await call(kit.url, `/v1.0/teams/${team.id}/channels/${encodeURIComponent(team.channels[0]!.id)}/members`, { token });
    expect(channel.status).toBe(200);
    expect(graphCollectionIssues('conversationMember', channel.body)).toEqual([]);
  });
});
