import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, DAY, errorCode, slot, startWebex } from './webex-harness';

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

const create = (body: Record<string, unknown>) => call(emu.url, '/v1/meetings', { method: 'POST', token, body });
const valid = (extra: Record<string, unknown> = {}) => ({ title: 'Design review', ...slot(2), ...extra });

describe('Create a Meeting', () => {
  it('creates a meeting series with the host, links, telephony and a generated password', async () => {
    const r = await create(valid());
    expect(r.status).toBe(200);
    const m = r.body;
    expect(m.id).toMatch(/^[0-9a-f]{32}$/);
    expect(m.meetingType).toBe('meetingSeries');
    expect(m.state).toBe('active');
    expect(m.hostEmail).toBe(ALEX);
    expect(m.hostDisplayName).toBe('Alex Wilber');
    expect(m.siteUrl).toBe('contoso.webex.com');
    expect(String(m.webLink)).toMatch(/^https:\/\/contoso\.webex\.com\/contoso\/j\.php\?MTID=m[0-9a-f]{32}$/);
    expect(m.sipAddress).toBe(`${String(m.meetingNumber)}@contoso.webex.com`);
    expect(m.hostKey).toMatch(/^\d{6}$/);
    expect(m.password).toMatch(/^(?=.*[A-Za-z])(?=.*\d)\S{6,32}$/);
    expect((m.telephony as { accessCode: string }).accessCode).toBe(m.meetingNumber);
    expect(m).not.toHaveProperty('recurrence');
    expect(r.headers.get('trackingid')).toMatch(/^ROUTER_/);
  });

  it('answers start and end in the meeting time zone with its offset', async () => {
    const r = await create({
      title: 'Standup',
      start: '2027-01-12T17:00:00Z',
      end: '2027-01-12T17:30:00Z',
      timezone: 'America/Los_Angeles',
    });
    expect(r.status).toBe(200);
    expect(r.body.timezone).toBe('America/Los_Angeles');
    expect(r.body.start).toBe('2027-01-12T09:00:00-08:00');
    expect(r.body.end).toBe('2027-01-12T09:30:00-08:00');
  });

  it('reads a start without offset as wall-clock time in the given time zone', async () => {
    const r = await create({ title: 'Local', start: '2027-07-01 20:00:00', end: '2027-07-01 21:00:00', timezone: 'Asia/Shanghai' });
    expect(r.status).toBe(200);
    expect(r.body.start).toBe('2027-07-01T20:00:00+08:00');
    expect(emu.meetings()[0]?.start).toBe('2027-07-01T12:00:00.000Z');
  });

  it("uses the host's time zone when none is given", async () => {
    emu.addPerson({ email: 'pat@contoso.example', displayName: 'Pat Lee', timezone: 'Europe/Berlin' });
    const pat = emu.issueUserToken('pat@contoso.example').access_token;
    const r = await call(emu.url, '/v1/meetings', {
      method: 'POST',
      token: pat,
      body: { title: 'x', start: '2027-01-12T10:00:00', end: '2027-01-12T11:00:00' },
    });
    expect(r.body.timezone).toBe('Europe/Berlin');
    expect(r.body.start).toBe('2027-01-12T10:00:00+01:00');
  });

  it('strips seconds and milliseconds from start and end', async () => {
    const r = await create({ title: 'x', start: '2027-03-01T10:32:28.076Z', end: '2027-03-01T11:52:41Z', timezone: 'UTC' });
    expect(r.body.start).toBe('2027-03-01T10:32:00Z');
    expect(r.body.end).toBe('2027-03-01T11:52:00Z');
  });

  it('moves a start within the current minute to the next minute', async () => {
    const now = Date.now();
    const r = await create({
      title: 'Now',
      start: new Date(now).toISOString(),
      end: new Date(now + 3_600_000).toISOString(),
      timezone: 'UTC',
    });
    expect(r.status).toBe(200);
    const start = Date.parse(String(r.body.start));
    expect(start).toBeGreaterThan(now);
    expect(start - now).toBeLessThanOrEqual(60_000);
  });

  it('ignores fields it does not know', async () => {
    const r = await create(valid({ colour: 'blue', nested: { a: 1 } }));
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('colour');
  });

  it('keeps integration tags and the given options', async () => {
    const r = await create(
      valid({
        integrationTags: ['outlook:abc'],
        enabledJoinBeforeHost: true,
        joinBeforeHostMinutes: 10,
        agenda: 'Plan',
        password: 'Secret123',
      }),
    );
    expect(r.body.integrationTags).toEqual(['outlook:abc']);
    expect(r.body.enabledJoinBeforeHost).toBe(true);
    expect(r.body.joinBeforeHostMinutes).toBe(10);
    expect(r.body.agenda).toBe('Plan');
    expect(r.body.password).toBe('Secret123');
  });

  it('records whether emails were sent', async () => {
    await create(valid({ sendEmail: false, invitees: [{ email: 'guest@example.org' }] }));
    await create(valid({ invitees: [{ email: 'guest@example.org' }] }));
    const [quiet, loud] = emu.meetings();
    expect(quiet?.calls[0]).toMatchObject({ operation: 'create', sendEmail: false, emailsSent: 0 });
    expect(loud?.calls[0]).toMatchObject({ operation: 'create', sendEmail: true, emailsSent: 2 });
  });

  it("schedules a personal room meeting in the host's personal room, without integration tags", async () => {
    const r = await create(valid({ scheduledType: 'personalRoomMeeting' }));
    expect(r.status).toBe(200);
    expect(r.body.scheduledType).toBe('personalRoomMeeting');
    expect(r.body.webLink).toBe('https://contoso.webex.com/meet/alex.wilber');
    const again = await create(valid({ scheduledType: 'personalRoomMeeting' }));
    expect(again.body.meetingNumber).toBe(r.body.meetingNumber);
    const tagged = await create(valid({ scheduledType: 'personalRoomMeeting', integrationTags: ['x'] }));
    expect(tagged.status).toBe(400);
    expect(errorCode(tagged)).toBe('meeting.integrationTags.unsupported');
  });

  it('accepts a 128-character title and exactly 10 minutes or 23 hours 59 minutes', async () => {
    expect((await create(valid({ title: 'x'.repeat(128) }))).status).toBe(200);
    expect((await create(valid(slot(3, 10, 10)))).status).toBe(200);
    expect((await create(valid(slot(3, 0, 23 * 60 + 59)))).status).toBe(200);
  });
});

