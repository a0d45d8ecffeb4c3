import { describe, expect, it } from 'vitest';
import { AsyncQueue, fromSubscription } from '../../../src/core/stream/async-queue.js';
import { StreamOverflowError } from '../../../src/core/stream/stream-errors.js';
import { SubscriptionRegistry } from '../../../src/core/stream/subscription-registry.js';

describe('fromSubscription', () => {
  it('delivers pushed values in order and unsubscribes when the loop breaks', async () => {
    const registry = new SubscriptionRegistry<number>();
    const feed = fromSubscription<number>((push) => {
      const handle = registry.add('btcusdt@trade', push);
      return () => handle.remove();
    });
    registry.dispatch('btcusdt@trade', 1);
    registry.dispatch('btcusdt@trade', 2);
    const seen: number[] = [];
    for await (const value of feed) {
      seen.push(value);
      if (value === 2) setImmediate(() => registry.dispatch('btcusdt@trade', 3));
      if (value === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(registry.has('btcusdt@trade')).toBe(false);
  });

  it('unsubscribes once an asynchronous subscribe resolves, if return() came first', async () => {
    let unsubscribed = 0;
    let resolveSubscribe: () => void = () => undefined;
    const feed = fromSubscription<number>(() => new Promise((resolve) => {
      resolveSubscribe = () => resolve({ unsubscribe: () => { unsubscribed += 1; } });
    }));
    expect(await feed.return()).toEqual({ value: undefined, done: true });
    expect(unsubscribed).toBe(0);
    resolveSubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unsubscribed).toBe(1);
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it('ends the loop normally when the unsubscribe function throws', async () => {
    const feed = fromSubscription<number>((push) => {
      push(1);
      return () => {
        throw new Error('unsubscribe bug');
      };
    });
    await new Promise((resolve) => setImmediate(resolve));
    const seen: number[] = [];
    const loop = async (): Promise<void> => {
      for await (const value of feed) {
        seen.push(value);
        break;
      }
    };
    await expect(loop()).resolves.toBeUndefined();
    expect(seen).toEqual([1]);
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it('throws the subscribe failure from the iterator', async () => {
    const feed = fromSubscription<number>(() => Promise.reject(new Error('unknown symbol')));
    await expect(feed.next()).rejects.toThrow('unknown symbol');
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });
});

describe('AsyncQueue', () => {
  it('drops the oldest value when full by default, counting the drops', async () => {
    const queue = new AsyncQueue<number>({ highWaterMark: 2 });
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    expect(queue.dropped).toBe(2);
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(await queue.next()).toEqual({ value: 4, done: false });
  });

  it('with the error policy, delivers what it buffered, then throws StreamOverflowError and closes', async () => {
    let closed = 0;
    const queue = new AsyncQueue<number>({ highWaterMark: 2, overflow: 'error', onClose: () => { closed += 1; } });
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    expect(closed).toBe(1);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    await expect(queue.next()).rejects.toBeInstanceOf(StreamOverflowError);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('wakes a waiting reader on push, end and fail', async () => {
    const queue = new AsyncQueue<string>();
    const first = queue.next();
    queue.push('a');
    expect(await first).toEqual({ value: 'a', done: false });
    const second = queue.next();
    queue.end();
    expect(await second).toEqual({ value: undefined, done: true });

    const failing = new AsyncQueue<string>();
    const waiting = failing.next();
    failing.fail(new Error('socket closed'));
    await expect(waiting).rejects.toThrow('socket closed');
    expect(await failing.next()).toEqual({ value: undefined, done: true });
  });

  it('ignores pushes after return() and runs onClose once', async () => {
    let closed = 0;
    const queue = new AsyncQueue<number>({ onClose: () => { closed += 1; } });
    queue.push(1);
    await queue.return();
    queue.push(2);
    await queue.return();
    await expect(queue.throw(new Error('x'))).rejects.toThrow('x');
    expect(closed).toBe(1);
    expect(queue.size).toBe(0);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});
