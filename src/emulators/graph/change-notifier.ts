/**
 * Delivers change notifications the way Graph does (docs/architecture.md#service-facts; Graph's
 * "Receive change notifications through webhooks"): driven by the event store's change feed,
 * notifications for each live subscription are queued per endpoint, posted in batches (`value[]`)
 * after a short window, retried with exponential back-off while the endpoint fails or takes longer
 * than its timeout (for up to four hours in Graph), and judged by the slow rule
 * (endpoint-health.ts): slow endpoints get their notifications late, failing ones lose them, and a
 * subscription with a lifecycle URL then hears `missed`.
 *
 * Realism knobs, off by default so tests read plainly: duplicates, an extra `updated` after a
 * change, shuffled batches, added delay, and which of Graph's two spellings `resource` takes. Lifecycle notifications are sent on request
 * (POST /_emulator/subscriptions/{id}/lifecycle).
 *
 * Timers run on real time; windows that Graph measures in minutes or hours (retry window, slow
 * window, reauthorization grace) are read from the emulator clock so tests can jump over them.
 * `flush()` sends everything queued at once and waits for the answers, so tests need not sleep.
 */
import type { EmulatorClock } from '../shared/emulator-clock';
import { EndpointHealth, EndpointState, GRAPH_HEALTH_RULES, HealthRules } from './endpoint-health';
import type { EventChange, EventStore } from './event-store';
import { changeNotification, GraphNotification, lifecycleNotification, RESOURCE_FORMS, type ResourceForm } from './notification-payload';
import type { LifecycleEvent, Subscription, SubscriptionStore } from './subscription-store';

export interface NotifierSettings {
  /** How long notifications wait for others to share their POST. */
  batchWindowMs: number;
  maxBatchSize: number;
  /** Added before every delivery (Graph's latency under load). */
  deliveryDelayMs: number;
  /** Fraction of notifications delivered twice. */
  duplicateRate: number;
  /** Fraction of created/updated changes followed by one more `updated` notification. */
  extraRate: number;
  /** Shuffles the notifications of a batch. */
  outOfOrder: boolean;
  /** How long the receiver has to answer a POST (Graph: 3 s). */
  receiverTimeoutMs: number;
  /** A response slower than this counts as slow (Graph: 2,900 ms). */
  slowThresholdMs: number;
  /** Responses counted before the slow rule applies (Graph: 100). */
  slowMinSamples: number;
  /** The slow counts are flushed this often (Graph: 10 minutes). */
  slowWindowMs: number;
  slowPercent: number;
  dropPercent: number;
  /** How late a slow endpoint gets its notifications (Graph: 10 minutes). */
  slowDelayMs: number;
  /** First retry after a failed delivery; each further one waits twice as long, up to retryMaxDelayMs. */
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** After this long since a notification was first queued it is dropped (Graph: 4 hours). */
  retryWindowMs: number;
  /** POSTs in flight at once per endpoint. */
  maxParallelPerEndpoint: number;
  /** After a reauthorizationRequired challenge, delivery goes on this long, then pauses until the app reauthorizes. */
  reauthorizationGraceMs: number;
  /** How `resource` names the changed event; Graph uses both forms (notification-payload.ts). */
  resourceForm: ResourceForm;
}

export const DEFAULT_NOTIFIER_SETTINGS: NotifierSettings = {
  batchWindowMs: 100,
  maxBatchSize: 20,
  deliveryDelayMs: 0,
  duplicateRate: 0,
  extraRate: 0,
  outOfOrder: false,
  receiverTimeoutMs: 3000,
  slowThresholdMs: GRAPH_HEALTH_RULES.slowThresholdMs,
  slowMinSamples: GRAPH_HEALTH_RULES.minSamples,
  slowWindowMs: GRAPH_HEALTH_RULES.windowMs,
  slowPercent: GRAPH_HEALTH_RULES.slowPercent,
  dropPercent: GRAPH_HEALTH_RULES.dropPercent,
  slowDelayMs: 600_000,
  retryBaseMs: 5_000,
  retryMaxDelayMs: 600_000,
  retryWindowMs: 4 * 3_600_000,
  maxParallelPerEndpoint: 8,
  reauthorizationGraceMs: 600_000,
  resourceForm: 'userId',
};

export interface NotifierCounters {
  /** Change notifications queued (duplicates and extras included). */
  queued: number;
  /** Notifications the receiver acknowledged with 2xx. */
  delivered: number;
  /** Notifications queued again after a failed attempt. */
  retried: number;
  /** Notifications given up (retry window over, or the endpoint in the drop state). */
  dropped: number;
  duplicates: number;
  extra: number;
  /** POSTs that failed (non-2xx, timeout, connection error). */
  failedAttempts: number;
  /** POSTs sent. */
  batches: number;
  /** Notifications held back because the endpoint was slow. */
  delayedSlow: number;
  /** Changes not notified because the subscription awaited reauthorization. */
  paused: number;
  lifecycle: number;
}

