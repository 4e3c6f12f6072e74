/**
 * Withdrawing the product's access to calendars, for a whole tenant (the admin page's revoke) or for
 * one user (the user's own "disconnect"): the Graph subscriptions are deleted in Graph and here, and
 * the stored tokens are deleted — the users' delegated Microsoft tokens (MSAL caches) and, for a
 * tenant, their Webex links too. A tenant goes back to individual mode.
 *
 * Deleting in Graph is best effort: a subscription Graph could not delete lapses on its own within
 * days, and its notifications are dropped, since nothing here knows it any more. What the product
 * cannot do is withdraw the consent in Entra itself; the admin guide says where the admin does that.
 */
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { GraphClient } from '../graph';
import type { Store, TenantRepository } from '../store';
import { toError } from '../errors';

/** The Graph access the sync engine keeps for a user's mailbox (src/server/sync/graph-access.ts). */
export interface MailboxAccess {
  /** The provider for a user's mailbox; undefined means the tenant's app-only token. */
  authFor(tenantId: string, userId: string): Promise<AuthenticationProvider | undefined>;
  /** Forgets the user's delegated tokens, in memory and in the store. */
  forgetDelegated(tenantId: string, userId: string): Promise<void>;
}

export interface CalendarRevocationDeps {
  store: Pick<Store, 'db' | 'transaction'> & { tenants: Pick<TenantRepository, 'get'> };
  graph: Pick<GraphClient, 'request'>;
  mailboxAccess: MailboxAccess;
  /** Warned about a subscription Graph would not delete (its id and the error's code only). */
  onGraphDeleteFailed?: (error: Error, subscriptionId: string) => void;
}

export interface RevocationResult {
  /** Subscriptions forgotten here. */
  subscriptions: number;
  /** Of those, the ones Graph could not be told to delete (they lapse on their own). */
  subscriptionsLeftInGraph: number;
  /** Users whose delegated Microsoft tokens were deleted. */
  calendarAuthorizations: number;
  /** Webex links deleted (tenant revocation only). */
  webexLinks: number;
}

async function deleteInGraph(deps: CalendarRevocationDeps, tenantId: string, userId: string, subscriptionId: string): Promise<boolean> {
  try {
    const auth = await deps.mailboxAccess.authFor(tenantId, userId);
    await deps.graph.request(tenantId, {
      method: 'DELETE',
      path: `/subscriptions/${encodeURIComponent(subscriptionId)}`,
      ...(auth ? { auth } : {}),
    });
    return true;
  } catch (thrown) {
    // Already gone in Graph: what was wanted.
    if ((thrown as { code?: unknown }).code === 'graph_not_found') return true;
    deps.onGraphDeleteFailed?.(toError(thrown), subscriptionId);
    return false;
  }
}

/** Revokes calendar access for the tenant, or for one of its users when `userId` is given. */
export async function revokeCalendarAccess(deps: CalendarRevocationDeps, tenantId: string, userId?: string): Promise<RevocationResult> {
  const { db } = deps.store;
  const forUser = userId !== undefined;
  const subscriptions = await db.query<{ id: string; user_id: string }>(
    `SELECT id, user_id FROM subscriptions WHERE tenant_id = $1 ${forUser ? 'AND user_id = $2' : ''} ORDER BY id`,
    forUser ? [tenantId, userId] : [tenantId],
  );
  let left = 0;
  for (const s of subscriptions) if (!(await deleteInGraph(deps, tenantId, s.user_id, s.id))) left++;

  const authorized = await db.query<{ user_id: string }>(
    `SELECT user_id FROM msal_caches WHERE tenant_id = $1 ${forUser ? 'AND user_id = $2' : ''}`,
    forUser ? [tenantId, userId] : [tenantId],
  );
  // Through the mailbox access, so that the process's own copies of the tokens go too.
  for (const a of authorized) await deps.mailboxAccess.forgetDelegated(tenantId, a.user_id);

  let webexLinks = 0;
  await deps.store.transaction(async (tx) => {
    const scope = forUser ? 'tenant_id = $1 AND user_id = $2' : 'tenant_id = $1';
    const params = forUser ? [tenantId, userId] : [tenantId];
    await tx.db.query(`DELETE FROM subscriptions WHERE ${scope}`, params);
    await tx.db.query(`DELETE FROM msal_caches WHERE ${scope}`, params);
    if (!forUser) {
      webexLinks = (await tx.db.query(`DELETE FROM webex_grants WHERE tenant_id = $1 RETURNING user_id`, [tenantId])).length;
      await tx.db.query(`DELETE FROM oauth_states WHERE tenant_id = $1`, [tenantId]);
      await tx.db.query(`UPDATE tenants SET mode = 'individual', admin_consented_at = NULL, updated_at = now() WHERE id = $1`, [tenantId]);
    }
  });
  return { subscriptions: subscriptions.length, subscriptionsLeftInGraph: left, calendarAuthorizations: authorized.length, webexLinks };
}
