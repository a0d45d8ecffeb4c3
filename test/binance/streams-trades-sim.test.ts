import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { delay } from '../../src/core/clock.js';
import { Decimal } from '../../src/core/decimal.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
// From the package root, as users import them.
import type { Candlestick, Trade } from '../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ScaledClock } from '../support/scaled-clock.js';
import { until } from '../support/until.js';

let sim: SimulatorHandle;
const connectors: BinanceConnector[] = [];
/** The simulator and the connectors share a clock ten times faster than the wall: the market trades ten times as often. */
const clock = new ScaledClock({ speed: 10 });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 12, clock });
});

afterEach(async () => {
  for (const c of connectors.splice(0)) await c.disconnect();
});

afterAll(async () => {
  await sim.close();
  // The simulator and every connector released their timers.
  expect(clock.pendingCount()).toBe(0);
});

async function connect(): Promise<BinanceConnector> {
  const c = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl, clock,
    streams: { requestTimeoutMs: clock.fromWall(10_000) },
  });
  connectors.push(c);
  await c.connect();
  return c;
}

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
    const response = await fetch(`${sim.restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1000`);
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