export interface EndpointReport {
  url: string;
  state: EndpointState;
  responses: number;
  slowResponses: number;
  slowPercent: number;
  queued: number;
  inFlight: number;
}

/** A notification not yet acknowledged, as the emulator's state file keeps it (graph-snapshot.ts). */
export interface QueuedNotification {
  url: string;
  notification: GraphNotification;
  subscriptionId: string;
  lifecycle: boolean;
  /** Emulator clock, for the retry window. */
  queuedAt: number;
  attempts: number;
}

/** A queued notification as the running notifier holds it: with when it may next be sent. */
interface Pending extends QueuedNotification {
  /** Real time at which it may be sent. */
  dueAt: number;
  slowDelayed: boolean;
}

interface Endpoint {
  health: EndpointHealth;
  inFlight: number;
}

/** A batch the receiver acknowledged, and when (Date.now() as its answer arrived). */
export type DeliveryListener = (notifications: readonly GraphNotification[], acknowledgedAtMs: number) => void;

export interface ChangeNotifierDeps {
  store: EventStore;
  subscriptions: SubscriptionStore;
  clock: EmulatorClock;
  settings?: Partial<NotifierSettings>;
  random?: () => number;
}

const emptyCounters = (): NotifierCounters => ({
  queued: 0,
  delivered: 0,
  retried: 0,
  dropped: 0,
  duplicates: 0,
  extra: 0,
  failedAttempts: 0,
  batches: 0,
  delayedSlow: 0,
  paused: 0,
  lifecycle: 0,
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class NotifierSettingsError extends Error {
  readonly code = 'notifier_settings';
  constructor(message: string) {
    super(message);
    this.name = 'NotifierSettingsError';
  }
}

/** Checks a partial settings object from a control request or an option. */
export function checkNotifierSettings(input: unknown): Partial<NotifierSettings> {
  if (typeof input !== 'object' || input === null) throw new NotifierSettingsError('settings must be a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_NOTIFIER_SETTINGS)) throw new NotifierSettingsError(`unknown setting '${key}'`);
    const expected = typeof DEFAULT_NOTIFIER_SETTINGS[key as keyof NotifierSettings];
    if (typeof value !== expected || (typeof value === 'number' && (!Number.isFinite(value) || value < 0))) {
      throw new NotifierSettingsError(expected === 'number' ? `${key} must be a non-negative number` : `${key} must be a ${expected}`);
    }
    if ((key === 'duplicateRate' || key === 'extraRate') && (value as number) > 1)
      throw new NotifierSettingsError(`${key} must be between 0 and 1`);
    if (key === 'resourceForm' && !RESOURCE_FORMS.includes(value as ResourceForm))
      throw new NotifierSettingsError(`resourceForm must be one of ${RESOURCE_FORMS.join(', ')}`);
    out[key] = value;
  }
  if (out.maxBatchSize === 0 || out.maxParallelPerEndpoint === 0)
    throw new NotifierSettingsError('maxBatchSize and maxParallelPerEndpoint must be at least 1');
  return out as Partial<NotifierSettings>;
}

export class ChangeNotifier {
  private settings: NotifierSettings;
  private counters = emptyCounters();
  private pending: Pending[] = [];
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The batches being posted, whose fate is not known yet. */
  private readonly sending = new Set<Pending[]>();
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private generation = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly random: () => number;
  private readonly deliveryListeners = new Set<DeliveryListener>();

  constructor(private readonly deps: ChangeNotifierDeps) {
    this.settings = { ...DEFAULT_NOTIFIER_SETTINGS, ...checkNotifierSettings(deps.settings ?? {}) };
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    this.unsubscribe ??= this.deps.store.onChange((change) => this.onChange(change));
  }

  /** Stops delivering: pending notifications are forgotten and POSTs in flight aborted. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.reset();
  }

  /** Back to no queue, no counters and no endpoint history (settings stay). */
  reset(): void {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.sending.clear();
    this.endpoints.clear();
    this.counters = emptyCounters();
  }

  configure(settings: Partial<NotifierSettings>): NotifierSettings {
    this.settings = { ...this.settings, ...checkNotifierSettings(settings) };
    this.schedule();
    return { ...this.settings };
  }

  get currentSettings(): NotifierSettings {
    return { ...this.settings };
  }

  report(): { counters: NotifierCounters; pending: number; inFlight: number; endpoints: EndpointReport[]; settings: NotifierSettings } {
    const now = this.deps.clock.now();
    const endpoints = [...this.endpoints].map(([url, ep]) => ({
      url,
      ...ep.health.report(now, this.rules()),
      queued: this.pending.filter((p) => p.url === url).length,
      inFlight: ep.inFlight,
    }));
    return {
      counters: { ...this.counters },
      pending: this.pending.length,
      inFlight: this.inFlight.size,
      endpoints,
      settings: { ...this.settings },
    };
  }

  /**
   * Calls `listener` with every batch the receiver acknowledged (2xx) and when its answer came, so
   * that a benchmark can tell when the backend knew of each change. Returns the way to stop.
   */
  observeDeliveries(listener: DeliveryListener): () => void {
    this.deliveryListeners.add(listener);
    return () => this.deliveryListeners.delete(listener);
  }

  /** Sends a lifecycle notification; subscriptionRemoved also removes the subscription. */
  sendLifecycle(subscriptionId: string, event: LifecycleEvent): { sent: boolean } {
    let sub = this.deps.subscriptions.get(subscriptionId);
    if (!sub) return { sent: false };
    if (event === 'reauthorizationRequired')
      sub = this.deps.subscriptions.update(sub.id, { reauthorizationRequiredAt: this.deps.clock.now() }) ?? sub;
    const sent = this.queueLifecycle(sub, event);
    if (event === 'subscriptionRemoved') this.deps.subscriptions.delete(sub.id);
    return { sent };
  }

  /** Sends everything queued now, ignoring batching windows, delays and back-off, and waits for the answers. */
  async flush(): Promise<NotifierCounters> {
    const now = Date.now();
    for (const p of this.pending) if (p.dueAt > now) p.dueAt = now;
    for (;;) {
      this.pump();
      if (this.inFlight.size === 0) break;
      await Promise.allSettled([...this.inFlight]);
    }
    return { ...this.counters };
  }

  /** Waits until nothing is queued or in flight. */
  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      if (Date.now() > deadline) throw new Error(`notifications still pending after ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  /** Every notification queued or being posted (a restart must not lose one whose POST had no answer yet). */
  exportQueue(): QueuedNotification[] {
    return [...this.pending, ...[...this.sending].flat()].map((p) => ({
      url: p.url,
      notification: p.notification,
      subscriptionId: p.subscriptionId,
      lifecycle: p.lifecycle,
      queuedAt: p.queuedAt,
      attempts: p.attempts,
    }));
  }

  /**
   * Queues saved notifications again, due after one batching window: after a restart they go out
   * as the retries of an outage would, with back-off from the first attempt, within the retry
   * window counted from when they were first queued.
   */
  importQueue(items: QueuedNotification[]): void {
    const due = Date.now() + this.settings.batchWindowMs;
    for (const item of items) this.pending.push({ ...structuredClone(item), attempts: 0, dueAt: due, slowDelayed: false });
    this.schedule();
  }

  private rules(): HealthRules {
    const s = this.settings;
    return {
      slowThresholdMs: s.slowThresholdMs,
      minSamples: s.slowMinSamples,
      windowMs: s.slowWindowMs,
      slowPercent: s.slowPercent,
      dropPercent: s.dropPercent,
    };
  }

  private endpoint(url: string): Endpoint {
    let ep = this.endpoints.get(url);
    if (!ep) {
      ep = { health: new EndpointHealth(), inFlight: 0 };
      this.endpoints.set(url, ep);
    }
    return ep;
  }

  private isPaused(sub: Subscription): boolean {
    return (
      sub.reauthorizationRequiredAt !== null && this.deps.clock.now() - sub.reauthorizationRequiredAt > this.settings.reauthorizationGraceMs
    );
  }

  private onChange(change: EventChange): void {
    // A change inside a series is announced as an update of its master (event-store.ts), as Exchange does.
    if (change.eventType === 'occurrence' || change.eventType === 'exception') return;
    for (const sub of this.deps.subscriptions.forMailbox(change.mailboxId)) {
      if (sub.tenantId !== change.tenantId || !sub.changeTypes.includes(change.changeType)) continue;
      if (this.isPaused(sub)) {
        this.counters.paused += 1;
        continue;
      }
      const changed = { changeType: change.changeType, mailboxId: change.mailboxId, key: change.eventKey, changeKey: change.changeKey };
      const notification = changeNotification(sub, changed, this.settings.resourceForm);
      this.queue(sub.notificationUrl, notification, sub.id, false);
      if (this.random() < this.settings.duplicateRate) {
        this.counters.duplicates += 1;
        this.queue(sub.notificationUrl, notification, sub.id, false, this.settings.batchWindowMs);
      }
      if (change.changeType !== 'deleted' && sub.changeTypes.includes('updated') && this.random() < this.settings.extraRate) {
        this.counters.extra += 1;
        this.queue(
          sub.notificationUrl,
          changeNotification(sub, { ...changed, changeType: 'updated' }, this.settings.resourceForm),
          sub.id,
          false,
          this.settings.batchWindowMs,
        );
      }
    }
  }

  private queueLifecycle(sub: Subscription, event: LifecycleEvent): boolean {
    // Subscriptions created without a lifecycle URL get no lifecycle notifications.
    if (!sub.lifecycleNotificationUrl) return false;
    this.counters.lifecycle += 1;
    this.queue(sub.lifecycleNotificationUrl, lifecycleNotification(sub, event), sub.id, true);
    return true;
  }

  private queue(url: string, notification: GraphNotification, subscriptionId: string, lifecycle: boolean, extraDelayMs = 0): void {
    if (!lifecycle) this.counters.queued += 1;
    this.pending.push({
      url,
      notification,
      subscriptionId,
      lifecycle,
      queuedAt: this.deps.clock.now(),
      attempts: 0,
      dueAt: Date.now() + this.settings.batchWindowMs + this.settings.deliveryDelayMs + extraDelayMs,
      slowDelayed: false,
    });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    let next = Infinity;
    for (const p of this.pending) if (p.dueAt < next) next = p.dueAt;
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  /** Sends what is due, endpoint by endpoint, within each endpoint's parallel limit. */
  private pump(): void {
    const now = Date.now();
    const urls = [...new Set(this.pending.filter((p) => p.dueAt <= now).map((p) => p.url))];
    for (const url of urls) {
      const ep = this.endpoint(url);
      while (ep.inFlight < this.settings.maxParallelPerEndpoint) {
        let due = this.pending.filter((p) => p.url === url && p.dueAt <= now);
        if (due.length === 0) break;
        const { state } = ep.health.report(this.deps.clock.now(), this.rules());
        if (state === 'drop') {
          this.take(due);
          this.drop(due);
          break;
        }
        if (state === 'slow') {
          for (const p of due.filter((d) => !d.slowDelayed)) {
            p.slowDelayed = true;
            p.dueAt = now + this.settings.slowDelayMs;
            this.counters.delayedSlow += 1;
          }
          due = due.filter((d) => d.dueAt <= now);
          if (due.length === 0) break;
        }
        const batch = due.slice(0, this.settings.maxBatchSize);
        this.take(batch);
        if (this.settings.outOfOrder) batch.sort(() => this.random() - 0.5);
        this.send(url, ep, batch);
      }
    }
    this.schedule();
  }

  private take(items: Pending[]): void {
    const taken = new Set(items);
    this.pending = this.pending.filter((p) => !taken.has(p));
  }

  private send(url: string, ep: Endpoint, batch: Pending[]): void {
    const generation = this.generation;
    const signal = AbortSignal.any([AbortSignal.timeout(this.settings.receiverTimeoutMs), this.abort.signal]);
    ep.inFlight += 1;
    this.sending.add(batch);
    this.counters.batches += 1;
    const started = performance.now();
    const attempt = (async () => {
      let ok = false;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ value: batch.map((p) => p.notification) }),
          signal,
        });
        await res.arrayBuffer();
        ok = res.status >= 200 && res.status < 300;
      } catch {
        // A timeout, a refused connection or an abort: all are failed attempts.
        ok = false;
      }
      if (generation !== this.generation) return;
      this.sending.delete(batch);
      ep.inFlight -= 1;
      ep.health.record(performance.now() - started, this.deps.clock.now(), this.rules());
      if (ok) {
        this.counters.delivered += batch.length;
        const at = Date.now();
        for (const listener of this.deliveryListeners)
          listener(
            batch.map((p) => p.notification),
            at,
          );
      } else this.failed(batch);
      this.pump();
    })();
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
  }

  private failed(batch: Pending[]): void {
    this.counters.failedAttempts += 1;
    const expired: Pending[] = [];
    for (const p of batch) {
      if (this.deps.clock.now() - p.queuedAt >= this.settings.retryWindowMs) {
        expired.push(p);
        continue;
      }
      p.attempts += 1;
      p.dueAt = Date.now() + Math.min(this.settings.retryMaxDelayMs, this.settings.retryBaseMs * 2 ** (p.attempts - 1));
      this.counters.retried += 1;
      this.pending.push(p);
    }
    this.drop(expired);
  }

  /** Gives notifications up; each subscription that lost changes hears `missed` on its lifecycle URL. */
  private drop(items: Pending[]): void {
    if (items.length === 0) return;
    this.counters.dropped += items.length;
    const losers = new Set(items.filter((p) => !p.lifecycle).map((p) => p.subscriptionId));
    for (const id of losers) {
      const sub = this.deps.subscriptions.get(id);
      if (sub) this.queueLifecycle(sub, 'missed');
    }
  }
}
