/**
 * Graph change-notification subscriptions on users' calendars
 * (docs/architecture.md#authorization-modes): created when a user's calendar becomes synced,
 * renewed well before expiry, deleted when the user unlinks, recreated on `subscriptionRemoved`
 * (then the mailbox is resynced), reauthorized on `reauthorizationRequired`, resynced on `missed`,
 * and checked against GET /subscriptions at start.
 *
 * Each subscription gets a random clientState (32 bytes); only its SHA-256 is stored
 * (store.subscriptions.save) and notifications are compared to it in constant time (the receiver).
 *
 * Lifetime: Graph documents 10,080 minutes for events (older documents and the service have said
 * 4,230), so it is configurable; if Graph refuses the lifetime asked for and says its maximum, that
 * maximum is used. A subscription is renewed once less than `renewWhenRemaining` of the lifetime it
 * was granted is left: with 7 days, after 4.9 days, about 0.2 renewals a day.
 *
 * Subscriptions are created with the user's token in individual mode and the app's in admin mode
 * (graph-access.ts), so in individual mode only that user's token can renew or delete them.
 */
import { randomBytes } from 'node:crypto';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { GraphError, GraphTokenError, type GraphCall, type GraphCollection } from '../graph';
import type { SubscriptionRow, TenantRow } from '../store';
import { sendCoalesced, type SyncContext } from './sync-context';
import { SyncError } from './sync-error';
import { toError } from '../errors';
import { resyncMailboxJob, type ResyncReason, type SubscriptionLifecyclePayload } from './sync-jobs';

interface GraphSubscription {
  id: string;
  resource?: string;
  expirationDateTime?: string;
  notificationUrl?: string;
}

export interface RenewalReport {
  renewed: number;
  recreated: number;
  failed: number;
}

export interface StartupReport {
  checked: number;
  recreated: number;
  orphansDeleted: number;
  failed: number;
}

// Postgres keeps timestamps up to the year 294276; Date's own maximum is out of its range.
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

export function notificationUrlOf(ctx: SyncContext): string {
  return `${ctx.options.publicBaseUrl}/graph/notifications`;
}

export function lifecycleUrlOf(ctx: SyncContext): string {
  return `${ctx.options.publicBaseUrl}/graph/lifecycle`;
}

function count(ctx: SyncContext, op: string, outcome: string): void {
  ctx.metrics.inc('subscriptions', { op, outcome });
}

/** Graph's refusal of a lifetime names its maximum: "Subscription expiration can only be 4230 minutes in the future." */
function maxMinutesOf(error: unknown): number | undefined {
  if (!(error instanceof GraphError) || error.status !== 400) return undefined;
  const m = /can only be (\d+) minutes/i.exec(error.serviceMessage ?? '');
  return m ? Number(m[1]) : undefined;
}

