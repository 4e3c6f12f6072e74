import { AdminError } from '../../../../src/server/admin/admin-error';
import { verifyAndRecordAdminConsent } from '../../../../src/server/admin/tenant-consent';
import type { TenantRow } from '../../../../src/server/store';

function fakeStore() {
  const recorded: string[] = [];
  return {
    recorded,
    store: {
      tenants: {
        async upsert(input: { id: string; mode: 'admin' | 'individual' }): Promise<TenantRow> {
          recorded.push(`${input.id}:${input.mode}`);
          return {
            id: input.id,
            mode: input.mode,
            adminConsentedAt: null,
            defaultTemplateId: null,
            createdAt: new Date(0),
            updatedAt: new Date(0),
          };
        },
        async setAdminConsent(id: string, at: Date | null): Promise<TenantRow | undefined> {
          recorded.push(`${id}:consented`);
          return { id, mode: 'admin', adminConsentedAt: at, defaultTemplateId: null, createdAt: new Date(0), updatedAt: new Date(0) };
        },
      },
    },
  };
}

const forbidden = () => Object.assign(new Error('graph_consent_required'), { code: 'graph_consent_required' });

describe('recording a tenant’s admin consent', () => {
  it('records the tenant in admin mode once the app reads its organization with its own token', async () => {
    const { store, recorded } = fakeStore();
    const row = await verifyAndRecordAdminConsent(
      { graph: { getOrganization: async (id) => ({ id }) }, store, clock: () => new Date(5), retryDelaysMs: [] },
      'tid',
    );
    expect(row.adminConsentedAt).toEqual(new Date(5));
    expect(recorded).toEqual(['tid:admin', 'tid:consented']);
  });

  it('tries again while Microsoft applies a fresh consent', async () => {
    const { store } = fakeStore();
    let attempts = 0;
    const graph = {
      getOrganization: async (id: string) => {
        attempts++;
        if (attempts < 3) throw forbidden();
        return { id };
      },
    };
    await verifyAndRecordAdminConsent(
      { graph, store, clock: () => new Date(), retryDelaysMs: [0, 0], sleep: async () => undefined },
      'tid',
    );
    expect(attempts).toBe(3);
  });

  it('records nothing when the consent cannot be seen (admin_consent_unverified) or Graph answers for another tenant', async () => {
    const { store, recorded } = fakeStore();
    await expect(
      verifyAndRecordAdminConsent(
        { graph: { getOrganization: async () => Promise.reject(forbidden()) }, store, clock: () => new Date(), retryDelaysMs: [] },
        'tid',
      ),
    ).rejects.toMatchObject({
      code: 'admin_consent_unverified',
    });
    await expect(
      verifyAndRecordAdminConsent(
        { graph: { getOrganization: async () => ({ id: 'other' }) }, store, clock: () => new Date(), retryDelaysMs: [] },
        'tid',
      ),
    ).rejects.toBeInstanceOf(AdminError);
    expect(recorded).toEqual([]);
  });
});
