import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { ConfigurationError, NotConnectedError } from './errors.js';

/** One fixed window: at most `limit` units of cost per `intervalMs`, aligned to the epoch. */
export interface RateLimitWindow {
  /** Name used in costs, such as `REQUEST_WEIGHT_1M` or `ORDERS_10S`. */
  id: string;
  /** Units allowed per window. */
  limit: number;
  /** Window length in milliseconds. */
  intervalMs: number;
}

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Windows enforced together. */
  windows: RateLimitWindow[];
  /** Time source and timers. @default systemClock */
  clock?: Clock;
  /** Fraction of each limit kept free for other clients of the same key or IP, in [0, 1). @default 0 */
  headroom?: number;
}

/** Usage of one window at the time of a snapshot. */
export interface RateLimitWindowUsage {
  id: string;
  used: number;
  limit: number;
  intervalMs: number;
  /** Epoch milliseconds at which the current window ends and the count resets. */
  resetsAt: number;
}

/** Observable limiter state and counters. */
export interface RateLimiterSnapshot {
  windows: RateLimitWindowUsage[];
  /** End of the current global pause, or null when not paused. */
  pausedUntil: number | null;
  /** Number of `acquire()` calls that had to wait. */
  waits: number;
  /** Total milliseconds spent waiting by those calls. */
  waitedMs: number;
}

interface WindowState extends RateLimitWindow {
  start: number;
  used: number;
}

interface Waiter {
  costs: [string, number][];
  enqueuedAt: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Weighted fixed windows counted the way Binance counts them: each window starts at
 * `floor(now / intervalMs) * intervalMs`, so a one-minute window resets on every minute.
 * Callers wait in FIFO order until every window they use has room; a server-imposed pause
 * (429/418 `Retry-After`) holds everyone.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #headroom: number;
  readonly #windows = new Map<string, WindowState>();
  readonly #queue: Waiter[] = [];
  #pausedUntil = 0;
  #timer: TimerHandle | undefined;
  #timerAt = 0;
  #waits = 0;
  #waitedMs = 0;
  #closed = false;

