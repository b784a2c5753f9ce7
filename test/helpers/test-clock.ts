import type { Clock } from '../../src/core/clock.js';

/** A clock the test moves by hand, for behaviour that depends on the minute or the day. */
export class TestClock implements Clock {
  constructor(private time: number) {}

  now(): Date {
    return new Date(this.time);
  }

  set(iso: string): void {
    this.time = Date.parse(iso);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
