import { randomUUID } from 'node:crypto';
import type { SyncState } from '../../../src/server/store';
import { describeEachDatabase } from '../../helpers/databases';

const HOUR = 3_600_000;

function syncState(overrides: Partial<SyncState> = {}): SyncState {
  return {
    changeKey: 'ck-1',
    startUtc: new Date('2030-01-07T09:00:00Z'),
    endUtc: new Date('2030-01-07T09:30:00Z'),
    subjectHash: 'subject-fingerprint',
    recurrenceHash: null,
    ...overrides,
  };
}

describeEachDatabase('store', (t) => {
  /** A user of a tenant of their own, fresh for each test. */
  async function newUser(tenantId: string = randomUUID()) {
    const userId = randomUUID();
    await t.store.users.upsert({ tenantId, userId });
    return { tenantId, userId };
  }

  describe('tenants', () => {
    it('are created, read back and change mode on a second upsert', async () => {
      const id = randomUUID();
      expect(await t.store.tenants.upsert({ id, mode: 'individual' })).toMatchObject({ id, mode: 'individual', adminConsentedAt: null });
      expect(await t.store.tenants.upsert({ id, mode: 'admin' })).toMatchObject({ id, mode: 'admin' });
      expect(await t.store.tenants.get(id)).toMatchObject({ id, mode: 'admin' });
    });

    it('record and withdraw admin consent', async () => {
      const id = randomUUID();
      await t.store.tenants.upsert({ id, mode: 'admin' });
      const at = new Date('2030-02-01T10:00:00Z');
      expect((await t.store.tenants.setAdminConsent(id, at))?.adminConsentedAt).toEqual(at);
      expect((await t.store.tenants.setAdminConsent(id, null))?.adminConsentedAt).toBeNull();
    });

    it('are listed, and an unknown one is undefined', async () => {
      const id = randomUUID();
      await t.store.tenants.upsert({ id, mode: 'individual' });
      expect((await t.store.tenants.list()).map((x) => x.id)).toContain(id);
      expect(await t.store.tenants.get(randomUUID())).toBeUndefined();
      expect(await t.store.tenants.setAdminConsent(randomUUID(), new Date())).toBeUndefined();
    });
  });

  describe('users', () => {
    it('are created once, in a tenant recorded in individual mode when it was unknown', async () => {
      const { tenantId, userId } = await newUser();
      const again = await t.store.users.upsert({ tenantId, userId });
      expect(again).toMatchObject({ tenantId, userId, settings: {}, webexLinked: false, calendarSyncedAt: null });
      expect(again.createdAt).toBeInstanceOf(Date);
      expect(await t.store.tenants.get(tenantId)).toMatchObject({ mode: 'individual' });
    });

    it('keep a tenant admin mode when their user is added', async () => {
      const tenantId = randomUUID();
      await t.store.tenants.upsert({ id: tenantId, mode: 'admin' });
      await newUser(tenantId);
      expect(await t.store.tenants.get(tenantId)).toMatchObject({ mode: 'admin' });
    });

    it('merge settings into the ones they have', async () => {
      const { tenantId, userId } = await newUser();
      await t.store.users.updateSettings(tenantId, userId, { autoAdd: true });
      const user = await t.store.users.updateSettings(tenantId, userId, { language: 'fr' });
      expect(user?.settings).toEqual({ autoAdd: true, language: 'fr' });
      expect(await t.store.users.updateSettings(tenantId, randomUUID(), { a: 1 })).toBeUndefined();
    });

    it('remember when their calendar was last synced', async () => {
      const { tenantId, userId } = await newUser();
      const at = new Date('2030-03-01T00:00:00Z');
      expect(await t.store.users.setCalendarSyncedAt(tenantId, userId, at)).toBe(true);
      expect((await t.store.users.get(tenantId, userId))?.calendarSyncedAt).toEqual(at);
    });

    it('show as Webex-linked while a grant is stored', async () => {
      const { tenantId, userId } = await newUser();
      await t.store.webexGrants.save(tenantId, userId, {
        accessToken: 'a',
        refreshToken: 'r',
        accessExpiresAt: new Date(Date.now() + HOUR),
        refreshExpiresAt: new Date(Date.now() + 90 * 24 * HOUR),
        scopes: ['meeting:schedules_write'],
      });
      expect((await t.store.users.get(tenantId, userId))?.webexLinked).toBe(true);
      await t.store.webexGrants.delete(tenantId, userId);
      expect((await t.store.users.get(tenantId, userId))?.webexLinked).toBe(false);
    });

    it('take everything stored for them when deleted', async () => {
      const { tenantId, userId } = await newUser();
      await t.store.msalCaches.save(tenantId, userId, '{"cache":1}');
      await t.store.meetings.create({ meetingId: randomUUID(), tenantId, userId });
      await t.store.subscriptions.save({
        id: randomUUID(),
        tenantId,
        userId,
        resource: `users/${userId}/events`,
        expiresAt: new Date(),
        clientState: 'x',
      });
      expect(await t.store.users.delete(tenantId, userId)).toBe(true);
      expect(await t.store.msalCaches.get(tenantId, userId)).toBeUndefined();
      expect(await t.store.subscriptions.listForUser(tenantId, userId)).toEqual([]);
    });
  });

  describe('webex grants', () => {
    it('come back decrypted as they were saved, and are replaced by a new save', async () => {
      const { tenantId, userId } = await newUser();
      const grant = {
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        accessExpiresAt: new Date('2030-01-01T01:00:00Z'),
        refreshExpiresAt: new Date('2030-03-01T00:00:00Z'),
        scopes: ['spark:people_read', 'meeting:schedules_write'],
      };
      await t.store.webexGrants.save(tenantId, userId, grant);
      expect(await t.store.webexGrants.get(tenantId, userId)).toMatchObject(grant);
      await t.store.webexGrants.save(tenantId, userId, { ...grant, accessToken: 'access-2' });
      expect((await t.store.webexGrants.get(tenantId, userId))?.accessToken).toBe('access-2');
    });

    it('are undefined once deleted', async () => {
      const { tenantId, userId } = await newUser();
      expect(await t.store.webexGrants.get(tenantId, userId)).toBeUndefined();
      expect(await t.store.webexGrants.delete(tenantId, userId)).toBe(false);
    });

    it('need a known user', async () => {
      await expect(
        t.store.webexGrants.save(randomUUID(), randomUUID(), {
          accessToken: 'a',
          refreshToken: 'r',
          accessExpiresAt: new Date(),
          refreshExpiresAt: new Date(),
          scopes: [],
        }),
      ).rejects.toMatchObject({ code: 'user_unknown' });
    });

    it("copied into another user's row do not decrypt", async () => {
      const a = await newUser();
      const b = await newUser();
      const grant = { accessToken: 'a', refreshToken: 'r', accessExpiresAt: new Date(), refreshExpiresAt: new Date(), scopes: [] };
      await t.store.webexGrants.save(a.tenantId, a.userId, grant);
      await t.store.webexGrants.save(b.tenantId, b.userId, grant);
      await t.store.db.query(
        `UPDATE webex_grants SET access_token_sealed = (SELECT access_token_sealed FROM webex_grants WHERE tenant_id = $1 AND user_id = $2)
         WHERE tenant_id = $3 AND user_id = $4`,
        [a.tenantId, a.userId, b.tenantId, b.userId],
      );
      await expect(t.store.webexGrants.get(b.tenantId, b.userId)).rejects.toMatchObject({ code: 'token_decrypt_failed' });
    });
  });

  describe('MSAL caches', () => {
    it('come back as saved, and are replaced by a new save', async () => {
      const { tenantId, userId } = await newUser();
      expect(await t.store.msalCaches.get(tenantId, userId)).toBeUndefined();
      await t.store.msalCaches.save(tenantId, userId, '{"Account":{}}');
      await t.store.msalCaches.save(tenantId, userId, '{"Account":{"x":1}}');
      expect(await t.store.msalCaches.get(tenantId, userId)).toBe('{"Account":{"x":1}}');
      expect(await t.store.msalCaches.delete(tenantId, userId)).toBe(true);
    });
  });

  describe('OAuth states', () => {
    it('are consumed once, with the verifier and user they were created for', async () => {
      const { tenantId, userId } = await newUser();
      const state = await t.store.oauthStates.create({
        flow: 'webex-link',
        tenantId,
        userId,
        codeVerifier: 'verifier-1',
        expiresAt: new Date(Date.now() + HOUR),
      });
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await t.store.oauthStates.consume(state, 'webex-link')).toMatchObject({
        flow: 'webex-link',
        tenantId,
        userId,
        codeVerifier: 'verifier-1',
      });
      expect(await t.store.oauthStates.consume(state, 'webex-link')).toBeUndefined();
    });

    it('are refused by a flow other than the one that minted them, which can still use them', async () => {
      const { tenantId, userId } = await newUser();
      const state = await t.store.oauthStates.create({
        flow: 'microsoft-link',
        tenantId,
        userId,
        codeVerifier: 'v',
        expiresAt: new Date(Date.now() + HOUR),
      });
      expect(await t.store.oauthStates.consume(state, 'webex-link')).toBeUndefined();
      expect(await t.store.oauthStates.consume(state, 'microsoft-link')).toMatchObject({ flow: 'microsoft-link', userId });
    });

    it('are consumed by only one of two racing callbacks', async () => {
      const { tenantId, userId } = await newUser();
      const state = await t.store.oauthStates.create({
        flow: 'webex-link',
        tenantId,
        userId,
        codeVerifier: 'v',
        expiresAt: new Date(Date.now() + HOUR),
      });
      const results = await Promise.all([
        t.store.oauthStates.consume(state, 'webex-link'),
        t.store.oauthStates.consume(state, 'webex-link'),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('are undefined when expired or unknown, and expired ones are swept', async () => {
      const { tenantId, userId } = await newUser();
      const expired = await t.store.oauthStates.create({
        flow: 'webex-link',
        tenantId,
        userId,
        codeVerifier: 'v',
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await t.store.oauthStates.consume(expired, 'webex-link')).toBeUndefined();
      expect(await t.store.oauthStates.consume('unknown-state-unknown-state-unknown-state-xx', 'webex-link')).toBeUndefined();
      await t.store.oauthStates.create({ flow: 'webex-link', tenantId, userId, codeVerifier: 'v', expiresAt: new Date(Date.now() - 1000) });
      expect(await t.store.oauthStates.deleteExpired()).toBeGreaterThanOrEqual(1);
    });

    it('refuse a caller-chosen state that is too short to be unguessable', async () => {
      const { tenantId, userId } = await newUser();
      await expect(
        t.store.oauthStates.create({ flow: 'webex-link', tenantId, userId, codeVerifier: 'v', expiresAt: new Date(), state: 'abc' }),
      ).rejects.toMatchObject({
        code: 'store_input_invalid',
      });
    });
  });

  describe('pending Webex links', () => {
    const grant = {
      accessToken: 'a',
      refreshToken: 'r',
      accessExpiresAt: new Date(0),
      refreshExpiresAt: new Date(HOUR),
      scopes: ['meeting:schedules_write'],
    };

    it('are claimed once, with the user and grant they were made for', async () => {
      const { tenantId, userId } = await newUser();
      const code = await t.store.webexPendingLinks.create(tenantId, userId, grant, new Date(Date.now() + HOUR));
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await t.store.webexPendingLinks.claim(code)).toEqual({ tenantId, userId, grant });
      expect(await t.store.webexPendingLinks.claim(code)).toBeUndefined();
    });

    it('are undefined when expired, unknown or malformed, and expired ones are swept', async () => {
      const { tenantId, userId } = await newUser();
      const expired = await t.store.webexPendingLinks.create(tenantId, userId, grant, new Date(Date.now() - 1000));
      expect(await t.store.webexPendingLinks.claim(expired)).toBeUndefined();
      expect(await t.store.webexPendingLinks.claim('A'.repeat(43))).toBeUndefined();
      expect(await t.store.webexPendingLinks.claim("x' OR 1=1 --")).toBeUndefined();
      await t.store.webexPendingLinks.create(tenantId, userId, grant, new Date(Date.now() - 1000));
      expect(await t.store.webexPendingLinks.deleteExpired()).toBeGreaterThanOrEqual(1);
    });
  });

  describe('meetings', () => {
    it('are visible to their owner only', async () => {
      const owner = await newUser();
      const other = await newUser(owner.tenantId);
      const meetingId = randomUUID();
      const created = await t.store.meetings.create({ meetingId, ...owner, seriesId: 'series-1' });
      expect(created).toMatchObject({ meetingId, ...owner, seriesId: 'series-1' });
      expect(await t.store.meetings.get(owner.tenantId, owner.userId, meetingId)).toEqual(created);
      expect(await t.store.meetings.get(other.tenantId, other.userId, meetingId)).toBeUndefined();
      expect(await t.store.meetings.delete(other.tenantId, other.userId, meetingId)).toBe(false);
      expect(await t.store.meetings.delete(owner.tenantId, owner.userId, meetingId)).toBe(true);
    });

    it('recorded twice (a retried request) stay one meeting', async () => {
      const owner = await newUser();
      const meetingId = randomUUID();
      const first = await t.store.meetings.create({ meetingId, ...owner });
      expect(await t.store.meetings.create({ meetingId, ...owner })).toEqual(first);
    });

    it('that never got an event are listed for the sweeper once old enough', async () => {
      const owner = await newUser();
      const created = new Date('2001-01-01T00:00:00Z');
      const orphan = randomUUID();
      const linked = randomUUID();
      const recent = randomUUID();
      await t.store.meetings.create({ meetingId: orphan, ...owner, createdAt: created });
      await t.store.meetings.create({ meetingId: linked, ...owner, createdAt: created });
      await t.store.meetings.create({ meetingId: recent, ...owner });
      await t.store.links.linkEvent({ ...owner, eventId: randomUUID(), meetingId: linked, lastSynced: syncState() });
      const listed = (await t.store.meetings.listWithoutEvent(new Date('2001-01-02T00:00:00Z'), 1000)).map((m) => m.meetingId);
      expect(listed).toContain(orphan);
      expect(listed).not.toContain(linked);
      expect(listed).not.toContain(recent);
    });
  });

  describe('event links', () => {
    it('are found by event and by meeting, with the state last synced', async () => {
      const owner = await newUser();
      const eventId = `AAMk${randomUUID()}`;
      const meetingId = randomUUID();
      const lastSynced = syncState({ recurrenceHash: 'weekly-fingerprint' });
      const link = await t.store.links.linkEvent({ ...owner, eventId, meetingId, lastSynced });
      expect(link).toMatchObject({ ...owner, eventId, meetingId, lastSynced });
      expect(await t.store.links.getByEvent(owner.tenantId, owner.userId, eventId)).toEqual(link);
      expect(await t.store.links.getByMeeting(owner.tenantId, meetingId)).toEqual(link);
    });

    it('record a new sync state', async () => {
      const owner = await newUser();
      const eventId = randomUUID();
      await t.store.links.linkEvent({ ...owner, eventId, meetingId: randomUUID(), lastSynced: syncState() });
      const moved = syncState({
        changeKey: 'ck-2',
        startUtc: new Date('2030-01-07T10:00:00Z'),
        endUtc: new Date('2030-01-07T10:30:00Z'),
        attendeesHash: 'attendees-fingerprint',
      });
      expect((await t.store.links.updateSyncState(owner.tenantId, owner.userId, eventId, moved))?.lastSynced).toEqual(moved);
      expect(await t.store.links.updateSyncState(owner.tenantId, owner.userId, randomUUID(), moved)).toBeUndefined();
    });

    it('record the states of jobs ending together in one statement, each link its own state', async () => {
      const owner = await newUser();
      const eventIds = [0, 1, 2, 3].map(() => randomUUID());
      for (const eventId of eventIds)
        await t.store.links.linkEvent({ ...owner, eventId, meetingId: randomUUID(), lastSynced: syncState() });
      const states = eventIds.map((_, i) =>
        syncState({
          changeKey: `ck-${i}`,
          startUtc: new Date(Date.UTC(2030, 0, 7 + i, 9)),
          endUtc: new Date(Date.UTC(2030, 0, 7 + i, 10)),
          subjectHash: `subject-${i}`,
          recurrenceHash: i % 2 ? `weekly-${i}` : null,
          attendeesHash: i === 3 ? null : `attendees-${i}`,
        }),
      );
      const query = jest.spyOn(t.store.db, 'query');
      try {
        const [unlinked, ...recorded] = await Promise.all([
          t.store.links.updateSyncState(owner.tenantId, owner.userId, randomUUID(), syncState()),
          ...eventIds.map((eventId, i) => t.store.links.updateSyncState(owner.tenantId, owner.userId, eventId, states[i] as SyncState)),
        ]);
        expect(query).toHaveBeenCalledTimes(1);
        expect(unlinked).toBeUndefined();
        expect(recorded.map((link) => [link?.eventId, link?.lastSynced])).toEqual(eventIds.map((eventId, i) => [eventId, states[i]]));
      } finally {
        query.mockRestore();
      }
      for (const [i, eventId] of eventIds.entries())
        expect((await t.store.links.getByEvent(owner.tenantId, owner.userId, eventId))?.lastSynced).toEqual(states[i]);
    });

    it('record two states of one event given in the same moment in the order given: the later stays', async () => {
      const owner = await newUser();
      const eventId = randomUUID();
      await t.store.links.linkEvent({ ...owner, eventId, meetingId: randomUUID(), lastSynced: syncState() });
      const first = syncState({ changeKey: 'ck-first' });
      const later = syncState({ changeKey: 'ck-later' });
      await Promise.all([
        t.store.links.updateSyncState(owner.tenantId, owner.userId, eventId, first),
        t.store.links.updateSyncState(owner.tenantId, owner.userId, eventId, later),
      ]);
      expect((await t.store.links.getByEvent(owner.tenantId, owner.userId, eventId))?.lastSynced.changeKey).toBe('ck-later');
    });

    it("are read for jobs starting together in one statement, each job its own event's inputs", async () => {
      const owner = await newUser();
      await t.store.tenants.upsert({ id: owner.tenantId, mode: 'admin' });
      const eventIds = [0, 1, 2].map(() => randomUUID());
      const meetingIds = eventIds.map(() => randomUUID());
      for (const [i, eventId] of eventIds.entries())
        await t.store.links.linkEvent({
          ...owner,
          eventId,
          meetingId: meetingIds[i] as string,
          lastSynced: syncState({ changeKey: `ck-${i}` }),
        });
      const keys = [...eventIds, randomUUID()];
      const alone: Awaited<ReturnType<typeof t.store.syncInputs.read>>[] = [];
      for (const eventId of keys) alone.push(await t.store.syncInputs.read(owner.tenantId, owner.userId, eventId));
      const query = jest.spyOn(t.store.db, 'query');
      try {
        const together = await Promise.all(keys.map((eventId) => t.store.syncInputs.read(owner.tenantId, owner.userId, eventId)));
        expect(query).toHaveBeenCalledTimes(1);
        const view = (inputs: (typeof alone)[number]) => ({
          tenant: inputs.tenant?.mode,
          link: inputs.link && [inputs.link.eventId, inputs.link.meetingId, inputs.link.lastSynced.changeKey],
          owned: inputs.linkedMeetingOwned,
          occurrences: inputs.occurrenceLinks.length,
        });
        expect(together.map(view)).toEqual(alone.map(view));
        expect(together.map((inputs) => inputs.link?.meetingId)).toEqual([...meetingIds, undefined]);
      } finally {
        query.mockRestore();
      }
    });

    it('keep the attendees as a fingerprint, unknown (null) for links that never had one, and take one the pane set', async () => {
      const owner = await newUser();
      const eventId = randomUUID();
      expect(
        (await t.store.links.linkEvent({ ...owner, eventId, meetingId: randomUUID(), lastSynced: syncState() })).lastSynced.attendeesHash,
      ).toBeNull();
      expect(
        (await t.store.links.setAttendeesHash(owner.tenantId, owner.userId, eventId, 'set-by-the-pane'))?.lastSynced.attendeesHash,
      ).toBe('set-by-the-pane');
      expect(await t.store.links.setAttendeesHash(owner.tenantId, owner.userId, randomUUID(), 'x')).toBeUndefined();
    });

    it('refuse a second event for a meeting already linked (a copy needs its own meeting)', async () => {
      const owner = await newUser();
      const meetingId = randomUUID();
      await t.store.links.linkEvent({ ...owner, eventId: 'original', meetingId, lastSynced: syncState() });
      await expect(t.store.links.linkEvent({ ...owner, eventId: 'copy', meetingId, lastSynced: syncState() })).rejects.toMatchObject({
        code: 'meeting_already_linked',
      });
    });

    it('let a transaction go on after refusing a copy', async () => {
      const owner = await newUser();
      const meetingId = randomUUID();
      await t.store.links.linkEvent({ ...owner, eventId: 'original', meetingId, lastSynced: syncState() });
      const relinked = await t.store.transaction(async (tx) => {
        const refused = await tx.links
          .linkEvent({ ...owner, eventId: 'copy', meetingId, lastSynced: syncState() })
          .catch((e: { code?: string }) => e.code);
        expect(refused).toBe('meeting_already_linked');
        return tx.links.linkEvent({ ...owner, eventId: 'copy', meetingId: randomUUID(), lastSynced: syncState() });
      });
      expect(await t.store.links.getByEvent(owner.tenantId, owner.userId, 'copy')).toEqual(relinked);
    });

    it('are gone once deleted', async () => {
      const owner = await newUser();
      await t.store.links.linkEvent({ ...owner, eventId: 'e', meetingId: randomUUID(), lastSynced: syncState() });
      expect(await t.store.links.delete(owner.tenantId, owner.userId, 'e')).toBe(true);
      expect(await t.store.links.getByEvent(owner.tenantId, owner.userId, 'e')).toBeUndefined();
      expect(await t.store.links.listForUser(owner.tenantId, owner.userId)).toEqual([]);
    });
  });

  describe('subscriptions', () => {
    it("record a sweep's renewals in one write, active again, and count only those that still exist", async () => {
      const owner = await newUser();
      const ids = [randomUUID(), randomUUID()];
      for (const id of ids)
        await t.store.subscriptions.save({ id, ...owner, resource: 'r', expiresAt: new Date('2001-01-01T00:00:00Z'), clientState: 's' });
      await t.store.subscriptions.setState(ids[0] as string, 'reauthorize');
      const renewedAt = new Date('2030-01-01T00:00:00Z');
      const renewals = ids.map((id, i) => ({ id, expiresAt: new Date(renewedAt.getTime() + (i + 1) * HOUR), renewedAt }));
      expect(await t.store.subscriptions.renewMany([...renewals, { id: randomUUID(), expiresAt: renewedAt, renewedAt }])).toBe(2);
      for (const [i, id] of ids.entries()) {
        expect(await t.store.subscriptions.get(id)).toMatchObject({ expiresAt: renewals[i]?.expiresAt, renewedAt, state: 'active' });
      }
      expect(await t.store.subscriptions.renewMany([])).toBe(0);
    });

    it('accept only the clientState they were created with', async () => {
      const owner = await newUser();
      const id = randomUUID();
      await t.store.subscriptions.save({
        id,
        ...owner,
        resource: `users/${owner.userId}/events`,
        expiresAt: new Date(Date.now() + HOUR),
        clientState: 'secret-1',
      });
      expect(await t.store.subscriptions.verifyClientState(id, 'secret-1')).toMatchObject({ id, ...owner, state: 'active' });
      expect(await t.store.subscriptions.verifyClientState(id, 'secret-2')).toBeUndefined();
      expect(await t.store.subscriptions.verifyClientState(randomUUID(), 'secret-1')).toBeUndefined();
    });

    it('are renewed, flagged and listed by expiry', async () => {
      const owner = await newUser();
      const id = randomUUID();
      await t.store.subscriptions.save({ id, ...owner, resource: 'r', expiresAt: new Date('2001-01-01T00:00:00Z'), clientState: 's' });
      expect((await t.store.subscriptions.listExpiringBefore(new Date('2001-01-02T00:00:00Z'), 1000)).map((s) => s.id)).toContain(id);
      expect(await t.store.subscriptions.setState(id, 'reauthorize')).toMatchObject({ state: 'reauthorize' });
      const renewedAt = new Date('2001-01-01T00:00:00Z');
      const renewed = await t.store.subscriptions.renew(id, new Date('2001-01-05T00:00:00Z'), renewedAt);
      expect(renewed).toMatchObject({ state: 'active', renewedAt, expiresAt: new Date('2001-01-05T00:00:00Z') });
      expect((await t.store.subscriptions.listExpiringBefore(new Date('2001-01-02T00:00:00Z'), 1000)).map((s) => s.id)).not.toContain(id);
    });

    it('that were removed are not listed for renewal, and can be deleted', async () => {
      const owner = await newUser();
      const id = randomUUID();
      await t.store.subscriptions.save({ id, ...owner, resource: 'r', expiresAt: new Date('2001-01-01T00:00:00Z'), clientState: 's' });
      await t.store.subscriptions.setState(id, 'removed');
      expect((await t.store.subscriptions.listExpiringBefore(new Date('2001-01-02T00:00:00Z'), 1000)).map((s) => s.id)).not.toContain(id);
      expect(await t.store.subscriptions.delete(id)).toBe(true);
      expect(await t.store.subscriptions.get(id)).toBeUndefined();
    });
  });

  describe('event sync problems', () => {
    it('are kept per event by code, listed for a meeting with its occurrences, replaced, cleared, and go with the link', async () => {
      const owner = await newUser();
      const series = randomUUID().replace(/-/g, '');
      const at = new Date('2030-03-02T10:00:00Z');
      await t.store.links.linkEvent({ ...owner, eventId: 'master', meetingId: series, lastSynced: syncState() });
      await t.store.syncProblems.set({ ...owner, eventId: 'master', meetingId: series, code: 'meeting_too_long', at });
      await t.store.syncProblems.set({
        ...owner,
        eventId: 'exception',
        meetingId: `${series}_20300311T170000Z`,
        code: 'webex_rejected',
        at: new Date('2030-03-02T11:00:00Z'),
      });
      await t.store.syncProblems.set({ ...owner, eventId: 'other', meetingId: `${series}x`, code: 'webex_rejected', at });
      expect((await t.store.syncProblems.listForMeeting(owner.tenantId, owner.userId, series)).map((p) => [p.eventId, p.code])).toEqual([
        ['master', 'meeting_too_long'],
        ['exception', 'webex_rejected'],
      ]);
      await t.store.syncProblems.set({ ...owner, eventId: 'master', code: 'recurrence_unsupported', at });
      expect(await t.store.syncProblems.get(owner.tenantId, owner.userId, 'master')).toEqual({
        eventId: 'master',
        meetingId: series,
        code: 'recurrence_unsupported',
        at,
      });
      expect(await t.store.syncProblems.clear(owner.tenantId, owner.userId, 'exception')).toBe(true);
      expect(await t.store.syncProblems.clear(owner.tenantId, owner.userId, 'exception')).toBe(false);
      await t.store.links.delete(owner.tenantId, owner.userId, 'master');
      expect(await t.store.syncProblems.listForMeeting(owner.tenantId, owner.userId, series)).toEqual([]);
      // Another user's problems are not listed.
      const other = await newUser();
      await t.store.syncProblems.set({ ...other, eventId: 'theirs', meetingId: series, code: 'webex_rejected' });
      expect(await t.store.syncProblems.listForMeeting(owner.tenantId, owner.userId, series)).toEqual([]);
    });
  });

  describe("a sync job's inputs", () => {
    it("are read together: the tenant, the Webex grant, the event's link with its problem and meeting, a series' occurrence links", async () => {
      const { tenantId, userId } = await newUser();
      const grant = {
        accessToken: 'access',
        refreshToken: 'refresh',
        accessExpiresAt: new Date(Date.now() + HOUR),
        refreshExpiresAt: new Date(Date.now() + 24 * HOUR),
        scopes: ['meeting:schedules_write'],
      };
      await t.store.webexGrants.save(tenantId, userId, grant);
      const series = `series${randomUUID().replace(/-/g, '')}`;
      await t.store.meetings.create({ meetingId: series, tenantId, userId });
      await t.store.links.linkEvent({
        tenantId,
        userId,
        eventId: 'master',
        meetingId: series,
        lastSynced: syncState({ recurrenceHash: 'weekly' }),
      });
      await t.store.links.linkEvent({
        tenantId,
        userId,
        eventId: 'exception-1',
        meetingId: `${series}_1`,
        lastSynced: syncState({ changeKey: 'ck-e1' }),
      });
      await t.store.links.linkEvent({
        tenantId,
        userId,
        eventId: 'exception-2',
        meetingId: `${series}_2`,
        lastSynced: syncState({ changeKey: 'ck-e2' }),
      });
      // Another series whose id merely starts the same way is not one of its occurrences.
      await t.store.links.linkEvent({ tenantId, userId, eventId: 'other', meetingId: `${series}x_1`, lastSynced: syncState() });
      await t.store.syncProblems.set({ tenantId, userId, eventId: 'master', meetingId: series, code: 'webex_rejected' });
      await t.store.syncProblems.set({ tenantId, userId, eventId: 'exception-2', meetingId: `${series}_2`, code: 'too_long' });

      const inputs = await t.store.syncInputs.read(tenantId, userId, 'master');
      expect(inputs.tenant).toEqual(await t.store.tenants.get(tenantId));
      expect(inputs.webexGrant()).toEqual(await t.store.webexGrants.get(tenantId, userId));
      expect(inputs.link).toEqual({ ...(await t.store.links.getByEvent(tenantId, userId, 'master')), problem: 'webex_rejected' });
      expect(inputs.linkedMeetingOwned).toBe(true);
      expect(inputs.occurrenceLinks.map((l) => [l.eventId, l.lastSynced.changeKey, l.problem])).toEqual([
        ['exception-1', 'ck-e1', undefined],
        ['exception-2', 'ck-e2', 'too_long'],
      ]);
      expect(inputs.occurrenceLinks[0]).toEqual(await t.store.links.getByEvent(tenantId, userId, 'exception-1'));
    });

    it('say when there is nothing: no link, no grant, a meeting the user did not create', async () => {
      const { tenantId, userId } = await newUser();
      const none = await t.store.syncInputs.read(tenantId, userId, 'unknown-event');
      expect(none).toMatchObject({ link: undefined, linkedMeetingOwned: false, occurrenceLinks: [] });
      expect(none.tenant).toMatchObject({ id: tenantId, mode: 'individual' });
      expect(none.webexGrant()).toBeUndefined();
      await t.store.links.linkEvent({ tenantId, userId, eventId: 'e', meetingId: `m${randomUUID()}`, lastSynced: syncState() });
      expect(await t.store.syncInputs.read(tenantId, userId, 'e')).toMatchObject({ linkedMeetingOwned: false, link: { eventId: 'e' } });
    });
  });

  describe('sync errors', () => {
    it('are counted by code for a tenant since a moment, most frequent first', async () => {
      const { tenantId, userId } = await newUser();
      const other = await newUser(tenantId);
      await t.store.syncErrors.record({ tenantId, userId, code: 'all_day_not_supported', at: new Date('2030-03-01T10:00:00Z') });
      await t.store.syncErrors.record({ tenantId, userId, code: 'webex_rejected', at: new Date('2030-03-02T10:00:00Z') });
      await t.store.syncErrors.record({ ...other, code: 'webex_rejected', at: new Date('2030-03-03T10:00:00Z') });
      await t.store.syncErrors.record({ tenantId, userId, code: 'meeting_too_long', at: new Date('2030-01-01T10:00:00Z') });
      expect(await t.store.syncErrors.count(tenantId, new Date('2030-02-01T00:00:00Z'))).toEqual([
        { code: 'webex_rejected', count: 2, lastAt: new Date('2030-03-03T10:00:00Z') },
        { code: 'all_day_not_supported', count: 1, lastAt: new Date('2030-03-01T10:00:00Z') },
      ]);
    });

    it('of an unknown user are not recorded, and old ones are pruned', async () => {
      const { tenantId, userId } = await newUser();
      await t.store.syncErrors.record({ tenantId, userId: randomUUID(), code: 'x' });
      await t.store.syncErrors.record({ tenantId, userId, code: 'old', at: new Date('2000-01-01T00:00:00Z') });
      expect(await t.store.syncErrors.prune(new Date('2001-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
      expect(await t.store.syncErrors.count(tenantId, new Date('1999-01-01T00:00:00Z'))).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('keep all the writes or none', async () => {
      const tenantId = randomUUID();
      await expect(
        t.store.transaction(async (tx) => {
          await tx.tenants.upsert({ id: tenantId, mode: 'admin' });
          throw new Error('abort');
        }),
      ).rejects.toThrow();
      expect(await t.store.tenants.get(tenantId)).toBeUndefined();
    });
  });

  describe('replicas', () => {
    it("see each other's writes, so a flow started on one finishes on another", async () => {
      const other = await t.openAnotherStore();
      const { tenantId, userId } = await newUser();
      const state = await t.store.oauthStates.create({
        flow: 'webex-link',
        tenantId,
        userId,
        codeVerifier: 'v',
        expiresAt: new Date(Date.now() + HOUR),
      });
      expect(await other.oauthStates.consume(state, 'webex-link')).toMatchObject({ tenantId, userId, codeVerifier: 'v' });
    });
  });
});
