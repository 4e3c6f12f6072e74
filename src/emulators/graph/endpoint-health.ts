/**
 * Graph's rule for notification endpoints that answer slowly
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#throttling): a response
 * that takes longer than 2,900 ms counts as slow; once an endpoint has answered 100 notifications,
 * 10% slow responses mark it "slow" (its notifications are delayed, by 10 minutes in Graph) and
 * 15% mark it "drop" (its notifications are dropped). The counts are flushed every 10 minutes, so
 * an endpoint that recovers gets another chance. Pure: the caller supplies times and settings.
 */

export type EndpointState = 'normal' | 'slow' | 'drop';

export interface HealthRules {
  slowThresholdMs: number;
  minSamples: number;
  windowMs: number;
  slowPercent: number;
  dropPercent: number;
}

export const GRAPH_HEALTH_RULES: HealthRules = {
  slowThresholdMs: 2900,
  minSamples: 100,
  windowMs: 600_000,
  slowPercent: 10,
  dropPercent: 15,
};

export interface HealthReport {
  state: EndpointState;
  responses: number;
  slowResponses: number;
  slowPercent: number;
}

export class EndpointHealth {
  private windowStart: number | null = null;
  private responses = 0;
  private slow = 0;

  /** Counts one delivery attempt that got an answer (or timed out) after `durationMs`. */
  record(durationMs: number, now: number, rules: HealthRules): void {
    this.roll(now, rules);
    if (this.windowStart === null) this.windowStart = now;
    this.responses += 1;
    if (durationMs > rules.slowThresholdMs) this.slow += 1;
  }

  report(now: number, rules: HealthRules): HealthReport {
    this.roll(now, rules);
    const slowPercent = this.responses === 0 ? 0 : (100 * this.slow) / this.responses;
    let state: EndpointState = 'normal';
    if (this.responses >= rules.minSamples) {
      if (slowPercent >= rules.dropPercent) state = 'drop';
      else if (slowPercent >= rules.slowPercent) state = 'slow';
    }
    return { state, responses: this.responses, slowResponses: this.slow, slowPercent: Math.round(slowPercent * 10) / 10 };
  }

  private roll(now: number, rules: HealthRules): void {
    if (this.windowStart !== null && now - this.windowStart >= rules.windowMs) {
      this.windowStart = null;
      this.responses = 0;
      this.slow = 0;
    }
  }
}
