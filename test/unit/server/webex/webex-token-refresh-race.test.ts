/**
 * Two calls for one user whose grant needs a refresh, where the second call's read of the store
 * comes back only after the first call's refresh has finished (a busy pool answers reads out of
 * order): the second must not refresh the old grant again (refresh tokens may be single-use).
 */
import { getWebexAccessToken, type WebexGrantStore } from '../../../../src/server/webex/webex-access-token';
import type { WebexTokenSet } from '../../../../src/server/webex/webex-oauth';

const now = new Date('2026-11-23T12:00:00Z');
const grant = (n: number, accessExpiresAt: Date): WebexTokenSet => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  accessExpiresAt,
  refreshExpiresAt: new Date(now.getTime() + 30 * 86_400_000),
  scopes: ['meeting:schedules_write'],
});

it('a call that read the grant while a refresh finished reads the new grant instead of refreshing again', async () => {
  let stored = grant(1, new Date(now.getTime() + 60_000)); // expires within the 5-minute margin
  let releaseSecondRead: (() => void) | undefined;
  let reads = 0;
  const store: WebexGrantStore = {
    async get() {
      reads += 1;
      const snapshot = stored;
      // The second read took its snapshot before the refresh and answers only after it.
      if (reads === 2) await new Promise<void>((resolve) => (releaseSecondRead = resolve));
      return snapshot;
    },
    async save(_t, _u, fresh) {
      stored = fresh;
    },
    async delete() {
      throw new Error('nothing may be deleted');
    },
  };
  const refreshed: string[] = [];
  const oauth = {
    async refresh(refreshToken: string) {
      refreshed.push(refreshToken);
      return grant(refreshed.length + 1, new Date(now.getTime() + 3_600_000));
    },
  };

  const first = getWebexAccessToken(store, oauth, 't', 'u', now);
  const second = getWebexAccessToken(store, oauth, 't', 'u', now);
  expect(await first).toBe('access-2');
  releaseSecondRead?.();
  expect(await second).toBe('access-2');
  expect(refreshed).toEqual(['refresh-1']);
});
