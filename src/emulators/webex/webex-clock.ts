/**
 * The emulator's notion of now: real time plus an offset that tests move (POST /_emulator/clock)
 * to expire tokens or to put meetings in the past without waiting.
 */
export class WebexClock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  get offsetSeconds(): number {
    return this.offset / 1000;
  }

  setOffsetSeconds(seconds: number): void {
    this.offset = Math.round(seconds * 1000);
  }

  advanceSeconds(seconds: number): void {
    this.offset += Math.round(seconds * 1000);
  }

  reset(): void {
    this.offset = 0;
  }
}
