import type { Candlestick } from '../core/models.js';

/**
 * The plain reference for `paged-candles-fast.ts`, with the same signature: a native async
 * generator over the pages, giving each open time once and in order; leaving it early returns
 * `pages` (what `for await` does).
 */
export async function* pagedCandles(pages: AsyncGenerator<readonly Candlestick[], void, undefined>): AsyncGenerator<Candlestick, void, undefined> {
  let last = -Infinity;
  for await (const page of pages) {
    for (const candle of page) {
      if (candle.openTime <= last) continue;
      last = candle.openTime;
      yield candle;
    }
  }
}
