/**
 * A canary run: a user with a unique name and address adds a Webex meeting with a unique subject,
 * invites a unique attendee, renames the event, copies it and deletes the original, all synced by
 * a backend process logging at debug level. Then its whole output and its whole database (every
 * table, pg-boss's included; pg_dump on a Postgres server) are searched: no subject, name or
 * address appears, in any case, and neither does any OAuth token in clear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '../../../scripts/bench/bounded';
import { slotStart, startSyncWorld, type SyncWorld } from '../../../scripts/bench/sync-world';
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
const canaries = [subject, renamed, canaryUser.displayName, canaryUser.mail as string, canaryUser.surname, attendee.address, attendee.name, `canary ${tag}`, `canary${tag}`];

/** Every canary, and every token, that occurs in `text` (case-insensitive). */
function leaks(text: string, tokens: string[]): string[] {
  const lower = text.toLowerCase();
  return [...canaries.filter((c) => lower.includes(c.toLowerCase())), ...tokens.filter((t) => text.includes(t)).map(() => 'a Webex token in clear'), ...(/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(text) ? ['a JWT'] : [])];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

async function canaryRun(sync: SyncWorld): Promise<void> {
  const startMs = slotStart(1);
  const meeting = await sync.createMeeting(canaryUser, subject, startMs);
  const event = sync.saveEvent(canaryUser, meeting, subject, startMs);
  sync.driver.edit(event, { attendees: [{ type: 'required', emailAddress: attendee }] });
  await waitUntil('the canary event to be linked', async () => ((await sync.counter('events_processed', { outcome: 'linked' })) >= 1 ? true : undefined), 60_000, 250);
  sync.driver.edit(event, { subject: renamed });
  const copyAt = startMs + 26 * 3_600_000;
  sync.driver.copy(event, { start: { dateTime: iso(copyAt), timeZone: 'UTC' }, end: { dateTime: iso(copyAt + 1_800_000), timeZone: 'UTC' } });
  const converged = await convergedWithin(sync, 60_000);
  expect(converged).toMatchObject({ events: 2, inStep: 2, shared: 0 });
  sync.driver.remove(event);
  expect(await convergedWithin(sync, 60_000)).toMatchObject({ events: 1, inStep: 1, deletedButAlive: 0, orphans: 0 });
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

  it('leaves no subject, name, address or token in the logs or the database', async () => {
    await canaryRun(sync);
    const tokens = [...sync.webexTokens.values()].flatMap((t) => [t.accessToken, t.refreshToken]);
    expect(await sync.backend.stop()).toBe(0);
    const output = sync.backend.output();
    // Not vacuous: the backend did log, at debug level, and the database holds the run.
    expect(output.split('\n').length).toBeGreaterThan(20);
    const dump = await dumpPgliteDatabase(sync.settings.dataDir);
    expect(dump).toContain(canaryUser.id);
    expect({ logs: leaks(output, tokens), database: leaks(dump, tokens) }).toEqual({ logs: [], database: [] });
  }, 180_000);
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

  it('leaves no subject, name, address or token in the logs or in pg_dump', async () => {
    await canaryRun(sync);
    const tokens = [...sync.webexTokens.values()].flatMap((t) => [t.accessToken, t.refreshToken]);
    expect(await sync.backend.stop()).toBe(0);
    const output = sync.backend.output();
    expect(output.split('\n').length).toBeGreaterThan(20);
    const dump = dumpPostgresDatabase(database.url);
    expect(dump).toContain(canaryUser.id);
    expect({ logs: leaks(output, tokens), database: leaks(dump, tokens) }).toEqual({ logs: [], database: [] });
  }, 180_000);
});
