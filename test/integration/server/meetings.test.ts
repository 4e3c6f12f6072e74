/**
 * The caller's Webex meetings end to end: the add-in's token, the backend, the Webex emulator
 * (through the real WebexClient and the user's linked grant) and a PGlite store.
 */
import { retryAfterViolations } from '../../../scripts/world/request-log';
import { joinDetailsFromWebexMeeting } from '../../../src/core/join-block/join-details-from-webex';
import { CONTOSO, ADELE, ALEX, IRINA, MEGAN, startBackendStack, type BackendStack } from './backend-stack';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

interface Details {
  id: string;
  meetingNumber: string;
  title: string;
  start: string;
  end: string;
  timezone: string;
  recurrence: string | null;
  webLink: string;
  siteUrl: string;
  sipAddress: string;
  password: string;
  telephony: { accessCode: string; callInNumbers: unknown[] } | null;
  options: { type: string; joinBeforeHost: boolean; joinBeforeHostMinutes: number; autoRecord: boolean };
}

const DAY = 86_400_000;
let stack: BackendStack;
let alex: string;
let megan: string;

/** 17:00 UTC (09:00 in Los Angeles in winter, 10:00 in summer) `days` from now, plus `minutes`. */
function at(days: number, minutes = 0): string {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(17, 0, 0, 0);
  return new Date(d.getTime() + minutes * 60_000).toISOString();
}

function draft(over: Record<string, unknown> = {}) {
  return { subject: 'Roadmap review', start: at(10), end: at(10, 60), timeZone: 'Pacific Standard Time', ...over };
}

const liveMeetings = () => stack.webex.meetings().filter((m) => !m.deleted);

async function create(token: string, body: unknown = draft()) {
  const res = await stack.api<Details>('POST', '/api/meetings', { token, body });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
  return res.body;
}

beforeAll(async () => {
  stack = await startBackendStack();
  alex = await stack.userToken(ALEX);
  megan = await stack.userToken(MEGAN);
  await stack.linkWebex(alex, ALEX);
  await stack.linkWebex(megan, MEGAN);
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  stack.setClockOffsetMs(0);
  stack.webex.setClockOffset(0);
  stack.identity.setClockOffset(0);
});

