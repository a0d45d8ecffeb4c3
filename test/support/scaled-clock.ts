import type { Clock, TimerHandle } from '../../src/core/clock.js';

/** The longest delay Node's timers take; longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** The system's monotonic time and Node's timers: the default wall a scaled clock runs on. */
const monotonicWall: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle),
};

interface ScaledTimer {
  readonly id: number;
  /** Scaled epoch milliseconds (fractional) at which it fires next. */
  at: number;
  /** Scaled delay it was scheduled with (the period, for intervals). */
  readonly delayMs: number;
  readonly interval: boolean;
  readonly callback: () => void;
}

/** Options of {@link ScaledClock}. */
export interface ScaledClockOptions {
  /** How many milliseconds of this clock pass per millisecond of the wall. */
  readonly speed: number;
  /** This clock's time when created, epoch ms. @default the wall's Date.now() */
  readonly startMs?: number;
  /** The clock whose time is scaled and whose one timer wakes this one. @default monotonic system time */
  readonly wall?: Clock;
}

/**
 * A clock whose time runs `speed` times faster than the wall: `now()` is the start plus the wall
 * time elapsed times `speed`, and a timer of `ms` fires after `ms / speed` of wall time. Shared
 * by a simulator and its connectors at speed 10, it lets a market that moves by the second move by
 * the tenth of a second, while sockets and their latency stay real (so every wall delay counts
 * `speed` times on this clock: timeouts that allow for them are best given with `fromWall`).
 *
 * Timers sit in one queue in due order and run from a single wall timer armed for the soonest:
 * a callback never runs before its time on this clock (a wall timer that fires early only re-arms),
 * and timers due together run one after another, in due order, as `FakeClock.advance()` runs them.
 */
export class ScaledClock implements Clock {
  readonly speed: number;
  readonly #wall: Clock;
  readonly #wallStart: number;
  readonly #startMs: number;
  readonly #timers = new Map<number, ScaledTimer>();
  #nextId = 1;
  #armed: { handle: TimerHandle; at: number } | undefined;
  /** True while due timers run: the wall timer is armed once they are done. */
  #firing = false;

  constructor(options: ScaledClockOptions) {
    if (!(Number.isFinite(options.speed) && options.speed > 0)) throw new TypeError(`speed must be a positive number, got ${options.speed}`);
    this.speed = options.speed;
    this.#wall = options.wall ?? monotonicWall;
    this.#wallStart = this.#wall.now();
    this.#startMs = options.startMs ?? Date.now();
  }

  /** Whole epoch milliseconds, as `Date.now()` gives them. */
  now(): number {
    return Math.floor(this.#exactNow());
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.#add(callback, ms, false);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#remove(handle);
  }

  setInterval(callback: () => void, ms: number): TimerHandle {
    return this.#add(callback, ms, true);
  }

  clearInterval(handle: TimerHandle): void {
    this.#remove(handle);
  }

  /** This clock's milliseconds that pass in `ms` of wall time: for timeouts that allow for real delays (sockets, a busy machine). */
  fromWall(ms: number): number {
    return Math.round(ms * this.speed);
  }

  /** How many timers are pending, to show that their owners released them. */
  pendingCount(): number {
    return this.#timers.size;
  }

  #exactNow(): number {
    return this.#startMs + (this.#wall.now() - this.#wallStart) * this.speed;
  }

  #add(callback: () => void, ms: number, interval: boolean): TimerHandle {
    // As Node's timers take them: a delay that is not a positive number means "as soon as possible".
    const delayMs = Number.isFinite(ms) ? Math.max(0, ms) : 0;
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#exactNow() + delayMs, delayMs, interval, callback });
    this.#arm();
    // Real handles are objects; callers treat them as opaque, so a number stands in for one.
    return id as unknown as TimerHandle;
  }

  #remove(handle: TimerHandle): void {
    if (this.#timers.delete(Number(handle))) this.#arm();
  }

  #soonest(): ScaledTimer | undefined {
    let soonest: ScaledTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (soonest === undefined || timer.at < soonest.at || (timer.at === soonest.at && timer.id < soonest.id)) soonest = timer;
    }
    return soonest;
  }

  /** Keeps exactly one wall timer, for the soonest timer, and none when nothing is pending. */
  #arm(): void {
    if (this.#firing) return;
    const soonest = this.#soonest();
    if (this.#armed !== undefined && this.#armed.at === soonest?.at) return;
    if (this.#armed !== undefined) this.#wall.clearTimeout(this.#armed.handle);
    this.#armed = undefined;
    if (soonest === undefined) return;
    const wallMs = Math.min(MAX_TIMER_MS, Math.max(0, (soonest.at - this.#exactNow()) / this.speed));
    this.#armed = { handle: this.#wall.setTimeout(() => this.#fireDue(), wallMs), at: soonest.at };
  }

  /** Runs, in due order, the timers due now; timers they schedule wait for the next wall timer. */
  #fireDue(): void {
    this.#armed = undefined;
    this.#firing = true;
    const now = this.#exactNow();
    const due = [...this.#timers.values()].filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at || a.id - b.id);
    try {
      for (const timer of due) {
        // An earlier callback may have cleared it.
        if (this.#timers.get(timer.id) !== timer) continue;
        if (timer.interval) {
          const periodMs = Math.max(1, timer.delayMs);
          // Behind by more than a period (a busy wall), the next run is a period from now, as with
          // Node's intervals: no burst of catch-up runs.
          timer.at = timer.at + periodMs > now ? timer.at + periodMs : now + periodMs;
        } else {
          this.#timers.delete(timer.id);
        }
        timer.callback();
      }
    } finally {
      this.#firing = false;
      // A callback that throws fails as one from a Node timer would; the timers after it still run.
      this.#arm();
    }
  }
}
