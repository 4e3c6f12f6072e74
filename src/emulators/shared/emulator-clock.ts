/**
 * An emulator's notion of "now", shared by the Graph and Webex emulators. Subscriptions and tokens
 * expire, throttling windows roll, meetings pass and events get their timestamps by this clock, so
 * tests and the benchmark can move days ahead without waiting (POST /_emulator/clock). Real time
 * still drives timers (batching, retries, latency); only the reading of the time is shifted.
 */

export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  /** Milliseconds since the epoch, shifted by the offset. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  /** Sets the shift from the base clock. */
  setOffset(seconds: number): void {
    this.offsetMs = Math.round(seconds * 1000);
  }

  /** Moves the clock forward (or back, with a negative number). */
  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