describe('creating a meeting', () => {
  it('creates it in Webex for the caller and answers what the appointment needs', async () => {
    const details = await create(alex);
    expect(details).toMatchObject({
      title: 'Roadmap review',
      timezone: 'America/Los_Angeles',
      recurrence: null,
      options: { type: 'scheduled', joinBeforeHost: false, joinBeforeHostMinutes: 0, autoRecord: false },
    });
    for (const field of ['id', 'meetingNumber', 'webLink', 'siteUrl', 'sipAddress', 'password'] as const)
      expect([field, typeof details[field]]).toEqual([field, 'string']);
    expect(details.telephony?.callInNumbers.length).toBeGreaterThan(0);
    expect(new Date(details.start).toISOString()).toBe(at(10));

    const inWebex = stack.webex.meetings().find((m) => m.id === details.id);
    expect(inWebex).toMatchObject({ hostEmail: ALEX.mail, title: 'Roadmap review', timezone: 'America/Los_Angeles', deleted: false });
    expect(Object.values(inWebex!.integrationTags).flat()).toEqual(['webex-scheduler-for-outlook']);
    expect(inWebex!.calls.find((c) => c.operation === 'create')?.sendEmail).toBe(false);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, details.id)).toBeDefined();
  });

  it('answers everything the join block shows', async () => {
    const join = joinDetailsFromWebexMeeting(await create(alex));
    expect(join).toMatchObject({
      meetingNumber: expect.any(String),
      webLink: expect.any(String),
      password: expect.any(String),
      sipAddress: expect.any(String),
    });
    expect(join.numericPassword).toMatch(/^\d+$/);
    expect(join.dialIn?.length).toBeGreaterThan(0);
  });

  it('never answers the host key', async () => {
    const res = await stack.api('POST', '/api/meetings', { token: alex, body: draft() });
    expect(res.status).toBe(201);
    expect(res.text).not.toMatch(/hostKey/i);
    expect(res.text).not.toContain(ALEX.mail as string);
  });

  it('creates a series from a recurrence', async () => {
    const details = await create(alex, draft({ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=6', start: at(9), end: at(9, 30) }));
    expect(details.recurrence).toMatch(/FREQ=WEEKLY/);
    expect(stack.webex.meetings().find((m) => m.id === details.id)?.recurrence).toMatch(/COUNT=6/);
  });

  it('cuts a subject longer than Webex allows to a title of 128 characters', async () => {
    const details = await create(alex, draft({ subject: 'Budget '.repeat(40) }));
    expect(details.title).toHaveLength(128);
    expect(details.title.endsWith('…')).toBe(true);
  });

  it('uses the caller settings for what the draft does not say', async () => {
    await stack.api('PUT', '/api/me/settings', { token: megan, body: { joinBeforeHost: true } });
    try {
      const details = await create(megan);
      expect(details.options.joinBeforeHost).toBe(true);
    } finally {
      await stack.api('PUT', '/api/me/settings', { token: megan, body: { joinBeforeHost: false } });
    }
  });

  describe('refuses bad input with 400 and its code, creating nothing', () => {
    const cases: Array<[string, unknown, string]> = [
      ['a draft that is not an object', ['Roadmap review'], 'invalid_draft'],
      ['a field no draft has', draft({ attendees: ['megan@contoso.example'] }), 'invalid_draft'],
      ['a subject that is not text', draft({ subject: { text: 'x' } }), 'invalid_subject'],
      ['an all-day event', draft({ isAllDay: true, start: at(10, -17 * 60), end: at(11, -17 * 60) }), 'all_day_not_supported'],
      ['a meeting longer than Webex allows', draft({ end: at(11) }), 'meeting_too_long'],
      ['a meeting shorter than Webex allows', draft({ end: at(10, 5) }), 'meeting_too_short'],
      ['an end before the start', draft({ end: at(10, -30) }), 'end_before_start'],
      ['an unknown time zone', draft({ timeZone: 'Mars Standard Time' }), 'unknown_time_zone'],
      ['a start that is no date', draft({ start: 'next Tuesday' }), 'invalid_start'],
      ['an end without an offset', draft({ end: at(10, 60).replace('Z', '') }), 'invalid_end'],
      ['a start in the past', draft({ start: at(-1), end: at(-1, 60) }), 'meeting_in_past'],
      ['a recurrence Webex would change', draft({ recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1,15' }), 'invalid_recurrence'],
      ['an option Webex does not have', draft({ options: { joinBeforeHost: true, joinBeforeHostMinutes: 20 } }), 'invalid_options'],
    ];
    it.each(cases)('%s', async (_name, body, code) => {
      const before = stack.webex.meetings().length;
      const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token: alex, body });
      expect([res.status, res.body.error.code]).toEqual([400, code]);
      expect(stack.webex.meetings().length).toBe(before);
    });

    it('malformed JSON', async () => {
      const before = stack.webex.meetings().length;
      const res = await stack.api<ErrorBody>('POST', '/api/meetings', {
        token: alex,
        rawBody: '{"subject": "x",',
        headers: { 'content-type': 'application/json' },
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'malformed_json']);
      expect(stack.webex.meetings().length).toBe(before);
    });
  });

  it('asks an unlinked user to link Webex first: 409 webex_not_linked, nothing created', async () => {
    const irina = await stack.userToken(IRINA);
    const before = stack.webex.meetings().length;
    const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token: irina, body: draft() });
    expect([res.status, res.body.error.code]).toEqual([409, 'webex_not_linked']);
    expect(stack.webex.meetings().length).toBe(before);
  });

  it('answers 503 webex_unavailable with Retry-After when Webex stays busy, creating nothing', async () => {
    const before = liveMeetings().length;
    await fetch(`${stack.webex.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, retryAfter: 1, count: 2, pathPrefix: '/v1/meetings', method: 'POST' }),
    });
    try {
      const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token: alex, body: draft() });
      expect([res.status, res.body.error.code]).toEqual([503, 'webex_unavailable']);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(liveMeetings().length).toBe(before);
    } finally {
      await fetch(`${stack.webex.url}/_emulator/faults`, { method: 'DELETE' });
    }
  });

  it('survives one busy answer from Webex: the client waits as told and tries again', async () => {
    await fetch(`${stack.webex.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, retryAfter: 1, count: 1, pathPrefix: '/v1/meetings', method: 'POST' }),
    });
    const mark = stack.webexRequests.mark();
    const res = await stack.api('POST', '/api/meetings', { token: alex, body: draft() });
    expect(res.status).toBe(201);
    // As Webex saw it: the busy answer with Retry-After: 1, then the same request again, no sooner.
    const creates = stack.webexRequests.since(mark).filter((e) => e.method === 'POST' && e.url.split('?')[0] === '/v1/meetings');
    expect(creates.map((e) => [e.status, e.retryAfter])).toEqual([
      [429, 1],
      [200, undefined],
    ]);
    expect(retryAfterViolations(creates)).toEqual([]);
  });
});

