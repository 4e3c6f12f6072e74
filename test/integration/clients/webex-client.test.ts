/**
 * WebexClient against the Webex emulator: the meeting calls, paging, error mapping, and a 429 with
 * Retry-After (asserted through the emulator's fault counters and a fake clock, not wall time).
 */
import { WebexClient } from '../../../src/server/webex/webex-client';
import { WebexError } from '../../../src/server/webex/webex-error';
import type { WebexCreateMeetingRequest } from '../../../src/server/webex/webex-types';
import { FakeClock } from '../../unit/server/fake-clock';
import { HOST_EMAIL, useWebexEmulator } from './webex-emulator-fixture';

const webex = useWebexEmulator();

const meeting = (title: string, day = 10): WebexCreateMeetingRequest => ({
  title,
  start: `2030-06-${day}T09:00:00`,
  end: `2030-06-${day}T09:30:00`,
  timezone: 'Europe/Berlin',
  integrationTags: ['wso-test'],
});

function client(clock = new FakeClock()) {
  return new WebexClient({ baseUrl: webex.apiBaseUrl, clock, timeoutMs: 5000 });
}

describe('WebexClient', () => {
  it('creates a meeting without Webex e-mailing anyone, and reads it back', async () => {
    const token = webex.userToken();
    const created = await client().createMeeting(token, meeting('Planning'));
    expect(created.meetingType).toBe('meetingSeries');
    expect(created.webLink).toMatch(/^https:\/\//);
    const read = await client().getMeeting(token, created.id);
    expect(read).toMatchObject({ id: created.id, title: 'Planning', hostEmail: HOST_EMAIL });
    // Webex answers in the reader's zone; the instant is what must match.
    expect(Date.parse(read.start)).toBe(Date.parse('2030-06-10T07:00:00Z'));
    const [snapshot] = webex.emulator.meetings();
    expect(snapshot?.calls[0]).toMatchObject({ operation: 'create', sendEmail: false, emailsSent: 0 });
  });

  it('patches the title and time of a meeting', async () => {
    const token = webex.userToken();
    const created = await client().createMeeting(token, meeting('Planning'));
    const patched = await client().updateMeeting(token, created.id, {
      title: 'Planning, moved',
      start: '2030-06-11T10:00:00',
      end: '2030-06-11T11:00:00',
      timezone: 'Europe/Berlin',
    });
    expect(patched.title).toBe('Planning, moved');
    const read = await client().getMeeting(token, created.id);
    expect(read.title).toBe('Planning, moved');
    expect(Date.parse(read.start)).toBe(Date.parse('2030-06-11T08:00:00Z'));
  });

  it('replaces a meeting with PUT', async () => {
    const token = webex.userToken();
    const created = await client().createMeeting(token, meeting('Planning'));
    const replaced = await client().replaceMeeting(token, created.id, {
      ...meeting('Replaced', 12),
      password: created.password,
    });
    expect(replaced.title).toBe('Replaced');
  });

  it('deletes a meeting with sendEmail=false, after which it is not found', async () => {
    const token = webex.userToken();
    const created = await client().createMeeting(token, meeting('Short-lived'));
    await client().deleteMeeting(token, created.id);
    await expect(client().getMeeting(token, created.id)).rejects.toMatchObject({ code: 'webex_not_found', status: 404 });
    const calls = webex.emulator.meetings({ includeDeleted: true })[0]?.calls ?? [];
    expect(calls.find((c) => c.operation === 'delete')).toMatchObject({ sendEmail: false, emailsSent: 0 });
  });

  it('lists every meeting across pages by following the Link header', async () => {
    const token = webex.userToken();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await client().createMeeting(token, meeting(`M${i}`, 10 + i))).id);
    const listed = await client().listMeetings(token, {
      max: 3,
      meetingType: 'meetingSeries',
      from: '2030-06-01T00:00:00Z',
      to: '2030-07-01T00:00:00Z',
    });
    expect(new Set(listed.map((m) => m.id))).toEqual(ids);
    expect(listed).toHaveLength(7);
  });

  it('reads the signed-in person', async () => {
    const me = await client().getMe(webex.userToken());
    expect(me.emails).toContain(HOST_EMAIL);
    expect(me.id).toEqual(expect.any(String));
  });

  it('maps a refused token to webex_unauthorized with Webex’s tracking id', async () => {
    const err: unknown = await client()
      .getMe('not-a-token')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebexError);
    expect(err).toMatchObject({ code: 'webex_unauthorized', status: 401, retryable: false });
    expect((err as WebexError).trackingId).toMatch(/^ROUTER_/);
  });

  it('maps a title Webex refuses to webex_bad_request, keeping Webex’s words out of the message', async () => {
    const err = (await client()
      .createMeeting(webex.userToken(), meeting('x'.repeat(129)))
      .catch((e: unknown) => e)) as WebexError;
    expect(err.code).toBe('webex_bad_request');
    expect(err.serviceMessage).toEqual(expect.any(String));
    expect(err.message).not.toContain(err.serviceMessage as string);
  });

  it('waits out a 429’s Retry-After and creates the meeting once', async () => {
    await webex.fault({ status: 429, retryAfter: 3, count: 1, pathPrefix: '/v1/meetings', method: 'POST' });
    const clock = new FakeClock();
    const created = await client(clock).createMeeting(webex.userToken(), meeting('Throttled'));
    expect(created.title).toBe('Throttled');
    expect(clock.sleeps).toEqual([3000]);
    expect((await webex.faultCounters()).injected).toBe(1);
    expect(webex.emulator.meetings()).toHaveLength(1);
  });

  it('hands a Retry-After beyond its patience to the caller as webex_rate_limited', async () => {
    await webex.fault({ status: 429, retryAfter: 120, count: 1, pathPrefix: '/v1/meetings' });
    const clock = new FakeClock();
    await expect(client(clock).getMeeting(webex.userToken(), 'any')).rejects.toMatchObject({
      code: 'webex_rate_limited',
      retryAfterMs: 120_000,
      retryable: true,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('does not repeat a create that met a 504', async () => {
    await webex.fault({ status: 504, count: 1, pathPrefix: '/v1/meetings', method: 'POST' });
    await expect(client().createMeeting(webex.userToken(), meeting('Maybe'))).rejects.toMatchObject({
      code: 'webex_unavailable',
      status: 504,
    });
    expect((await webex.faultCounters()).injected).toBe(1);
  });
});
