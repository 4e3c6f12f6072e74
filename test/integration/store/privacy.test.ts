import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../helpers/databases';
import { testDatabaseUrl } from '../../../scripts/world/databases';

const PG_DUMP = '/usr/bin/pg_dump';

const secrets = {
  accessToken: 'ACCESS-TOKEN-5f0c2b8e-plain',
  refreshToken: 'REFRESH-TOKEN-9a7d41c3-plain',
  codeVerifier: 'CODE-VERIFIER-2b6e8f10-plain-plain-plain-plain',
  msalCache: '{"Account":{"username":"alice.wong@contoso.example","name":"Alice Wong"},"RefreshToken":{"secret":"MSAL-REFRESH-77c1"}}',
  clientState: 'CLIENT-STATE-41e0c9d2-plain',
  subject: 'Confidential: merger talk with Fabrikam',
  pendingAccessToken: 'PENDING-ACCESS-TOKEN-3c9e1f07-plain',
  pendingRefreshToken: 'PENDING-REFRESH-TOKEN-d82a5b64-plain',
};

/** What must never be readable in the database. */
const forbidden = [
  secrets.accessToken,
  secrets.refreshToken,
  secrets.codeVerifier,
  'alice.wong@contoso.example',
  'Alice Wong',
  'MSAL-REFRESH-77c1',
  secrets.clientState,
  secrets.subject,
  secrets.pendingAccessToken,
  secrets.pendingRefreshToken,
  'merger',
  'megan.bowen@contoso.example',
];

describeEachDatabase('what the database holds', (t) => {
  let oauthState = '';
  let completionCode = '';

  beforeAll(async () => {
    const tenantId = randomUUID();
    const userId = randomUUID();
    const s = t.store;
    await s.tenants.upsert({ id: tenantId, mode: 'individual' });
    await s.users.upsert({ tenantId, userId });
    await s.users.updateSettings(tenantId, userId, { autoAdd: true });
    await s.webexGrants.save(tenantId, userId, {
      accessToken: secrets.accessToken,
      refreshToken: secrets.refreshToken,
      accessExpiresAt: new Date(),
      refreshExpiresAt: new Date(),
      scopes: ['meeting:schedules_write'],
    });
    await s.msalCaches.save(tenantId, userId, secrets.msalCache);
    oauthState = await s.oauthStates.create({
      flow: 'webex-link',
      tenantId,
      userId,
      codeVerifier: secrets.codeVerifier,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const meetingId = randomUUID();
    await s.meetings.create({ meetingId, tenantId, userId });
    await s.links.linkEvent({
      tenantId,
      userId,
      eventId: randomUUID(),
      meetingId,
      lastSynced: {
        changeKey: 'ck',
        startUtc: new Date(),
        endUtc: new Date(),
        subjectHash: s.fingerprint(secrets.subject),
        recurrenceHash: null,
        attendeesHash: s.fingerprint('alice.wong@contoso.example\nmegan.bowen@contoso.example'),
      },
    });
    await s.syncProblems.set({ tenantId, userId, eventId: randomUUID(), meetingId, code: 'too_many_invitees' });
    await s.subscriptions.save({
      id: randomUUID(),
      tenantId,
      userId,
      resource: `users/${userId}/events`,
      expiresAt: new Date(),
      clientState: secrets.clientState,
    });
    completionCode = await s.webexPendingLinks.create(
      tenantId,
      userId,
      {
        accessToken: secrets.pendingAccessToken,
        refreshToken: secrets.pendingRefreshToken,
        accessExpiresAt: new Date(),
        refreshExpiresAt: new Date(),
        scopes: [],
      },
      new Date(Date.now() + 60_000),
    );
  });

  /** Every row of every table of the store, as text. */
  async function dumpRows(): Promise<string> {
    const tables = await t.store.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'event_links',
        'event_sync_problems',
        'meetings',
        'msal_caches',
        'oauth_states',
        'subscriptions',
        'tenants',
        'users',
        'webex_grants',
        'webex_pending_links',
      ]),
    );
    const lines: string[] = [];
    for (const { table_name } of tables) {
      const rows = await t.store.db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      lines.push(...rows.map((r) => `${table_name}: ${r.row}`));
    }
    return lines.join('\n');
  }

  it('holds the tokens, verifier and MSAL cache as sealed values', async () => {
    // Guard against a vacuous pass: the dump does contain the sealed values.
    const dump = await dumpRows();
    expect(dump.match(/v1:[A-Za-z0-9_-]+:/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('holds no token, verifier, state, clientState, subject, name or email in clear', async () => {
    const dump = await dumpRows();
    for (const value of [...forbidden, oauthState, completionCode]) expect(dump).not.toContain(value);
  });

  if (t.kind === 'postgres') {
    // Shown as skipped, with why, where pg_dump is missing; CI (REQUIRE_POSTGRES=1) has it, or fails.
    const withPgDump = existsSync(PG_DUMP) || process.env.REQUIRE_POSTGRES === '1';
    const title = 'holds none of them in clear in a pg_dump of its schema either';
    (withPgDump ? it : it.skip)(withPgDump ? title : `${title} [skipped: ${PG_DUMP} is not installed]`, () => {
      const dump = execFileSync(PG_DUMP, ['--dbname', testDatabaseUrl as string, '--schema', t.schema as string, '--data-only'], {
        encoding: 'utf8',
      });
      expect(dump).toContain('webex_grants');
      for (const value of [...forbidden, oauthState, completionCode]) expect(dump).not.toContain(value);
    });
  }

  it('has no column for a name, email, subject or body (only their hashes or sealed values)', async () => {
    const columns = await t.store.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    expect(columns.length).toBeGreaterThan(0);
    const personal = columns
      .map((c) => c.column_name)
      .filter((name) => !/_(hash|sealed)$/.test(name))
      .filter((name) => /name|mail|subject|body|display|upn|phone|title/i.test(name));
    expect(personal).toEqual([]);
  });
});
