import { afterEach, describe, expect, test } from 'vitest';
import { BinanceConnector } from '../../../src/binance/connector.js';
import { Decimal } from '../../../src/core/decimal.js';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { signed } from '../support.js';
import { ManualClock } from '../ws-support.js';

/** A busy account: `accounts[].fillHistory` seeds days of past fills, which myTrades and the connector's tradeHistory page through. */

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
const DAY_MS = 86_400_000;
let sim: SimulatorHandle | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface WireFill { id: number; orderId: number; price: string; qty: string; quoteQty: string; commission: string; commissionAsset: string; time: number; isBuyer: boolean }

describe('a seeded fill history', () => {
  test('holds days × fillsPerDay fills, evenly spread up to a minute before start, ids rising with time, each paying the taker rate', async () => {
    const clock = new ManualClock(NOW);
    sim = await startSimulator({ seed: 3, clock, accounts: [{ fillHistory: { symbol: 'BTCUSDT', days: 10, fillsPerDay: 300 } }] });
    const { apiKey, apiSecret } = sim.accounts[0]!;
    const send = async (path: string, params: Record<string, string | number>): Promise<unknown> =>
      (await signed(sim!.restUrl, 'GET', path, apiKey, { secret: apiSecret! }, params, { timestamp: clock.time })).body;
    const fills: WireFill[] = [];
    for (let fromId = 0; ;) {
      const page = await send('/api/v3/myTrades', { symbol: 'BTCUSDT', fromId, limit: 1000 }) as WireFill[];
      fills.push(...page);
      if (page.length < 1000) break;
      fromId = page.at(-1)!.id + 1;
    }
    expect(fills).toHaveLength(3000);
    const end = Math.floor(NOW / 60_000) * 60_000 - 60_000;
    expect([fills[0]!.time, fills.at(-1)!.time]).toEqual([end - 10 * DAY_MS, end - Math.ceil(10 * DAY_MS / 3000)]);
    expect(fills.every((f, i) => i === 0 || (f.id > fills[i - 1]!.id && f.time >= fills[i - 1]!.time))).toBe(true);
    expect(fills.slice(0, 2).map((f) => [f.isBuyer, f.qty, f.commissionAsset])).toEqual([[true, '0.00010000', 'BTC'], [false, '0.00010000', 'USDT']]);
    for (const f of fills.slice(0, 50)) {
      expect(f.commission).toBe(new Decimal(f.isBuyer ? f.qty : f.quoteQty).times('0.001').round(8, Decimal.roundUp).toFixed(8));
    }
    const order = await send('/api/v3/order', { symbol: 'BTCUSDT', orderId: fills[0]!.orderId }) as Record<string, unknown>;
    expect(order).toMatchObject({ status: 'FILLED', type: 'MARKET', side: 'BUY', executedQty: '0.00010000', time: fills[0]!.time });
    // A fill made now is numbered above the whole history.
    const placed = (await signed(sim.restUrl, 'POST', '/api/v3/order', apiKey, { secret: apiSecret! }, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }, { timestamp: clock.time })).body as { fills: { tradeId: number }[] };
    expect(placed.fills[0]!.tradeId).toBeGreaterThan(fills.at(-1)!.id);
  });

  test('the connector\'s tradeHistory reads every fill of the range once, within the weight budget', async () => {
    sim = await startSimulator({ port: 0, seed: 3, accounts: [{ fillHistory: { symbol: 'ETHUSDT', days: 40, fillsPerDay: 30 } }] });
    const { apiKey, apiSecret } = sim.accounts[0]!;
    const c = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, apiKey, apiSecret: apiSecret! });
    await c.connect();
    try {
      const ids: number[] = [];
      for await (const fill of c.tradeHistory('ETHUSDT', { startTime: Date.now() - 60 * DAY_MS })) ids.push(fill.tradeId);
      expect(ids).toHaveLength(1200);
      expect(new Set(ids).size).toBe(1200);
      expect(c.metrics().responsesByStatus['429']).toBeUndefined();
    } finally {
      await c.disconnect();
    }
  });

  test.each([
    [{ symbol: 'NOPE', days: 1, fillsPerDay: 1 }, 'accounts[0].fillHistory.symbol must be a listed symbol, got "NOPE"'],
    [{ symbol: 'BTCUSDT', days: 0, fillsPerDay: 1 }, 'accounts[0].fillHistory.days must be a positive integer'],
    [{ symbol: 'BTCUSDT', days: 1000, fillsPerDay: 10_000 }, 'accounts[0].fillHistory: at most 2000000 fills (days × fillsPerDay)'],
  ])('refuses %j', async (fillHistory, message) => {
    await expect(startSimulator({ accounts: [{ fillHistory }] })).rejects.toThrow(message);
  });
});
