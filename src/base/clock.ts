/** Injected time source so controllers and tests are deterministic. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const realClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 1)) {}
  now(): number { return this.t; }
  /** Move time forward by `ms`. */
  step(ms: number): void { this.t += ms; }
}
