/**
 * The emulator's /meetingInvitees (webex-meeting.json, "Invitees"): invitees of a series and of one
 * scheduled meeting, bulk insert, alternate hosts only from the host's organization, Webex's limits,
 * and GET /_emulator/meetings listing each meeting's invitees.
 */
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ADELE, ALEX, call, DAY, HOUR, MEGAN, nextWeekday, ROSA, slot, startWebex } from './webex-harness';

let emu: WebexEmulator;
let token: string;

beforeAll(async () => {
  emu = await startWebex();
  token = emu.issueUserToken(ALEX).access_token;
});
afterAll(async () => {
  await emu.close();
});

interface Invitee {
  id: string;
  email: string;
  displayName: string;
  coHost: boolean;
  meetingId: string;
}

async function meeting(body: Record<string, unknown> = {}): Promise<string> {
  const r = await call<{ id: string }>(emu.url, '/v1/meetings', {
    method: 'POST',
    token,
    body: { title: 'Invitees', ...slot(3), sendEmail: false, ...body },
  });
  expect(r.status).toBe(200);
  return r.body.id;
}

const list = (meetingId: string, query = '') =>
  call<{ items: Invitee[] }>(emu.url, `/v1/meetingInvitees?meetingId=${meetingId}${query}`, { token });
const snapshot = (meetingId: string) => emu.meetings().find((m) => m.id === meetingId.split('_')[0]);

