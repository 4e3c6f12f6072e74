import { adele, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = Record<string, unknown> & {
  id: string;
  type: string;
  subject: string;
  seriesMasterId: string | null;
  originalStart?: string;
  start: { dateTime: string; timeZone: string };
  changeKey: string;
};
type Page = { value: Event[]; '@odata.nextLink'?: string };

const events = `/v1.0/users/${adele.id}/events`;
const PACIFIC = { Prefer: 'outlook.timezone="Pacific Standard Time"' };
const NOVEMBER = 'startDateTime=2026-10-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z';

/** A weekly 9:00 Pacific meeting on Mondays: 26 Oct (daylight time) to 16 Nov (standard time). */
function weeklySeries(subject = 'Standup') {
  return kit.emulator.createEvent(adele.id, {
    ...eventBody(subject, '2026-10-26T09:00:00', '2026-10-26T09:30:00'),
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'endDate', startDate: '2026-10-26', endDate: '2026-11-16' },
    },
  });
}

async function instances(masterId: string, headers: Record<string, string> = {}): Promise<Event[]> {
  const res = await call<Page>(kit.url, `${events}/${masterId}/instances?${NOVEMBER}`, { token: app, headers });
  expect(res.status).toBe(200);
  return res.body.value;
}

describe('a recurring series', () => {
  it('is created as a seriesMaster and listed once in /events', async () => {
    const res = await call<Event>(kit.url, events, {
      method: 'POST',
      token: app,
      body: {
        ...eventBody('Series', '2026-10-26T09:00:00', '2026-10-26T09:30:00'),
        recurrence: {
          pattern: { type: 'daily', interval: 1 },
          range: { type: 'numbered', startDate: '2026-10-26', numberOfOccurrences: 3 },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.type).toBe('seriesMaster');
    expect(res.body.recurrence).toMatchObject({ range: { recurrenceTimeZone: 'Pacific Standard Time', numberOfOccurrences: 3 } });
    const list = await call<Page>(kit.url, events, { token: app });
    expect(list.body.value.map((e) => e.type)).toEqual(['seriesMaster']);
  });

  it('expands into occurrences that keep their local time across a daylight-saving change', async () => {
    const master = weeklySeries();
    const utc = await instances(master.id);
    expect(utc.map((e) => e.start.dateTime)).toEqual([
      '2026-10-26T16:00:00.0000000',
      '2026-11-02T17:00:00.0000000',
      '2026-11-09T17:00:00.0000000',
      '2026-11-16T17:00:00.0000000',
    ]);
    const local = await instances(master.id, PACIFIC);
    expect(new Set(local.map((e) => e.start.dateTime.slice(11)))).toEqual(new Set(['09:00:00.0000000']));
    expect(utc.every((e) => e.type === 'occurrence' && e.seriesMasterId === master.id)).toBe(true);
    expect(utc[1]!.originalStart).toBe('2026-11-02T17:00:00Z');
    expect(new Set(utc.map((e) => e.id)).size).toBe(4);
  });

  it('instances need a time window: 400 ErrorInvalidParameter without one', async () => {
    const master = weeklySeries();
    const res = await call<GraphErrorShape>(kit.url, `${events}/${master.id}/instances`, { token: app });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidParameter');
  });

  it('an occurrence is addressable by its id, in either id form', async () => {
    const master = weeklySeries();
    const [, second] = await instances(master.id);
    const got = await call<Event>(kit.url, `${events}/${second!.id}`, { token: app });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: second!.id, type: 'occurrence', seriesMasterId: master.id, subject: 'Standup' });
    const immutable = await instances(master.id, { Prefer: 'IdType="ImmutableId"' });
    expect((await call<Event>(kit.url, `${events}/${immutable[1]!.id}`, { token: app })).body.id).toBe(second!.id);
  });

  it('an occurrence id the series does not have is 404', async () => {
    const master = weeklySeries();
    const [first] = await instances(master.id);
    const other = weeklySeries('Other');
    const [foreign] = await instances(other.id);
    await call(kit.url, `${events}/${other.id}`, { method: 'DELETE', token: app });
    expect((await call(kit.url, `${events}/${foreign!.id}`, { token: app })).status).toBe(404);
    expect((await call(kit.url, `${events}/${first!.id}`, { token: app })).status).toBe(200);
  });

  it('PATCH on an occurrence makes it an exception with the same id, in place of the occurrence', async () => {
    const master = weeklySeries();
    const before = await instances(master.id);
    const patched = await call<Event>(kit.url, `${events}/${before[1]!.id}`, {
      method: 'PATCH',
      token: app,
      body: {
        subject: 'Moved standup',
        start: { dateTime: '2026-11-03T10:00:00', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2026-11-03T10:30:00', timeZone: 'Pacific Standard Time' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: before[1]!.id,
      type: 'exception',
      subject: 'Moved standup',
      originalStart: '2026-11-02T17:00:00Z',
    });
    const after = await instances(master.id);
    expect(after.map((e) => [e.type, e.subject])).toEqual([
      ['occurrence', 'Standup'],
      ['exception', 'Moved standup'],
      ['occurrence', 'Standup'],
      ['occurrence', 'Standup'],
    ]);
    expect(after[1]!.start.dateTime).toBe('2026-11-03T18:00:00.0000000');
    const recurrenceOnInstance = await call<GraphErrorShape>(kit.url, `${events}/${before[2]!.id}`, {
      method: 'PATCH',
      token: app,
      body: { recurrence: { pattern: { type: 'daily' }, range: { type: 'noEnd', startDate: '2026-11-09' } } },
    });
    expect(recurrenceOnInstance.status).toBe(400);
  });

  it('DELETE on an occurrence cancels it: gone from instances, listed in the master’s cancelledOccurrences', async () => {
    const master = weeklySeries();
    const before = await instances(master.id);
    expect((await call(kit.url, `${events}/${before[2]!.id}`, { method: 'DELETE', token: app })).status).toBe(204);
    const after = await instances(master.id);
    expect(after.map((e) => e.id)).toEqual([before[0]!.id, before[1]!.id, before[3]!.id]);
    expect((await call(kit.url, `${events}/${before[2]!.id}`, { token: app })).status).toBe(404);
    const selected = await call<Event>(kit.url, `${events}/${master.id}?$select=subject,cancelledOccurrences`, { token: app });
    expect(selected.body.cancelledOccurrences).toEqual([`OID.${master.id}.2026-11-09`]);
    const plain = await call<Event>(kit.url, `${events}/${master.id}`, { token: app });
    expect(plain.body).not.toHaveProperty('cancelledOccurrences');
  });

  it('deleting an exception cancels its occurrence too', async () => {
    const master = weeklySeries();
    const before = await instances(master.id);
    await call(kit.url, `${events}/${before[0]!.id}`, { method: 'PATCH', token: app, body: { subject: 'Changed' } });
    await call(kit.url, `${events}/${before[0]!.id}`, { method: 'DELETE', token: app });
    expect((await instances(master.id)).map((e) => e.id)).toEqual(before.slice(1).map((e) => e.id));
  });

  it('changing the series time drops its exceptions and cancellations, as Outlook does', async () => {
    const master = weeklySeries();
    const before = await instances(master.id);
    await call(kit.url, `${events}/${before[1]!.id}`, { method: 'PATCH', token: app, body: { subject: 'Exception' } });
    await call(kit.url, `${events}/${before[2]!.id}`, { method: 'DELETE', token: app });
    const moved = await call<Event>(kit.url, `${events}/${master.id}`, {
      method: 'PATCH',
      token: app,
      body: {
        start: { dateTime: '2026-10-26T11:00:00', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2026-10-26T11:30:00', timeZone: 'Pacific Standard Time' },
      },
    });
    expect(moved.status).toBe(200);
    const after = await instances(master.id, PACIFIC);
    expect(after.map((e) => [e.type, e.subject, e.start.dateTime.slice(11, 16)])).toEqual([
      ['occurrence', 'Standup', '11:00'],
      ['occurrence', 'Standup', '11:00'],
      ['occurrence', 'Standup', '11:00'],
      ['occurrence', 'Standup', '11:00'],
    ]);
    expect(kit.emulator.events.exceptionsOf(adele.id, master.event.key)).toEqual([]);
  });

  it('a subject change on the master keeps exceptions', async () => {
    const master = weeklySeries();
    const before = await instances(master.id);
    await call(kit.url, `${events}/${before[1]!.id}`, { method: 'PATCH', token: app, body: { subject: 'Exception' } });
    await call(kit.url, `${events}/${master.id}`, { method: 'PATCH', token: app, body: { subject: 'Renamed' } });
    expect((await instances(master.id)).map((e) => e.subject)).toEqual(['Renamed', 'Exception', 'Renamed', 'Renamed']);
  });

  it('a change inside the series moves the master’s changeKey on', async () => {
    const master = weeklySeries();
    const [first] = await instances(master.id);
    await call(kit.url, `${events}/${first!.id}`, { method: 'PATCH', token: app, body: { subject: 'x' } });
    const read = await call<Event>(kit.url, `${events}/${master.id}`, { token: app });
    expect(read.body.changeKey).not.toBe(master.event.changeKey);
  });
});

describe('calendarView', () => {
  it('shows single events and series instances in the window, not series masters, by start', async () => {
    weeklySeries();
    kit.emulator.createEvent(adele.id, eventBody('One-off', '2026-11-04T12:00:00', '2026-11-04T13:00:00'));
    kit.emulator.createEvent(adele.id, eventBody('Outside', '2026-12-04T12:00:00', '2026-12-04T13:00:00'));
    const view = await call<Page>(
      kit.url,
      `/v1.0/users/${adele.id}/calendarView?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-10T00:00:00Z`,
      { token: app },
    );
    expect(view.status).toBe(200);
    expect(view.body.value.map((e) => [e.type, e.subject])).toEqual([
      ['occurrence', 'Standup'],
      ['singleInstance', 'One-off'],
      ['occurrence', 'Standup'],
    ]);
    expect(view.body['@odata.context' as keyof Page]).toBe(`${kit.url}/v1.0/$metadata#users('${adele.id}')/calendarView`);
  });

  it('reads a window without offset as UTC (not in the Prefer zone), and pages with $top', async () => {
    weeklySeries();
    // 9:00 Pacific on 2 November is 17:00 UTC: a window from 17:00 (no offset, so UTC) holds it.
    const res = await call<Page>(
      kit.url,
      `/v1.0/me/calendar/calendarView?startDateTime=2026-11-02T17:00:00&endDateTime=2026-11-30T00:00:00&$top=2`,
      {
        token: await kit.userToken(adele.id),
        headers: PACIFIC,
      },
    );
    expect(res.body.value.map((e) => e.start.dateTime)).toEqual(['2026-11-02T09:00:00.0000000', '2026-11-09T09:00:00.0000000']);
    expect(new URL(res.body['@odata.nextLink']!).searchParams.get('$skip')).toBe('2');
  });

  it('without a window is 400 ErrorInvalidParameter', async () => {
    const res = await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}/calendarView`, { token: app });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidParameter');
  });
});