describe('Create a Meeting refuses what Webex refuses', () => {
  const s = slot(2);
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing title', { start: s.start, end: s.end }, 'meeting.title.required'],
    ['an empty title', { title: '  ', start: s.start, end: s.end }, 'meeting.title.required'],
    ['a title over 128 characters', { title: 'x'.repeat(129), start: s.start, end: s.end }, 'meeting.title.tooLong'],
    ['a title that is not a string', { title: 42, start: s.start, end: s.end }, 'meeting.field.invalidType'],
    ['an agenda over 1300 characters', { title: 't', agenda: 'a'.repeat(1301), start: s.start, end: s.end }, 'meeting.agenda.tooLong'],
    ['a missing start', { title: 't', end: s.end }, 'meeting.start.required'],
    ['a missing end', { title: 't', start: s.start }, 'meeting.end.required'],
    ['a start that is not ISO 8601', { title: 't', start: 'next tuesday', end: s.end }, 'meeting.start.invalid'],
    ['a date without a time', { title: 't', start: '2027-01-12', end: '2027-01-13' }, 'meeting.start.invalid'],
    ['a Windows time zone name', { title: 't', ...s, timezone: 'Pacific Standard Time' }, 'meeting.timezone.invalid'],
    ['an offset for a time zone', { title: 't', ...s, timezone: '+01:00' }, 'meeting.timezone.invalid'],
    ['an unknown time zone', { title: 't', ...s, timezone: 'Mars/Olympus_Mons' }, 'meeting.timezone.invalid'],
    ['an end before the start', { title: 't', start: s.end, end: s.start }, 'meeting.end.beforeStart'],
    ['an end equal to the start', { title: 't', start: s.start, end: s.start }, 'meeting.end.beforeStart'],
    ['a duration of 9 minutes', { title: 't', ...slot(2, 10, 9) }, 'meeting.duration.tooShort'],
    ['a duration of 24 hours', { title: 't', ...slot(2, 0, 24 * 60) }, 'meeting.duration.tooLong'],
    [
      'a start in the past',
      { title: 't', start: new Date(Date.now() - 2 * 3_600_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() },
      'meeting.start.inPast',
    ],
    ['a start 10 years ahead', { title: 't', ...slot(3660) }, 'meeting.start.tooFar'],
    ['four integration tags', { title: 't', ...s, integrationTags: ['a', 'b', 'c', 'd'] }, 'meeting.integrationTags.tooMany'],
    ['an integration tag over 64 characters', { title: 't', ...s, integrationTags: ['x'.repeat(65)] }, 'meeting.integrationTags.tooLong'],
    ['integration tags that are not strings', { title: 't', ...s, integrationTags: [1] }, 'meeting.field.invalidType'],
    ['a password without digits', { title: 't', ...s, password: 'abcdefgh' }, 'meeting.password.invalid'],
    ['a password too short', { title: 't', ...s, password: 'a1' }, 'meeting.password.invalid'],
    ['joinBeforeHostMinutes of 7', { title: 't', ...s, joinBeforeHostMinutes: 7 }, 'meeting.joinBeforeHostMinutes.invalid'],
    ['joinBeforeHostMinutes of 30 for a meeting', { title: 't', ...s, joinBeforeHostMinutes: 30 }, 'meeting.joinBeforeHostMinutes.invalid'],
    ['an unknown scheduledType', { title: 't', ...s, scheduledType: 'party' }, 'meeting.scheduledType.invalid'],
    ['a boolean option given as a string', { title: 't', ...s, publicMeeting: 'yes' }, 'meeting.field.invalidType'],
    ['an hourly recurrence', { title: 't', ...s, recurrence: 'FREQ=HOURLY;INTERVAL=1' }, 'meeting.recurrence.unsupported'],
    [
      'a recurrence part outside the Webex subset',
      { title: 't', ...s, recurrence: 'FREQ=WEEKLY;BYDAY=MO;WKST=SU' },
      'meeting.recurrence.unsupported',
    ],
    [
      'a recurrence with COUNT and UNTIL',
      { title: 't', ...s, recurrence: 'FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z' },
      'meeting.recurrence.invalid',
    ],
    ['a recurrence without FREQ', { title: 't', ...s, recurrence: 'INTERVAL=1;COUNT=3' }, 'meeting.recurrence.invalid'],
    ['a malformed BYDAY', { title: 't', ...s, recurrence: 'FREQ=WEEKLY;BYDAY=XX' }, 'meeting.recurrence.invalid'],
    ['an UNTIL before the start', { title: 't', ...s, recurrence: 'FREQ=DAILY;UNTIL=20200101T000000Z' }, 'meeting.recurrence.noOccurrence'],
    ['a body that is not an object', [1, 2] as unknown as Record<string, unknown>, 'meeting.body.invalid'],
  ];

  it.each(cases)('answers 400 with the Webex error body for %s', async (_name, body, code) => {
    const r = await create(body);
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe(code);
    expect(emu.meetings()).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const r = await call(emu.url, '/v1/meetings', {
      method: 'POST',
      token,
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('request.json.invalid');
  });

  it('answers 415 for a body that is not JSON by content type', async () => {
    const r = await call(emu.url, '/v1/meetings', { method: 'POST', token, body: 'title=x', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    errorCode(r);
  });

  it('answers 429 with Retry-After once a user has created 100 meetings in 24 hours, counting failed requests', async () => {
    const limited = await startWebex({ limits: { perUserPerDay: 3 } });
    try {
      const t = limited.issueUserToken(ALEX).access_token;
      const post = (body: Record<string, unknown>) => call(limited.url, '/v1/meetings', { method: 'POST', token: t, body });
      expect((await post(valid())).status).toBe(200);
      expect((await post({ title: '' })).status).toBe(400);
      expect((await post(valid())).status).toBe(200);
      const r = await post(valid());
      expect(r.status).toBe(429);
      expect(errorCode(r)).toBe('meeting.create.rateLimited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      limited.setClockOffset(DAY / 1000 + 60);
      expect((await post({ title: 'later', ...slot(3) })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
