import type { EventChange } from '../../../../src/emulators/graph/event-store';
import { adele, alex, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = Record<string, unknown> & { id: string; changeKey: string };

describe('calendar events', () => {
  it('a created event comes back 201 with the whole Graph event resource and a Location to read it from', async () => {
    const res = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events`, {
      method: 'POST',
      token: app,
      body: eventBody('Planning', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'Pacific Standard Time', {
        body: { contentType: 'HTML', content: '<p>Agenda</p>' },
        location: { displayName: 'Room 1' },
        attendees: [{ emailAddress: { address: alex.mail, name: alex.displayName }, type: 'required' }],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json;odata.metadata=minimal/);
    const ev = res.body;
    expect(Object.keys(ev)).toEqual([
      '@odata.context',
      '@odata.etag',
      'id',
      'createdDateTime',
      'lastModifiedDateTime',
      'changeKey',
      'categories',
      'transactionId',
      'originalStartTimeZone',
      'originalEndTimeZone',
      'iCalUId',
      'reminderMinutesBeforeStart',
      'isReminderOn',
      'hasAttachments',
      'subject',
      'bodyPreview',
      'importance',
      'sensitivity',
      'isAllDay',
      'isCancelled',
      'isOrganizer',
      'responseRequested',
      'seriesMasterId',
      'showAs',
      'type',
      'webLink',
      'onlineMeetingUrl',
      'isOnlineMeeting',
      'onlineMeetingProvider',
      'allowNewTimeProposals',
      'isDraft',
      'hideAttendees',
      'responseStatus',
      'body',
      'start',
      'end',
      'location',
      'locations',
      'recurrence',
      'attendees',
      'organizer',
      'onlineMeeting',
    ]);
    expect(ev['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#users('${adele.id}')/events/$entity`);
    expect(ev['@odata.etag']).toBe(`W/"${ev.changeKey}"`);
    expect(ev.type).toBe('singleInstance');
    expect(ev.bodyPreview).toBe('Agenda');
    expect(ev.body).toEqual({ contentType: 'html', content: expect.stringContaining('<p>Agenda</p>') });
    expect(ev.organizer).toEqual({ emailAddress: { name: adele.displayName, address: adele.mail } });
    expect(ev.location).toMatchObject({ displayName: 'Room 1', uniqueId: 'Room 1', uniqueIdType: 'private' });
    expect(ev.locations).toHaveLength(1);
    expect(ev.attendees).toEqual([
      {
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: alex.displayName, address: alex.mail },
      },
    ]);
    expect(ev.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);

    const location = res.headers.get('location')!;
    expect(location.startsWith(`${kit.url}/v1.0/`)).toBe(true);
    const again = await call<Event>(location, '', { token: app });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(ev.id);
  });

  it('an event reads back the same through /users/{id}/events, /users/{upn}/calendar/events, /me/events and /beta', async () => {
    const { id } = kit.emulator.createEvent(adele.id, eventBody('Same', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const me = await kit.userToken(adele.id);
    const paths = [
      [`/v1.0/users/${adele.id}/events/${id}`, app],
      [`/v1.0/users/${adele.userPrincipalName}/calendar/events/${id}`, app],
      [`/v1.0/me/events/${id}`, me],
      [`/v1.0/me/calendar/events('${id}')`, me],
      [`/beta/users/${adele.id}/events/${id}`, app],
    ] as const;
    for (const [path, token] of paths) {
      const res = await call<Event>(kit.url, path, { token });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.body.subject).toBe('Same');
    }
  });

  it('the list holds the user’s events and no one else’s', async () => {
    kit.emulator.createEvent(adele.id, eventBody('Mine', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.createEvent(alex.id, eventBody('Theirs', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await call<{ '@odata.context': string; value: Event[] }>(kit.url, `/v1.0/users/${adele.id}/events`, { token: app });
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#users('${adele.id}')/events`);
    expect(res.body.value.map((e) => e.subject)).toEqual(['Mine']);
  });

  it('an update changes only what it names, and gives the event a new changeKey and etag', async () => {
    const created = kit.emulator.createEvent(
      adele.id,
      eventBody('Before', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'Pacific Standard Time', { categories: ['Red'] }),
    );
    const before = created.resource as Event;
    const res = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events/${created.id}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'After' },
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('After');
    expect(res.body.categories).toEqual(['Red']);
    expect(res.body.start).toEqual(before.start);
    expect(res.body.changeKey).not.toBe(before.changeKey);
    expect(res.body['@odata.etag']).toBe(`W/"${res.body.changeKey}"`);
    expect(res.body.createdDateTime).toBe(before.createdDateTime);
  });

  it('an update with a stale If-Match is refused with 412 and changes nothing', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Original', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const first = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events/${created.id}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'First' },
      headers: { 'If-Match': (created.resource as Event)['@odata.etag'] as string },
    });
    expect(first.status).toBe(200);
    const stale = await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}/events/${created.id}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'Second' },
      headers: { 'If-Match': (created.resource as Event)['@odata.etag'] as string },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('ErrorIrresolvableConflict');
    const now = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events/${created.id}`, { token: app });
    expect(now.body.subject).toBe('First');
  });

  it('a deleted event answers 204 and is then not found', async () => {
    const { id } = kit.emulator.createEvent(adele.id, eventBody('Gone', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const del = await call(kit.url, `/v1.0/users/${adele.id}/events/${id}`, { method: 'DELETE', token: app });
    expect(del.status).toBe(204);
    expect(del.body).toBe('');
    const get = await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}/events/${id}`, { token: app });
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe('ErrorItemNotFound');
  });

  it('a recurring event is stored as a series master with its recurrence completed the way Graph returns it', async () => {
    const res = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events`, {
      method: 'POST',
      token: app,
      body: eventBody('Weekly', '2026-11-23T09:00:00', '2026-11-23T09:30:00', 'Pacific Standard Time', {
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'noEnd', startDate: '2026-11-23' } },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.type).toBe('seriesMaster');
    expect(res.body.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: {
        type: 'noEnd',
        startDate: '2026-11-23',
        endDate: '0001-01-01',
        recurrenceTimeZone: 'Pacific Standard Time',
        numberOfOccurrences: 0,
      },
    });
  });

  it('every create, update and delete is announced once on the change feed with the new changeKey', async () => {
    const changes: EventChange[] = [];
    const stop = kit.emulator.events.onChange((c) => changes.push(c));
    try {
      const created = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events`, {
        method: 'POST',
        token: app,
        body: eventBody('Fed', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
      });
      const updated = await call<Event>(kit.url, `/v1.0/users/${adele.id}/events/${created.body.id}`, {
        method: 'PATCH',
        token: app,
        body: { subject: 'Fed 2' },
      });
      await call(kit.url, `/v1.0/users/${adele.id}/events/${created.body.id}`, { method: 'DELETE', token: app });
      expect(changes.map((c) => [c.changeType, c.mailboxId, c.changeKey])).toEqual([
        ['created', adele.id, created.body.changeKey],
        ['updated', adele.id, updated.body.changeKey],
        ['deleted', adele.id, updated.body.changeKey],
      ]);
      expect(new Set(changes.map((c) => c.eventKey)).size).toBe(1);
    } finally {
      stop();
    }
  });

  it('the control surface lists every stored event with its owner and both ids', async () => {
    const created = kit.emulator.createEvent(alex.id, eventBody('Seen', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await call<{ value: { userId: string; id: string; immutableId: string; event: Event }[] }>(kit.url, '/_emulator/events');
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([expect.objectContaining({ userId: alex.id, id: created.id, immutableId: created.immutableId })]);
    expect(res.body.value[0]!.event.subject).toBe('Seen');
  });

  it('the control surface can write to a user’s calendar as the user would in Outlook', async () => {
    const res = await call<Event>(kit.url, `/_emulator/users/${alex.userPrincipalName}/events`, {
      method: 'POST',
      body: eventBody('From Outlook', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
      headers: { Prefer: 'IdType="ImmutableId"' },
    });
    expect(res.status).toBe(201);
    const patched = await call<Event>(kit.url, `/_emulator/users/${alex.id}/events/${res.body.id}`, {
      method: 'PATCH',
      body: { subject: 'Moved' },
    });
    expect(patched.status).toBe(200);
    const read = await call<Event>(kit.url, `/v1.0/users/${alex.id}/events/${res.body.id}`, { token: app });
    expect(read.body.subject).toBe('Moved');
  });

  it('the control surface takes Graph’s long event ids in the path', async () => {
    const res = await call<Event>(kit.url, `/_emulator/users/${alex.id}/events`, {
      method: 'POST',
      body: eventBody('Long id', '2026-11-24T11:00:00', '2026-11-24T12:00:00'),
    });
    expect(res.body.id.length).toBeGreaterThan(100);
    const patched = await call<Event>(kit.url, `/_emulator/users/${alex.id}/events/${res.body.id}`, {
      method: 'PATCH',
      body: { subject: 'Still found' },
    });
    expect(patched.status).toBe(200);
  });

  it('a reset forgets every event', async () => {
    kit.emulator.createEvent(adele.id, eventBody('Temp', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await call(kit.url, '/_emulator/reset', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(kit.emulator.events.all()).toEqual([]);
  });
});
