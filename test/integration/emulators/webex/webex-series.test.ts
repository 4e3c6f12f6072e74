import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, DAY, errorCode, HOUR, nextWeekday, stampOf, startWebex } from './webex-harness';

type Meeting = Record<string, unknown> & { id: string; start: string; end: string };

let emu: WebexEmulator;
let token: string;

beforeAll(async () => {
  emu = await startWebex();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  token = emu.issueUserToken(ALEX).access_token;
});

const post = async (body: Record<string, unknown>) => {
  const r = await call<Meeting>(emu.url, '/v1/meetings', { method: 'POST', token, body });
  expect(r.status).toBe(200);
  return r.body;
};
const get = (id: string, headers: Record<string, string> = {}) => call<Meeting>(emu.url, `/v1/meetings/${id}`, { token, headers });
const patch = (id: string, body: Record<string, unknown>) => call<Meeting>(emu.url, `/v1/meetings/${id}`, { method: 'PATCH', token, body });
const occurrences = async (seriesId: string, fromMs: number, toMs: number, extra = '', headers: Record<string, string> = {}) => {
  const q = `meetingSeriesId=${seriesId}&meetingType=scheduledMeeting&from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&max=100${extra}`;
  const r = await call<{ items: Meeting[] }>(emu.url, `/v1/meetings?${q}`, { token, headers });
  expect(r.status).toBe(200);
  return r.body.items;
};

/** A weekly Monday 17:00 UTC series of `count`, starting on a Monday at least two days ahead. */
async function weekly(count = 4, extra: Record<string, unknown> = {}) {
  const monday = nextWeekday(1).getTime() + 17 * HOUR;
  const series = await post({
    title: 'Weekly sync',
    start: new Date(monday).toISOString(),
    end: new Date(monday + HOUR).toISOString(),
    timezone: 'UTC',
    recurrence: `FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=${count}`,
    sendEmail: false,
    ...extra,
  });
  const starts = Array.from({ length: count }, (_, i) => monday + i * 7 * DAY);
  return {
    series,
    starts,
    ids: starts.map((s) => `${series.id}_${stampOf(s)}`),
    window: [monday - DAY, monday + count * 7 * DAY] as const,
  };
}