describe('meeting invitees in the Webex emulator', () => {
  it('lists the invitees given at creation, sorted by email, with ids and the meeting they belong to', async () => {
    const id = await meeting({
      invitees: [
        { email: 'zoe@example.org', displayName: 'Zoe' },
        { email: MEGAN, coHost: true },
      ],
    });
    const r = await list(id);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i) => [i.email, i.coHost, i.meetingId])).toEqual([
      [MEGAN, true, id],
      ['zoe@example.org', false, id],
    ]);
    expect(r.body.items[0]?.id).toMatch(new RegExp(`^${id}_\\d{7}$`));
    expect(snapshot(id)?.invitees.map((i) => ({ email: i.email, coHost: i.coHost }))).toEqual([
      { email: 'zoe@example.org', coHost: false },
      { email: MEGAN, coHost: true },
    ]);
  });

  it('invites one person, then several at once, without e-mails when asked, and logs each call', async () => {
    const id = await meeting();
    const one = await call<Invitee>(emu.url, '/v1/meetingInvitees', {
      method: 'POST',
      token,
      body: { meetingId: id, email: 'guest@example.org', sendEmail: false },
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ email: 'guest@example.org', displayName: 'guest@example.org', coHost: false, meetingId: id });
    const bulk = await call<{ items: Invitee[] }>(emu.url, '/v1/meetingInvitees/bulkInsert', {
      method: 'POST',
      token,
      body: {
        meetingId: id,
        items: [
          { email: 'a@example.org', sendEmail: false },
          { email: 'b@example.org', displayName: 'Bee', sendEmail: false },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.items.map((i) => i.email)).toEqual(['a@example.org', 'b@example.org']);
    expect((await list(id)).body.items.map((i) => i.email)).toEqual(['a@example.org', 'b@example.org', 'guest@example.org']);
    const calls = snapshot(id)?.calls.filter((c) => c.operation === 'createInvitees');
    expect(calls?.map((c) => [c.invitees, c.sendEmail, c.emailsSent])).toEqual([
      [1, false, 0],
      [2, false, 0],
    ]);
  });

  it('changes an alternate host and removes an invitee', async () => {
    const id = await meeting({ invitees: [{ email: MEGAN }, { email: 'guest@example.org' }] });
    const items = (await list(id)).body.items;
    const [megan, guest] = [items.find((i) => i.email === MEGAN), items.find((i) => i.email === 'guest@example.org')];
    const put = await call<Invitee>(emu.url, `/v1/meetingInvitees/${megan!.id}`, {
      method: 'PUT',
      token,
      body: { email: MEGAN, coHost: true, sendEmail: false },
    });
    expect(put.status).toBe(200);
    expect(put.body.coHost).toBe(true);
    const del = await call(emu.url, `/v1/meetingInvitees/${guest!.id}?sendEmail=false`, { method: 'DELETE', token });
    expect(del.status).toBe(204);
    expect((await list(id)).body.items.map((i) => [i.email, i.coHost])).toEqual([[MEGAN, true]]);
    expect((await call(emu.url, `/v1/meetingInvitees/${guest!.id}`, { token })).status).toBe(404);
    expect(
      snapshot(id)
        ?.calls.filter((c) => c.operation === 'updateInvitee' || c.operation === 'deleteInvitee')
        .map((c) => [c.operation, c.emailsSent]),
    ).toEqual([
      ['updateInvitee', 0],
      ['deleteInvitee', 0],
    ]);
  });

  it('lets only people of the host’s organization be alternate hosts', async () => {
    const id = await meeting();
    const other = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetingInvitees', {
      method: 'POST',
      token,
      body: { meetingId: id, email: ROSA, coHost: true },
    });
    expect([other.status, other.body.errors[0]?.code]).toEqual([400, 'meetingInvitee.coHost.notAllowed']);
    const unknown = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetingInvitees', {
      method: 'POST',
      token,
      body: { meetingId: id, email: 'guest@example.org', coHost: true },
    });
    expect(unknown.body.errors[0]?.code).toBe('meetingInvitee.coHost.notAllowed');
    // Invited as a plain attendee, anyone is fine.
    expect((await call(emu.url, '/v1/meetingInvitees', { method: 'POST', token, body: { meetingId: id, email: ROSA } })).status).toBe(200);
    expect(
      (await call(emu.url, '/v1/meetingInvitees', { method: 'POST', token, body: { meetingId: id, email: ADELE, coHost: true } })).status,
    ).toBe(200);
    const onCreate = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetings', {
      method: 'POST',
      token,
      body: { title: 'x', ...slot(4), invitees: [{ email: ROSA, coHost: true }] },
    });
    expect([onCreate.status, onCreate.body.errors[0]?.code]).toEqual([400, 'meetingInvitee.coHost.notAllowed']);
  });

  it('refuses the host as an invitee, a second invitation of one email (409), and more than Webex’s limits', async () => {
    const id = await meeting({ invitees: [{ email: MEGAN }] });
    const host = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetingInvitees', {
      method: 'POST',
      token,
      body: { meetingId: id, email: ALEX },
    });
    expect([host.status, host.body.errors[0]?.code]).toEqual([400, 'meetingInvitee.host']);
    const again = await call<{ message: string }>(emu.url, '/v1/meetingInvitees', {
      method: 'POST',
      token,
      body: { meetingId: id, email: MEGAN.toUpperCase() },
    });
    expect([again.status, again.body.message]).toEqual([409, 'Some users in the list have been invited.']);
    const hundredOne = Array.from({ length: 101 }, (_, n) => ({ email: `p${n}@example.org` }));
    const bulk = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetingInvitees/bulkInsert', {
      method: 'POST',
      token,
      body: { meetingId: id, items: hundredOne },
    });
    expect([bulk.status, bulk.body.errors[0]?.code]).toEqual([400, 'meetingInvitee.items.tooMany']);
    const thousandOne = Array.from({ length: 1001 }, (_, n) => ({ email: `p${n}@example.org` }));
    const create = await call<{ errors: { code: string }[] }>(emu.url, '/v1/meetings', {
      method: 'POST',
      token,
      body: { title: 'x', ...slot(4), invitees: thousandOne },
    });
    expect([create.status, create.body.errors[0]?.code]).toEqual([400, 'meeting.invitees.tooMany']);
  });

  it('keeps invitees of one scheduled meeting apart from the series’, and drops them when the series moves', async () => {
    const monday = nextWeekday(1).getTime() + 17 * HOUR;
    const id = await meeting({
      start: new Date(monday).toISOString(),
      end: new Date(monday + HOUR).toISOString(),
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
      invitees: [{ email: MEGAN }],
    });
    const stamp = new Date(monday + 7 * DAY)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const occurrence = `${id}_${stamp}`;
    expect(
      (
        await call(emu.url, '/v1/meetingInvitees', {
          method: 'POST',
          token,
          body: { meetingId: occurrence, email: 'guest@example.org', sendEmail: false },
        })
      ).status,
    ).toBe(200);
    expect((await list(occurrence)).body.items.map((i) => [i.email, i.meetingId])).toEqual([
      ['guest@example.org', occurrence],
      [MEGAN, id],
    ]);
    expect((await list(id)).body.items.map((i) => i.email)).toEqual([MEGAN]);
    expect(snapshot(id)?.occurrenceInvitees[occurrence]?.map((i) => i.email)).toEqual(['guest@example.org']);
    await call(emu.url, `/v1/meetings/${id}`, {
      method: 'PATCH',
      token,
      body: { start: new Date(monday + HOUR).toISOString(), end: new Date(monday + 2 * HOUR).toISOString() },
    });
    expect(snapshot(id)?.occurrenceInvitees).toEqual({});
  });

  it('pages the list by `max` with a Link header, and takes no invitees for personal room meetings', async () => {
    const id = await meeting({ invitees: Array.from({ length: 12 }, (_, n) => ({ email: `p${String(n).padStart(2, '0')}@example.org` })) });
    const first = await list(id, '&max=5');
    expect(first.body.items).toHaveLength(5);
    const next = /<([^>]+)>;\s*rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeDefined();
    const second = await call<{ items: Invitee[] }>(new URL(next!).origin, new URL(next!).pathname + new URL(next!).search, { token });
    expect(second.body.items[0]?.email).toBe('p05@example.org');

    const room = await meeting({ scheduledType: 'personalRoomMeeting' });
    const refused = await call<{ errors: { code: string }[] }>(emu.url, `/v1/meetingInvitees?meetingId=${room}`, { token });
    expect([refused.status, refused.body.errors[0]?.code]).toEqual([400, 'meetingInvitee.personalRoom']);
  });

  it('does not show one host’s invitees to another', async () => {
    const id = await meeting({ invitees: [{ email: 'guest@example.org' }] });
    const megan = emu.issueUserToken(MEGAN).access_token;
    expect((await call(emu.url, `/v1/meetingInvitees?meetingId=${id}`, { token: megan })).status).toBe(404);
    const [guest] = (await list(id)).body.items;
    expect((await call(emu.url, `/v1/meetingInvitees/${guest!.id}`, { method: 'DELETE', token: megan })).status).toBe(404);
  });
});
