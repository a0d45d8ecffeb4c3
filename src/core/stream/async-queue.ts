import { ConfigurationError } from '../errors.js';
import { StreamOverflowError } from './stream-errors.js';

/** What to do when a value arrives and the buffer already holds `highWaterMark` values. */
export type OverflowPolicy = 'drop-oldest' | 'error';

/** Options of {@link AsyncQueue} and {@link fromSubscription}. */
export interface AsyncQueueOptions {
  /**
   * Values buffered while the consumer is busy.
   * @default 1000
   */
  highWaterMark?: number;
  /**
   * `drop-oldest` discards the oldest buffered value and counts it in `dropped` (right for
   * tickers and candle updates, where the newest value supersedes older ones); `error` ends the
   * iteration with a {@link StreamOverflowError} after the buffered values, so that nothing is
   * lost silently (right for order updates).
   * @default 'drop-oldest'
   */
  overflow?: OverflowPolicy;
  /** Called once when the iteration ends for any reason (return, error, overflow, end). */
  onClose?: () => void;
}

type Waiter<T> = { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void };

/**
 * A bounded push-to-pull buffer: producers `push`, one consumer iterates with `for await`.
 * Leaving the loop (which calls `return()`) closes it and runs `onClose`.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T, undefined, undefined> {
  private readonly buffer: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private readonly highWaterMark: number;
  private readonly overflow: OverflowPolicy;
  private readonly onClose: (() => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private closeRan = false;
  /** Values discarded by the `drop-oldest` policy. */
  dropped = 0;

  constructor(options: AsyncQueueOptions = {}) {
    this.highWaterMark = options.highWaterMark ?? 1000;
    this.overflow = options.overflow ?? 'drop-oldest';
    this.onClose = options.onClose;
    if (!Number.isInteger(this.highWaterMark) || this.highWaterMark < 1) {
      throw new ConfigurationError(`highWaterMark must be a positive integer, got ${this.highWaterMark}`);
    }
  }

  /** Values waiting to be read. */
  get size(): number {
    return this.buffer.length;
  }

  /** True once no more values will be accepted. */
  get closed(): boolean {
    return this.ended || this.failure !== undefined;
  }

  /** Hands `value` to a waiting reader or buffers it; ignored once closed. */
  push(value: T): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve({ value, done: false });
      return;
    }
    if (this.buffer.length >= this.highWaterMark) {
      if (this.overflow === 'error') {
        this.fail(new StreamOverflowError(
          `Stream consumer fell behind: more than ${this.highWaterMark} values buffered`,
          { highWaterMark: this.highWaterMark },
        ));
        return;
      }
      this.buffer.shift();
      this.dropped += 1;
    }
    this.buffer.push(value);
  }

  /** Ends the iteration after the buffered values. */
  end(): void {
    if (this.closed) return;
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
    this.runClose();
  }

  /** Makes the iteration throw `error` after the buffered values. */
  fail(error: unknown): void {
    if (this.closed) return;
    const waiters = this.waiters.splice(0);
    if (waiters.length > 0) {
      // A waiting reader means the buffer is empty: the failure is reported now, and only once.
      this.ended = true;
      for (const waiter of waiters) waiter.reject(error);
    } else {
      this.failure = { error };
    }
    this.runClose();
  }

  /** Next value, waiting for one if the buffer is empty. */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failure !== undefined) {
      const { error } = this.failure;
      // Report the failure once; afterwards the iterator is simply done, as generators behave.
      this.failure = undefined;
      this.ended = true;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Stops the iteration now, discarding buffered values. */
  return(): Promise<IteratorResult<T, undefined>> {
    this.buffer.length = 0;
    this.failure = undefined;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Same as `return()`; the error is the caller's to handle. */
  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private runClose(): void {
    if (this.closeRan) return;
    this.closeRan = true;
    this.onClose?.();
  }
}

/** Something that can be unsubscribed: a function, or an object with `unsubscribe()`. */
export type Unsubscribe = (() => unknown) | { unsubscribe(): unknown };

/**
 * Turns a callback subscription into an async iterator. `subscribe` receives the push function;
 * ending the iteration (`break`, `return()`, overflow error) unsubscribes exactly once, including
 * when it ends before `subscribe` has resolved.
 */
export function fromSubscription<T>(
  subscribe: (push: (value: T) => void) => Unsubscribe | Promise<Unsubscribe>,
  options: Omit<AsyncQueueOptions, 'onClose'> = {},
): AsyncQueue<T> {
  let unsubscribe: Unsubscribe | undefined;
  let closed = false;
  const release = (handle: Unsubscribe): void => {
    // An unsubscribe that fails after the consumer left has nobody to report to; it must not
    // turn the consumer's `break` into an exception either.
    let result: unknown;
    try {
      result = typeof handle === 'function' ? handle() : handle.unsubscribe();
    } catch {
      return;
    }
    if (result instanceof Promise) result.catch(() => undefined);
  };
  const queue = new AsyncQueue<T>({
    ...options,
    onClose: () => {
      closed = true;
      if (unsubscribe !== undefined) release(unsubscribe);
    },
  });
  let subscribed: Unsubscribe | Promise<Unsubscribe>;
  try {
    subscribed = subscribe((value) => queue.push(value));
  } catch (error) {
    queue.fail(error);
    return queue;
  }
  Promise.resolve(subscribed).then(
    (handle) => {
      if (closed) release(handle);
      else unsubscribe = handle;
    },
    (error: unknown) => queue.fail(error),
  );
  return queue;
}
