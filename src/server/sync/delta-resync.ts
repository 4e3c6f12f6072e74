/**
 * The resync-mailbox job: after Graph said it `missed` notifications, or after a gap (a
 * subscription removed, lapsed or lost), the user's calendar is compared with what the store knows,
 * through `calendarView/delta` over a window (https://learn.microsoft.com/graph/delta-query-events),
 * and a sync-event job is queued for each event that may have changed:
 * - a linked event whose changeKey differs from the one synced;
 * - a series with a linked master or with our join block in an instance (the series is synced
 *   through its master);
 * - an unlinked event whose body holds a join block (its marker may name a meeting not linked yet);
 * - a linked event the view no longer shows (deleted, or moved out of the window: the job reads
 *   it and finds out which).
 * Everything else (the calendar's other events) costs nothing more than its place in the delta.
 */
import { findJoinBlock } from '../../core/join-block';
import { GraphError, type GraphCall, type GraphCollection } from '../graph';
import { isTombstone, parseOccurrenceMeetingId } from './reconcile';
import { enqueueSyncEvent, type SyncContext } from './sync-context';
import type { ResyncMailboxPayload } from './sync-jobs';
import { UserScope } from './user-scope';

const DAY_MS = 86_400_000;
const PAGE_PREFERENCE = 'odata.maxpagesize=100';

interface DeltaItem {
  id?: unknown;
  type?: unknown;
  seriesMasterId?: unknown;
  changeKey?: unknown;
  body?: { content?: unknown; contentType?: unknown };
  '@removed'?: unknown;
}

export interface ResyncReport {
  seen: number;
  queued: number;
}

/** Whether an item can be ours: its body holds a join block, or Graph did not send the body. */
function mayCarryMeeting(item: DeltaItem, joinLinkHosts: readonly string[]): boolean {
  const content = item.body?.content;
  if (typeof content !== 'string') return true;
  if (content === '') return false;
  try {
    return findJoinBlock(content, item.body?.contentType === 'text' ? 'text' : 'html', { joinLinkHosts }) !== undefined;
  } catch {
    return true;
  }
}

async function readDelta(scope: UserScope, from: Date, to: Date, visit: (item: DeltaItem) => void): Promise<void> {
  let next: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const call: GraphCall = next
      ? { path: next, headers: { Prefer: PAGE_PREFERENCE } }
      : {
          path: `${scope.mailboxPath}/calendarView/delta`,
          query: { startDateTime: from.toISOString(), endDateTime: to.toISOString() },
          headers: { Prefer: PAGE_PREFERENCE },
        };
    const body = await scope.graph<GraphCollection<DeltaItem>>(call);
    for (const item of body?.value ?? []) visit(item);
    next = body?.['@odata.nextLink'];
    // The deltaLink ends the round; the next resync starts a full one, so it is not kept.
    if (!next) return;
  }
}

export async function resyncMailbox(ctx: SyncContext, payload: ResyncMailboxPayload): Promise<ResyncReport> {
  const { tenantId, userId } = payload;
  ctx.metrics.inc('resyncs', { reason: payload.reason });
  const scope = new UserScope(ctx, tenantId, userId);
  const now = ctx.clock();
  const from = new Date(now.getTime() - ctx.options.resyncPastDays * DAY_MS);
  const to = new Date(now.getTime() + ctx.options.resyncFutureDays * DAY_MS);
  const links = new Map((await ctx.store.links.listForUser(tenantId, userId)).map((l) => [l.eventId, l]));
  const seen = new Set<string>();
  const queue = new Set<string>();

  const visit = (item: DeltaItem): void => {
    if (typeof item.id !== 'string') return;
    if (item['@removed'] !== undefined) {
      if (links.has(item.id)) queue.add(item.id);
      return;
    }
    seen.add(item.id);
    const masterId = typeof item.seriesMasterId === 'string' ? item.seriesMasterId : undefined;
    if ((item.type === 'occurrence' || item.type === 'exception') && masterId) {
      seen.add(masterId);
      if (links.has(masterId) || mayCarryMeeting(item, ctx.options.joinLinkHosts)) queue.add(masterId);
      return;
    }
    const link = links.get(item.id);
    if (link) {
      if (link.lastSynced.changeKey !== item.changeKey) queue.add(item.id);
    } else if (mayCarryMeeting(item, ctx.options.joinLinkHosts)) {
      queue.add(item.id);
    }
  };

  try {
    await readDelta(scope, from, to, visit);
  } catch (thrown) {
    // The round's state expired on Graph's side (410): one fresh round.
    if (!(thrown instanceof GraphError && thrown.status === 410)) throw thrown;
    seen.clear();
    await readDelta(scope, from, to, visit);
  }

  for (const link of links.values()) {
    if (seen.has(link.eventId) || isTombstone(link) || parseOccurrenceMeetingId(link.meetingId)) continue;
    const inWindow = link.lastSynced.endUtc.getTime() >= from.getTime() && link.lastSynced.startUtc.getTime() <= to.getTime();
    if (inWindow) queue.add(link.eventId);
  }
  for (const eventId of queue) await enqueueSyncEvent(ctx, { tenantId, userId, eventId, changeType: 'resync' });
  await ctx.store.users.setCalendarSyncedAt(tenantId, userId, now);
  return { seen: seen.size, queued: queue.size };
}
