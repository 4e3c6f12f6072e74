/**
 * Outlook's limits per application per mailbox
 * (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits): at most 4 requests
 * in flight at once and 10,000 requests in any 10 minutes. A request over either limit is answered
 * 429 ApplicationThrottled with Retry-After, and counted, so the benchmark can report how often the
 * backend ran into Graph's limits instead of keeping under them.
 *
 * An added latency per request (settings.latencyMs) keeps requests in flight long enough for the
 * concurrency limit to mean something locally.
 */
import { GraphApiError } from './graph-error';

export interface ThrottleSettings {
  enabled: boolean;
  maxConcurrent: number;
  /** Requests allowed per mailbox and app within windowMs. */
  windowLimit: number;
  windowMs: number;
  /** Added to every mailbox request while it holds its slot. */
  latencyMs: number;
  /** Retry-After sent with a concurrency 429. */
  concurrencyRetryAfterSeconds: number;
}

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = {
  enabled: true,
  maxConcurrent: 4,
  windowLimit: 10_000,
  windowMs: 600_000,
  latencyMs: 0,
  concurrencyRetryAfterSeconds: 1,
};

export type ThrottleDecision =
  { ok: true; release: () => void } | { ok: false; limit: 'MailboxConcurrency' | 'MailboxRequests'; retryAfterSeconds: number };

export interface ThrottleCounters {
  /** 429s sent for either limit. */
  throttled: number;
  concurrency: number;
  rate: number;
  /** 429s by "appId|mailboxId". */
  byMailbox: Record<string, number>;
}

interface MailboxState {
  inFlight: number;
  /** Times of accepted requests within the window, oldest first. */
  recent: number[];
}

export class ThrottleSettingsError extends Error {
  readonly code = 'throttle_settings';
  constructor(message: string) {
    super(message);
    this.name = 'ThrottleSettingsError';
  }
}

export function checkThrottleSettings(input: unknown): Partial<ThrottleSettings> {
  if (typeof input !== 'object' || input === null) throw new ThrottleSettingsError('settings must be a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_THROTTLE_SETTINGS)) throw new ThrottleSettingsError(`unknown setting '${key}'`);
    const expected = typeof DEFAULT_THROTTLE_SETTINGS[key as keyof ThrottleSettings];
    if (typeof value !== expected || (typeof value === 'number' && (!Number.isFinite(value) || value < 0))) {
      throw new ThrottleSettingsError(`${key} must be a non-negative ${expected}`);
    }
    out[key] = value;
  }
  if (out.maxConcurrent === 0 || out.windowLimit === 0 || out.windowMs === 0) throw new ThrottleSettingsError('limits must be at least 1');
  return out as Partial<ThrottleSettings>;
}

/**
 * Takes a slot for one request of an app on a mailbox and returns its release, or throws Graph's
 * 429 (with Retry-After) naming the limit the app is over.
 */
export function takeMailboxSlot(throttle: MailboxThrottle, appId: string, mailboxId: string): () => void {
  const slot = throttle.acquire(appId, mailboxId);
  if (slot.ok) return slot.release;
  const message =
    slot.limit === 'MailboxConcurrency'
      ? 'Application is over its MailboxConcurrency limit.'
      : 'Application is over its MailboxRequests limit.';
  throw new GraphApiError(429, 'ApplicationThrottled', message, { 'Retry-After': String(slot.retryAfterSeconds) });
}

export class MailboxThrottle {
  private settings: ThrottleSettings;
  private readonly mailboxes = new Map<string, MailboxState>();
  private counters: ThrottleCounters = { throttled: 0, concurrency: 0, rate: 0, byMailbox: {} };

  constructor(
    private readonly now: () => number,
    settings: Partial<ThrottleSettings> = {},
  ) {
    this.settings = { ...DEFAULT_THROTTLE_SETTINGS, ...checkThrottleSettings(settings) };
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Takes a slot for one request of an app on a mailbox, or says which limit it is over. */
  acquire(appId: string, mailboxId: string): ThrottleDecision {
    if (!this.settings.enabled) return { ok: true, release: () => undefined };
    const key = `${appId.toLowerCase()}|${mailboxId.toLowerCase()}`;
    let state = this.mailboxes.get(key);
    if (!state) {
      state = { inFlight: 0, recent: [] };
      this.mailboxes.set(key, state);
    }
    const now = this.now();
    const since = now - this.settings.windowMs;
    while (state.recent.length > 0 && state.recent[0]! <= since) state.recent.shift();
    if (state.inFlight >= this.settings.maxConcurrent) {
      this.count(key, 'concurrency');
      return { ok: false, limit: 'MailboxConcurrency', retryAfterSeconds: this.settings.concurrencyRetryAfterSeconds };
    }
    if (state.recent.length >= this.settings.windowLimit) {
      this.count(key, 'rate');
      const retryAfterSeconds = Math.max(1, Math.ceil((state.recent[0]! + this.settings.windowMs - now) / 1000));
      return { ok: false, limit: 'MailboxRequests', retryAfterSeconds };
    }
    state.inFlight += 1;
    state.recent.push(now);
    let released = false;
    const held = state;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        held.inFlight -= 1;
      },
    };
  }

  configure(settings: Partial<ThrottleSettings>): ThrottleSettings {
    this.settings = { ...this.settings, ...checkThrottleSettings(settings) };
    return { ...this.settings };
  }

  report(): { counters: ThrottleCounters; settings: ThrottleSettings; inFlight: Record<string, number> } {
    const inFlight: Record<string, number> = {};
    for (const [key, state] of this.mailboxes) if (state.inFlight > 0) inFlight[key] = state.inFlight;
    return { counters: structuredClone(this.counters), settings: { ...this.settings }, inFlight };
  }

  /** Forgets windows and counts (requests in flight keep their slots until they finish). */
  reset(): void {
    for (const state of this.mailboxes.values()) state.recent = [];
    this.counters = { throttled: 0, concurrency: 0, rate: 0, byMailbox: {} };
  }

  private count(key: string, kind: 'concurrency' | 'rate'): void {
    this.counters.throttled += 1;
    this.counters[kind] += 1;
    this.counters.byMailbox[key] = (this.counters.byMailbox[key] ?? 0) + 1;
  }
}
