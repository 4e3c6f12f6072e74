/**
 * The Webex emulator's snapshot and restore (the local stack's saved world): a linked user's grant
 * and tokens, a meeting series with a moved and a cancelled occurrence, a person added and the
 * clock go through the state file's JSON into a new emulator. The meetings are the same, the
 * access token still works, the refresh token still refreshes, and the integrations are this
 * start's.
 */
import { LOCAL_APP } from '../../../../src/server/config';
import { decodeState, encodeState } from '../../../../src/emulators/shared/state-codec';
import type { WebexEmulator, WebexEmulatorOptions } from '../../../../src/emulators/webex/webex-emulator';
import { parseWebexSnapshot, restoreWebex, snapshotWebex } from '../../../../src/emulators/webex/webex-snapshot';
import { ALEX, call, CONTOSO, DAY, FABRIKAM, HOUR, nextWeekday, stampOf, startWebex } from './webex-harness';

type Meeting = Record<string, unknown> & { id: string; start: string; title: string };

let before: WebexEmulator;
let after: WebexEmulator | undefined;

beforeEach(async () => {
  before = await startWebex();
});

afterEach(async () => {
  await Promise.all([before.close(), after?.close()]);
  after = undefined;
});

/** Through the state file's JSON into a new emulator, as a restart does. */
async function restart(options: WebexEmulatorOptions = {}): Promise<WebexEmulator> {
  const text = encodeState(snapshotWebex(before));
  after = await startWebex(options);
  restoreWebex(after, parseWebexSnapshot(decodeState(text)));
  return after;
}

async function refresh(emulator: WebexEmulator, refreshToken: string) {
  const res = await fetch(`${emulator.url}/v1/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: LOCAL_APP.webexClientId,
      client_secret: LOCAL_APP.webexClientSecret,
      refresh_token: refreshToken,
    }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string } };
}

it('brings back meetings with their exceptions and cancellations, and the grant: the token works and refreshes', async () => {
  const tokens = before.issueUserToken(
    ALEX,
    ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
    LOCAL_APP.webexClientId,
  );
  const token = tokens.access_token;
  const monday = nextWeekday(1).getTime() + 17 * HOUR;
  const series = await call<Meeting>(before.url, '/v1/meetings', {
    method: 'POST',
    token,
    body: {
      title: 'Weekly sync',
      start: new Date(monday).toISOString(),
      end: new Date(monday + HOUR).toISOString(),
      timezone: 'UTC',
      recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
      integrationTags: ['event-1'],
    },
  });
  expect(series.status).toBe(200);
  const second = `${series.body.id}_${stampOf(monday + 7 * DAY)}`;
  const third = `${series.body.id}_${stampOf(monday + 14 * DAY)}`;
  expect(
    (
      await call(before.url, `/v1/meetings/${second}`, {
        method: 'PATCH',
        token,
        body: {
          title: 'Moved sync',
          start: new Date(monday + 7 * DAY + HOUR).toISOString(),
          end: new Date(monday + 7 * DAY + 2 * HOUR).toISOString(),
        },
      })
    ).status,
  ).toBe(200);
  expect((await call(before.url, `/v1/meetings/${third}`, { method: 'DELETE', token })).status).toBe(204);
  before.addPerson({ email: 'new.person@contoso.example', orgId: CONTOSO.id });
  before.setClockOffset(600);
  const meetings = before.meetings();
  expect(meetings[0]).toEqual(
    expect.objectContaining({ exceptions: [expect.objectContaining({ id: second, title: 'Moved sync' })], cancelledOccurrences: [third] }),
  );

  const restarted = await restart();
  expect(restarted.meetings()).toEqual(meetings);
  expect(snapshotWebex(restarted)).toEqual(snapshotWebex(before));
  const read = await call<Meeting>(restarted.url, `/v1/meetings/${second}`, { token });
  expect(read.status).toBe(200);
  expect(read.body.title).toBe('Moved sync');
  expect((await call(restarted.url, `/v1/meetings/${third}`, { token })).status).toBe(404);
  const refreshed = await refresh(restarted, tokens.refresh_token!);
  expect(refreshed.status).toBe(200);
  expect((await call(restarted.url, `/v1/meetings/${series.body.id}`, { token: refreshed.body.access_token })).status).toBe(200);
});

it('keeps a revoked grant revoked', async () => {
  const tokens = before.issueUserToken(ALEX, ['meeting:schedules_read'], LOCAL_APP.webexClientId);
  before.revoke(ALEX);
  const restarted = await restart();
  expect((await call(restarted.url, '/v1/meetings', { token: tokens.access_token })).status).toBe(401);
  expect((await refresh(restarted, tokens.refresh_token!)).status).toBe(400);
});

it('takes this start’s integrations over the saved ones: their redirect URIs follow the ports', async () => {
  const restarted = await restart({
    directories: [CONTOSO, FABRIKAM],
    integrations: [
      {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        redirectUris: ['http://localhost:13001/auth/webex/callback'],
      },
    ],
  });
  expect(restarted.state.tokens.integrations.get(LOCAL_APP.webexClientId)?.redirectUris).toEqual([
    'http://localhost:13001/auth/webex/callback',
  ]);
});
