import type { AuthLimiter, FailureOutcome } from './auth-limiter.js';

/** The single-node limiter: failure times per address in memory. */
export class LocalAuthLimiter implements AuthLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), windowMs);
    this.sweeper.unref();
  }

  async fail(address: string): Promise<FailureOutcome> {
    const list = this.recent(address);
    const before = list.length;
    list.push(this.now());
    // One more than the limit is all it takes to know the address is over it.
    if (list.length > this.limit + 1) list.shift();
    this.failures.set(address, list);
    if (before < this.limit) return 'counted';
    return before === this.limit ? 'lockout' : 'limited';
  }

  async limited(address: string): Promise<boolean> {
    return this.recent(address).length >= this.limit;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.failures.clear();
  }

  private recent(address: string): number[] {
    const list = this.failures.get(address) ?? [];
    const cutoff = this.now() - this.windowMs;
    while (list.length > 0 && (list[0] ?? 0) <= cutoff) list.shift();
    return list;
  }

  private sweep() {
    const cutoff = this.now() - this.windowMs;
    for (const [address, list] of this.failures) {
      if ((list[list.length - 1] ?? 0) <= cutoff) this.failures.delete(address);
    }
  }
}
