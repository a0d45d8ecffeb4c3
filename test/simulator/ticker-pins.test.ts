import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, SPOT_SYMBOLS, startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { Exchange } from '../../src/simulator/exchange.js';
import { miniTickerPayload, rollingTickerPayload, tickerPayload } from '../../src/simulator/websocket/stream-payloads.js';
import { signed } from './support.js';

/**
 * Pins the exact bytes of every ticker response and ticker stream payload, so a change in how the
 * statistics are computed cannot change a digit: times on and around second, minute, hour and day
 * boundaries, visited out of order (any cache must not leak one time into another), a symbol
 * listed inside the window, and user orders and trades on the book.
 */

const SYMBOLS = SPOT_SYMBOLS.filter((s) => ['BTCUSDT', 'ETHBTC', 'SUIUSDT', 'ARBUSDT', 'SHIBUSDT', 'BNBUSDT'].includes(s.symbol));
const TIMES = [
  Date.UTC(2026, 5, 15, 12, 30, 15, 500),
  Date.UTC(2026, 5, 15, 12, 31, 0, 0),
  Date.UTC(2026, 5, 15, 12, 30, 59, 999),
  Date.UTC(2026, 5, 15, 12, 30, 16, 0),
  Date.UTC(2026, 5, 15, 12, 30, 16, 600),
  Date.UTC(2026, 5, 15, 12, 30, 45, 0),
  Date.UTC(2026, 5, 15, 13, 0, 0, 0),
  Date.UTC(2026, 5, 16, 0, 0, 0, 0),
  Date.UTC(2026, 5, 15, 23, 59, 59, 999),
  Date.UTC(2026, 5, 15, 12, 29, 59, 1),
  Date.UTC(2023, 4, 3, 0, 0, 0, 0),
  Date.UTC(2023, 4, 3, 7, 45, 30, 250),
  Date.UTC(2023, 4, 9, 18, 2, 3, 4),
];
const PATHS = [
  '/api/v3/ticker/24hr?symbol=BTCUSDT',
  '/api/v3/ticker/24hr?symbol=SUIUSDT',
  '/api/v3/ticker/24hr?symbol=SHIBUSDT&type=MINI',
  '/api/v3/ticker/24hr',
  '/api/v3/ticker/24hr?type=MINI',
  '/api/v3/ticker/24hr?symbols=%5B%22ETHBTC%22,%22ARBUSDT%22%5D',
  '/api/v3/ticker/24hr?symbols=%5B%22BNBUSDT%22%5D&type=MINI',
  '/api/v3/ticker?symbol=ETHBTC',
  '/api/v3/ticker?symbol=BTCUSDT&windowSize=1m',
  '/api/v3/ticker?symbol=BTCUSDT&windowSize=59m&type=MINI',
  '/api/v3/ticker?symbol=SUIUSDT&windowSize=4h',
  '/api/v3/ticker?symbols=%5B%22ARBUSDT%22,%22BTCUSDT%22%5D&windowSize=23h',
  '/api/v3/ticker?symbols=%5B%22SHIBUSDT%22%5D&windowSize=7d&type=MINI',
  '/api/v3/ticker?symbol=BNBUSDT&windowSize=2d',
];

let now = TIMES[0]!;
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, symbols: SYMBOLS, clock: { now: () => now }, limits: { rateLimits: [] } });
});
afterAll(async () => {
  await sim.close();
});

async function responses(): Promise<string> {
  const lines: string[] = [];
  for (const time of TIMES) {
    now = time;
    for (const path of PATHS) {
      const response = await fetch(`${sim.restUrl}${path}`);
      lines.push(`${new Date(time).toISOString()} ${path} ${response.status}`, await response.text());
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('ticker responses, byte for byte', () => {
  test('24hr and rolling-window tickers of the computed market', async () => {
    await expect(await responses()).toMatchFileSnapshot('__snapshots__/ticker-pins.market.txt');
  });

  test('the same tickers with user orders resting and user trades made', async () => {
    now = Date.UTC(2026, 5, 15, 12, 30, 15, 500);
    const key = { secret: DEMO_API_SECRET };
    const order = (params: Record<string, string | number>) =>
      signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, { symbol: 'BTCUSDT', ...params }, { timestamp: now });
    expect((await order({ side: 'BUY', type: 'MARKET', quantity: '0.013' })).status).toBe(200);
    now += 1000;
    expect((await order({ side: 'SELL', type: 'MARKET', quantity: '0.00021' })).status).toBe(200);
    const last = Number(((await (await fetch(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).json()) as { price: string }).price);
    expect((await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.05', price: (last - 0.01).toFixed(2) })).status).toBe(200);
    expect((await order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.004', price: (last + 0.02).toFixed(2) })).status).toBe(200);
    await expect(await responses()).toMatchFileSnapshot('__snapshots__/ticker-pins.user.txt');
  });
});

describe('ticker stream payloads, byte for byte', () => {
  test('ticker, miniTicker and the 1h, 4h and 1d rolling tickers', async () => {
    const exchange = new Exchange({ seed: 9, symbols: SYMBOLS, clock: { now: () => TIMES[0]! } });
    const lines: string[] = [];
    for (const time of TIMES) {
      for (const spec of SYMBOLS) {
        const market = exchange.engine.market(spec.symbol)!;
        lines.push(JSON.stringify(tickerPayload(market, time)), JSON.stringify(miniTickerPayload(market, time)));
        for (const window of ['1h', '4h', '1d'] as const) lines.push(JSON.stringify(rollingTickerPayload(market, window, time)));
      }
    }
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/ticker-pins.streams.txt');
  });
});
