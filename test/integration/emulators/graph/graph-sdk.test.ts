/**
 * @microsoft/microsoft-graph-client used exactly as against graph.microsoft.com, with the emulator
 * as base URL. `customHosts` is how the SDK is told to attach the token to a host that is not
 * Graph's (its auth middleware otherwise leaves other hosts alone).
 */
import { AuthenticationProvider, Client, GraphError, PageIterator, PageCollection } from '@microsoft/microsoft-graph-client';
import { outlookCustomPropertiesId } from '../../../../src/emulators/graph/extended-property-id';
import { adele, alex, eventBody, expiresIn, GraphKit, startGraph, startReceiver } from './graph-test-kit';

let kit: GraphKit;
let appClient: Client;

function clientFor(token: string): Client {
  return Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: kit.url,
    customHosts: new Set([new URL(kit.url).hostname]),
  });
}

beforeAll(async () => {
  kit = await startGraph();
  appClient = clientFor(await kit.appToken());
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  singleValueExtendedProperties?: { id: string; value: string }[];
};

describe('the Graph JavaScript SDK against the emulator', () => {
  it('reads /me with Client.init and a delegated token', async () => {
    const me = (await clientFor(await kit.userToken(adele.id))
      .api('/me')
      .get()) as { id: string; userPrincipalName: string };
    expect(me.id).toBe(adele.id);
    expect(me.userPrincipalName).toBe(adele.userPrincipalName);
  });

  it('works through initWithMiddleware and an AuthenticationProvider', async () => {
    const token = await kit.appToken();
    const provider: AuthenticationProvider = { getAccessToken: async () => token };
    const client = Client.initWithMiddleware({ authProvider: provider, baseUrl: kit.url, customHosts: new Set(['localhost']) });
    const users = (await client.api('/users').select(['id', 'mail']).filter(`mail eq '${alex.mail}'`).get()) as { value: { id: string }[] };
    expect(users.value.map((u) => u.id)).toEqual([alex.id]);
  });

  it('creates, reads with Prefer headers, updates and deletes an event', async () => {
    const marker = outlookCustomPropertiesId('2b6b4c6e-0000-4000-8000-0000000add1d');
    const created = (await appClient
      .api(`/users/${adele.id}/events`)
      .header('Prefer', 'IdType="ImmutableId"')
      .post(
        eventBody('SDK', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'Pacific Standard Time', {
          singleValueExtendedProperties: [{ id: marker, value: 'v1' }],
        }),
      )) as Event;
    expect(created.id).toMatch(/^AAkAL/);

    const read = (await appClient
      .api(`/users/${adele.id}/events/${created.id}`)
      .header('Prefer', 'outlook.timezone="Pacific Standard Time"')
      .expand(`singleValueExtendedProperties($filter=id eq '${marker}')`)
      .get()) as Event;
    expect(read.start).toEqual({ dateTime: '2026-11-24T09:00:00.0000000', timeZone: 'Pacific Standard Time' });
    expect(read.singleValueExtendedProperties).toEqual([{ id: marker, value: 'v1' }]);

    const updated = (await appClient.api(`/users/${adele.id}/events/${created.id}`).patch({ subject: 'SDK 2' })) as Event;
    expect(updated.subject).toBe('SDK 2');
    await appClient.api(`/users/${adele.id}/events/${created.id}`).delete();
    expect(kit.emulator.events.all()).toEqual([]);
  });

  it('surfaces Graph errors as GraphError with status, code and request id', async () => {
    const { id } = kit.emulator.createEvent(adele.id, eventBody('Gone', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    await appClient.api(`/users/${adele.id}/events/${id}`).delete();
    const err = (await appClient
      .api(`/users/${adele.id}/events/${id}`)
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('ErrorItemNotFound');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follows @odata.nextLink with PageIterator', async () => {
    for (let day = 1; day <= 5; day += 1) {
      kit.emulator.createEvent(adele.id, eventBody(`P${day}`, `2026-11-0${day}T09:00:00`, `2026-11-0${day}T10:00:00`, 'UTC'));
    }
    const first = (await appClient
      .api(`/users/${adele.id}/events`)
      .top(2)
      .orderby('start/dateTime')
      .select('subject')
      .get()) as PageCollection;
    const subjects: string[] = [];
    await new PageIterator(appClient, first, (e: Event) => {
      subjects.push(e.subject);
      return true;
    }).iterate();
    expect(subjects).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('retries an injected 429 after Retry-After and then succeeds', async () => {
    kit.emulator.faults.length = 0;
    const injected = kit.emulator.faultCounters.injected;
    await fetch(`${kit.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 429, retryAfter: 1, count: 1, pathPrefix: `/v1.0/users/${adele.id}/events` }),
    });
    const started = Date.now();
    const page = (await appClient.api(`/users/${adele.id}/events`).get()) as { value: unknown[] };
    expect(page.value).toEqual([]);
    expect(kit.emulator.faultCounters.injected).toBe(injected + 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('creates a subscription and follows a calendarView delta round to its deltaLink', async () => {
    const receiver = await startReceiver();
    try {
      const sub = (await appClient.api('/subscriptions').post({
        changeType: 'created,updated,deleted',
        notificationUrl: receiver.url,
        resource: `users/${adele.id}/events`,
        expirationDateTime: expiresIn(kit.emulator, 60),
        clientState: 'sdk',
      })) as { id: string };
      expect(receiver.validations).toHaveLength(1);
      for (let day = 1; day <= 3; day += 1)
        kit.emulator.createEvent(adele.id, eventBody(`D${day}`, `2026-11-0${day}T09:00:00`, `2026-11-0${day}T10:00:00`, 'UTC'));
      let page = (await appClient
        .api(`/users/${adele.id}/calendarView/delta`)
        .query({ startDateTime: '2026-11-01T00:00:00Z', endDateTime: '2026-12-01T00:00:00Z' })
        .header('Prefer', 'odata.maxpagesize=2')
        .get()) as { value: Event[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };
      const subjects = page.value.map((e) => e.subject);
      while (page['@odata.nextLink']) {
        page = (await appClient.api(page['@odata.nextLink']).header('Prefer', 'odata.maxpagesize=2').get()) as typeof page;
        subjects.push(...page.value.map((e) => e.subject));
      }
      expect(subjects.sort()).toEqual(['D1', 'D2', 'D3']);
      expect(page['@odata.deltaLink']).toContain('$deltatoken=');
      await appClient.api(`/subscriptions/${sub.id}`).delete();
      expect(kit.emulator.subscriptions.all()).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
