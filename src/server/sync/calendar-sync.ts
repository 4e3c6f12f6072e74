/**
 * Turning a user's calendar sync on and off.
 *
 * ensureCalendarSync is called when the user uses the add-in (with their token for our API, as
 * received in Authorization): in individual mode it keeps a delegated Graph token cache for the
 * workers (on-behalf-of, the cache stored encrypted), and it makes sure a live subscription on the
 * user's events exists. Calling it again is cheap: a store read when all is in place.
 *
 * stopCalendarSync is the unlink: the subscriptions are deleted in Graph and in the store, and the
 * delegated tokens forgotten. Links and meetings stay: the events keep their Webex meetings.
 */
import type { SubscriptionRow } from '../store';
import { createSubscription, deleteUserSubscriptions, renewSubscription } from './subscription-manager';
import type { SyncContext } from './sync-context';
import { SyncError } from './sync-error';

export interface CalendarSyncRequest {
  tenantId: string;
  userId: string;
  /** The user's access token for our API; needed in individual mode until a token cache exists. */
  userAssertion?: string;
}

export interface CalendarSyncState {
  subscriptionId: string;
  /** A subscription was created by this call. */
  created: boolean;
}

function isLive(row: SubscriptionRow, now: Date): boolean {
  return row.state !== 'removed' && row.expiresAt.getTime() > now.getTime();
}

export async function ensureCalendarSync(ctx: SyncContext, request: CalendarSyncRequest): Promise<CalendarSyncState> {
  const { tenantId, userId, userAssertion } = request;
  return ctx.locks.run(`calendar:${tenantId}/${userId.toLowerCase()}`, async () => {
    await ctx.store.users.upsert({ tenantId, userId });
    const now = ctx.clock();
    const rows = await ctx.store.subscriptions.listForUser(tenantId, userId);
    const live = rows.find((r) => isLive(r, now) && r.state === 'active');
    const tenant = await ctx.store.tenants.get(tenantId);
    if (tenant?.mode !== 'admin') {
      // A fresh token from the user when one is at hand and something needs it: no cache yet, or
      // the subscription is not in order (the stored refresh token may be what failed).
      const hasCache = await ctx.access.hasDelegated(tenantId, userId);
      if (userAssertion && (!hasCache || !live)) await ctx.access.startDelegated(tenantId, userId, userAssertion);
      else if (!hasCache)
        throw new SyncError('graph_user_token_missing', 'individual mode needs the user token once to start calendar sync');
    }
    if (live) return { subscriptionId: live.id, created: false };

    const waiting = rows.find((r) => isLive(r, now) && r.state === 'reauthorize');
    if (waiting) {
      const outcome = await renewSubscription(ctx, waiting);
      if (outcome === 'renewed') return { subscriptionId: waiting.id, created: false };
      const replacement = (await ctx.store.subscriptions.listForUser(tenantId, userId)).find((r) => isLive(r, now) && r.state === 'active');
      if (outcome === 'recreated' && replacement) return { subscriptionId: replacement.id, created: true };
    }

    const created = await createSubscription(ctx, tenantId, userId);
    // What is left is dead: removed, lapsed, or refused its renewal.
    for (const row of rows) await ctx.store.subscriptions.delete(row.id);
    return { subscriptionId: created.id, created: true };
  });
}

export async function stopCalendarSync(ctx: SyncContext, request: Pick<CalendarSyncRequest, 'tenantId' | 'userId'>): Promise<void> {
  const { tenantId, userId } = request;
  await ctx.locks.run(`calendar:${tenantId}/${userId.toLowerCase()}`, async () => {
    await deleteUserSubscriptions(ctx, tenantId, userId);
    await ctx.access.forgetDelegated(tenantId, userId);
  });
}
