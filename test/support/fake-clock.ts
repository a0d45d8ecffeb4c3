import type { Clock, TimerHandle } from '../../src/core/clock.js';

/** A timer the fake clock holds until its due time. */
export interface FakeTimer {
  readonly id: number;
  /** Epoch milliseconds at which it fires next. */
  at: number;
  /** Delay it was scheduled with (the period, for intervals). */
  readonly delayMs: number;
  readonly interval: boolean;
  readonly callback: () => void;
}

/**
 * A manual clock for tests: time moves only through `advance()` or `tick()`, timers run in due
 * order, and every scheduled delay is recorded so tests can assert it instead of sleeping.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, FakeTimer>();
  /** Every delay passed to `setTimeout` or `setInterval`, in call order. */
  readonly scheduled: number[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.#add(callback, ms, false);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(Number(handle));
  }

  setInterval(callback: () => void, ms: number): TimerHandle {
    return this.#add(callback, ms, true);
  }

  clearInterval(handle: TimerHandle): void {
    this.#timers.delete(Number(handle));
  }

  /** Timers still pending, soonest first. */
  pending(): FakeTimer[] {
    return [...this.#timers.values()].sort((a, b) => a.at - b.at || a.id - b.id);
  }

  /** Milliseconds until each pending timer fires, soonest first. */
  pendingDelays(): number[] {
    return this.pending().map((timer) => timer.at - this.#now);
  }

  /** Moves time forward by `ms`, running due timers in order (synchronously). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (let timer = this.#nextDue(target); timer; timer = this.#nextDue(target)) {
      this.#now = timer.at;
      this.#fire(timer);
    }
    this.#now = target;
  }

  /** Like `advance()`, but lets promise callbacks run after each timer, so async code can react. */
  async tick(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushMicrotasks();
    for (let timer = this.#nextDue(target); timer; timer = this.#nextDue(target)) {
      this.#now = timer.at;
      this.#fire(timer);
      await flushMicrotasks();
    }
    this.#now = target;
  }

  #add(callback: () => void, ms: number, interval: boolean): TimerHandle {
    const delayMs = Math.max(0, ms);
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + delayMs, delayMs, interval, callback });
    this.scheduled.push(delayMs);
    // Real handles are objects; callers treat them as opaque, so a number stands in for one.
    return id as unknown as TimerHandle;
  }

  #nextDue(target: number): FakeTimer | undefined {
    const next = this.pending()[0];
    return next !== undefined && next.at <= target ? next : undefined;
  }

  #fire(timer: FakeTimer): void {
    if (timer.interval) {
      timer.at += Math.max(1, timer.delayMs);
    } else {
      this.#timers.delete(timer.id);
    }
    timer.callback();
  }
}

/** Lets every pending promise callback run (a real macrotask turn, untouched by the fake clock). */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Moves `clock` on by `stepMs` at a time, with a real pause of a few milliseconds between steps
 * for sockets to deliver, until `predicate` holds; throws after `maxSteps` steps.
 */
export async function tickUntil(clock: FakeClock, predicate: () => boolean, stepMs = 5, maxSteps = 1_000): Promise<void> {
  for (let step = 0; !predicate(); step += 1) {
    if (step === maxSteps) throw new Error(`condition not met within ${maxSteps} steps of ${stepMs} ms`);
    await clock.tick(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
