import { describe, expect, it } from 'vitest';
import { PagedCandles } from '../../src/binance/paged-candles.js';
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

describe('PagedCandles', () => {
  it('gives every candle in order, dropping repeats at page edges and skipping empty pages', async () => {
    expect(await minutesOf(new PagedCandles(pagesOf([[1, 2, 3], [3, 4], [], [4], [5, 6]])))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('answers next() calls made while a page is pending in order, then done', async () => {
    const stream = new PagedCandles(pagesOf([[1, 2], [3]]));
    const results = await Promise.all([stream.next(), stream.next(), stream.next(), stream.next(), stream.next()]);
    expect(results.map((r) => (r.done === true ? 'done' : r.value.openTime / 60_000))).toEqual([1, 2, 3, 'done', 'done']);
  });

  it('return() stops the pages: breaking out of the loop fetches no further page', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const c of new PagedCandles(pagesOf([[1, 2], [3, 4], [5, 6]], log))) {
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
    const stream = new PagedCandles(failing);
    expect((await stream.next()).value?.openTime).toBe(60_000);
    await expect(stream.next()).rejects.toThrow('page failed');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('throw() ends the stream and rejects with the error', async () => {
    const log: string[] = [];
    const stream = new PagedCandles(pagesOf([[1], [2]], log));
    await stream.next();
    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['page 0', 'closed']);
  });
});
