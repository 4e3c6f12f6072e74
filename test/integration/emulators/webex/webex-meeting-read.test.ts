import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, DAY, errorCode, MEGAN, slot, startWebex } from './webex-harness';

type Meeting = Record<string, unknown> & { id: string; start: string };
type List = { items: Meeting[] };

let emu: WebexEmulator;
let alex: string;

beforeAll(async () => {
  emu = await startWebex();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  alex = emu.issueUserToken(ALEX, ['meeting:schedules_read', 'meeting:schedules_write'], 'client-a').access_token;
});

async function create(token: string, body: Record<string, unknown>): Promise<Meeting> {
  const r = await call<Meeting>(emu.url, '/v1/meetings', { method: 'POST', token, body });
  expect(r.status).toBe(200);
  return r.body;
}

describe('Get a Meeting', () => {
  it('answers times in UTC unless the timezone header asks for another zone', async () => {
    const m = await create(alex, { title: 'x', start: '2027-01-12T09:00:00', end: '2027-01-12T10:00:00', timezone: 'America/New_York' });
    const utc = await call<Meeting>(emu.url, `/v1/meetings/${m.id}`, { token: alex });
    expect(utc.body).toMatchObject({ timezone: 'UTC', start: '2027-01-12T14:00:00Z', end: '2027-01-12T15:00:00Z' });
    const local = await call<Meeting>(emu.url, `/v1/meetings/${m.id}`, { token: alex, headers: { timezone: 'Asia/Tokyo' } });
    expect(local.body).toMatchObject({ timezone: 'Asia/Tokyo', start: '2027-01-12T23:00:00+09:00' });
    const bad = await call(emu.url, `/v1/meetings/${m.id}`, { token: alex, headers: { timezone: 'Tokyo Standard Time' } });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('meeting.timezone.invalid');
  });

  it("answers 404 for an unknown id and for another host's meeting", async () => {
    const m = await create(alex, { title: 'mine', ...slot(2) });
    const megan = emu.issueUserToken(MEGAN).access_token;
    for (const [token, id] of [
      [alex, '0123456789abcdef0123456789abcdef'],
      [alex, 'not-an-id'],
      [megan, m.id],
    ] as const) {
      const r = await call(emu.url, `/v1/meetings/${id}`, { token });
      expect(r.status).toBe(404);
      expect(errorCode(r)).toBe('meeting.notFound');
    }
  });

  it('answers 404 once the meeting is deleted', async () => {
    const m = await create(alex, { title: 'gone', ...slot(2) });
    expect((await call(emu.url, `/v1/meetings/${m.id}?sendEmail=false`, { method: 'DELETE', token: alex })).status).toBe(204);
    expect((await call(emu.url, `/v1/meetings/${m.id}`, { token: alex })).status).toBe(404);
    expect((await call(emu.url, `/v1/meetings/${m.id}`, { method: 'DELETE', token: alex })).status).toBe(404);
  });
});

describe('tokens and scopes', () => {
  it('answers 401 without a token, with an unknown one, or with a malformed header', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const r = await call(emu.url, '/v1/meetings', { headers });
      expect(r.status).toBe(401);
      expect(errorCode(r)).toMatch(/^auth\./);
    }
  });

  it('answers 403 when the token lacks the meeting scopes', async () => {
    const readOnly = emu.issueUserToken(ALEX, ['meeting:schedules_read']).access_token;
    const w = await call(emu.url, '/v1/meetings', { method: 'POST', token: readOnly, body: { title: 'x', ...slot(2) } });
    expect(w.status).toBe(403);
    expect(errorCode(w)).toBe('auth.scope');
    const peopleOnly = emu.issueUserToken(ALEX, ['spark:people_read']).access_token;
    expect((await call(emu.url, '/v1/meetings', { token: peopleOnly })).status).toBe(403);
  });
});

