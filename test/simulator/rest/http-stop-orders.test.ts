import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { SymbolMarket } from '../../../src/simulator/market/symbol-market.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';
import { call, signed } from '../support.js';
import { closeClients, connect, ManualClock, signWsParams, type Json, type TestClient } from '../ws-support.js';

/** Stop and take-profit orders over REST and the WebSocket API: placement rules, answers, triggers and their events. */

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 400);
const SEED = 11;
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(START);
  sim = await startSimulator({ seed: SEED, clock });
});
afterEach(async () => {
  closeClients();
  await sim.close();
});

const send = (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, key, params, { timestamp: clock.time });
const place = (params: Record<string, string | number>) => send('POST', '/api/v3/order', { symbol: 'BTCUSDT', ...params });
const price = (ticks: number): string => (ticks / 100).toFixed(2);

async function lastTicks(): Promise<number> {
  const body = (await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string };
  return Math.round(Number(body.price) * 100);
}

async function balances(): Promise<Record<string, { free: string; locked: string }>> {
  const account = (await send('GET', '/api/v3/account', {})).body as { balances: { asset: string; free: string; locked: string }[] };
  return Object.fromEntries(account.balances.map((b) => [b.asset, { free: b.free, locked: b.locked }]));
}

/** The BTCUSDT trades the simulator will replay after START, from a market of the same seed. */
function comingTrades(seconds: number): { priceTicks: number; time: number }[] {
  const twin = new SymbolMarket(DEFAULT_SYMBOLS[0]!, SEED, START);
  const first = Math.floor(START / 1000) + 1;
  const trades: { priceTicks: number; time: number }[] = [];
  for (let s = first; s < first + seconds; s++) trades.push(...twin.syntheticTrades(twin.source.second(s * 1000)));
  return trades;
}

