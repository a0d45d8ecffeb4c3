import type ccxt from 'ccxt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { connectCcxt } from './client-support.js';

/** ccxt's binance, unchanged but for its URLs, placing stop and take-profit orders on the simulator. */

let sim: SimulatorHandle;
let exchange: InstanceType<typeof ccxt.binance>;

beforeEach(async () => {
  sim = await startSimulator({ seed: 3 });
  exchange = await connectCcxt(sim.restUrl);
});
afterEach(async () => {
  await exchange.close();
  await sim.close();
});

describe('ccxt', () => {
  test('places a stop-loss, a take-profit limit and a trailing stop, reads them back waiting, and cancels them all', async () => {
    const last = Number((await exchange.fetchTicker('BTC/USDT')).last);
    const below = Math.round(last * 0.95);
    const above = Math.round(last * 1.05);
    const stopLoss = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01, undefined, { stopLossPrice: below });
    const takeProfit = await exchange.createOrder('BTC/USDT', 'limit', 'sell', 0.01, above + 10, { takeProfitPrice: above });
    const trailing = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01, undefined, { trailingPercent: 2, stopLossOrTakeProfit: 'stopLoss' });
    const open = await exchange.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => [o.id, o.info.type, o.status, o.triggerPrice ?? null, o.info.isWorking])).toEqual([
      [stopLoss.id, 'STOP_LOSS', 'open', below, false],
      [takeProfit.id, 'TAKE_PROFIT_LIMIT', 'open', above, false],
      [trailing.id, 'STOP_LOSS', 'open', null, false],
    ]);
    expect(open[2]!.info.trailingDelta).toBe(200);
    const balance = await exchange.fetchBalance();
    expect(balance.BTC).toMatchObject({ free: 0.97, used: 0.03 });
    const canceled = await exchange.cancelAllOrders('BTC/USDT');
    expect(canceled.map((o) => o.status)).toEqual(['canceled', 'canceled', 'canceled']);
    expect((await exchange.fetchBalance()).BTC).toMatchObject({ free: 1, used: 0 });
  });
});
