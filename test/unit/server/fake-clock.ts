import type { Clock } from '../../../src/server/outbound/clock';

/** A clock whose waits return at once and are recorded, so tests assert on waits, not wall time. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public t = Date.parse('2026-03-02T09:00:00.000Z')) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    this.sleeps.push(ms);
    this.t += ms;
  }
}
