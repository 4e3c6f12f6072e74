/**
 * A canary run: a user with a unique name and address adds a Webex meeting with a unique subject,
 * invites a unique attendee, renames the event, copies it and deletes the original, all synced by
 * a backend process logging at debug level. Then the services fail, each with an error text that
 * names the user (as Graph's, Webex's and Microsoft sign-in's texts do): Graph refuses and fails an
 * event's reads, Webex refuses and throttles a meeting's updates and a meeting's creation through
 * the API, and, after a restart (a new process has no token yet), the token endpoint fails; the
 * sync jobs fail and are retried through the job queue. Then the backend's whole output and its
 * whole database (every table of every schema, pg-boss's included; pg_dump on a Postgres server),
 * read after each part, are searched: no subject, name, address or service error text appears, in
 * any case, and neither does any OAuth token in clear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendProcess } from '../../../scripts/world/backend-process';
import { sleep, waitUntil } from '../../../scripts/bench/bounded';
import type { SavedEvent } from '../../../scripts/bench/outlook-driver';
import { draftOf, slotStart, startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { convergedWithin } from '../../helpers/convergence';
import { dumpPgliteDatabase, dumpPostgresDatabase } from '../../helpers/database-dump';
import { describeOnPostgres } from '../../helpers/databases';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/scratch-database';

const tag = randomBytes(4).toString('hex');
const canaryUser: DirectoryUser = {
  id: `00000000-0000-4000-8c00-${randomBytes(6).toString('hex')}`,
  userPrincipalName: `zephyrine.canary${tag}@${LOCAL_APP.tenantDomain}`,
  mail: `zephyrine.canary${tag}@${LOCAL_APP.tenantDomain}`,
  displayName: `Zephyrine Canary${tag}`,
  givenName: 'Zephyrine',
  surname: `Canary${tag}`,
  businessPhones: [],
  preferredLanguage: 'en-US',
  password: `Canary-${tag}-Local-1!`,
  isTenantAdmin: false,
};
const subject = `Quarterly merger canary ${tag}`;
const renamed = `Layoff plan canary ${tag}`;
const attendee = { address: `ortwin.attendee${tag}@fabrikam.example`, name: `Ortwin Attendee${tag}` };
/** The text each service's injected errors carry: a marker of the service, the user's name and address. */
const serviceText = (service: 'graph' | 'webex' | 'identity') =>
  `${service}-fault-${tag}: nothing for ${canaryUser.displayName} <${canaryUser.mail as string}>`;
const canaries = [
  subject,
  renamed,
  canaryUser.displayName,
  canaryUser.mail as string,
  canaryUser.surname,
  attendee.address,
  attendee.name,
  `canary ${tag}`,
  `canary${tag}`,
  `graph-fault-${tag}`,
  `webex-fault-${tag}`,
  `identity-fault-${tag}`,
];