describe('a recurring meeting series', () => {
  it('has occurrences whose ids are the series id and their UTC start', async () => {
    const { series, ids, window } = await weekly();
    expect(series.recurrence).toBe('FREQ=WEEKLY;COUNT=4;INTERVAL=1;BYDAY=MO');
    const items = await occurrences(series.id, ...window);
    expect(items.map((o) => o.id)).toEqual(ids);
    for (const o of items) {
      expect(o).toMatchObject({
        meetingSeriesId: series.id,
        meetingType: 'scheduledMeeting',
        isModified: false,
        state: 'scheduled',
        title: 'Weekly sync',
      });
    }
  });

  it('keeps its local time across a daylight saving change while the UTC ids move', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const march = new Date(Date.UTC(year, 2, 1));
    const secondSunday = 1 + ((7 - march.getUTCDay()) % 7) + 7;
    const firstMonday = Date.UTC(year, 2, secondSunday - 13); // the Monday two weeks before the change
    const day = new Date(firstMonday).toISOString().slice(0, 10);
    const series = await post({
      title: 'Across DST',
      start: `${day}T09:00:00`,
      end: `${day}T09:30:00`,
      timezone: 'America/Los_Angeles',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
    });
    const items = await occurrences(series.id, firstMonday, firstMonday + 30 * DAY, '', { timezone: 'America/Los_Angeles' });
    expect(items.map((o) => o.start.slice(11))).toEqual(['09:00:00-08:00', '09:00:00-08:00', '09:00:00-07:00', '09:00:00-07:00']);
    expect(items.map((o) => o.id.slice(-7))).toEqual(['170000Z', '170000Z', '160000Z', '160000Z']);
  });

  it('answers one occurrence by its id, and 404 for an id that is not an occurrence', async () => {
    const { ids, starts } = await weekly();
    const r = await get(ids[1] ?? '');
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(ids[1]);
    expect(r.body.start).toBe(new Date(starts[1] ?? 0).toISOString().replace('.000Z', 'Z'));
    const off = await get(`${r.body.meetingSeriesId as string}_${stampOf((starts[1] ?? 0) + HOUR)}`);
    expect(off.status).toBe(404);
    expect(errorCode(off)).toBe('meeting.notFound');
  });

  it('moves and renames one occurrence without touching the others or the series', async () => {
    const { series, ids, starts, window } = await weekly();
    const moved = (starts[2] ?? 0) + 2 * HOUR;
    const r = await patch(ids[2] ?? '', {
      title: 'Moved sync',
      start: new Date(moved).toISOString(),
      end: new Date(moved + HOUR).toISOString(),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids[2], meetingType: 'scheduledMeeting', isModified: true, title: 'Moved sync' });
    const items = await occurrences(series.id, ...window);
    expect(items.map((o) => o.id)).toEqual(ids);
    expect(items.map((o) => o.title)).toEqual(['Weekly sync', 'Weekly sync', 'Moved sync', 'Weekly sync']);
    expect(Date.parse(items[2]?.start ?? '')).toBe(moved);
    expect((await get(series.id)).body).toMatchObject({ title: 'Weekly sync', start: series.start });
    expect((await occurrences(series.id, ...window, '&isModified=true')).map((o) => o.id)).toEqual([ids[2]]);
  });

  it('cancels one occurrence on delete, without emails when sendEmail=false', async () => {
    const { series, ids, window } = await weekly();
    const r = await call(emu.url, `/v1/meetings/${ids[1] ?? ''}?sendEmail=false`, { method: 'DELETE', token });
    expect(r.status).toBe(204);
    expect((await get(ids[1] ?? '')).status).toBe(404);
    expect((await occurrences(series.id, ...window)).map((o) => o.id)).toEqual([ids[0], ids[2], ids[3]]);
    const snap = emu.meetings()[0];
    expect(snap?.deleted).toBe(false);
    expect(snap?.cancelledOccurrences).toEqual([ids[1]]);
    expect(snap?.calls.at(-1)).toMatchObject({ operation: 'delete', target: 'occurrence', sendEmail: false, emailsSent: 0 });
  });

  it('drops its exceptions and cancellations when the series time changes', async () => {
    const { series, ids, starts, window } = await weekly();
    await patch(ids[1] ?? '', { title: 'Special' });
    await call(emu.url, `/v1/meetings/${ids[2] ?? ''}?sendEmail=false`, { method: 'DELETE', token });
    const later = (starts[0] ?? 0) + HOUR;
    const r = await patch(series.id, { start: new Date(later).toISOString(), end: new Date(later + HOUR).toISOString() });
    expect(r.status).toBe(200);
    const items = await occurrences(series.id, window[0], window[1] + HOUR);
    expect(items).toHaveLength(4);
    expect(items.every((o) => o.isModified === false && o.title === 'Weekly sync')).toBe(true);
    expect(items.map((o) => o.id)).toEqual(starts.map((s) => `${series.id}_${stampOf(s + HOUR)}`));
    expect(emu.meetings()[0]?.calls.at(-1)).toMatchObject({ operation: 'update', target: 'series', droppedExceptions: 2 });
  });

  it('drops its exceptions when the pattern changes', async () => {
    const { series, ids } = await weekly();
    await patch(ids[1] ?? '', { title: 'Special' });
    await patch(series.id, { recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=6' });
    expect((await get(ids[1] ?? '')).body).toMatchObject({ title: 'Weekly sync', isModified: false });
  });

  it('keeps its exceptions when only the title changes', async () => {
    const { series, ids, window } = await weekly();
    await patch(ids[1] ?? '', { title: 'Special' });
    await patch(series.id, { title: 'Renamed sync' });
    const titles = (await occurrences(series.id, ...window)).map((o) => o.title);
    expect(titles).toEqual(['Renamed sync', 'Special', 'Renamed sync', 'Renamed sync']);
  });

  it('takes a patch sent as application/json-patch+json, the media type the spec documents', async () => {
    const { series } = await weekly();
    const r = await call<Meeting>(emu.url, `/v1/meetings/${series.id}`, {
      method: 'PATCH',
      token,
      body: { title: 'Patched' },
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('Patched');
  });

  it('becomes a single meeting when its recurrence is patched to null', async () => {
    const { series, window } = await weekly();
    const r = await patch(series.id, { recurrence: null });
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('recurrence');
    expect(await occurrences(series.id, ...window)).toHaveLength(1);
  });

  it('is replaced by PUT: what the body leaves out goes back to its default', async () => {
    const { series, starts } = await weekly(4, { agenda: 'Notes' });
    const start = new Date(starts[0] ?? 0).toISOString();
    const end = new Date((starts[0] ?? 0) + HOUR).toISOString();
    const r = await call<Meeting>(emu.url, `/v1/meetings/${series.id}`, {
      method: 'PUT',
      token,
      body: { title: 'Replaced', start, end, timezone: 'UTC' },
    });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('Replaced');
    expect(r.body).not.toHaveProperty('agenda');
    expect(r.body).not.toHaveProperty('recurrence');
    const missing = await call(emu.url, `/v1/meetings/${series.id}`, { method: 'PUT', token, body: { start, end } });
    expect(missing.status).toBe(400);
    expect(errorCode(missing)).toBe('meeting.title.required');
  });

  it('starts on the first day its rule allows', async () => {
    const tuesday = nextWeekday(2).getTime() + 17 * HOUR;
    const s = await post({
      title: 'x',
      start: new Date(tuesday).toISOString(),
      end: new Date(tuesday + HOUR).toISOString(),
      timezone: 'UTC',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=2',
    });
    expect(Date.parse(s.start)).toBe(tuesday + 6 * DAY);
  });

  it('keeps only the first day of a monthly rule, as Webex does', async () => {
    const { starts } = await weekly(1);
    const s = await post({
      title: 'Monthly',
      start: new Date(starts[0] ?? 0).toISOString(),
      end: new Date((starts[0] ?? 0) + HOUR).toISOString(),
      recurrence: 'FREQ=MONTHLY;INTERVAL=1;COUNT=10;BYMONTHDAY=10,11,12',
    });
    expect(s.recurrence).toBe('FREQ=MONTHLY;COUNT=10;INTERVAL=1;BYMONTHDAY=10');
    const lastWeekday = await post({
      title: 'Last weekday',
      start: new Date(starts[0] ?? 0).toISOString(),
      end: new Date((starts[0] ?? 0) + HOUR).toISOString(),
      recurrence: 'FREQ=MONTHLY;INTERVAL=1;COUNT=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    });
    expect(lastWeekday.recurrence).toBe('FREQ=MONTHLY;COUNT=3;INTERVAL=1;BYDAY=MO;BYSETPOS=-1');
  });

  it('answers its current scheduled meeting with current=true', async () => {
    const { series, ids } = await weekly();
    expect((await call<Meeting>(emu.url, `/v1/meetings/${series.id}?current=true`, { token })).body.id).toBe(ids[0]);
    await call(emu.url, `/v1/meetings/${ids[0] ?? ''}?sendEmail=false`, { method: 'DELETE', token });
    expect((await call<Meeting>(emu.url, `/v1/meetings/${series.id}?current=true`, { token })).body.id).toBe(ids[1]);
  });

  it('refuses to change an occurrence that has ended (409) or to give an occurrence a recurrence (400)', async () => {
    const { ids, starts } = await weekly();
    const recurring = await patch(ids[1] ?? '', { recurrence: 'FREQ=DAILY;COUNT=2' });
    expect(recurring.status).toBe(400);
    expect(errorCode(recurring)).toBe('meeting.occurrence.recurrence');
    emu.setClockOffset(((starts[0] ?? 0) + 2 * HOUR - Date.now()) / 1000);
    const ended = await patch(ids[0] ?? '', { title: 'Too late' });
    expect(ended.status).toBe(409);
    expect(errorCode(ended)).toBe('meeting.ended');
  });

  it('is listed as a series when any occurrence falls in the window', async () => {
    const { series, starts } = await weekly(8);
    const from = (starts[5] ?? 0) - DAY;
    const r = await call<{ items: Meeting[] }>(
      emu.url,
      `/v1/meetings?from=${new Date(from).toISOString()}&to=${new Date(from + 2 * DAY).toISOString()}&current=false`,
      { token },
    );
    expect(r.body.items.map((m) => [m.id, m.meetingType, m.start])).toEqual([[series.id, 'meetingSeries', series.start]]);
    const after = await call<{ items: Meeting[] }>(emu.url, `/v1/meetings?from=${new Date((starts[7] ?? 0) + 2 * DAY).toISOString()}`, {
      token,
    });
    expect(after.body.items).toEqual([]);
  });

  it('has no meeting instances to list, since nobody joins an emulated meeting', async () => {
    const { series, window } = await weekly();
    const r = await call<{ items: Meeting[] }>(
      emu.url,
      `/v1/meetings?meetingSeriesId=${series.id}&meetingType=meeting&from=${new Date(window[0]).toISOString()}&to=${new Date(window[1]).toISOString()}`,
      { token },
    );
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
  });
});

describe('a single meeting', () => {
  it('has one occurrence; editing it moves the meeting and deleting it deletes the meeting', async () => {
    const monday = nextWeekday(1).getTime() + 17 * HOUR;
    const m = await post({
      title: 'Once',
      start: new Date(monday).toISOString(),
      end: new Date(monday + HOUR).toISOString(),
      timezone: 'UTC',
    });
    const occurrenceId = `${m.id}_${stampOf(monday)}`;
    expect((await get(occurrenceId)).body).toMatchObject({ id: occurrenceId, meetingSeriesId: m.id, meetingType: 'scheduledMeeting' });
    const r = await patch(occurrenceId, { start: new Date(monday + HOUR).toISOString(), end: new Date(monday + 2 * HOUR).toISOString() });
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(`${m.id}_${stampOf(monday + HOUR)}`);
    expect(Date.parse((await get(m.id)).body.start)).toBe(monday + HOUR);
    expect((await call(emu.url, `/v1/meetings/${r.body.id}?sendEmail=false`, { method: 'DELETE', token })).status).toBe(204);
    expect((await get(m.id)).status).toBe(404);
    expect(emu.meetings()[0]?.deleted).toBe(true);
  });
});
