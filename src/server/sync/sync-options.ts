/**
 * The sync engine's settings, with defaults. The lead's config.ts reads the environment; these are
 * what the engine needs of it (the add-in id names the marker's custom property; the public base
 * URL is where Graph posts notifications).
 */

export interface SyncOptions {
  /** The add-in's manifest <Id>: its custom properties are `cecp-<id>`. */
  addinId: string;
  /** Where Graph reaches the backend (config.publicBaseUrl): notifications go to /graph/notifications. */
  publicBaseUrl: string;
  /** Join link hosts besides webex.com (e.g. a test site's). */
  joinLinkHosts?: readonly string[];
  /**
   * How long an event's job waits for more notifications of the event before it runs, from when the
   * receiver stored the first (default 2; a whole number): the notifications that come meanwhile find it waiting and are dropped (the queue
   * is stately: one job waiting per event, sync-jobs.ts). 0: the job runs at once (lower latency,
   * more Graph reads when Graph notifies an edit several times; for tests and very quiet tenants).
   */
  coalesceSeconds?: number;
  /** How far ahead a series' instances are read to find its exceptions (default 400 days). */
  instancesHorizonDays?: number;
  /** How long a meeting the add-in created may wait for its event before it is swept (default 24 h). */
  sweepGraceMs?: number;
  /** Meetings looked at per sweep (default 100). */
  sweepBatchSize?: number;
  /** Subscription lifetime asked of Graph, in minutes (Graph documents 10,080 for events; default 10,080). */
  subscriptionLifetimeMinutes?: number;
  /** Renew when less than this share of the granted lifetime is left (default 0.3: after 4.9 of 7 days). */
  renewWhenRemaining?: number;
  /** The window a mailbox resync compares (default 1 day back, 365 days ahead). */
  resyncPastDays?: number;
  resyncFutureDays?: number;
  /**
   * sync-event jobs run at once by this process (default 512). Each waits for Graph and Webex most
   * of its time (a job costs the process a few milliseconds of CPU beside some 250 ms of waiting in
   * the bench), and the per-mailbox limiter keeps any one mailbox to Outlook's 4 requests at once;
   * with 64 a burst across hundreds of mailboxes ran at what 64 waits allow, and with 256 the bench's
   * burst of 360 jobs ready within 0.3 s left a hundred waiting some 0.4 s for a slot
   * (docs/architecture.md#bench-figures).
   */
  syncConcurrency?: number;
  /** When renewals and the sweeper run (cron, UTC). */
  renewCron?: string;
  sweepCron?: string;
}

export type ResolvedSyncOptions = Required<Omit<SyncOptions, 'joinLinkHosts'>> & { joinLinkHosts: readonly string[] };

export class SyncOptionsError extends Error {
  readonly code = 'sync_options_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'SyncOptionsError';
  }
}

function positive(name: string, value: number, integer = false): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new SyncOptionsError(`${name} must be a positive ${integer ? 'whole ' : ''}number`);
  }
  return value;
}

export function resolveSyncOptions(options: SyncOptions): ResolvedSyncOptions {
  if (!options.addinId) throw new SyncOptionsError('addinId is required (the manifest <Id>)');
  if (!/^https?:\/\//.test(options.publicBaseUrl)) throw new SyncOptionsError('publicBaseUrl must be an absolute http(s) URL');
  const renewWhenRemaining = options.renewWhenRemaining ?? 0.3;
  if (!(renewWhenRemaining > 0 && renewWhenRemaining < 1)) throw new SyncOptionsError('renewWhenRemaining must be between 0 and 1');
  return {
    addinId: options.addinId,
    publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    joinLinkHosts: options.joinLinkHosts ?? [],
    coalesceSeconds: options.coalesceSeconds === 0 ? 0 : positive('coalesceSeconds', options.coalesceSeconds ?? 2, true),
    instancesHorizonDays: positive('instancesHorizonDays', options.instancesHorizonDays ?? 400),
    sweepGraceMs: positive('sweepGraceMs', options.sweepGraceMs ?? 24 * 3_600_000),
    sweepBatchSize: positive('sweepBatchSize', options.sweepBatchSize ?? 100, true),
    subscriptionLifetimeMinutes: positive('subscriptionLifetimeMinutes', options.subscriptionLifetimeMinutes ?? 10_080, true),
    renewWhenRemaining,
    resyncPastDays: positive('resyncPastDays', options.resyncPastDays ?? 1),
    resyncFutureDays: positive('resyncFutureDays', options.resyncFutureDays ?? 365),
    syncConcurrency: positive('syncConcurrency', options.syncConcurrency ?? 512, true),
    renewCron: options.renewCron ?? '*/15 * * * *',
    sweepCron: options.sweepCron ?? '17 * * * *',
  };
}