/** Every canary, and every token, that occurs in `text` (case-insensitive). */
function leaks(text: string, tokens: string[]): string[] {
  const lower = text.toLowerCase();
  return [
    ...canaries.filter((c) => lower.includes(c.toLowerCase())),
    ...tokens.filter((t) => text.includes(t)).map(() => 'a Webex token in clear'),
    ...(/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(text) ? ['a JWT'] : []),
  ];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** The backend's log lines (JSON), as objects. */
function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** The codes of the job failures the backend logged (a handler threw: pg-boss stores the attempt's error). */
function jobFailureCodes(output: string): Set<string> {
  return new Set(logLines(output).flatMap((l) => (l.msg === 'job failed' && typeof l.code === 'string' ? [l.code] : [])));
}

function loggedCodes(output: string): Set<string> {
  return new Set(logLines(output).flatMap((l) => (typeof l.code === 'string' ? [l.code] : [])));
}

async function logged(backend: BackendProcess, what: string, found: (output: string) => boolean): Promise<void> {
  try {
    await waitUntil(what, () => (found(backend.output()) ? true : undefined), 90_000, 250);
  } catch (thrown) {
    // What the backend was doing meanwhile, by message and code (not its lines: they are searched for leaks).
    const recent = logLines(backend.output())
      .slice(-40)
      .map((l) => `${String(l.msg)}${typeof l.code === 'string' ? ` [${l.code}]` : ''}`);
    throw new Error(`${(thrown as Error).message}; the backend's last log lines:\n${recent.join('\n')}`);
  }
}

/** Adds a fault rule through the emulator's control surface. */
async function injectFault(emulatorUrl: string, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  expect(res.status).toBe(201);
}

/** Returns the copy, which stays linked to a meeting of its own. */
async function canaryRun(sync: SyncWorld): Promise<SavedEvent> {
  const startMs = slotStart(1);
  const meeting = await sync.createMeeting(canaryUser, subject, startMs);
  const event = sync.saveEvent(canaryUser, meeting, subject, startMs);
  sync.driver.edit(event, { attendees: [{ type: 'required', emailAddress: attendee }] });
  await waitUntil(
    'the canary event to be linked',
    async () => ((await sync.counter('events_processed', { outcome: 'linked' })) >= 1 ? true : undefined),
    60_000,
    250,
  );
  sync.driver.edit(event, { subject: renamed });
  const copyAt = startMs + 26 * 3_600_000;
  const copy = sync.driver.copy(event, {
    start: { dateTime: iso(copyAt), timeZone: 'UTC' },
    end: { dateTime: iso(copyAt + 1_800_000), timeZone: 'UTC' },
  });
  const converged = await convergedWithin(sync, 60_000);
  expect(converged).toMatchObject({ events: 2, inStep: 2, shared: 0 });
  sync.driver.remove(event);
  expect(await convergedWithin(sync, 60_000)).toMatchObject({ events: 1, inStep: 1, deletedButAlive: 0, orphans: 0 });
  return copy;
}

interface FailureRun {
  /** The output of each backend process. */
  outputs: string[];
  /** The database after each part, the backend stopped. */
  dumps: string[];
}

/**
 * Graph, Webex and then the token endpoint fail with the user's name and address in their error
 * texts, while the backend syncs and serves the API; the faults stay in place until the backend is
 * stopped, so that the job queue still holds the failed attempts when the database is read.
 */
async function failureRun(sync: SyncWorld, copy: SavedEvent, dump: () => Promise<string>): Promise<FailureRun> {
  const { graph, webex, identity } = sync.world;
  const first = sync.backend;

  // Graph: an event whose reads are refused (400, which the engine tries again without an
  // optional property, then fails), then fail (500); every attempt of its job fails.
  const failingAt = slotStart(4);
  const failing = sync.driver.save(canaryUser.id, {
    subject: `Graph failure canary ${tag}`,
    start: { dateTime: iso(failingAt), timeZone: 'UTC' },
    end: { dateTime: iso(failingAt + 1_800_000), timeZone: 'UTC' },
  });
  const failingPath = `/v1.0/users/${canaryUser.id}/events/${encodeURIComponent(failing.id)}`;
  await injectFault(graph.url, { status: 400, count: 2, method: 'GET', pathPrefix: failingPath, message: serviceText('graph') });
  await injectFault(graph.url, { status: 500, method: 'GET', pathPrefix: failingPath, message: serviceText('graph') });

  // Webex: the copy's meeting refuses an update (400: recorded, not retried), then throttles its
  // updates for longer than the backend waits in process (429: the job fails and is retried).
  const meetingId = sync.driver.meetingOf(sync.driver.stored(copy));
  expect(meetingId).toBeDefined();
  const meetingPath = `/v1/meetings/${meetingId as string}`;
  await injectFault(webex.url, { status: 400, count: 1, pathPrefix: meetingPath, message: serviceText('webex') });
  sync.driver.edit(copy, { subject: `Board review canary ${tag}` });
  await logged(first, 'the refused Webex update to be recorded', (o) => loggedCodes(o).has('webex_rejected'));
  await injectFault(webex.url, { status: 429, retryAfter: 120, pathPrefix: meetingPath, message: serviceText('webex') });
  sync.driver.edit(copy, { subject: `Board review canary ${tag}, moved` });

  // Webex refuses a meeting the add-in asks for through the API.
  await injectFault(webex.url, { status: 400, count: 1, method: 'POST', pathPrefix: '/v1/meetings', message: serviceText('webex') });
  const apiToken = await sync.world.userToken(canaryUser);
  const refused = await fetch(`${first.url}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(draftOf(`Refused meeting canary ${tag}`, slotStart(6))),
  });
  expect(refused.status).toBe(400);

  await logged(first, 'the Graph and Webex failures of the sync jobs', (o) =>
    ['graph_bad_request', 'graph_unavailable', 'webex_rate_limited'].every((c) => jobFailureCodes(o).has(c)),
  );
  expect(await first.stop()).toBe(0);
  const dumps = [await dump()];

  // Microsoft sign-in: a new process has no Graph token yet, and the token endpoint fails. After a
  // 5xx MSAL answers the same token request from its throttling cache, for as long as Retry-After
  // says (60 s without one), with an error that no longer says it was a 5xx: a Retry-After of 1 s,
  // and the event edited once the start-up check of the subscriptions has had its failure, let a
  // job meet the endpoint's own 503.
  await injectFault(identity.url, {
    status: 503,
    retryAfter: 1,
    method: 'POST',
    pathPrefix: `/${sync.tenant.id}/oauth2/v2.0/token`,
    message: serviceText('identity'),
  });
  const second = await sync.restartBackend();
  await logged(second, 'the start-up check of the subscriptions', (o) => loggedCodes(o).has('subscriptions_verified'));
  await sleep(2_000);
  sync.driver.edit(failing, { subject: `Graph failure canary ${tag}, again` });
  await logged(second, 'a sync job failing for want of a Graph token', (o) => jobFailureCodes(o).has('graph_token_unavailable'));
  expect(await second.stop()).toBe(0);
  dumps.push(await dump());
  return { outputs: [first.output(), second.output()], dumps };
}

async function fullRun(sync: SyncWorld, dump: () => Promise<string>): Promise<void> {
  const copy = await canaryRun(sync);
  const tokens = [...sync.webexTokens.values()].flatMap((t) => [t.accessToken, t.refreshToken]);
  const { outputs, dumps } = await failureRun(sync, copy, dump);
  const output = outputs.join('\n');
  const database = dumps.join('\n');
  // Not vacuous: the backend did log, at debug level; the database holds the run, the job queue's
  // schema included, with failed attempts in its rows (a row's error, its code among them, is the
  // last attempt's: the faults lasted until the backend stopped); the sync jobs failed with each
  // service's error. (A row's JSON prints with its quotes doubled in the PGlite dump.)
  expect(output.split('\n').length).toBeGreaterThan(20);
  expect(database).toContain(canaryUser.id);
  expect(database).toMatch(/pgboss\.job\b/);
  expect(database).toMatch(/code"+: "+(graph_bad_request|graph_unavailable|webex_rate_limited|graph_token_unavailable)"/);
  expect([...jobFailureCodes(output)]).toEqual(
    expect.arrayContaining(['graph_bad_request', 'graph_unavailable', 'webex_rate_limited', 'graph_token_unavailable']),
  );
  expect({ logs: leaks(output, tokens), database: leaks(database, tokens) }).toEqual({ logs: [], database: [] });
}

describe('the privacy canary, on the embedded database', () => {
  let workDir: string;
  let sync: SyncWorld;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'privacy-pglite-'));
    sync = await startSyncWorld({
      mailboxes: 0,
      extraUsers: [canaryUser],
      eventsPerMailbox: 0,
      workDir,
      backendEnv: { LOG_LEVEL: 'debug' },
    });
  }, 120_000);

  afterAll(async () => {
    await sync?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('leaves no subject, name, address, service error text or token in the logs or the database, the failures included', async () => {
    await fullRun(sync, () => dumpPgliteDatabase(sync.settings.dataDir));
  }, 360_000);
});

describeOnPostgres('the privacy canary, on a Postgres server', () => {
  let workDir: string;
  let sync: SyncWorld;
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('privacy');
    workDir = mkdtempSync(join(tmpdir(), 'privacy-postgres-'));
    sync = await startSyncWorld({
      mailboxes: 0,
      extraUsers: [canaryUser],
      eventsPerMailbox: 0,
      workDir,
      databaseUrl: database.url,
      backendEnv: { LOG_LEVEL: 'debug' },
    });
  }, 120_000);

  afterAll(async () => {
    await sync?.close();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('leaves no subject, name, address, service error text or token in the logs or in pg_dump, the failures included', async () => {
    await fullRun(sync, async () => dumpPostgresDatabase(database.url));
  }, 360_000);
});
