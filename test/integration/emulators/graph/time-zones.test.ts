import { adele, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Time = { dateTime: string; timeZone: string };
type Event = { id: string; start: Time; end: Time; originalStartTimeZone: string; originalEndTimeZone: string };

const events = `/v1.0/users/${adele.id}/events`;

async function create(body: Record<string, unknown>) {
  return call<Event & GraphErrorShape>(kit.url, events, { method: 'POST', token: app, body });
}

async function read(id: string, zone?: string) {
  return call<Event>(kit.url, `${events}/${id}`, { token: app, headers: zone ? { Prefer: `outlook.timezone="${zone}"` } : {} });
}

describe('time zones', () => {
  it('an event created in Pacific time comes back in UTC, with the creation zone in originalStartTimeZone', async () => {
    const res = await create(eventBody('PST', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'Pacific Standard Time'));
    expect(res.status).toBe(201);
    expect(res.body.start).toEqual({ dateTime: '2026-11-24T17:00:00.0000000', timeZone: 'UTC' });
    expect(res.body.end).toEqual({ dateTime: '2026-11-24T18:00:00.0000000', timeZone: 'UTC' });
    expect(res.body.originalStartTimeZone).toBe('Pacific Standard Time');
    expect(res.body.originalEndTimeZone).toBe('Pacific Standard Time');
    expect(res.headers.get('preference-applied')).toBeNull();
  });

  it('the same local time on either side of the spring DST change maps to different UTC hours and back', async () => {
    const before = await create(eventBody('Sat', '2026-03-07T10:00:00', '2026-03-07T11:00:00'));
    const after = await create(eventBody('Mon', '2026-03-09T10:00:00', '2026-03-09T11:00:00'));
    expect(before.body.start.dateTime).toBe('2026-03-07T18:00:00.0000000');
    expect(after.body.start.dateTime).toBe('2026-03-09T17:00:00.0000000');
    for (const ev of [before.body, after.body]) {
      const local = await read(ev.id, 'Pacific Standard Time');
      expect(local.body.start).toEqual({ dateTime: expect.stringMatching(/T10:00:00\.0000000$/), timeZone: 'Pacific Standard Time' });
      expect(local.headers.get('preference-applied')).toBe('outlook.timezone="Pacific Standard Time"');
    }
  });

  it('Prefer: outlook.timezone takes IANA names as well as Windows names', async () => {
    const { body } = await create(eventBody('Berlin', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await read(body.id, 'Europe/Berlin');
    expect(res.body.start).toEqual({ dateTime: '2026-11-24T18:00:00.0000000', timeZone: 'Europe/Berlin' });
    const windows = await read(body.id, 'W. Europe Standard Time');
    expect(windows.body.start).toEqual({ dateTime: '2026-11-24T18:00:00.0000000', timeZone: 'W. Europe Standard Time' });
  });

  it('an event created with an IANA zone is read in it and keeps the IANA name as its original zone', async () => {
    const res = await create(eventBody('NY', '2026-07-01T09:00:00', '2026-07-01T09:30:00', 'America/New_York'));
    expect(res.body.start.dateTime).toBe('2026-07-01T13:00:00.0000000');
    expect(res.body.originalStartTimeZone).toBe('America/New_York');
  });

  it('a local time skipped by the spring change lands after the gap; a repeated one is its first occurrence', async () => {
    const skipped = await create(eventBody('Gap', '2026-03-08T02:30:00', '2026-03-08T04:00:00'));
    expect(skipped.body.start.dateTime).toBe('2026-03-08T10:30:00.0000000');
    const repeated = await create(eventBody('Twice', '2026-11-01T01:30:00', '2026-11-01T03:00:00'));
    expect(repeated.body.start.dateTime).toBe('2026-11-01T08:30:00.0000000');
  });

  it('a dateTime with its own offset names that instant whatever the zone', async () => {
    const res = await create(eventBody('Z', '2026-11-24T17:00:00Z', '2026-11-24T18:00:00Z', 'Pacific Standard Time'));
    expect(res.body.start.dateTime).toBe('2026-11-24T17:00:00.0000000');
  });

  it('moving an event to another zone changes its original zone and keeps the wall clock given', async () => {
    const { body } = await create(eventBody('Move', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await call<Event>(kit.url, `${events}/${body.id}`, {
      method: 'PATCH',
      token: app,
      body: {
        start: { dateTime: '2026-11-24T09:00:00', timeZone: 'Tokyo Standard Time' },
        end: { dateTime: '2026-11-24T10:00:00', timeZone: 'Tokyo Standard Time' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.start.dateTime).toBe('2026-11-24T00:00:00.0000000');
    expect(res.body.originalStartTimeZone).toBe('Tokyo Standard Time');
  });

  it('an unknown zone is refused with TimeZoneNotSupportedException, in the body and in Prefer', async () => {
    const bad = await create(eventBody('Bad', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'Mars Standard Time'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('TimeZoneNotSupportedException');
    const missing = await create({
      subject: 'No zone',
      start: { dateTime: '2026-11-24T09:00:00' },
      end: { dateTime: '2026-11-24T10:00:00' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('TimeZoneNotSupportedException');
    const list = await call<GraphErrorShape>(kit.url, events, { token: app, headers: { Prefer: 'outlook.timezone="Nowhere/Atlantis"' } });
    expect(list.status).toBe(400);
    expect(list.body.error.code).toBe('TimeZoneNotSupportedException');
    expect(kit.emulator.events.all()).toEqual([]);
  });

  it('a dateTime that is not one is refused with UnableToDeserializePostBody', async () => {
    const res = await create(eventBody('Bad time', '2026-13-40T09:00:00', '2026-11-24T10:00:00'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UnableToDeserializePostBody');
  });

  it('an event that ends before it starts is refused', async () => {
    const res = await create(eventBody('Backwards', '2026-11-24T10:00:00', '2026-11-24T09:00:00'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidRequest');
  });

  it('an all-day event spans midnights and is shown floating, labelled with the requested zone', async () => {
    const res = await create(eventBody('Holiday', '2026-11-26', '2026-11-27', 'Pacific Standard Time', { isAllDay: true }));
    expect(res.status).toBe(201);
    expect(res.body.start).toEqual({ dateTime: '2026-11-26T00:00:00.0000000', timeZone: 'UTC' });
    expect(res.body.end).toEqual({ dateTime: '2026-11-27T00:00:00.0000000', timeZone: 'UTC' });
    const tokyo = await read(res.body.id, 'Tokyo Standard Time');
    expect(tokyo.body.start).toEqual({ dateTime: '2026-11-26T00:00:00.0000000', timeZone: 'Tokyo Standard Time' });
  });

  it('an all-day event that does not start and end at midnight is refused, on create and on update', async () => {
    const res = await create(
      eventBody('Half day', '2026-11-26T09:00:00', '2026-11-27T00:00:00', 'Pacific Standard Time', { isAllDay: true }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidRequest');
    const timed = await create(eventBody('Timed', '2026-11-26T09:00:00', '2026-11-26T10:00:00'));
    const patch = await call<GraphErrorShape>(kit.url, `${events}/${timed.body.id}`, {
      method: 'PATCH',
      token: app,
      body: { isAllDay: true },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.code).toBe('ErrorInvalidRequest');
  });
});
