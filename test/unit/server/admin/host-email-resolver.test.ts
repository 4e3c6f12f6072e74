import { createHostEmailResolver } from '../../../../src/server/admin/host-email-resolver';
import type { GraphOrganization, GraphUser } from '../../../../src/server/graph';

function fakeGraph(users: Record<string, GraphUser>, domains: string[]) {
  const calls = { users: 0, organization: 0 };
  return {
    calls,
    graph: {
      async getUser(_tenantId: string, userId: string): Promise<GraphUser> {
        calls.users++;
        const user = users[userId];
        if (!user) throw Object.assign(new Error('graph_not_found'), { code: 'graph_not_found' });
        return user;
      },
      async getOrganization(tenantId: string): Promise<GraphOrganization> {
        calls.organization++;
        return { id: tenantId, verifiedDomains: domains.map((name) => ({ name })) };
      },
    },
  };
}

describe('the host email resolver', () => {
  it('remembers an address a few minutes in memory at most, then asks Graph again', async () => {
    let now = 0;
    const { graph, calls } = fakeGraph({ u1: { id: 'u1', mail: 'alex@contoso.example' } }, ['contoso.example']);
    const resolver = createHostEmailResolver({ graph, clock: () => new Date(now), emailTtlMs: 60_000 });
    expect(await resolver.hostEmailFor('t', 'u1')).toBe('alex@contoso.example');
    expect(await resolver.hostEmailFor('t', 'u1')).toBe('alex@contoso.example');
    expect(calls.users).toBe(1);
    now += 60_001;
    await resolver.hostEmailFor('t', 'u1');
    expect(calls.users).toBe(2);
  });

  it('forgets a tenant’s addresses when its authorization changes', async () => {
    const { graph, calls } = fakeGraph({ u1: { id: 'u1', mail: 'alex@contoso.example' } }, ['contoso.example']);
    const resolver = createHostEmailResolver({ graph });
    await resolver.hostEmailFor('T', 'u1');
    resolver.forget('t');
    await resolver.hostEmailFor('T', 'u1');
    expect(calls.users).toBe(2);
  });

  it('answers 403 host_domain_not_verified for an address outside the verified domains', async () => {
    const { graph } = fakeGraph({ u1: { id: 'u1', mail: 'olga@outside.example' } }, ['contoso.example']);
    await expect(createHostEmailResolver({ graph }).hostEmailFor('t', 'u1')).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'host_domain_not_verified',
    });
  });

  it('answers 409 admin_consent_missing when the tenant’s consent is gone, and 503 graph_unavailable when Graph is down', async () => {
    const failing = (code: string) => ({
      getUser: async () => Promise.reject(Object.assign(new Error(code), { code })),
      getOrganization: async () => Promise.reject(Object.assign(new Error(code), { code })),
    });
    await expect(createHostEmailResolver({ graph: failing('graph_consent_required') }).hostEmailFor('t', 'u')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'admin_consent_missing',
    });
    await expect(createHostEmailResolver({ graph: failing('graph_unavailable') }).hostEmailFor('t', 'u')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'graph_unavailable',
    });
  });
});
