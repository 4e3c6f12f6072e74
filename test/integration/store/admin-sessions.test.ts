import { randomUUID } from 'node:crypto';
import { hashSecret } from '../../../src/server/store';
import { describeEachDatabase } from '../../helpers/databases';

const MINUTE = 60_000;
const REFRESH_TOKEN = 'REFRESH-TOKEN-of-an-admin-3c1f9e-plain';

describeEachDatabase('admin sessions', (t) => {
  const now = new Date('2030-03-01T10:00:00Z');
  const newSession = (overrides: { expiresAt?: Date } = {}) => {
    const tenantId = randomUUID();
    const userId = randomUUID();
    return {
      tenantId,
      userId,
      create: () =>
        t.store.adminSessions.create({
          tenantId,
          userId,
          refreshToken: REFRESH_TOKEN,
          roleCheckedAt: now,
          expiresAt: overrides.expiresAt ?? new Date(now.getTime() + 60 * MINUTE),
        }),
    };
  };

  it('are found by their secret until they expire, with the refresh token unsealed', async () => {
    const s = newSession();
    const secret = await s.create();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await t.store.adminSessions.get(secret, now)).toEqual({
      tenantId: s.tenantId,
      userId: s.userId,
      refreshToken: REFRESH_TOKEN,
      roleCheckedAt: now,
      expiresAt: new Date(now.getTime() + 60 * MINUTE),
    });
    expect(await t.store.adminSessions.get(secret, new Date(now.getTime() + 60 * MINUTE))).toBeUndefined();
    expect(await t.store.adminSessions.get(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, now)).toBeUndefined();
    expect(await t.store.adminSessions.get('short', now)).toBeUndefined();
  });

  it('hold the secret as its hash only and the refresh token sealed', async () => {
    const secret = await newSession().create();
    const rows = await t.store.db.query<{ row: string }>(`SELECT t::text AS row FROM admin_sessions t WHERE session_hash = $1`, [
      hashSecret(secret),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).not.toContain(secret);
    expect(rows[0]?.row).not.toContain(REFRESH_TOKEN);
    expect(rows[0]?.row).toMatch(/v1:[A-Za-z0-9_-]+:/);
  });

  it('record the role check, never moving it back', async () => {
    const secret = await newSession().create();
    const later = new Date(now.getTime() + 6 * MINUTE);
    expect(await t.store.adminSessions.markRoleChecked(secret, later)).toBe(true);
    expect(await t.store.adminSessions.markRoleChecked(secret, now)).toBe(true);
    expect((await t.store.adminSessions.get(secret, later))?.roleCheckedAt).toEqual(later);
  });

  it('end for good, on every replica', async () => {
    const secret = await newSession().create();
    const replica = await t.openAnotherStore();
    expect(await replica.adminSessions.get(secret, now)).toBeDefined();
    expect(await t.store.adminSessions.end(secret)).toBe(true);
    expect(await replica.adminSessions.get(secret, now)).toBeUndefined();
    expect(await replica.adminSessions.markRoleChecked(secret, now)).toBe(false);
    expect(await replica.adminSessions.end(secret)).toBe(false);
  });

  it('past their expiry are swept, the others kept', async () => {
    const expired = await newSession({ expiresAt: new Date(now.getTime() - MINUTE) }).create();
    const current = await newSession().create();
    expect(await t.store.adminSessions.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await t.store.db.query(`SELECT 1 FROM admin_sessions WHERE session_hash = $1`, [hashSecret(expired)])).toEqual([]);
    expect(await t.store.adminSessions.get(current, now)).toBeDefined();
  });

  it('need the refresh token of their sign-in (store_input_invalid)', async () => {
    await expect(
      t.store.adminSessions.create({
        tenantId: randomUUID(),
        userId: randomUUID(),
        refreshToken: '',
        roleCheckedAt: now,
        expiresAt: new Date(now.getTime() + MINUTE),
      }),
    ).rejects.toMatchObject({ code: 'store_input_invalid' });
  });
});
