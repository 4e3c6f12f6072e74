/**
 * Recording a tenant's admin consent. The redirect back from the admin consent endpoint
 * (`admin_consent=True&tenant=...`) is only a claim anyone can type into a browser; what proves the
 * consent is the app reading the tenant with its own permissions: an app-only token for the tenant
 * and `GET /organization` answering with that tenant. Only then is the tenant recorded in admin mode.
 *
 * Entra can take a little while to apply a fresh consent to app-only tokens, so the check is tried
 * a few times; if it still fails the admin is told to check again in a few minutes.
 */
import type { GraphClient } from '../graph';
import type { TenantRepository, TenantRow } from '../store';
import { AdminError } from './admin-error';
import { codeOf } from '../errors';

export interface AdminConsentDeps {
  graph: Pick<GraphClient, 'getOrganization'>;
  store: { tenants: Pick<TenantRepository, 'upsert' | 'setAdminConsent'> };
  clock: () => Date;
  /** Pauses between the attempts (default 1 s then 3 s); tests give none. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const UNAVAILABLE = new Set(['graph_unavailable', 'graph_throttled', 'graph_token_unavailable']);

/** Verifies the tenant's consent with the app's own token, then records the tenant in admin mode. */
export async function verifyAndRecordAdminConsent(deps: AdminConsentDeps, tenantId: string): Promise<TenantRow> {
  const delays = deps.retryDelaysMs ?? [1_000, 3_000];
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let lastError: unknown;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await sleep(delays[attempt - 1] as number);
    try {
      const organization = await deps.graph.getOrganization(tenantId);
      if (organization.id.toLowerCase() !== tenantId.toLowerCase()) {
        throw new AdminError('admin_consent_tenant_mismatch', 'Microsoft Graph answered for another tenant.');
      }
      await deps.store.tenants.upsert({ id: tenantId, mode: 'admin' });
      return (await deps.store.tenants.setAdminConsent(tenantId, deps.clock())) as TenantRow;
    } catch (thrown) {
      if (thrown instanceof AdminError) throw thrown;
      lastError = thrown;
      const code = codeOf(thrown);
      if (code?.startsWith('outbound_') || (code && UNAVAILABLE.has(code) && attempt === delays.length)) {
        throw new AdminError('microsoft_unavailable', 'Microsoft 365 could not be reached to check the consent.', { cause: thrown });
      }
    }
  }
  throw new AdminError('admin_consent_unverified', 'The app cannot read your organization with its permissions yet.', { cause: lastError });
}
