import { describe, expect, it } from 'vitest';
import { delay } from '../../src/core/clock.js';
import { Decimal } from '../../src/core/decimal.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
// From the package root, as users import them.
import type { Candlestick, Trade } from '../../src/index.js';
import { scaledSimulator } from './support/scaled-sim.js';
import { until } from '../support/until.js';

const { sim, clock, connect } = scaledSimulator(12);

interface RestTrade {
  id: number;
  price: string;
  qty: string;
  time: number;
  isBuyerMaker: boolean;
}

describe('trade stream against the simulator', () => {
  it('trades arrive once each, in order, with the values REST trades reports', async () => {
    const c = await connect();
    const trades: Trade[] = [];
    await c.subscribeTrades('BTCUSDT', (trade) => trades.push(trade));
    await until(() => trades.length >= 5);
    const response = await fetch(`${sim().restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1000`);
    const rest = new Map(((await response.json()) as RestTrade[]).map((t) => [t.id, t]));
    const seen = trades.slice(0, 5);
    for (const [i, trade] of seen.entries()) {
      const expected = rest.get(trade.tradeId);
      expect(expected, `trade ${trade.tradeId} in REST trades`).toBeDefined();
      expect(trade.price).toBeInstanceOf(Decimal);
      expect([trade.symbol, trade.price.toFixed(8), trade.quantity.toFixed(8), trade.time, trade.isBuyerMaker])
        .toEqual(['BTCUSDT', expected!.price, expected!.qty, expected!.time, expected!.isBuyerMaker]);
      expect(trade.eventTime).toBeGreaterThanOrEqual(trade.time);
      if (i > 0) expect(trade.tradeId).toBeGreaterThan(seen[i - 1]!.tradeId);
    }
  });

  it('stops delivering once unsubscribed', async () => {
    const c = await connect();
    const trades: Trade[] = [];
    const subscription = await c.subscribeTrades('BTCUSDT', (trade) => trades.push(trade));
    await until(() => trades.length >= 1);
    await subscription.unsubscribe();
    const count = trades.length;
    // Several trades' worth of market time.
    await delay(1_200, clock);
    expect(trades.length).toBe(count);
  });

  it('rejects an unknown symbol before subscribing', async () => {
    const c = await connect();
    await expect(c.subscribeTrades('NOSUCHPAIR', () => undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('stream candles carry their event time; REST candles have none', async () => {
    const c = await connect();
    const candles: Candlestick[] = [];
    const before = clock.now();
    await c.subscribeCandlesticks('BTCUSDT', '1s', (candle) => candles.push(candle));
    await until(() => candles.length >= 2);
    for (const candle of candles) {
      expect(candle.eventTime).toBeGreaterThanOrEqual(before - 1_000);
      expect(candle.eventTime).toBeLessThanOrEqual(clock.now());
      expect(candle.eventTime).toBeGreaterThanOrEqual(candle.openTime);
    }
    const [rest] = await c.getCandles('BTCUSDT', '1s', { limit: 1 });
    expect(rest).toBeDefined();
    expect('eventTime' in rest!).toBe(false);
  });
});
