import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { SubscriptionRegistry, chunk } from '../../../src/core/stream/subscription-registry.js';

const noop = (): void => undefined;

describe('SubscriptionRegistry', () => {
  it('spreads streams over connections of at most 1024 by default', () => {
    const registry = new SubscriptionRegistry();
    for (let i = 0; i < 1030; i += 1) registry.add(`s${i}@trade`, noop);
    expect(registry.groups().map((g) => g.length)).toEqual([1024, 6]);
    expect(registry.connectionOf('s1023@trade')).toBe(0);
    expect(registry.connectionOf('s1024@trade')).toBe(1);
    expect(registry.connectionCount).toBe(2);
  });

  it('counts references per stream and only drops the stream with the last one', () => {
    const registry = new SubscriptionRegistry();
    const a = registry.add('btcusdt@kline_1m', noop);
    const b = registry.add('btcusdt@kline_1m', noop);
    expect([a.first, b.first]).toEqual([true, false]);
    expect(registry.refCount('btcusdt@kline_1m')).toBe(2);
    expect(a.remove()).toBe(false);
    expect(a.remove()).toBe(false);
    expect(registry.refCount('btcusdt@kline_1m')).toBe(1);
    expect(b.remove()).toBe(true);
    expect(registry.has('btcusdt@kline_1m')).toBe(false);
    expect(registry.streams()).toEqual([]);
  });

  it('keeps streams where they are and refills freed room first', () => {
    const registry = new SubscriptionRegistry({ maxStreamsPerConnection: 2 });
    const handles = ['a', 'b', 'c'].map((s) => registry.add(s, noop));
    expect(registry.groups()).toEqual([['a', 'b'], ['c']]);
    handles[0]?.remove();
    registry.add('d', noop);
    expect(registry.groups()).toEqual([['b', 'd'], ['c']]);
    expect(registry.streamsOf(1)).toEqual(['c']);
  });

  it('calls every listener of a stream and only theirs', () => {
    const registry = new SubscriptionRegistry<number>();
    const seen: string[] = [];
    registry.add('x', (n) => seen.push(`x1:${n}`));
    registry.add('x', (n) => seen.push(`x2:${n}`));
    registry.add('y', (n) => seen.push(`y:${n}`));
    expect(registry.dispatch('x', 7)).toBe(2);
    expect(registry.dispatch('z', 7)).toBe(0);
    expect(seen).toEqual(['x1:7', 'x2:7']);
  });

  it('still calls the other listeners when one throws, then throws its error', () => {
    const registry = new SubscriptionRegistry<number>();
    const seen: number[] = [];
    registry.add('x', () => {
      throw new Error('listener failed');
    });
    registry.add('x', (n) => seen.push(n));
    expect(() => registry.dispatch('x', 1)).toThrow('listener failed');
    expect(seen).toEqual([1]);
  });

  it('diffs wanted against subscribed per connection and replays everything after a reset', () => {
    const registry = new SubscriptionRegistry({ maxStreamsPerConnection: 2 });
    const a = registry.add('a', noop);
    registry.add('b', noop);
    registry.add('c', noop);
    expect(registry.pending(0)).toEqual({ subscribe: ['a', 'b'], unsubscribe: [] });
    registry.markSubscribed(0, ['a', 'b']);
    registry.markSubscribed(1, ['c']);
    expect(registry.pending(0)).toEqual({ subscribe: [], unsubscribe: [] });

    a.remove();
    registry.add('d', noop);
    expect(registry.pending(0)).toEqual({ subscribe: ['d'], unsubscribe: ['a'] });
    registry.markUnsubscribed(0, ['a']);
    registry.markSubscribed(0, ['d']);
    expect(registry.pending(0)).toEqual({ subscribe: [], unsubscribe: [] });

    registry.resetConnection(0);
    expect(registry.pending(0)).toEqual({ subscribe: ['b', 'd'], unsubscribe: [] });
    expect(registry.pending(1)).toEqual({ subscribe: [], unsubscribe: [] });
    expect(registry.pending(5)).toEqual({ subscribe: [], unsubscribe: [] });
  });

  it('re-adding a removed stream is a fresh first reference', () => {
    const registry = new SubscriptionRegistry();
    const old = registry.add('a', noop);
    old.remove();
    const fresh = registry.add('a', noop);
    expect(fresh.first).toBe(true);
    expect(old.remove()).toBe(false);
    expect(registry.refCount('a')).toBe(1);
  });

  it('rejects a connection size that is not a positive integer', () => {
    expect(() => new SubscriptionRegistry({ maxStreamsPerConnection: 0 })).toThrow(ConfigurationError);
  });
});

describe('chunk', () => {
  it('splits a list into runs of at most the given size', () => {
    expect(chunk(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk(['a'], 0)).toThrow(ConfigurationError);
  });
});
