import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

beforeEach(async () => {
  sim = await startSimulator({ seed: 11, clock: { now: () => NOW } });
});
afterEach(async () => {
  await sim.close();
});

const send = (path: string, params: Record<string, string | number>) => signed(sim.restUrl, 'GET', path, DEMO_API_KEY, key, params, { timestamp: NOW });

describe('order list reads', () => {
  test('exchangeInfo says every symbol allows OCO and OTO lists, as the simulator places them', async () => {
    const info = (await call(`${sim.restUrl}/api/v3/exchangeInfo`)).body as { symbols: { symbol: string; ocoAllowed: boolean; otoAllowed: boolean }[] };
    expect(info.symbols.length).toBeGreaterThan(0);
    expect(info.symbols.filter((s) => !s.ocoAllowed || !s.otoAllowed).map((s) => s.symbol)).toEqual([]);
  });

  test('open lists, and all lists, are empty for an account that has none; with Binance\'s weights', async () => {
    const open = await send('/api/v3/openOrderList', {});
    expect([open.status, open.body]).toEqual([200, []]);
    const all = await send('/api/v3/allOrderList', { limit: 10 });
    expect([all.status, all.body]).toEqual([200, []]);
    const before = Number(all.headers.get('x-mbx-used-weight-1m'));
    const again = await send('/api/v3/openOrderList', {});
    expect(Number(again.headers.get('x-mbx-used-weight-1m')) - before).toBe(6);
  });

  test.each([
    ['neither orderListId nor origClientOrderId', {}, -1102, 'Param \'orderListId\' or \'origClientOrderId\' must be sent, but both were empty/null!'],
    ['an unknown list id', { orderListId: 99 }, -2013, 'Order list does not exist.'],
    ['an unknown list client id', { origClientOrderId: 'nope' }, -2013, 'Order list does not exist.'],
  ])('a list query with %s is refused', async (_name, params, code, msg) => {
    const response = await send('/api/v3/orderList', params);
    expect([response.status, response.body]).toEqual([400, { code, msg }]);
  });

  test('allOrderList refuses fromId with a time range, and a range over 24 hours', async () => {
    expect((await send('/api/v3/allOrderList', { fromId: 1, startTime: NOW - 1000 })).body).toMatchObject({ code: -1128 });
    expect((await send('/api/v3/allOrderList', { startTime: NOW - 86_400_001, endTime: NOW })).body).toMatchObject({ code: -1127 });
  });
});