function isAuthFailure(error: unknown): boolean {
  return (
    (error instanceof GraphTokenError && !error.retryable) ||
    (error instanceof GraphError && (error.status === 401 || error.status === 403))
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.code === 'graph_not_found';
}

async function graphFor(
  ctx: SyncContext,
  tenantId: string,
  userId: string | undefined,
  call: GraphCall,
  known?: { tenant: TenantRow | undefined },
): Promise<unknown> {
  const auth: AuthenticationProvider | undefined = userId === undefined ? undefined : await ctx.access.authFor(tenantId, userId, known);
  return ctx.graph.request(tenantId, auth ? { ...call, auth } : call);
}

function expiryOf(body: unknown, fallback: Date): Date {
  const text = (body as GraphSubscription | undefined)?.expirationDateTime;
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? fallback : new Date(ms);
}

/** Asks Graph for a subscription, trying once more with Graph's own maximum lifetime if it refuses ours. */
async function withLifetime<T>(ctx: SyncContext, send: (expiresAt: Date) => Promise<T>): Promise<T> {
  const asked = new Date(ctx.clock().getTime() + ctx.options.subscriptionLifetimeMinutes * 60_000);
  try {
    return await send(asked);
  } catch (thrown) {
    const max = maxMinutesOf(thrown);
    if (max === undefined || max <= 1) throw thrown;
    // A minute's margin for the clocks between us and Graph.
    return send(new Date(ctx.clock().getTime() + (max - 1) * 60_000));
  }
}

/** Creates a subscription on the user's events and stores it (clientState hashed). */
export async function createSubscription(ctx: SyncContext, tenantId: string, userId: string): Promise<SubscriptionRow> {
  const clientState = randomBytes(32).toString('base64url');
  const resource = `users/${userId}/events`;
  let created: GraphSubscription;
  try {
    created = await withLifetime(
      ctx,
      async (expiresAt) =>
        (await graphFor(ctx, tenantId, userId, {
          method: 'POST',
          path: '/subscriptions',
          body: {
            changeType: 'created,updated,deleted',
            notificationUrl: notificationUrlOf(ctx),
            lifecycleNotificationUrl: lifecycleUrlOf(ctx),
            resource,
            expirationDateTime: expiresAt.toISOString(),
            clientState,
            latestSupportedTlsVersion: 'v1_2',
          },
        })) as GraphSubscription,
    );
  } catch (thrown) {
    count(ctx, 'create', 'failed');
    throw thrown instanceof GraphError && thrown.status === 400
      ? new SyncError('subscription_failed', 'Graph would not create the subscription', { cause: thrown })
      : toError(thrown);
  }
  if (typeof created?.id !== 'string') throw new SyncError('graph_response_invalid', 'Graph created a subscription without an id');
  const fallbackExpiry = new Date(ctx.clock().getTime() + ctx.options.subscriptionLifetimeMinutes * 60_000);
  const row = await ctx.store.subscriptions.save({
    id: created.id,
    tenantId,
    userId,
    resource,
    expiresAt: expiryOf(created, fallbackExpiry),
    clientState,
  });
  // Graph may have notified before we stored it: the receiver must not go on taking the id for unknown.
  ctx.unknownSubscriptions.forget(row.id);
  count(ctx, 'create', 'ok');
  return row;
}

async function enqueueResync(ctx: SyncContext, tenantId: string, userId: string, reason: ResyncReason): Promise<void> {
  await sendCoalesced(ctx, resyncMailboxJob, { tenantId, userId, reason });
}

/**
 * A new subscription in place of one Graph no longer has (removed, lapsed, lost), then a resync of
 * the mailbox for the changes nobody was told about meanwhile.
 */
export async function recreateSubscription(ctx: SyncContext, row: SubscriptionRow, reason: ResyncReason): Promise<SubscriptionRow> {
  let created: SubscriptionRow;
  try {
    created = await createSubscription(ctx, row.tenantId, row.userId);
  } catch (thrown) {
    await ctx.store.subscriptions.setState(row.id, 'removed');
    count(ctx, 'recreate', 'failed');
    throw toError(thrown);
  }
  await ctx.store.subscriptions.delete(row.id);
  count(ctx, 'recreate', 'ok');
  await enqueueResync(ctx, row.tenantId, row.userId, reason);
  return created;
}

export type RenewOutcome = 'renewed' | 'recreated' | 'reauthorize';

/**
 * What a renewal sweep shares between its renewals: each tenant read once, and the renewals
 * recorded together (renewDueSubscriptions). A renewal Graph made that was not recorded yet when
 * the process died is made again by the next sweep: the PATCH is idempotent.
 */
export interface RenewalSweep {
  tenant(tenantId: string): Promise<{ tenant: TenantRow | undefined }>;
  record(id: string, expiresAt: Date, renewedAt: Date): Promise<void>;
}

/** PATCHes a new expiry (which also reauthorizes); a subscription Graph lost is recreated. */
export async function renewSubscription(ctx: SyncContext, row: SubscriptionRow, sweep?: RenewalSweep): Promise<RenewOutcome> {
  try {
    const known = sweep && (await sweep.tenant(row.tenantId));
    const body = await withLifetime(ctx, (expiresAt) =>
      graphFor(
        ctx,
        row.tenantId,
        row.userId,
        {
          method: 'PATCH',
          path: `/subscriptions/${encodeURIComponent(row.id)}`,
          body: { expirationDateTime: expiresAt.toISOString() },
          idempotent: true,
        },
        known,
      ),
    );
    const fallback = new Date(ctx.clock().getTime() + ctx.options.subscriptionLifetimeMinutes * 60_000);
    if (sweep) await sweep.record(row.id, expiryOf(body, fallback), ctx.clock());
    else await ctx.store.subscriptions.renew(row.id, expiryOf(body, fallback), ctx.clock());
    count(ctx, 'renew', 'ok');
    return 'renewed';
  } catch (thrown) {
    if (isNotFound(thrown)) {
      await recreateSubscription(ctx, row, 'subscription_lapsed');
      return 'recreated';
    }
    if (isAuthFailure(thrown)) {
      // Consent withdrawn or the user's refresh token dead: wait for the admin or the user.
      await ctx.store.subscriptions.setState(row.id, 'reauthorize');
      count(ctx, 'renew', 'unauthorized');
      return 'reauthorize';
    }
    count(ctx, 'renew', 'failed');
    throw toError(thrown);
  }
}

/** The renewal sweep: renews what is due, recreates what lapsed. */
/** Renewals (PATCH /subscriptions/{id}) under way at once: each is one mailbox's, and Graph answers each in a fraction of a second. */
const RENEWALS_AT_ONCE = 8;
/** Renewals recorded by one statement (the last ones of a sweep when it ends). */
const RENEWALS_PER_WRITE = 100;

export async function renewDueSubscriptions(ctx: SyncContext): Promise<RenewalReport> {
  const now = ctx.clock().getTime();
  // A subscription is due when less than renewWhenRemaining of its granted lifetime is left, and
  // Graph grants at most the lifetime asked for: only those expiring within that share of the
  // lifetime asked for can be due (the rest are not read at all; a sweep runs often).
  const horizon = new Date(now + ctx.options.subscriptionLifetimeMinutes * 60_000 * ctx.options.renewWhenRemaining);
  const report: RenewalReport = { renewed: 0, recreated: 0, failed: 0 };
  const rows = await ctx.store.subscriptions.listExpiringBefore(horizon, 1000);
  const tenants = new Map<string, Promise<{ tenant: TenantRow | undefined }>>();
  let unrecorded: { id: string; expiresAt: Date; renewedAt: Date }[] = [];
  const flush = async (): Promise<void> => {
    const batch = unrecorded;
    unrecorded = [];
    await ctx.store.subscriptions.renewMany(batch);
  };
  const sweep: RenewalSweep = {
    tenant(tenantId) {
      let read = tenants.get(tenantId);
      if (!read) {
        read = ctx.store.tenants.get(tenantId).then((tenant) => ({ tenant }));
        tenants.set(tenantId, read);
      }
      return read;
    },
    async record(id, expiresAt, renewedAt) {
      unrecorded.push({ id, expiresAt, renewedAt });
      if (unrecorded.length >= RENEWALS_PER_WRITE) await flush();
    },
  };
  const renewOne = async (row: SubscriptionRow): Promise<void> => {
    const granted = row.expiresAt.getTime() - (row.renewedAt ?? row.createdAt).getTime();
    const remaining = row.expiresAt.getTime() - now;
    try {
      if (remaining <= 0) {
        // Graph has deleted it: notifications were lost since it lapsed.
        await recreateSubscription(ctx, row, 'subscription_lapsed');
        report.recreated += 1;
      } else if (remaining < granted * ctx.options.renewWhenRemaining) {
        const outcome = await renewSubscription(ctx, row, sweep);
        if (outcome === 'renewed') report.renewed += 1;
        else if (outcome === 'recreated') report.recreated += 1;
        else report.failed += 1;
      }
    } catch (thrown) {
      report.failed += 1;
      ctx.logger.warn(
        { code: (thrown as { code?: string }).code ?? 'subscription_renewal_failed', subscriptionId: row.id },
        'a subscription could not be renewed',
      );
    }
  };
  // Soonest to expire first (the rows' order), a few at a time.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < rows.length) await renewOne(rows[next++] as SubscriptionRow);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(RENEWALS_AT_ONCE, rows.length) }, lane));
  } finally {
    await flush();
  }
  return report;
}

