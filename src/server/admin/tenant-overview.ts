/**
 * What the admin page shows about one tenant: how it authorized the app, how many of its users are
 * kept in step, the state of their subscriptions and the recent sync errors by code. Counts only:
 * the page never lists a user.
 */
import type { Db, TenantRow } from '../store';
import type { SyncErrorSource } from './sync-error-source';

export interface TenantOverview {
  tenantId: string;
  /** 'admin': authorized for everyone; 'individual': each user for themselves; 'none': nobody has used it yet. */
  mode: 'admin' | 'individual' | 'none';
  adminConsentedAt: string | null;
  /** How meetings are made in Webex: the organization's token (admin mode with a service token) or each user's link. */
  webexScheduling: 'organization' | 'personal';
  users: {
    total: number;
    /** With a subscription that is active and not expired: their calendars are followed. */
    synced: number;
    /** Individual mode: users who authorized their own calendar. */
    calendarAuthorized: number;
    webexLinked: number;
  };
  subscriptions: {
    active: number;
    reauthorize: number;
    removed: number;
    /** Not removed, expiring within the next 24 hours. */
    expiringSoon: number;
    /** Active but already past expiry: renewals are failing. */
    lapsed: number;
    nextExpiry: string | null;
  };
  syncErrors: { since: string; byCode: Record<string, number> };
}

export interface TenantOverviewDeps {
  db: Pick<Db, 'query'>;
  getTenant(id: string): Promise<TenantRow | undefined>;
  syncErrors: SyncErrorSource;
  /** The deployment has an organization Webex token (WEBEX_SERVICE_TOKEN). */
  hasWebexServiceToken: boolean;
}

export interface OverviewWindow {
  now: Date;
  /** How far ahead a subscription counts as expiring soon (default 24 h). */
  expiringWithinMs?: number;
  /** How far back errors are counted (default 7 days). */
  errorsSinceMs?: number;
}

export async function tenantOverview(deps: TenantOverviewDeps, tenantId: string, window: OverviewWindow): Promise<TenantOverview> {
  const now = window.now;
  const soon = new Date(now.getTime() + (window.expiringWithinMs ?? 24 * 3600_000));
  const since = new Date(now.getTime() - (window.errorsSinceMs ?? 7 * 24 * 3600_000));
  const tenant = await deps.getTenant(tenantId);

  const [users] = await deps.db.query<{ total: number; synced: number; authorized: number; linked: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.user_id
                                           AND s.state = 'active' AND s.expires_at > $2))::int AS synced,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM msal_caches m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.user_id))::int AS authorized,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM webex_grants g WHERE g.tenant_id = u.tenant_id AND g.user_id = u.user_id))::int AS linked
     FROM users u WHERE u.tenant_id = $1`,
    [tenantId, now],
  );
  const [subs] = await deps.db.query<{
    active: number;
    reauthorize: number;
    removed: number;
    soon: number;
    lapsed: number;
    next: Date | null;
  }>(
    `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
            count(*) FILTER (WHERE state = 'reauthorize')::int AS reauthorize,
            count(*) FILTER (WHERE state = 'removed')::int AS removed,
            count(*) FILTER (WHERE state <> 'removed' AND expires_at >= $2 AND expires_at < $3)::int AS soon,
            count(*) FILTER (WHERE state = 'active' AND expires_at < $2)::int AS lapsed,
            min(expires_at) FILTER (WHERE state <> 'removed' AND expires_at >= $2) AS next
     FROM subscriptions WHERE tenant_id = $1`,
    [tenantId, now, soon],
  );

  return {
    tenantId,
    mode: tenant?.mode ?? 'none',
    adminConsentedAt: tenant?.adminConsentedAt ? tenant.adminConsentedAt.toISOString() : null,
    webexScheduling: tenant?.mode === 'admin' && deps.hasWebexServiceToken ? 'organization' : 'personal',
    users: {
      total: users?.total ?? 0,
      synced: users?.synced ?? 0,
      calendarAuthorized: users?.authorized ?? 0,
      webexLinked: users?.linked ?? 0,
    },
    subscriptions: {
      active: subs?.active ?? 0,
      reauthorize: subs?.reauthorize ?? 0,
      removed: subs?.removed ?? 0,
      expiringSoon: subs?.soon ?? 0,
      lapsed: subs?.lapsed ?? 0,
      nextExpiry: subs?.next ? new Date(subs.next).toISOString() : null,
    },
    syncErrors: { since: since.toISOString(), byCode: await deps.syncErrors.errorsByCode(tenantId, since) },
  };
}
