/**
 * Faults of the sync engine itself, by code. Faults of Graph, Webex or the store keep their own
 * classes (GraphError, WebexError, StoreError); these are the engine's verdicts about them.
 */
export type SyncErrorCode =
  /** Individual mode without a stored MSAL cache and without a user token to start one. */
  | 'graph_user_token_missing'
  /** The tenant has neither admin consent (app-only) nor a user token for delegated access. */
  | 'graph_access_unavailable'
  /** Graph answered something that is not an event, a subscription or a collection. */
  | 'graph_response_invalid'
  /** Graph would not create or renew a subscription (the handshake failed, a limit was hit). */
  | 'subscription_failed'
  /** The mailbox's request budget is spent for longer than a job should wait: reschedule. */
  | 'mailbox_budget_exhausted'
  /** The event changed between our read and our write (If-Match): read it again. */
  | 'event_changed_concurrently'
  /** An instance of a series whose master is not linked yet: the master is synced first, this again later. */
  | 'series_master_pending'
  /** A job stopped before it finished because the workers are stopping: it is retried. */
  | 'sync_stopping';

export class SyncError extends Error {
  /** For a fault worth retrying later: how long to wait first. */
  readonly retryAfterMs?: number;

  constructor(
    readonly code: SyncErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'SyncError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}