describe('placing stop and take-profit orders', () => {
  test("Binance's errors for each type's parameters and filters", async () => {
    const last = await lastTicks();
    const below = price(last - 1000);
    const above = price(last + 1000);
    const cases: [Record<string, string | number>, { code: number; msg: string }][] = [
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001' }, { code: -1102, msg: "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!" }],
      [{ side: 'SELL', type: 'TAKE_PROFIT', stopPrice: above }, { code: -1102, msg: "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed." }],
      [{ side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: below, stopPrice: below }, { code: -1102, msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed." }],
      [{ side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.001', stopPrice: above }, { code: -1102, msg: "Mandatory parameter 'price' was not sent, was empty/null, or malformed." }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: below, price: below }, { code: -1106, msg: "Parameter 'price' sent when not required." }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: below, quoteOrderQty: '10' }, { code: -1106, msg: "Parameter 'quoteOrderQty' sent when not required." }],
      [{ side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', stopPrice: above, timeInForce: 'GTC' }, { code: -1114, msg: 'TimeInForce parameter sent when not required.' }],
      [{ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: below, stopPrice: below }, { code: -1106, msg: "Parameter 'stopPrice' sent when not required." }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.001', trailingDelta: 100 }, { code: -1106, msg: "Parameter 'trailingDelta' sent when not required." }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '50000.000000001' }, { code: -1111, msg: "Parameter 'stopPrice' has too much precision." }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', trailingDelta: '1.5' }, { code: -1100, msg: "Illegal characters found in parameter 'trailingDelta'; legal range is '^-?[0-9]{1,20}$'." }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '50000.005' }, { code: -1013, msg: 'Filter failure: PRICE_FILTER' }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '0' }, { code: -1013, msg: 'Filter failure: PRICE_FILTER' }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', trailingDelta: 9 }, { code: -1013, msg: 'Filter failure: TRAILING_DELTA' }],
      [{ side: 'BUY', type: 'STOP_LOSS', quantity: '0.001', trailingDelta: 2001 }, { code: -1013, msg: 'Filter failure: TRAILING_DELTA' }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '121', stopPrice: below }, { code: -1013, msg: 'Filter failure: MARKET_LOT_SIZE' }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: above }, { code: -2010, msg: 'Order would trigger immediately.' }],
      [{ side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: above, stopPrice: above }, { code: -2010, msg: 'Order would trigger immediately.' }],
      [{ side: 'SELL', type: 'STOP_LOSS', quantity: '2', stopPrice: below }, { code: -2010, msg: 'Account has insufficient balance for requested action.' }],
    ];
    for (const [params, expected] of cases) {
      const response = await place(params);
      expect({ params, status: response.status, body: response.body }).toEqual({ params, status: 400, body: expected });
    }
    expect((await send('GET', '/api/v3/openOrders', {})).body).toEqual([]);
  });

  test('answers ACK by default and RESULT with stopPrice, trailingDelta, trailingTime and workingTime -1', async () => {
    const last = await lastTicks();
    const ack = await place({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: price(last - 1100), stopPrice: price(last - 1000), newClientOrderId: 'sl-1' });
    expect(ack.body).toEqual({ symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'sl-1', transactTime: START });
    const result = await place({ side: 'BUY', type: 'TAKE_PROFIT', quantity: '0.01', trailingDelta: 250, newClientOrderId: 'tp-1', newOrderRespType: 'RESULT' });
    expect(result.body).toEqual({
      symbol: 'BTCUSDT', orderId: 2, orderListId: -1, clientOrderId: 'tp-1', transactTime: START, price: '0.00000000',
      origQty: '0.01000000', executedQty: '0.00000000', origQuoteOrderQty: '0.00000000', cummulativeQuoteQty: '0.00000000',
      status: 'NEW', timeInForce: 'GTC', type: 'TAKE_PROFIT', side: 'BUY', stopPrice: '0.00000000', trailingDelta: 250,
      trailingTime: START, workingTime: -1, selfTradePreventionMode: 'NONE',
    });
    const queried = (await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1 })).body as Json;
    expect(queried).toMatchObject({ type: 'STOP_LOSS_LIMIT', status: 'NEW', stopPrice: `${price(last - 1000)}000000`, isWorking: false, workingTime: -1 });
    expect(queried).not.toHaveProperty('trailingDelta');
    const trailing = (await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 2 })).body as Json;
    // In the order of web-socket-api.md's order.status example.
    expect(Object.keys(trailing)).toEqual([
      'symbol', 'orderId', 'orderListId', 'clientOrderId', 'price', 'origQty', 'executedQty', 'cummulativeQuoteQty', 'status',
      'timeInForce', 'type', 'side', 'stopPrice', 'trailingDelta', 'trailingTime', 'icebergQty', 'time', 'updateTime', 'isWorking',
      'workingTime', 'origQuoteOrderQty', 'selfTradePreventionMode',
    ]);
    const open = (await send('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body as Json[];
    expect(open.map((o) => [o.orderId, o.isWorking, o.trailingDelta, o.trailingTime])).toEqual([[1, false, undefined, undefined], [2, false, 250, START]]);
    // order/test checks parameters and filters and places nothing; it never reaches the matching
    // engine, whose -2010 refusals (a stop that would trigger at once) it therefore does not give.
    expect((await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.01', stopPrice: price(last - 900) })).body).toEqual({});
    expect((await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.01', trailingDelta: 5 })).body)
      .toEqual({ code: -1013, msg: 'Filter failure: TRAILING_DELTA' });
    expect((await send('GET', '/api/v3/openOrders', {})).body).toHaveLength(2);
  });

  test('a sixth open stop on a symbol fails MAX_NUM_ALGO_ORDERS; cancel-all takes the stops off and gives their locks back', async () => {
    const last = await lastTicks();
    const before = await balances();
    for (let i = 1; i <= 5; i++) {
      expect((await place({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.1', stopPrice: price(last - 1000 * i) })).status).toBe(200);
    }
    expect((await balances()).BTC).toEqual({ free: '0.50000000', locked: '0.50000000' });
    expect((await place({ side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.1', stopPrice: price(last + 1000) })).body)
      .toEqual({ code: -1013, msg: 'Filter failure: MAX_NUM_ALGO_ORDERS' });
    // Other order types do not count against it.
    expect((await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: price(last - 1000) })).status).toBe(200);
    const canceled = (await send('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body as Json[];
    expect(canceled.map((o) => [o.type, o.status])).toEqual([
      ...Array.from({ length: 5 }, () => ['STOP_LOSS', 'CANCELED']), ['LIMIT', 'CANCELED'],
    ]);
    expect(canceled[0]).toMatchObject({ stopPrice: `${price(last - 1000)}000000`, origQty: '0.10000000' });
    expect(await balances()).toEqual(before);
  });
});

describe('triggering over the wire', () => {
  async function subscribe(): Promise<TestClient> {
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    client.send({ id: 1, method: 'userDataStream.subscribe.signature', params: signWsParams({ apiKey: DEMO_API_KEY, timestamp: clock.time }, key) });
    await client.reply(1);
    return client;
  }
  const reports = async (client: TestClient, count: number): Promise<Json[]> => {
    const events: Json[] = [];
    while (events.length < count) {
      const message = await client.next<{ event: Json }>((m) => 'event' in m && (m.event as Json).e === 'executionReport');
      events.push(message.event);
    }
    return events;
  };

  test('a STOP_LOSS SELL placed over the WebSocket API triggers when the market trades through it: NEW, NEW with W, then TRADE', async () => {
    const last = await lastTicks();
    const stop = last - 200;
    const trigger = comingTrades(600).find((t) => t.priceTicks <= stop)!;
    expect(trigger).toBeDefined();
    const client = await subscribe();
    const order = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.01', stopPrice: price(stop), newClientOrderId: 'stop-1' };
    client.send({ id: 2, method: 'order.place', params: signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: clock.time }, key) });
    expect(await client.reply(2)).toEqual({ id: 2, status: 200, result: { symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'stop-1', transactTime: START } });
    const [placed] = await reports(client, 1);
    expect(placed).toMatchObject({ c: 'stop-1', o: 'STOP_LOSS', x: 'NEW', X: 'NEW', P: `${price(stop)}000000`, w: false, E: START });
    expect(placed).not.toHaveProperty('W');
    expect((await balances()).BTC).toEqual({ free: '0.99000000', locked: '0.01000000' });

    clock.time = trigger.time - (trigger.time % 1000) + 999;
    const queried = (await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1 })).body as Json;
    expect(queried).toMatchObject({ status: 'FILLED', executedQty: '0.01000000', isWorking: true, workingTime: trigger.time, stopPrice: `${price(stop)}000000` });
    const [working, ...trades] = await reports(client, 2);
    expect(working).toMatchObject({ c: 'stop-1', x: 'NEW', X: 'NEW', W: trigger.time, T: trigger.time, z: '0.00000000' });
    expect(trades[0]).toMatchObject({ x: 'TRADE', W: trigger.time, T: trigger.time, m: false, N: 'USDT' });
    const fills = (await send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: 1 })).body as Json[];
    expect(fills.reduce((sum, f) => sum + Number(f.qty), 0)).toBeCloseTo(0.01, 8);
    expect((await balances()).BTC).toEqual({ free: '0.99000000', locked: '0.00000000' });
  });

  test('a triggered STOP_LOSS larger than the book expires part-filled: eR in the report, expiryReason in order queries', async () => {
    await sim.close();
    sim = await startSimulator({ seed: SEED, clock, accounts: [{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, balances: { BTC: '100' } }] });
    const stop = (await lastTicks()) - 200;
    const trigger = comingTrades(600).find((t) => t.priceTicks <= stop)!;
    const client = await subscribe();
    expect((await place({ side: 'SELL', type: 'STOP_LOSS', quantity: '100', stopPrice: price(stop) })).status).toBe(200);
    clock.time = trigger.time - (trigger.time % 1000) + 999;
    const queried = (await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1 })).body as Json;
    expect(queried).toMatchObject({ status: 'EXPIRED', isWorking: true, workingTime: trigger.time, expiryReason: 'INSUFFICIENT_LIQUIDITY' });
    expect(Number(queried.executedQty)).toBeGreaterThan(0);
    expect(Number(queried.executedQty)).toBeLessThan(100);
    expect(((await send('GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' })).body as Json[])[0]).toEqual(queried);
    const events = await client.next<{ event: Json }>((m) => 'event' in m && (m.event as Json).x === 'EXPIRED');
    expect(events.event).toMatchObject({ X: 'EXPIRED', eR: 'INSUFFICIENT_LIQUIDITY', z: queried.executedQty, T: trigger.time });
    expect((await balances()).BTC).toEqual({ free: (100 - Number(queried.executedQty)).toFixed(8), locked: '0.00000000' });
  });

  test('a trailing STOP_LOSS_LIMIT BUY reports its delta as d and, once trailing, its trailing time as D', async () => {
    const last = await lastTicks();
    const client = await subscribe();
    const placed = await place({ side: 'BUY', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: price(last + 5000), trailingDelta: 10 });
    expect(placed.status).toBe(200);
    const [report] = await reports(client, 1);
    expect(report).toMatchObject({ o: 'STOP_LOSS_LIMIT', x: 'NEW', w: false, P: '0.00000000', d: 10, D: START });
    expect(report).not.toHaveProperty('W');
  });
});