  constructor(options: RateLimiterOptions) {
    this.#clock = options.clock ?? systemClock;
    const headroom = options.headroom ?? 0;
    if (!Number.isFinite(headroom) || headroom < 0 || headroom >= 1) {
      throw new ConfigurationError(`headroom: must be a fraction in [0, 1), got ${headroom}`);
    }
    this.#headroom = headroom;
    if (!Array.isArray(options.windows)) throw new ConfigurationError('windows: must be an array');
    options.windows.forEach((window, index) => {
      validateWindow(window, `windows[${index}]`);
      if (this.#windows.has(window.id)) throw new ConfigurationError(`windows[${index}].id: "${window.id}" is used twice`);
      this.#insert(window);
    });
  }

  /**
   * Waits until every window named in `costs` has room, then reserves the cost. Ids with no
   * window are not limited (their limit is not known yet). Rejects at once with a RangeError when
   * a cost can never fit, and with the signal's reason when aborted.
   */
  acquire(costs: Record<string, number>, signal?: AbortSignal): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const entries = Object.entries(costs);
    for (const [id, cost] of entries) {
      if (!Number.isFinite(cost) || cost < 0) {
        return Promise.reject(new RangeError(`cost of "${id}" must be a finite number >= 0, got ${cost}`));
      }
      const window = this.#windows.get(id);
      if (window && cost > this.#capacity(window)) {
        return Promise.reject(new RangeError(
          `cost ${cost} of "${id}" exceeds its limit of ${this.#capacity(window)} per ${window.intervalMs} ms`,
        ));
      }
    }
    const now = this.#clock.now();
    if (this.#queue.length === 0 && this.#readyAt(entries, now) <= now) {
      this.#reserve(entries);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        costs: entries, enqueuedAt: now, resolve, reject, signal,
        onAbort: () => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          reject(signal?.reason);
          this.#drain();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#waits += 1;
      this.#drain();
    });
  }

  /**
   * Adopts the server's count for a window, read from a response header at `atMs`. Keeps the
   * larger of the local and server counts, since requests still in flight may not be counted yet;
   * ignores counts from an older window and ids with no window.
   */
  sync(id: string, used: number, atMs: number = this.#clock.now()): void {
    const window = this.#windows.get(id);
    if (!window || !Number.isFinite(used) || used < 0) return;
    this.#roll(window, this.#clock.now());
    const start = windowStart(atMs, window.intervalMs);
    if (start < window.start) return;
    if (start > window.start) {
      // The server has moved to the next window before our clock did; count in its window.
      window.start = start;
      window.used = used;
    } else {
      window.used = Math.max(window.used, used);
    }
    this.#drain();
  }

  /** Changes a window's limit (and length), creating it when `intervalMs` is given for a new id. */
  setLimit(id: string, limit: number, intervalMs?: number): void {
    const window = this.#windows.get(id);
    if (!window) {
      if (intervalMs === undefined) throw new ConfigurationError(`${id}: unknown window; pass intervalMs to create it`);
      this.addWindow({ id, limit, intervalMs });
      return;
    }
    validateWindow({ id, limit, intervalMs: intervalMs ?? window.intervalMs }, id);
    window.limit = limit;
    if (intervalMs !== undefined && intervalMs !== window.intervalMs) {
      window.intervalMs = intervalMs;
      window.start = windowStart(this.#clock.now(), intervalMs);
    }
    this.#drain();
  }

  /** Adds a window, or updates the limit and length of the window with the same id. */
  addWindow(window: RateLimitWindow): void {
    validateWindow(window, window.id);
    if (this.#windows.has(window.id)) {
      this.setLimit(window.id, window.limit, window.intervalMs);
    } else {
      this.#insert(window);
    }
  }

  /** Holds every `acquire()` until `epochMs`, as a 429 or 418 `Retry-After` demands. Never shortens a pause. */
  pauseUntil(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new RangeError(`pauseUntil: must be a finite epoch time, got ${epochMs}`);
    this.#pausedUntil = Math.max(this.#pausedUntil, epochMs);
    this.#drain();
  }

  /** Current usage of every window and the wait counters. */
  snapshot(): RateLimiterSnapshot {
    const now = this.#clock.now();
    const windows = [...this.#windows.values()].map((window) => {
      this.#roll(window, now);
      return { id: window.id, used: window.used, limit: window.limit, intervalMs: window.intervalMs, resetsAt: window.start + window.intervalMs };
    });
    return { windows, pausedUntil: this.#pausedUntil > now ? this.#pausedUntil : null, waits: this.#waits, waitedMs: this.#waitedMs };
  }

  /** Clears the timer and rejects every waiter; later `acquire()` calls reject too. */
  close(): void {
    this.#closed = true;
    this.#clearTimer();
    for (const waiter of this.#queue.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(closedError());
    }
  }

  #insert(window: RateLimitWindow): void {
    const start = windowStart(this.#clock.now(), window.intervalMs);
    this.#windows.set(window.id, { id: window.id, limit: window.limit, intervalMs: window.intervalMs, start, used: 0 });
  }

  #capacity(window: WindowState): number {
    return Math.max(1, Math.floor(window.limit * (1 - this.#headroom)));
  }

  /** Starts the window's next interval when `now` has reached it. */
  #roll(window: WindowState, now: number): void {
    const start = windowStart(now, window.intervalMs);
    if (start > window.start) {
      window.start = start;
      window.used = 0;
    }
  }

  /** Earliest time at which every window in `costs` has room and no pause is active. */
  #readyAt(costs: [string, number][], now: number): number {
    let at = this.#pausedUntil;
    for (const [id, cost] of costs) {
      const window = this.#windows.get(id);
      if (!window) continue;
      this.#roll(window, now);
      if (window.used + cost > this.#capacity(window)) at = Math.max(at, window.start + window.intervalMs);
    }
    return at;
  }

  #reserve(costs: [string, number][]): void {
    for (const [id, cost] of costs) {
      const window = this.#windows.get(id);
      if (window) window.used += cost;
    }
  }

  /** Serves waiters in order while they fit, then sleeps until the head can go. */
  #drain(): void {
    if (this.#closed) return;
    let head = this.#queue[0];
    const now = head === undefined ? 0 : this.#clock.now();
    while (head) {
      const readyAt = this.#readyAt(head.costs, now);
      if (readyAt > now) {
        this.#wakeAt(readyAt);
        return;
      }
      this.#queue.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      this.#reserve(head.costs);
      this.#waitedMs += now - head.enqueuedAt;
      head.resolve();
      head = this.#queue[0];
    }
    this.#clearTimer();
  }

  #wakeAt(at: number): void {
    if (this.#timer !== undefined && this.#timerAt === at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, at - this.#clock.now());
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function windowStart(atMs: number, intervalMs: number): number {
  return Math.floor(atMs / intervalMs) * intervalMs;
}

function validateWindow(window: RateLimitWindow, label: string): void {
  if (typeof window.id !== 'string' || window.id === '') throw new ConfigurationError(`${label}.id: must be a non-empty string`);
  if (!Number.isInteger(window.limit) || window.limit < 1) {
    throw new ConfigurationError(`${label}.limit: must be an integer >= 1, got ${window.limit}`);
  }
  if (!Number.isInteger(window.intervalMs) || window.intervalMs < 1) {
    throw new ConfigurationError(`${label}.intervalMs: must be an integer >= 1, got ${window.intervalMs}`);
  }
}

function closedError(): NotConnectedError {
  return new NotConnectedError('rate limiter is closed');
}
