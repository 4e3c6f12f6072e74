/**
 * The local stack's emulators with a state directory, as the launcher starts them
 * (scripts/local-emulators.ts): a second start on the same directory continues the first one's
 * world, and a state file that cannot be used stops the start with a message that names the file
 * and says how to start over, instead of a crash (or a crash loop).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEmulators, type LocalEmulators } from '../../../scripts/local-emulators';
import { StateFileError } from '../../../src/emulators/shared/state-file';

const root = join(__dirname, '..', '..', '..');
const ALEX = 'alex.wilber@contoso.example';
const ALEX_ID = '00000000-0000-4000-8000-000000000002';

let dataDir: string;
let stateDir: string;
let running: LocalEmulators | undefined;
const env = () => ({
  DATA_DIR: dataDir,
  GRAPH_EMULATOR_PORT: '0',
  IDENTITY_EMULATOR_PORT: '0',
  WEBEX_EMULATOR_PORT: '0',
  LOG_LEVEL: 'warn',
});

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'wso-emulators-'));
  stateDir = join(dataDir, 'emulators');
});

afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

it('continues the saved world on the next start: the same signing key, the Webex token and meeting, the Graph event', async () => {
  running = await startLocalEmulators(env(), { stateDir });
  expect(running.continued).toEqual([]);
  const first = running;
  const keys = (await json<unknown>(`${first.identityUrl}/common/discovery/v2.0/keys`)).body;
  const token = (
    await json<{ access_token: string }>(`${first.webexUrl}/_emulator/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ALEX }),
    })
  ).body.access_token;
  const start = Date.now() + 3 * 86_400_000;
  const meeting = await json<{ id: string }>(`${first.webexUrl}/v1/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      title: 'Kept',
      start: new Date(start).toISOString(),
      end: new Date(start + 3_600_000).toISOString(),
      timezone: 'UTC',
    }),
  });
  expect(meeting.status).toBe(200);
  const event = await json<{ id: string }>(`${first.graphUrl}/_emulator/users/${ALEX_ID}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subject: 'Kept event',
      start: { dateTime: '2031-05-06T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-05-06T11:00:00', timeZone: 'UTC' },
    }),
  });
  expect(event.status).toBe(201);
  await first.close();
  running = undefined;

  running = await startLocalEmulators(env(), { stateDir });
  expect(running.continued).toEqual(['identity', 'graph', 'webex']);
  expect((await json<unknown>(`${running.identityUrl}/common/discovery/v2.0/keys`)).body).toEqual(keys);
  const read = await json<{ title: string }>(`${running.webexUrl}/v1/meetings/${meeting.body.id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(read).toEqual({ status: 200, body: expect.objectContaining({ title: 'Kept' }) });
  const events = (await json<{ value: Array<{ id: string; event: { subject: string } }> }>(`${running.graphUrl}/_emulator/events`)).body
    .value;
  expect(events.map((e) => e.event.subject)).toContain('Kept event');
});

it('refuses a state file that is not JSON, naming it', async () => {
  running = await startLocalEmulators(env(), { stateDir });
  await running.close();
  running = undefined;
  writeFileSync(join(stateDir, 'graph.json'), '{"format":"webex-scheduler-emulator-state","emu');
  const refused = await startLocalEmulators(env(), { stateDir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(StateFileError);
  expect((refused as StateFileError).path).toBe(join(stateDir, 'graph.json'));
});

it('says how to start over when a state file is in an older format, and exits instead of crashing', () => {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(
    join(stateDir, 'webex.json'),
    JSON.stringify({ format: 'webex-scheduler-emulator-state', emulator: 'webex', version: 0, savedAt: '2025-01-01T00:00:00Z', state: {} }),
  );
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/local-emulators.ts', '--state-dir', stateDir], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env() },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    `The emulators could not start: The saved emulator state in ${join(stateDir, 'webex.json')} cannot be used: it was written in an older format`,
  );
  expect(run.stderr).toContain('npm start -- --fresh, or npm run reset');
});