/** Acts on a lifecycle notification (verified by the receiver). */
export async function handleLifecycleEvent(ctx: SyncContext, payload: SubscriptionLifecyclePayload): Promise<void> {
  const row = await ctx.store.subscriptions.get(payload.subscriptionId);
  // Replaced already (a repeated notification).
  if (!row) return;
  switch (payload.lifecycleEvent) {
    case 'missed':
      count(ctx, 'missed', 'resync');
      await enqueueResync(ctx, row.tenantId, row.userId, 'missed');
      return;
    case 'subscriptionRemoved':
      await recreateSubscription(ctx, row, 'subscription_recreated');
      return;
    case 'reauthorizationRequired':
      try {
        await graphFor(ctx, row.tenantId, row.userId, { method: 'POST', path: `/subscriptions/${encodeURIComponent(row.id)}/reauthorize` });
        await ctx.store.subscriptions.setState(row.id, 'active');
        count(ctx, 'reauthorize', 'ok');
      } catch (thrown) {
        if (isNotFound(thrown)) {
          await recreateSubscription(ctx, row, 'subscription_recreated');
          return;
        }
        if (isAuthFailure(thrown)) {
          await ctx.store.subscriptions.setState(row.id, 'reauthorize');
          count(ctx, 'reauthorize', 'unauthorized');
          return;
        }
        throw toError(thrown);
      }
  }
}

