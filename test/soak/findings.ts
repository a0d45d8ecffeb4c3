/**
 * What the soak found: each failed check with when it failed and the details that explain it.
 * Kept small: past a few per check, only the count grows.
 */

/** The checks the soak runs, by name. */
export type CheckName =
  | 'placement' | 'duplicate-order' | 'error-class' | 'timestamp-rejection' | 'order-updates' | 'user-data-refused'
  | 'candles-gapless' | 'candles-equal-rest' | 'candles-flowing' | 'history' | 'order-book' | 'no-418'
  | 'unhandled-rejection' | 'handles' | 'heap' | 'settle' | 'simulator'
  | 'order-list' | 'fills' | 'balances' | 'protection-lost';

/** One failure. */
export interface Finding {
  readonly check: CheckName;
  /** Run time in seconds when it was found. */
  readonly atSeconds: number;
  readonly detail: string;
}

const KEPT_PER_CHECK = 8;

/** The failures of one run. */
export class Findings {
  readonly #kept: Finding[] = [];
  readonly #counts = new Map<CheckName, number>();

  constructor(readonly startedAt: number) {}

  /** Seconds since the run started, for messages. */
  now(): string {
    return ((Date.now() - this.startedAt) / 1000).toFixed(1);
  }

  /** Records a failure of `check`. */
  fail(check: CheckName, detail: string): void {
    const count = (this.#counts.get(check) ?? 0) + 1;
    this.#counts.set(check, count);
    if (count <= KEPT_PER_CHECK) this.#kept.push({ check, atSeconds: (Date.now() - this.startedAt) / 1000, detail });
  }

  /** Number of failures in total. */
  get total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** Failures by check. */
  counts(): ReadonlyMap<CheckName, number> {
    return this.#counts;
  }

  /** The first few failures of each check, in the order found. */
  list(): readonly Finding[] {
    return this.#kept;
  }
}
