import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pagedCandles } from '../../src/binance/paged-candles-fast.js';
import { pagedCandles as reference } from '../../src/binance/paged-candles-reference.js';
import { Decimal } from '../../src/core/decimal.js';
import type { Candlestick } from '../../src/core/models.js';

function candle(openTime: number): Candlestick {
  const one = new Decimal(1);
  return {
    symbol: 'BTCUSDT', interval: '1m', openTime, closeTime: openTime + 59_999,
    open: one, high: one, low: one, close: one, volume: one, quoteVolume: one, trades: 1, closed: true,
  };
}

/** Pages of the given open times (in minutes), recording how far the consumer pulled. */
function pagesOf(minutes: number[][], log: string[] = []): AsyncGenerator<Candlestick[], void, undefined> {
  return (async function* pages() {
    try {
      for (const [index, page] of minutes.entries()) {
        log.push(`page ${index}`);
        await Promise.resolve();
        yield page.map((m) => candle(m * 60_000));
      }
    } finally {
      log.push('closed');
    }
  })();
}

async function minutesOf(stream: AsyncIterable<Candlestick>): Promise<number[]> {
  const out: number[] = [];
  for await (const c of stream) out.push(c.openTime / 60_000);
  return out;
}

describe('pagedCandles', () => {
  it('gives every candle in order, dropping repeats at page edges and skipping empty pages', async () => {
    expect(await minutesOf(pagedCandles(pagesOf([[1, 2, 3], [3, 4], [], [4], [5, 6]])))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('answers next() calls made while a page is pending in order, then done', async () => {
    const stream = pagedCandles(pagesOf([[1, 2], [3]]));
    const results = await Promise.all([stream.next(), stream.next(), stream.next(), stream.next(), stream.next()]);
    expect(results.map((r) => (r.done === true ? 'done' : r.value.openTime / 60_000))).toEqual([1, 2, 3, 'done', 'done']);
  });

  it('return() stops the pages: breaking out of the loop fetches no further page', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const c of pagedCandles(pagesOf([[1, 2], [3, 4], [5, 6]], log))) {
      seen.push(c.openTime / 60_000);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log).toEqual(['page 0', 'page 1', 'closed']);
  });

  it('a failing page rejects next() once, then the stream is done', async () => {
    const failing = (async function* pages() {
      yield [candle(60_000)];
      throw new Error('page failed');
    })();
    const stream = pagedCandles(failing);
    expect((await stream.next()).value?.openTime).toBe(60_000);
    await expect(stream.next()).rejects.toThrow('page failed');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('a failing page rejects only the next() call that pulled it; next() calls waiting on it get done', async () => {
    const stream = pagedCandles((async function* failing() {
      for (const page of [undefined, []]) {
        await Promise.resolve();
        if (page === undefined) throw new Error('page failed');
        yield page;
      }
    })());
    const results = await Promise.allSettled([stream.next(), stream.next()]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual(['page failed', { value: undefined, done: true }]);
  });

  it('is done after return() even when return() came while a page was pending', async () => {
    const stream = pagedCandles(pagesOf([[1, 2, 3]]));
    const [first, returned] = await Promise.all([stream.next(), stream.return(undefined)]);
    expect([first.value?.openTime, returned.done]).toEqual([60_000, true]);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('throw() ends the stream and rejects with the error', async () => {
    const log: string[] = [];
    const stream = pagedCandles(pagesOf([[1], [2]], log));
    await stream.next();
    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['page 0', 'closed']);
  });
});

type PagedCandlesFn = typeof pagedCandles;

/** A step of a consumer: `next()` calls made at once, `return()`, `throw()`, or `next()` and `return()` racing either way. */
type Step = { kind: 'next'; calls: number } | { kind: 'return' } | { kind: 'throw' } | { kind: 'nextThenReturn' } | { kind: 'returnThenNext' };

const step = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }).map((calls): Step => ({ kind: 'next', calls })) },
  { weight: 1, arbitrary: fc.constantFrom<Step>({ kind: 'return' }, { kind: 'throw' }, { kind: 'nextThenReturn' }, { kind: 'returnThenNext' }) },
);

/** Pages of any sizes (empty ones included), open times that repeat and go back, and maybe a page that fails. */
const scenario = fc.record({
  pages: fc.array(fc.array(fc.nat(40), { maxLength: 7 }), { maxLength: 7 }),
  failAt: fc.option(fc.nat(7), { nil: undefined }),
  steps: fc.array(step, { minLength: 1, maxLength: 12 }),
});

/**
 * What a consumer sees running `steps` against one implementation: what each call settled with,
 * and what the page source saw, in order (pages pulled, closed). Not the order in which calls made
 * together settle: both give each call the same result, a native generator settles them in call order.
 */
async function observe(implementation: PagedCandlesFn, { pages, failAt, steps }: { pages: number[][]; failAt: number | undefined; steps: Step[] }): Promise<{ calls: Record<string, string>; source: string[] }> {
  const log: string[] = [];
  const calls: Record<string, string> = {};
  const source = (async function* source() {
    try {
      for (const [index, page] of pages.entries()) {
        log.push(`pull ${index}`);
        await Promise.resolve();
        if (index === failAt) throw new Error(`page ${index} failed`);
        yield page.map((m) => candle(m * 60_000));
      }
    } finally {
      log.push('closed');
    }
  })();
  const stream = implementation(source);
  const settle = (label: string, call: Promise<IteratorResult<Candlestick, void>>): Promise<void> => call.then(
    (result) => { calls[label] = result.done === true ? 'done' : `${result.value.openTime / 60_000}`; },
    (error: unknown) => { calls[label] = `rejects ${(error as Error).message}`; },
  );
  for (const [index, current] of steps.entries()) {
    const label = `#${index}`;
    if (current.kind === 'next') await Promise.all(Array.from({ length: current.calls }, (_, k) => settle(`${label}.${k} next`, stream.next())));
    else if (current.kind === 'return') await settle(`${label} return`, stream.return(undefined));
    else if (current.kind === 'throw') await settle(`${label} throw`, stream.throw(new Error('thrown in')));
    else if (current.kind === 'nextThenReturn') await Promise.all([settle(`${label} next`, stream.next()), settle(`${label} return`, stream.return(undefined))]);
    else await Promise.all([settle(`${label} return`, stream.return(undefined)), settle(`${label} next`, stream.next())]);
  }
  // Whatever the steps left, the rest of the stream, read to its end.
  for (let k = 0; k < 60; k++) {
    const label = `rest ${k} next`;
    await settle(label, stream.next());
    if (calls[label] === 'done' || calls[label]!.startsWith('rejects')) break;
  }
  return { calls, source: log };
}

describe('pagedCandles (optimisation) against a native async generator (reference)', () => {
  it('gives each call the same result and pulls and closes the pages alike, for any pages, concurrent next() and early return()', async () => {
    await fc.assert(fc.asyncProperty(scenario, async (run) => {
      expect(await observe(pagedCandles, run)).toEqual(await observe(reference, run));
    }), { seed: 20261203, numRuns: 1000 });
  });
});
