/**
 * The sweep-meetings job: a Webex meeting the add-in created whose appointment was never saved
 * (the draft was discarded) would stay in the host's Webex calendar forever. Meetings that no event
 * is linked to after a grace period (24 h by default) are deleted in Webex (sendEmail=false) and
 * forgotten (docs/architecture.md#reconciliation, last rule).
 *
 * Before deleting, the user's calendar around the meeting's time is read: an event there naming
 * the meeting (marker or join block) means a notification was lost, so that event is synced
 * instead. A meeting whose calendar cannot be read (no Graph token) or whose host's Webex grant is
 * gone is left alone: absence of proof is not proof of absence.
 */
import { findJoinBlock } from '../../core/join-block';
import { extendedPropertyExpand, markerFromExtendedProperties } from '../../core/marker';
import { WebexAuthorizationError, type WebexMeeting } from '../webex';
import type { GraphCollection } from '../graph';
import type { MeetingRow } from '../store';
import { enqueueSyncEvent, type SyncContext } from './sync-context';
import { UserScope } from './user-scope';

const DAY_MS = 86_400_000;

export interface SweepReport {
  looked: number;
  deleted: number;
  /** Meetings whose event turned out to exist: synced instead. */
  rescued: number;
  skipped: number;
  /** Sync errors older than the retention, forgotten (the admin page shows recent ones). */
  prunedErrors: number;
  /** Sign-in flows never finished: expired OAuth states and Webex grants nobody claimed. */
  prunedFlows: number;
}

/** How long sync errors are kept for the admin page. */
export const SYNC_ERROR_RETENTION_MS = 30 * 86_400_000;

interface ViewItem {
  id?: unknown;
  type?: unknown;
  seriesMasterId?: unknown;
  body?: { content?: unknown; contentType?: unknown };
  singleValueExtendedProperties?: unknown;
}

/** The event (or series master) in the user's calendar that names the meeting, if any. */
async function findEventNaming(ctx: SyncContext, scope: UserScope, meeting: WebexMeeting, meetingId: string): Promise<string | undefined> {
  const start = Date.parse(meeting.start);
  const end = Date.parse(meeting.end);
  const from = new Date((Number.isNaN(start) ? ctx.clock().getTime() : start) - DAY_MS);
  const to = new Date((Number.isNaN(end) ? ctx.clock().getTime() : end) + DAY_MS);
  let next: string | undefined;
  for (let page = 0; page < 50; page++) {
    const body = await scope.graph<GraphCollection<ViewItem>>(
      next
        ? { path: next }
        : {
            path: `${scope.mailboxPath}/calendarView`,
            query: {
              startDateTime: from.toISOString(),
              endDateTime: to.toISOString(),
              $select: 'id,type,seriesMasterId,body',
              $expand: extendedPropertyExpand(ctx.options.addinId),
              $top: 100,
            },
          },
    );
    for (const item of body?.value ?? []) {
      const marker = markerFromExtendedProperties(item.singleValueExtendedProperties, ctx.options.addinId);
      let named = marker?.meetingId === meetingId;
      if (!named && typeof item.body?.content === 'string' && item.body.content !== '') {
        try {
          named =
            findJoinBlock(item.body.content, item.body.contentType === 'text' ? 'text' : 'html', {
              joinLinkHosts: ctx.options.joinLinkHosts,
            })?.meetingId === meetingId;
        } catch {
          named = false;
        }
      }
      if (!named) continue;
      const master = typeof item.seriesMasterId === 'string' ? item.seriesMasterId : undefined;
      return master ?? (typeof item.id === 'string' ? item.id : undefined);
    }
    next = body?.['@odata.nextLink'];
    if (!next) break;
  }
  return undefined;
}

async function sweepOne(ctx: SyncContext, row: MeetingRow, report: SweepReport): Promise<void> {
  const scope = new UserScope(ctx, row.tenantId, row.userId);
  const found = await scope.webex(false, (token, host) => ctx.webex.getMeeting(token, row.meetingId, host));
  if (!found.ok) {
    if (found.code === 'webex_not_found') {
      await ctx.store.meetings.delete(row.tenantId, row.userId, row.meetingId);
      report.deleted += 1;
    } else {
      report.skipped += 1;
    }
    return;
  }
  const eventId = await findEventNaming(ctx, scope, found.value, row.meetingId);
  if (eventId) {
    await enqueueSyncEvent(ctx, { tenantId: row.tenantId, userId: row.userId, eventId, changeType: 'resync' });
    report.rescued += 1;
    return;
  }
  const deleted = await scope.webex(true, (token, host) => ctx.webex.deleteMeeting(token, row.meetingId, { sendEmail: false, ...host }));
  if (!deleted.ok && deleted.code !== 'webex_not_found') {
    report.skipped += 1;
    return;
  }
  await ctx.store.meetings.delete(row.tenantId, row.userId, row.meetingId);
  ctx.metrics.inc('meetings_swept');
  report.deleted += 1;
}

export async function sweepUnsavedMeetings(ctx: SyncContext): Promise<SweepReport> {
  const report: SweepReport = { looked: 0, deleted: 0, rescued: 0, skipped: 0, prunedErrors: 0, prunedFlows: 0 };
  const olderThan = new Date(ctx.clock().getTime() - ctx.options.sweepGraceMs);
  for (const row of await ctx.store.meetings.listWithoutEvent(olderThan, ctx.options.sweepBatchSize)) {
    report.looked += 1;
    try {
      await sweepOne(ctx, row, report);
    } catch (thrown) {
      report.skipped += 1;
      const code = thrown instanceof WebexAuthorizationError ? thrown.code : ((thrown as { code?: string }).code ?? 'sweep_failed');
      ctx.logger.warn({ code, meetingId: row.meetingId }, 'a meeting was not swept');
    }
  }
  report.prunedErrors = await ctx.store.syncErrors.prune(new Date(ctx.clock().getTime() - SYNC_ERROR_RETENTION_MS));
  report.prunedFlows =
    (await ctx.store.oauthStates.deleteExpired(ctx.clock())) + (await ctx.store.webexPendingLinks.deleteExpired(ctx.clock()));
  return report;
}
