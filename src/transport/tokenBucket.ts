/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each message takes one.
 * Time is passed in (ms), so the same limiter runs in a tab, in the LAN server and in unit tests.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | null = null;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** True if a message may pass at time `now`; false means "too fast, drop it". */
  take(now: number): boolean {
    if (this.last !== null && now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    }
    this.last = this.last === null ? now : Math.max(this.last, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