/** Deletes the user's subscriptions in Graph and in the store (unlink). */
export async function deleteUserSubscriptions(ctx: SyncContext, tenantId: string, userId: string): Promise<number> {
  const rows = await ctx.store.subscriptions.listForUser(tenantId, userId);
  for (const row of rows) {
    try {
      await graphFor(ctx, tenantId, userId, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(row.id)}` });
    } catch (thrown) {
      // Gone already, or no token left to delete it with: Graph lets it expire.
      if (!isNotFound(thrown) && !isAuthFailure(thrown)) throw toError(thrown);
    }
    await ctx.store.subscriptions.delete(row.id);
    count(ctx, 'delete', 'ok');
  }
  return rows.length;
}

async function listGraphSubscriptions(ctx: SyncContext, tenantId: string, userId: string | undefined): Promise<GraphSubscription[]> {
  const items: GraphSubscription[] = [];
  let next: string | undefined;
  for (let page = 0; page < 100; page++) {
    const body = (await graphFor(ctx, tenantId, userId, { path: next ?? '/subscriptions' })) as GraphCollection<GraphSubscription>;
    items.push(...(body?.value ?? []));
    next = body?.['@odata.nextLink'];
    if (!next) break;
  }
  return items;
}

export interface StartupCheckOptions {
  /**
   * How long a subscription Graph has and the store does not must stay so before it is deleted
   * (default 60 s): the replica or request that made it stores it a moment after Graph answers.
   */
  orphanGraceMs?: number;
}

/**
 * At start-up: every subscription we hold is looked up in GET /subscriptions (the tenant's in
 * admin mode, the user's in individual mode). One Graph no longer has, and that the store still
 * holds, is recreated and its mailbox resynced; one Graph has for our notification URL that we do
 * not hold (its clientState is lost) is deleted once it is still not held after `orphanGraceMs`.
 *
 * The check runs while the backend serves, beside other replicas: a subscription can be made or
 * deleted between its reading of the store and its listing of Graph's. So what the listing
 * contradicts is read again from the store before anything is done about it; deleting a
 * subscription made meanwhile would leave its mailbox unheard.
 */
export async function verifySubscriptionsAtStartup(ctx: SyncContext, options: StartupCheckOptions = {}): Promise<StartupReport> {
  const orphanGraceMs = options.orphanGraceMs ?? 60_000;
  const report: StartupReport = { checked: 0, recreated: 0, orphansDeleted: 0, failed: 0 };
  const orphans: { tenantId: string; userId?: string; id: string }[] = [];
  const rows = await ctx.store.subscriptions.listExpiringBefore(FAR_FUTURE, 100_000);
  const ours = notificationUrlOf(ctx);
  // Scopes of one GET /subscriptions: a tenant (app-only) or a user (delegated).
  const scopes = new Map<string, { tenantId: string; userId?: string; rows: SubscriptionRow[] }>();
  for (const tenant of await ctx.store.tenants.list()) {
    if (tenant.mode === 'admin') scopes.set(tenant.id, { tenantId: tenant.id, rows: [] });
  }
  for (const row of rows) {
    const admin = scopes.get(row.tenantId);
    if (admin && admin.userId === undefined) admin.rows.push(row);
    else {
      const key = `${row.tenantId}/${row.userId}`;
      const scope = scopes.get(key) ?? { tenantId: row.tenantId, userId: row.userId, rows: [] };
      scope.rows.push(row);
      scopes.set(key, scope);
    }
  }
  for (const scope of scopes.values()) {
    let listed: GraphSubscription[];
    try {
      listed = await listGraphSubscriptions(ctx, scope.tenantId, scope.userId);
    } catch (thrown) {
      report.failed += scope.rows.length;
      ctx.logger.warn(
        { code: (thrown as { code?: string }).code ?? 'subscription_list_failed', tenantId: scope.tenantId },
        'subscriptions could not be listed',
      );
      continue;
    }
    const live = new Set(listed.map((s) => s.id.toLowerCase()));
    const held = new Set(scope.rows.map((r) => r.id.toLowerCase()));
    report.checked += scope.rows.length;
    const lost = scope.rows.filter((row) => !live.has(row.id.toLowerCase()));
    // Still held: not deleted (an unlink) or replaced (a lifecycle event) since the store was read.
    const stillHeld = new Set(lost.length > 0 ? (await ctx.store.subscriptions.getMany(lost.map((r) => r.id))).map((r) => r.id) : []);
    for (const row of lost) {
      if (!stillHeld.has(row.id)) continue;
      try {
        await recreateSubscription(ctx, row, 'subscription_lapsed');
        report.recreated += 1;
      } catch {
        report.failed += 1;
      }
    }
    for (const s of listed) {
      if (s.notificationUrl === ours && !held.has(s.id.toLowerCase()))
        orphans.push({ tenantId: scope.tenantId, userId: scope.userId, id: s.id });
    }
  }
  if (orphans.length > 0) {
    if (orphanGraceMs > 0) await new Promise((resolve) => setTimeout(resolve, orphanGraceMs).unref());
    const madeMeanwhile = new Set((await ctx.store.subscriptions.getMany(orphans.map((o) => o.id))).map((r) => r.id.toLowerCase()));
    for (const orphan of orphans) {
      if (madeMeanwhile.has(orphan.id.toLowerCase())) continue;
      try {
        await graphFor(ctx, orphan.tenantId, orphan.userId, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(orphan.id)}` });
        report.orphansDeleted += 1;
      } catch (thrown) {
        if (!isNotFound(thrown)) report.failed += 1;
      }
    }
  }
  count(ctx, 'verify', report.failed === 0 ? 'ok' : 'partial');
  return report;
}