describe('reading, changing and deleting a meeting', () => {
  it('reads the caller own meeting', async () => {
    const created = await create(alex);
    const res = await stack.api<Details>('GET', `/api/meetings/${created.id}`, { token: alex });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, meetingNumber: created.meetingNumber, webLink: created.webLink });
  });

  it('reads a meeting back in the zone it was scheduled in, not in UTC', async () => {
    const created = await create(alex);
    const res = await stack.api<Details>('GET', `/api/meetings/${created.id}`, { token: alex });
    expect(res.body).toMatchObject({ timezone: 'America/Los_Angeles', start: created.start });
  });

  it('keeps reading a meeting in the zone it was moved to', async () => {
    const created = await create(alex);
    await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, { token: alex, body: { timeZone: 'W. Europe Standard Time' } });
    const res = await stack.api<Details>('GET', `/api/meetings/${created.id}`, { token: alex });
    expect(res.body.timezone).toBe('Europe/Berlin');
  });

  it('changes subject and time in Webex', async () => {
    const created = await create(alex);
    const res = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { subject: 'Roadmap review (moved)', start: at(12), end: at(12, 45) },
    });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Roadmap review (moved)');
    const inWebex = stack.webex.meetings().find((m) => m.id === created.id);
    // The zone the meeting was scheduled in stays: only instants were sent.
    expect(inWebex).toMatchObject({ title: 'Roadmap review (moved)', start: at(12), end: at(12, 45), timezone: 'America/Los_Angeles' });
    expect(inWebex!.calls.find((c) => c.operation === 'update')?.sendEmail).toBe(false);
  });

  it('makes no Webex change when nothing changes', async () => {
    const created = await create(alex);
    const res = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { subject: 'Roadmap review', start: at(10).replace('.000Z', 'Z'), recurrence: null },
    });
    expect(res.status).toBe(200);
    const calls = stack.webex.meetings().find((m) => m.id === created.id)!.calls;
    expect(calls.filter((c) => c.operation === 'update' || c.operation === 'replace')).toEqual([]);
  });

  it('moves a meeting to another time zone when the change names one', async () => {
    const created = await create(alex);
    const res = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, {
      token: alex,
      body: { timeZone: 'W. Europe Standard Time' },
    });
    expect(res.status).toBe(200);
    expect(stack.webex.meetings().find((m) => m.id === created.id)).toMatchObject({ timezone: 'Europe/Berlin', start: at(10) });
  });

  it('ends a series when the recurrence is removed', async () => {
    const created = await create(alex, draft({ recurrence: 'FREQ=DAILY;COUNT=3' }));
    const res = await stack.api<Details>('PATCH', `/api/meetings/${created.id}`, { token: alex, body: { recurrence: null } });
    expect(res.status).toBe(200);
    expect(res.body.recurrence).toBeNull();
  });

  describe('refuses bad changes with 400 and its code, changing nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(alex)).id;
    });
    const cases: Array<[string, unknown, string]> = [
      ['changes that are not an object', 'later', 'invalid_draft'],
      ['a field no draft has', { body: '<p>x</p>' }, 'invalid_draft'],
      ['an all-day event', { isAllDay: true }, 'all_day_not_supported'],
      ['a meeting longer than Webex allows', { end: at(11, 30) }, 'meeting_too_long'],
      ['an unknown time zone', { timeZone: 'Nowhere/Land' }, 'unknown_time_zone'],
      ['a bad recurrence', { recurrence: 'FREQ=HOURLY' }, 'invalid_recurrence'],
      ['another meeting type', { options: { type: 'personalRoom' } }, 'invalid_options'],
    ];
    it.each(cases)('%s', async (_name, body, code) => {
      const before = JSON.stringify(stack.webex.meetings().find((m) => m.id === id));
      const res = await stack.api<ErrorBody>('PATCH', `/api/meetings/${id}`, { token: alex, body });
      expect([res.status, res.body.error.code]).toEqual([400, code]);
      const after = stack.webex.meetings().find((m) => m.id === id)!;
      expect(after.calls.filter((c) => c.operation === 'update')).toEqual([]);
      expect(JSON.stringify({ ...after, calls: undefined })).toBe(JSON.stringify({ ...JSON.parse(before), calls: undefined }));
    });

    it('malformed JSON', async () => {
      const res = await stack.api<ErrorBody>('PATCH', `/api/meetings/${id}`, {
        token: alex,
        rawBody: '{',
        headers: { 'content-type': 'application/json' },
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'malformed_json']);
    });

    it('a recurrence for one occurrence of a series', async () => {
      const series = await create(alex, draft({ recurrence: 'FREQ=DAILY;COUNT=3' }));
      const stamp = at(11)
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
      const res = await stack.api<ErrorBody>('PATCH', `/api/meetings/${series.id}_${stamp}`, {
        token: alex,
        body: { recurrence: 'FREQ=DAILY;COUNT=2' },
      });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_recurrence']);
    });
  });

  it('deletes in Webex without e-mail, forgets it, and answers 404 afterwards', async () => {
    const created = await create(alex);
    const res = await stack.api('DELETE', `/api/meetings/${created.id}`, { token: alex });
    expect(res.status).toBe(204);
    const inWebex = stack.webex.meetings({ includeDeleted: true }).find((m) => m.id === created.id)!;
    expect(inWebex.deleted).toBe(true);
    expect(inWebex.calls.find((c) => c.operation === 'delete')?.sendEmail).toBe(false);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, created.id)).toBeUndefined();
    const gone = await stack.api<ErrorBody>('GET', `/api/meetings/${created.id}`, { token: alex });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'meeting_not_found']);
  });

  it('forgets a meeting already deleted in Webex', async () => {
    const created = await create(alex);
    const direct = stack.webex.issueUserToken(ALEX.mail as string);
    const removed = await fetch(`${stack.webex.url}/v1/meetings/${created.id}?sendEmail=false`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${direct.access_token}` },
    });
    expect(removed.status).toBe(204);
    const res = await stack.api('DELETE', `/api/meetings/${created.id}`, { token: alex });
    expect(res.status).toBe(204);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, created.id)).toBeUndefined();
  });

  describe('of another user, or unknown, answers 404 meeting_not_found and touches nothing', () => {
    let megansId: string;
    beforeAll(async () => {
      megansId = (await create(megan)).id;
    });
    it.each([
      ['GET', undefined],
      ['PATCH', { subject: 'Taken over' }],
      ['DELETE', undefined],
    ])('%s', async (method, body) => {
      const other = await stack.api<ErrorBody>(method, `/api/meetings/${megansId}`, { token: alex, body });
      expect([other.status, other.body.error.code]).toEqual([404, 'meeting_not_found']);
      const unknown = await stack.api<ErrorBody>(method, '/api/meetings/0123456789abcdef0123456789abcdef', { token: alex, body });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'meeting_not_found']);
      const inWebex = stack.webex.meetings().find((m) => m.id === megansId)!;
      expect([inWebex.deleted, inWebex.title]).toEqual([false, 'Roadmap review']);
    });
  });
});

describe('the Webex grant', () => {
  it('is refreshed before it expires, and the meeting is still created', async () => {
    const irina = await stack.userToken(IRINA);
    await stack.linkWebex(irina, IRINA);
    const before = await stack.store.webexGrants.get(CONTOSO.id, IRINA.id);
    const untilExpiry = before!.accessExpiresAt.getTime() - Date.now();
    // Our clock: 2 minutes before the access token expires (within the 5-minute margin).
    // Webex's clock: 1 minute after it expired, so only a refreshed token can work.
    stack.setClockOffsetMs(untilExpiry - 2 * 60_000);
    stack.webex.setClockOffset(Math.ceil((untilExpiry + 60_000) / 1000));
    stack.identity.setClockOffset(Math.floor((untilExpiry - 2 * 60_000) / 1000));
    const token = await stack.userToken(IRINA);
    const res = await stack.api<Details>('POST', '/api/meetings', { token, body: draft({ start: at(30), end: at(30, 60) }) });
    expect(res.status).toBe(201);
    const after = await stack.store.webexGrants.get(CONTOSO.id, IRINA.id);
    expect(after!.accessToken).not.toBe(before!.accessToken);
    expect(after!.accessExpiresAt.getTime()).toBeGreaterThan(before!.accessExpiresAt.getTime());
  });

  it('revoked in Webex makes calls answer 409 webex_reauthorization_required', async () => {
    const adele = await stack.userToken(ADELE);
    await stack.linkWebex(adele, ADELE);
    stack.webex.revoke(ADELE.mail as string);
    const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token: adele, body: draft() });
    expect([res.status, res.body.error.code]).toEqual([409, 'webex_reauthorization_required']);
  });

  it('revoked and due for refresh is dropped: 409 webex_reauthorization_required, and /api/me shows it unlinked', async () => {
    const adele = await stack.userToken(ADELE);
    await stack.linkWebex(adele, ADELE);
    const grant = await stack.store.webexGrants.get(CONTOSO.id, ADELE.id);
    stack.webex.revoke(ADELE.mail as string);
    const untilDue = grant!.accessExpiresAt.getTime() - Date.now() - 60_000;
    stack.setClockOffsetMs(untilDue);
    stack.identity.setClockOffset(Math.floor(untilDue / 1000));
    const token = await stack.userToken(ADELE);
    const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token, body: draft({ start: at(30), end: at(30, 60) }) });
    expect([res.status, res.body.error.code]).toEqual([409, 'webex_reauthorization_required']);
    const me = await stack.api<{ webexLinked: boolean }>('GET', '/api/me', { token });
    expect(me.body.webexLinked).toBe(false);
  });
});

describe('the log', () => {
  it('holds codes and request ids, never the subject, an e-mail, a name or a token', async () => {
    const subject = `Confidential merger ${Math.random().toString(36).slice(2)}`;
    const created = await create(alex, draft({ subject }));
    await stack.api('PATCH', `/api/meetings/${created.id}`, { token: alex, body: { subject: `${subject} (2)` } });
    await stack.api('POST', '/api/meetings', { token: alex, body: draft({ subject, isAllDay: true }) });
    const grant = await stack.store.webexGrants.get(CONTOSO.id, ALEX.id);
    const log = stack.logLines.join('');
    for (const secret of [
      subject,
      ALEX.mail as string,
      ALEX.displayName,
      ALEX.userPrincipalName,
      alex,
      grant!.accessToken,
      grant!.refreshToken,
      created.password,
    ]) {
      expect([secret.slice(0, 24), log.includes(secret)]).toEqual([secret.slice(0, 24), false]);
    }
    expect(log).toContain('"code":"all_day_not_supported"');
    expect(log).toMatch(/"requestId":"[0-9a-f-]{36}"/);
  });
});
