import type { BookTicker, MarketTicker } from '../core/models.js';
import { isoTime, table, type CountedItems } from './format.js';
import type { StreamPresenter } from './stream-runner.js';

/** How `autotrader stream book-ticker` and `stream tickers` read: as JSON, as plain lines and in the live view. */

/** What `--count` counts for these streams. */
export const MARKET_COUNTED = {
  bookTicker: { one: 'book ticker update', many: 'book ticker updates' },
  tickers: { one: 'tickers update', many: 'tickers updates' },
} as const satisfies Record<string, CountedItems>;

/** A book ticker update as JSON, decimals as strings. */
function bookTickerJson(t: BookTicker): Record<string, string | number | undefined> {
  return {
    symbol: t.symbol, bidPrice: t.bidPrice.toFixed(), bidQuantity: t.bidQuantity.toFixed(),
    askPrice: t.askPrice.toFixed(), askQuantity: t.askQuantity.toFixed(), updateId: t.updateId,
  };
}

/** An all-market ticker as JSON; what its window does not carry is left out. */
function marketTickerJson(t: MarketTicker): Record<string, string | number> {
  const out: Record<string, string | number> = {
    symbol: t.symbol, window: t.window, lastPrice: t.lastPrice.toFixed(), openPrice: t.openPrice.toFixed(),
    highPrice: t.highPrice.toFixed(), lowPrice: t.lowPrice.toFixed(), volume: t.volume.toFixed(), quoteVolume: t.quoteVolume.toFixed(),
    eventTime: t.eventTime,
  };
  if (t.priceChangePercent !== undefined) out.priceChangePercent = t.priceChangePercent.toFixed();
  if (t.weightedAveragePrice !== undefined) out.weightedAveragePrice = t.weightedAveragePrice.toFixed();
  if (t.openTime !== undefined) out.openTime = t.openTime;
  if (t.closeTime !== undefined) out.closeTime = t.closeTime;
  if (t.trades !== undefined) out.trades = t.trades;
  return out;
}

function bookTickerText(t: BookTicker): string {
  return `bid ${t.bidQuantity.toFixed()} @ ${t.bidPrice.toFixed()}  ask ${t.askPrice.toFixed()} x ${t.askQuantity.toFixed()}  `
    + `spread ${t.askPrice.minus(t.bidPrice).toFixed()}`;
}

/** The best bid and ask of a symbol, redrawn in place as they change. */
export function bookTickerPresenter(symbol: string, streamUrl: string): StreamPresenter<BookTicker> {
  return {
    title: `${symbol} best bid and ask`,
    subject: { stream: 'book-ticker', symbol, url: streamUrl },
    json: (t) => ({ event: 'bookTicker', ...bookTickerJson(t) }),
    line: (t) => `${t.symbol} update ${t.updateId ?? '-'} ${bookTickerText(t)}`,
    log: () => undefined,
    area: (t) => [bookTickerText(t), `update ${t.updateId ?? '-'}`],
    counts: () => true,
    counted: MARKET_COUNTED.bookTicker,
  };
}

/**
 * The whole market's tickers: every symbol seen so far in a table redrawn in place, each row
 * replaced when its symbol changes (an update carries only the symbols that changed).
 */
export function tickersPresenter(window: MarketTicker['window'], streamUrl: string): StreamPresenter<MarketTicker[]> {
  const latest = new Map<string, MarketTicker>();
  const rolling = window !== '24h';
  return {
    title: `all-market tickers (${window})`,
    subject: { stream: 'tickers', window, url: streamUrl },
    json: (tickers) => ({ event: 'tickers', tickers: tickers.map(marketTickerJson) }),
    line: (tickers) => tickers.map((t) => `${isoTime(t.eventTime)} ${t.symbol} last ${t.lastPrice.toFixed()} open ${t.openPrice.toFixed()} `
      + `high ${t.highPrice.toFixed()} low ${t.lowPrice.toFixed()} volume ${t.volume.toFixed()}`
      + `${t.priceChangePercent === undefined ? '' : ` change ${t.priceChangePercent.toFixed()}%`}`).join('\n'),
    log: () => undefined,
    area: (tickers, size) => {
      for (const t of tickers) latest.set(t.symbol, t);
      const rows = [...latest.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1))
        .slice(0, size.rows === undefined ? undefined : Math.max(1, size.rows - 3))
        .map((t) => [
          t.symbol, t.lastPrice.toFixed(), t.openPrice.toFixed(), t.highPrice.toFixed(), t.lowPrice.toFixed(), t.volume.toFixed(),
          ...(rolling ? [t.priceChangePercent?.toFixed() ?? ''] : []),
        ]);
      const headers = ['symbol', 'last', 'open', 'high', 'low', 'volume', ...(rolling ? ['change %'] : [])];
      return [...table(headers, rows).split('\n'), `${latest.size} symbols, ${tickers.length} changed at ${isoTime(tickers[0]?.eventTime ?? 0)}`];
    },
    counts: () => true,
    counted: MARKET_COUNTED.tickers,
  };
}
