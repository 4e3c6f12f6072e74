/**
 * Individual mode, two replicas on one store: a user's delegated Microsoft tokens are in MSAL's
 * cache, persisted sealed, and each replica keeps an in-memory copy. When the access is revoked
 * through one replica, the other must not go on with its copy: no access token from it, and no
 * refresh token sent to Microsoft.
 */
import { createGraphAccess, type GraphAccess } from '../../../src/server/sync';
import { ALEX, CONTOSO, MEGAN, startSyncStack, type SyncStack } from './sync-stack';

let stack: SyncStack;
let replicaA: GraphAccess;
let replicaB: GraphAccess;

beforeAll(async () => {
  stack = await startSyncStack({ mode: 'individual', workers: false });
  replicaA = createGraphAccess({ store: stack.store, microsoft: stack.config.microsoft });
  replicaB = createGraphAccess({ store: stack.store, microsoft: stack.config.microsoft });
});

afterAll(async () => {
  await stack?.close();
});

const tokenRequests = () => Object.values(stack.identity.state.tokenCounters).reduce((sum, n) => sum + n, 0);

async function delegatedToken(replica: GraphAccess, userId: string): Promise<string> {
  const auth = await replica.authFor(CONTOSO.id, userId);
  if (!auth) throw new Error('expected delegated access in individual mode');
  return auth.getAccessToken();
}

describe('a user revoked through another replica', () => {
  it('gets no token from this replica’s memory, and no refresh token of theirs is sent to Microsoft', async () => {
    await stack.store.users.upsert({ tenantId: CONTOSO.id, userId: ALEX.id });
    await replicaA.startDelegated(CONTOSO.id, ALEX.id, await stack.apiToken(ALEX));
    expect(await delegatedToken(replicaA, ALEX.id)).toEqual(expect.any(String));

    await replicaB.forgetDelegated(CONTOSO.id, ALEX.id);
    const before = tokenRequests();
    await expect(delegatedToken(replicaA, ALEX.id)).rejects.toMatchObject({ code: 'graph_interaction_required' });
    expect(tokenRequests()).toBe(before);
    // Nor is the forgotten cache written back by the replica that still had it.
    expect(await stack.store.msalCaches.get(CONTOSO.id, ALEX.id)).toBeUndefined();
    expect(await replicaA.hasDelegated(CONTOSO.id, ALEX.id)).toBe(false);
  });

  it('is served again by every replica once they authorize again, through any replica', async () => {
    await stack.store.users.upsert({ tenantId: CONTOSO.id, userId: MEGAN.id });
    await replicaA.startDelegated(CONTOSO.id, MEGAN.id, await stack.apiToken(MEGAN));
    await delegatedToken(replicaA, MEGAN.id);
    await replicaB.forgetDelegated(CONTOSO.id, MEGAN.id);
    await expect(delegatedToken(replicaA, MEGAN.id)).rejects.toMatchObject({ code: 'graph_interaction_required' });

    await replicaB.startDelegated(CONTOSO.id, MEGAN.id, await stack.apiToken(MEGAN));
    expect(await delegatedToken(replicaA, MEGAN.id)).toEqual(expect.any(String));
  });
});
