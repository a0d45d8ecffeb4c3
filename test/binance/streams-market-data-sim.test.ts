import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
// From the package root, as users import them.
import type { AggregateTrade, BookTicker, MarketTicker, Trade } from '../../src/index.js';
import { delay } from '../../src/core/clock.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../src/simulator/index.js';
import { signed } from '../simulator/support.js';
import { scaledSimulator } from './support/scaled-sim.js';
import { until } from '../support/until.js';

/** Book ticker, aggregate trade and all-market ticker streams, against the simulator. */

const { sim, clock, connect } = scaledSimulator(19);

describe('book ticker stream', () => {
  it('delivers the best bid and ask with the book\'s update id, each update a change', async () => {
    const c = await connect();
    const updates: BookTicker[] = [];
    await c.subscribeBookTicker('btcusdt', (ticker) => updates.push(ticker));
    await until(() => updates.length >= 3);
    for (const [i, update] of updates.entries()) {
      expect(update.symbol).toBe('BTCUSDT');
      expect(update.bidPrice).toBeInstanceOf(Decimal);
      expect(update.bidPrice.lt(update.askPrice)).toBe(true);
      expect(update.bidQuantity.gt(0) && update.askQuantity.gt(0)).toBe(true);
      if (i > 0) {
        const before = updates[i - 1]!;
        expect(update.updateId!).toBeGreaterThan(before.updateId!);
        const same = update.bidPrice.eq(before.bidPrice) && update.bidQuantity.eq(before.bidQuantity)
          && update.askPrice.eq(before.askPrice) && update.askQuantity.eq(before.askQuantity);
        expect(same).toBe(false);
      }
    }
  });

  it('streamBookTicker yields the same updates as an async iterator, and leaving the loop unsubscribes', async () => {
    const c = await connect();
    const seen: BookTicker[] = [];
    for await (const ticker of c.streamBookTicker('ETHUSDT')) {
      seen.push(ticker);
      if (seen.length === 2) break;
    }
    expect(seen.map((t) => t.symbol)).toEqual(['ETHUSDT', 'ETHUSDT']);
    // The last stream left, so its connection closed.
    expect(c.metrics().streams.connections.market).toEqual([]);
  });

  it('rejects an unknown symbol before subscribing', async () => {
    const c = await connect();
    await expect(c.subscribeBookTicker('NOSUCHPAIR', () => undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(c.subscribeAggregateTrades('NOSUCHPAIR', () => undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('aggregate trade stream', () => {
  it('delivers aggregate trades in order with the values REST aggTrades reports', async () => {
    const c = await connect();
    const trades: AggregateTrade[] = [];
    await c.subscribeAggregateTrades('BTCUSDT', (trade) => trades.push(trade));
    await until(() => trades.length >= 4);
    const first = trades[0]!;
    const rest = await c.getAggregateTrades('BTCUSDT', { fromId: first.aggregateTradeId, limit: 4 });
    const seen = trades.slice(0, 4);
    expect(seen.map(({ eventTime: _eventTime, ...trade }) => trade)).toEqual(rest);
    for (const trade of seen) expect(trade.eventTime!).toBeGreaterThanOrEqual(trade.time);
  });
});

describe('all-market tickers', () => {
  it('the default window is !miniTicker@arr: prices and volumes of the symbols that changed, nothing else', async () => {
    const c = await connect();
    const updates: MarketTicker[][] = [];
    await c.subscribeAllTickers((tickers) => updates.push(tickers));
    await until(() => updates.length >= 2);
    const symbols = new Set(updates.flat().map((t) => t.symbol));
    expect([...symbols].every((s) => ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'].includes(s))).toBe(true);
    for (const ticker of updates.flat()) {
      expect(ticker.window).toBe('24h');
      expect([ticker.priceChangePercent, ticker.weightedAveragePrice, ticker.openTime, ticker.closeTime, ticker.trades])
        .toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(ticker.lowPrice.lte(ticker.lastPrice) && ticker.lastPrice.lte(ticker.highPrice)).toBe(true);
    }
    // The first update carries every symbol (each changed from nothing), later ones only those that changed.
    expect(updates[0]!.map((t) => t.symbol).sort()).toEqual(['BNBUSDT', 'BTCUSDT', 'ETHBTC', 'ETHUSDT']);
  });

  it('a rolling window is !ticker_<window>@arr, with change, average, times and trade count', async () => {
    const c = await connect();
    const seen: MarketTicker[][] = [];
    for await (const tickers of c.streamAllTickers({ window: '1h' })) {
      seen.push(tickers);
      break;
    }
    const [ticker] = seen[0]!;
    expect(ticker!.window).toBe('1h');
    expect(ticker!.priceChangePercent).toBeInstanceOf(Decimal);
    expect(ticker!.weightedAveragePrice).toBeInstanceOf(Decimal);
    expect(ticker!.closeTime! - ticker!.openTime!).toBeGreaterThanOrEqual(3_600_000);
    expect(ticker!.trades).toBeGreaterThan(0);
  });

  it('refuses a window Binance does not serve', async () => {
    const c = await connect();
    const error = await c.subscribeAllTickers(() => undefined, { window: '2h' as '1h' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).field).toBe('window');
  });
});

describe('trade ids on the stream', () => {
  it('a user\'s trade in the middle of a second leaves the stream and REST with the same id for every trade', async () => {
    const c = await connect();
    const trades: Trade[] = [];
    await c.subscribeTrades('BTCUSDT', (trade) => trades.push(trade));
    await until(() => trades.length >= 1);
    for (let i = 0; i < 4; i += 1) {
      const placed = await signed(sim().restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET },
        { symbol: 'BTCUSDT', side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: '0.001', recvWindow: '60000' }, { timestamp: clock.now() });
      expect(placed.status).toBe(200);
      await delay(clock.fromWall(30), clock);
    }
    const last = clock.now();
    await until(() => (trades.at(-1)?.time ?? 0) > last + 1000);
    const rest = new Map<number, { time: number; price: string }>();
    for (let fromId = trades[0]!.tradeId; fromId <= trades.at(-1)!.tradeId;) {
      const page = await (await fetch(`${sim().restUrl}/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${fromId}&limit=1000`)).json() as { id: number; time: number; price: string }[];
      for (const trade of page) rest.set(trade.id, trade);
      fromId = page.at(-1)!.id + 1;
    }
    const differing = trades.filter((t) => rest.get(t.tradeId)?.time !== t.time || rest.get(t.tradeId)?.price !== t.price.toFixed(8));
    expect(differing.map((t) => [t.tradeId, t.time, t.price.toFixed(8), rest.get(t.tradeId)])).toEqual([]);
    expect(trades.map((t) => t.tradeId)).toEqual([...rest.keys()].filter((id) => id <= trades.at(-1)!.tradeId));
  });
});
