import type { Clock, TimerHandle } from '../../core/clock.js';
import { TimeoutError } from '../../core/errors.js';

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

/**
 * Requests waiting for their answer by id, each with its own timeout timer. Owning the timers
 * here means one `rejectAll` on close or reconnect releases every one of them.
 */
export class PendingRequests<T> {
  readonly #waiters = new Map<string, Waiter<T>>();

  constructor(private readonly clock: Clock, private readonly timeoutMs: number) {}

  /** Requests still waiting. */
  get size(): number {
    return this.#waiters.size;
  }

  /** Waits for the answer to `id`; rejects with TimeoutError after the timeout (what the request did on the server is then unknown). */
  wait(id: string | number, what: string): Promise<T> {
    const key = String(id);
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.#waiters.delete(key);
        reject(new TimeoutError(`${what} (id ${key}) got no answer within ${this.timeoutMs} ms`, { exchange: 'binance' }));
      }, this.timeoutMs);
      this.#waiters.set(key, { resolve, reject, timer });
    });
  }

  /** True when `id` is awaited. */
  has(id: string | number): boolean {
    return this.#waiters.has(String(id));
  }

  /** Hands the answer to the waiter of `id`; false when nobody waits for it. */
  resolve(id: string | number, value: T): boolean {
    const key = String(id);
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return false;
    this.#waiters.delete(key);
    this.clock.clearTimeout(waiter.timer);
    waiter.resolve(value);
    return true;
  }

  /** Stops waiting for `id` without settling it (the request was never sent). */
  cancel(id: string | number): void {
    const key = String(id);
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return;
    this.#waiters.delete(key);
    this.clock.clearTimeout(waiter.timer);
  }

  /**
   * Fails every waiter with `error()` once `signal` aborts (the connection they wait on closed), at
   * once if it already has; returns the function that stops listening.
   */
  rejectAllOn(signal: AbortSignal, error: () => Error): () => void {
    const onAbort = (): void => this.rejectAll(error());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }

  /** Fails every waiter with `error` and clears their timers. */
  rejectAll(error: Error): void {
    const waiters = [...this.#waiters.values()];
    this.#waiters.clear();
    for (const waiter of waiters) {
      this.clock.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
