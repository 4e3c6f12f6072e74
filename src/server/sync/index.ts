/**
 * The sync engine: keeps every Webex meeting equal to its Outlook event through Graph change
 * notifications (docs/architecture.md#notification-path). Import from here, not from the files
 * behind it.
 */
export {
  reconcile,
  reconcileInstances,
  reconcileOccurrence,
  occurrenceMeetingId,
  type ReconcileInput,
  type ReconcileResult,
  type SyncAction,
} from './reconcile';
export { observeEvent, eventReadQuery, EVENT_SELECT, type ObservedEvent } from './event-observation';
export { createSyncContext, enqueueSyncEvent, type SyncContext, type SyncDeps, type SyncLogger } from './sync-context';
export { addinIdOfManifest } from './addin-id-of-manifest';
export { resolveSyncOptions, SyncOptionsError, type SyncOptions, type ResolvedSyncOptions } from './sync-options';
export { registerGraphReceiver, type GraphReceiverOptions } from './graph-receiver';
export {
  createNotificationInbox,
  type NotificationInbox,
  type InboxEntry,
  type ChangeEntry,
  type LifecycleEntry,
  type NotificationInboxOptions,
} from './notification-inbox';
export { createSyncWorkers, type SyncWorkers } from './create-sync-workers';
export { ensureCalendarSync, stopCalendarSync, type CalendarSyncRequest, type CalendarSyncState } from './calendar-sync';
export {
  createSubscription,
  renewSubscription,
  renewDueSubscriptions,
  recreateSubscription,
  handleLifecycleEvent,
  deleteUserSubscriptions,
  verifySubscriptionsAtStartup,
  type RenewalReport,
  type StartupReport,
} from './subscription-manager';
export { syncEvent, type SyncEventResult } from './sync-event';
export { resyncMailbox, type ResyncReport } from './delta-resync';
export { sweepUnsavedMeetings, type SweepReport } from './meeting-sweeper';
export { SYNC_JOBS, syncEventJob, resyncMailboxJob, subscriptionLifecycleJob, renewSubscriptionsJob, sweepMeetingsJob } from './sync-jobs';
export { createSyncMetrics, SYNC_COUNTERS, type SyncMetrics, type SyncCounterName } from './sync-metrics';
export { MailboxLimiter, DEFAULT_MAILBOX_LIMITS, type MailboxLimits } from './mailbox-limiter';
export { createLimitedGraph, mailboxOfPath, type GraphRequester } from './limited-graph';
export { createGraphAccess, type GraphAccess } from './graph-access';
export { SyncError, type SyncErrorCode } from './sync-error';
