/**
 * getWebexAccessToken with a real store (PGlite, and Postgres when TEST_DATABASE_URL is set) and
 * the Webex emulator: refresh before expiry, revoked and expired grants, and refreshes that must
 * not race.
 */
import { randomUUID } from 'node:crypto';
import { LOCAL_APP } from '../../../src/server/config';
import type { Store } from '../../../src/server/store';
import { getWebexAccessToken } from '../../../src/server/webex/webex-access-token';
import { WebexAuthorizationError } from '../../../src/server/webex/webex-authorization-error';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { WebexError } from '../../../src/server/webex/webex-error';
import { WebexOAuth, type WebexTokenSet } from '../../../src/server/webex/webex-oauth';
import { describeEachDatabase } from '../../helpers/databases';
import { HOST_EMAIL, REDIRECT_URI, SCOPES, useWebexEmulator } from './webex-emulator-fixture';

const webex = useWebexEmulator();
const MINUTE = 60_000;

function realOAuth() {
  return new WebexOAuth({
    baseUrl: webex.apiBaseUrl,
    clientId: LOCAL_APP.webexClientId,
    clientSecret: LOCAL_APP.webexClientSecret,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
  });
}

/** Counts refreshes while passing them to `inner`. */
function counting(inner: Pick<WebexOAuth, 'refresh'>) {
  const o = { calls: 0, refresh: (rt: string) => (o.calls++, inner.refresh(rt)) };
  return o;
}

/** A grant the emulator knows, stored as expiring `accessExpiresInMs` from now. */
async function linkedUser(store: Store, accessExpiresInMs: number): Promise<{ tenantId: string; userId: string; grant: WebexTokenSet }> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  await store.tenants.upsert({ id: tenantId, mode: 'individual' });
  await store.users.upsert({ tenantId, userId });
  const issued = webex.emulator.issueUserToken(HOST_EMAIL, SCOPES, LOCAL_APP.webexClientId);
  const grant: WebexTokenSet = {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token as string,
    accessExpiresAt: new Date(Date.now() + accessExpiresInMs),
    refreshExpiresAt: new Date(Date.now() + 90 * 24 * 60 * MINUTE),
    scopes: SCOPES,
  };
  await store.webexGrants.save(tenantId, userId, grant);
  return { tenantId, userId, grant };
}

describeEachDatabase('getWebexAccessToken', (t) => {
  it('returns the stored token without calling Webex while it has more than five minutes left', async () => {
    const { tenantId, userId, grant } = await linkedUser(t.store, 6 * MINUTE);
    const oauth = counting(realOAuth());
    await expect(getWebexAccessToken(t.store.webexGrants, oauth, tenantId, userId)).resolves.toBe(grant.accessToken);
    expect(oauth.calls).toBe(0);
  });

  it('refreshes a token that expires within five minutes and keeps the new grant', async () => {
    const { tenantId, userId, grant } = await linkedUser(t.store, 4 * MINUTE);
    const token = await getWebexAccessToken(t.store.webexGrants, realOAuth(), tenantId, userId);
    expect(token).not.toBe(grant.accessToken);
    const stored = await t.store.webexGrants.get(tenantId, userId);
    expect(stored?.accessToken).toBe(token);
    expect(stored?.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 60 * MINUTE);
    await expect(new WebexClient({ baseUrl: webex.apiBaseUrl }).getMe(token)).resolves.toMatchObject({ emails: [HOST_EMAIL] });
  });

  it('says webex_not_linked for a user without a grant', async () => {
    const err: unknown = await getWebexAccessToken(t.store.webexGrants, realOAuth(), randomUUID(), randomUUID()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebexAuthorizationError);
    expect(err).toMatchObject({ code: 'webex_not_linked' });
  });

  it('drops a grant the user revoked and asks for reauthorization', async () => {
    const { tenantId, userId } = await linkedUser(t.store, MINUTE);
    webex.emulator.revoke(HOST_EMAIL);
    await expect(getWebexAccessToken(t.store.webexGrants, realOAuth(), tenantId, userId)).rejects.toMatchObject({
      code: 'webex_reauthorization_required',
    });
    expect(await t.store.webexGrants.get(tenantId, userId)).toBeUndefined();
  });

  it('drops a grant whose refresh token has expired without asking Webex', async () => {
    const { tenantId, userId, grant } = await linkedUser(t.store, -MINUTE);
    await t.store.webexGrants.save(tenantId, userId, { ...grant, refreshExpiresAt: new Date(Date.now() - MINUTE) });
    const oauth = counting(realOAuth());
    await expect(getWebexAccessToken(t.store.webexGrants, oauth, tenantId, userId)).rejects.toMatchObject({
      code: 'webex_reauthorization_required',
    });
    expect(oauth.calls).toBe(0);
    expect(await t.store.webexGrants.get(tenantId, userId)).toBeUndefined();
  });

  it('refreshes once for concurrent calls of one user', async () => {
    const { tenantId, userId } = await linkedUser(t.store, MINUTE);
    const oauth = counting(realOAuth());
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getWebexAccessToken(t.store.webexGrants, oauth, tenantId, userId)));
    expect(new Set(tokens).size).toBe(1);
    expect(oauth.calls).toBe(1);
  });

  it('uses the grant another replica refreshed first instead of dropping it', async () => {
    const { tenantId, userId, grant } = await linkedUser(t.store, MINUTE);
    const otherReplica = await t.openAnotherStore();
    const theirs: WebexTokenSet = {
      ...grant,
      accessToken: 'theirs',
      refreshToken: 'rotated',
      accessExpiresAt: new Date(Date.now() + 60 * MINUTE),
    };
    // The other replica saves its refreshed grant while ours is in flight; Webex then refuses our
    // (now replaced) refresh token, as it does for a rotated one.
    const racing = {
      refresh: async () => {
        await otherReplica.webexGrants.save(tenantId, userId, theirs);
        throw new WebexAuthorizationError('webex_reauthorization_required');
      },
    };
    await expect(getWebexAccessToken(t.store.webexGrants, racing, tenantId, userId)).resolves.toBe('theirs');
    expect((await t.store.webexGrants.get(tenantId, userId))?.refreshToken).toBe('rotated');
  });

  it('keeps using a still-valid token while Webex cannot refresh it', async () => {
    const { tenantId, userId, grant } = await linkedUser(t.store, 2 * MINUTE);
    const down = { refresh: () => Promise.reject(new WebexError({ status: 503 })) };
    await expect(getWebexAccessToken(t.store.webexGrants, down, tenantId, userId)).resolves.toBe(grant.accessToken);
    expect((await t.store.webexGrants.get(tenantId, userId))?.accessToken).toBe(grant.accessToken);
  });

  it('fails with Webex’s error when the token has expired and Webex cannot refresh it', async () => {
    const { tenantId, userId } = await linkedUser(t.store, -MINUTE);
    const down = { refresh: () => Promise.reject(new WebexError({ status: 503 })) };
    await expect(getWebexAccessToken(t.store.webexGrants, down, tenantId, userId)).rejects.toMatchObject({
      code: 'webex_unavailable',
      retryable: true,
    });
    expect(await t.store.webexGrants.get(tenantId, userId)).toBeDefined();
  });
});