describe('List Meetings', () => {
  it('finds meetings by integrationTag, only for the client that set it', async () => {
    const tagged = await create(alex, { title: 'tagged', ...slot(2), integrationTags: ['evt-1'] });
    await create(alex, { title: 'other', ...slot(3), integrationTags: ['evt-2'] });
    const r = await call<List>(emu.url, '/v1/meetings?integrationTag=evt-1', { token: alex });
    expect(r.body.items.map((m) => m.id)).toEqual([tagged.id]);
    const otherClient = emu.issueUserToken(ALEX, ['meeting:schedules_read'], 'client-b').access_token;
    expect((await call<List>(emu.url, '/v1/meetings?integrationTag=evt-1', { token: otherClient })).body.items).toEqual([]);
    const all = await call<List>(emu.url, '/v1/meetings', { token: otherClient });
    expect(all.body.items.map((m) => m.integrationTags)).toEqual([undefined, undefined]);
  });

  it('clears integration tags patched to an empty list', async () => {
    const m = await create(alex, { title: 'tagged', ...slot(2), integrationTags: ['evt-1'] });
    const r = await call<Meeting>(emu.url, `/v1/meetings/${m.id}`, { method: 'PATCH', token: alex, body: { integrationTags: [] } });
    expect(r.body).not.toHaveProperty('integrationTags');
    expect((await call<List>(emu.url, '/v1/meetings?integrationTag=evt-1', { token: alex })).body.items).toEqual([]);
  });

  it('looks 7 days ahead from now by default and takes from/to in ISO 8601', async () => {
    const soon = await create(alex, { title: 'soon', ...slot(2) });
    const later = await create(alex, { title: 'later', ...slot(20) });
    expect((await call<List>(emu.url, '/v1/meetings', { token: alex })).body.items.map((m) => m.id)).toEqual([soon.id]);
    const from = new Date(Date.now() + 19 * DAY).toISOString();
    const to = new Date(Date.now() + 21 * DAY).toISOString();
    expect((await call<List>(emu.url, `/v1/meetings?from=${from}&to=${to}`, { token: alex })).body.items.map((m) => m.id)).toEqual([
      later.id,
    ]);
  });

  it('pages with max and a Link header', async () => {
    for (let i = 0; i < 3; i++) await create(alex, { title: `m${i}`, ...slot(2, 10 + i) });
    const first = await call<List>(emu.url, '/v1/meetings?max=2', { token: alex });
    expect(first.body.items.map((m) => m.title)).toEqual(['m0', 'm1']);
    const link = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get('link') ?? '');
    expect(link).not.toBeNull();
    const next = new URL(link?.[1] ?? '');
    const second = await call<List>(emu.url, `${next.pathname}${next.search}`, { token: alex });
    expect(second.body.items.map((m) => m.title)).toEqual(['m2']);
    expect(second.headers.get('link')).toBeNull();
  });

  it('refuses a bad max, a bad date, from after to, and several of meetingNumber, webLink and roomId', async () => {
    const now = Date.now();
    const cases: [string, string][] = [
      ['max=101', 'meeting.query.max'],
      ['max=0', 'meeting.query.max'],
      ['from=yesterday', 'meeting.query.from'],
      [`from=${new Date(now + DAY).toISOString()}&to=${new Date(now).toISOString()}`, 'meeting.query.range'],
      ['meetingNumber=1&roomId=2', 'meeting.query.exclusive'],
      ['meetingType=webinar', 'meeting.query.meetingType'],
    ];
    for (const [q, code] of cases) {
      const r = await call(emu.url, `/v1/meetings?${q}`, { token: alex });
      expect([q, r.status]).toEqual([q, 400]);
      expect(errorCode(r)).toBe(code);
    }
  });

  it('finds a meeting by its meeting number', async () => {
    const m = await create(alex, { title: 'by number', ...slot(2) });
    const r = await call<List>(emu.url, `/v1/meetings?meetingNumber=${String(m.meetingNumber)}&current=false`, { token: alex });
    expect(r.body.items.map((i) => i.id)).toEqual([m.id]);
  });

  it("does not list another host's meetings", async () => {
    await create(alex, { title: 'mine', ...slot(2) });
    const megan = emu.issueUserToken(MEGAN).access_token;
    expect((await call<List>(emu.url, '/v1/meetings', { token: megan })).body.items).toEqual([]);
  });
});
