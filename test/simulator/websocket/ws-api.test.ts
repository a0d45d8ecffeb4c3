import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { limitNames, ORDER_PLACED, ORDER_REJECTED, TIME, TIME_WITHOUT_LIMITS, UNFILLED_ORDER_COUNT } from '../binance-ws-api-examples.js';
import { call, signed, type TestKey } from '../support.js';
import { closeClients, connect, ManualClock, signWsParams, type Json } from '../ws-support.js';

/** The WebSocket API: framing, rate limits, signing, and the methods that mirror REST. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
const HMAC: TestKey = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

afterEach(async () => {
  closeClients();
  await sim.close();
});

const weight = (count: number): Json => ({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count });

async function start(): Promise<void> {
  sim = await startSimulator({ seed: 5, clock: new ManualClock(START) });
}

describe('framing and rate limits', () => {
  test('ping and time answer with the weight used; connecting costs 2', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    client.send({ id: 1, method: 'ping' });
    expect(await client.reply(1)).toEqual({ id: 1, status: 200, result: {}, rateLimits: [weight(3)] });
    client.send({ id: 'b', method: 'v3/time' });
    expect(await client.reply('b')).toEqual({ id: 'b', status: 200, result: { serverTime: START }, rateLimits: [weight(4)] });
    client.send({ id: 3, method: 'time', params: { returnRateLimits: false } });
    expect(await client.reply(3)).toEqual({ id: 3, status: 200, result: { serverTime: START } });
  });

  test('returnRateLimits=false in the URL hides rateLimits unless a request asks for them', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    client.send({ id: 1, method: 'ping' });
    expect(await client.reply(1)).toEqual({ id: 1, status: 200, result: {} });
    client.send({ id: 2, method: 'ping', params: { returnRateLimits: true } });
    expect(await client.reply(2)).toEqual({ id: 2, status: 200, result: {}, rateLimits: [weight(4)] });
  });

  test('malformed requests, unknown methods and parameter errors answer with Binance codes', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    client.send('{"id":1,');
    expect(await client.next()).toEqual({ id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON Request' } });
    client.send({ id: 2, method: 'order.teleport' });
    expect(await client.reply(2)).toEqual({ id: 2, status: 400, error: { code: -1020, msg: 'This operation is not supported.' } });
    client.send({ id: 3, method: 'depth', params: { symbol: 'NOPE' } });
    expect(await client.reply(3)).toEqual({ id: 3, status: 400, error: { code: -1121, msg: 'Invalid symbol.' }, rateLimits: [weight(7)] });
    client.send({ id: 4, method: 'account.status', params: { timestamp: START } });
    expect(await client.reply(4)).toMatchObject({
      id: 4, status: 400, error: { code: -1102, msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed." },
    });
  });
});

describe('signing', () => {
  test('the documented HMAC example signature is accepted', async () => {
    const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
    sim = await startSimulator({
      seed: 5, clock: new ManualClock(1645423376532 + 50),
      accounts: [{ apiKey, apiSecret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' }],
    });
    const client = await connect(sim.wsApiUrl);
    client.send({
      id: '4885f793-e5ad-4c3b-8f6c-55d891472b71', method: 'order.test',
      params: {
        symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01000000', price: '52000.00',
        newOrderRespType: 'ACK', recvWindow: 100, timestamp: 1645423376532, apiKey,
        signature: 'cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a',
      },
    });
    // Same parameters and signature as the docs' order.place example; order.test leaves no order behind.
    expect(await client.reply('4885f793-e5ad-4c3b-8f6c-55d891472b71')).toEqual({
      id: '4885f793-e5ad-4c3b-8f6c-55d891472b71', status: 200, result: {}, rateLimits: [weight(3)],
    });
  });

  test('a wrong signature, an unknown key and a stale timestamp are refused', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    const params = signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC);
    client.send({ id: 1, method: 'account.status', params: { ...params, timestamp: START + 1 } });
    expect(await client.reply(1)).toMatchObject({ id: 1, status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' } });
    client.send({ id: 2, method: 'account.status', params: signWsParams({ apiKey: 'x'.repeat(64), timestamp: START }, HMAC) });
    expect(await client.reply(2)).toMatchObject({ id: 2, status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    client.send({ id: 3, method: 'account.status', params: signWsParams({ apiKey: DEMO_API_KEY, timestamp: START - 6_000 }, HMAC) });
    expect(await client.reply(3)).toMatchObject({ id: 3, status: 400, error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } });
  });
});

describe('methods shared with REST', () => {
  test('market methods return what their REST twins return', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    const pairs: [string, Json, string][] = [
      ['ticker.price', { symbol: 'BTCUSDT' }, '/api/v3/ticker/price?symbol=BTCUSDT'],
      ['ticker.price', { symbols: ['BTCUSDT', 'ETHUSDT'] }, '/api/v3/ticker/price?symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D'],
      ['depth', { symbol: 'ETHUSDT', limit: 5 }, '/api/v3/depth?symbol=ETHUSDT&limit=5'],
      ['klines', { symbol: 'BTCUSDT', interval: '1h', limit: 3 }, '/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3'],
      ['exchangeInfo', { symbols: ['ETHBTC'] }, '/api/v3/exchangeInfo?symbols=%5B%22ETHBTC%22%5D'],
    ];
    for (const [index, [method, params, path]] of pairs.entries()) {
      client.send({ id: index, method, params });
      expect(await client.reply(index)).toEqual({ id: index, status: 200, result: (await call(`${sim.restUrl}${path}`)).body });
    }
  });

  test('order.place, order.status, openOrders.status and order.cancel run the REST order logic', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    const price = ((await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1`)).body as { bids: [string, string][] }).bids[0]![0];
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.01', newClientOrderId: 'ws-1' };
    client.send({ id: 1, method: 'order.place', params: signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    const placed = await client.reply<Json>(1);
    expect(placed).toEqual({
      id: 1, status: 200,
      result: {
        symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'ws-1', transactTime: START, price,
        origQty: '0.01000000', executedQty: '0.00000000', origQuoteOrderQty: '0.00000000', cummulativeQuoteQty: '0.00000000',
        status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', workingTime: START, selfTradePreventionMode: 'NONE', fills: [],
      },
      rateLimits: [
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 1 },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 1 },
        // 2 to connect and 5 for the REST depth; a placed order costs nothing.
        weight(7),
      ],
    });
    const rest = await signed(sim.restUrl, 'GET', '/api/v3/order', DEMO_API_KEY, HMAC, { symbol: 'BTCUSDT', orderId: 1 }, { timestamp: START });
    client.send({ id: 2, method: 'order.status', params: signWsParams({ symbol: 'BTCUSDT', orderId: 1, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect((await client.reply<Json>(2)).result).toEqual(rest.body);
    client.send({ id: 3, method: 'openOrders.status', params: signWsParams({ symbol: 'BTCUSDT', apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect((await client.reply<Json>(3)).result).toEqual([rest.body]);
    client.send({ id: 4, method: 'order.cancel', params: signWsParams({ symbol: 'BTCUSDT', origClientOrderId: 'ws-1', newClientOrderId: 'c-1', apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect((await client.reply<Json>(4)).result).toMatchObject({ origClientOrderId: 'ws-1', clientOrderId: 'c-1', orderId: 1, status: 'CANCELED' });
    client.send({ id: 5, method: 'order.place', params: signWsParams({ ...order, quantity: '1', apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect(await client.reply(5)).toMatchObject({ id: 5, status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });
  });
});

describe('rateLimits as Binance documents them', () => {
  const orders = (count: number, limit = 50): Json[] => [
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit, count },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count },
  ];
  const keys = (value: object): string[] => Object.keys(value).sort();

  async function lastPrice(): Promise<number> {
    return Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
  }

  async function resting(): Promise<Json> {
    return { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: (await lastPrice() - 999).toFixed(2), quantity: '0.01' };
  }

  test('a placed and a rejected order.place list both ORDERS windows before REQUEST_WEIGHT', async () => {
    await start();
    const order = await resting();
    const client = await connect(sim.wsApiUrl);
    client.send({ id: 1, method: 'order.place', params: signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    const placed = await client.reply<typeof ORDER_PLACED>(1);
    expect(keys(placed)).toEqual(keys(ORDER_PLACED));
    expect(limitNames(placed.rateLimits)).toEqual(limitNames(ORDER_PLACED.rateLimits));
    // 2 to connect and 2 for the REST ticker/price; a placed order costs nothing.
    expect(placed.rateLimits).toEqual([...orders(1), weight(4)]);
    client.send({ id: 2, method: 'order.place', params: signWsParams({ ...order, quantity: '5', apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    const rejected = await client.reply<typeof ORDER_REJECTED>(2);
    expect(keys(rejected)).toEqual(keys(ORDER_REJECTED));
    expect(limitNames(rejected.rateLimits)).toEqual(limitNames(ORDER_REJECTED.rateLimits));
    // A rejected order is not counted; its weight (1) is not refunded.
    expect(rejected).toEqual({ id: 2, status: 400, error: ORDER_REJECTED.error, rateLimits: [...orders(1), weight(5)] });
  });

  test('the order over the ORDERS limit answers 429 -1015 with the windows it exceeded', async () => {
    sim = await startSimulator({
      seed: 5, clock: new ManualClock(START),
      limits: { rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1 },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 },
      ] },
    });
    const order = await resting();
    const client = await connect(sim.wsApiUrl);
    client.send({ id: 1, method: 'order.place', params: signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect((await client.reply<Json>(1)).status).toBe(200);
    client.send({ id: 2, method: 'order.place', params: signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect(await client.reply(2)).toEqual({
      id: 2, status: 429,
      error: { code: -1015, msg: 'Too many new orders; current limit is 1 orders per 10 SECOND.', data: { serverTime: START, retryAfter: START + 10_000 } },
      rateLimits: [...orders(1, 1), weight(5)],
    });
  });

  test('methods that place no order list REQUEST_WEIGHT only; account.rateLimits.orders answers the ORDERS windows', async () => {
    await start();
    const order = await resting();
    const client = await connect(sim.wsApiUrl);
    const send = async (id: number, method: string, params: Json): Promise<Json> => {
      client.send({ id, method, params: signWsParams({ ...params, apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
      return client.reply<Json>(id);
    };
    client.send({ id: 1, method: 'time' });
    const time = await client.reply<typeof TIME>(1);
    expect(keys(time)).toEqual(keys(TIME));
    expect(limitNames(time.rateLimits)).toEqual(limitNames(TIME.rateLimits));
    expect((await send(2, 'order.test', order)).rateLimits).toEqual([weight(6)]);
    expect((await send(3, 'order.place', { ...order, newClientOrderId: 'kept' })).rateLimits).toEqual([...orders(1), weight(6)]);
    expect((await send(4, 'order.cancel', { symbol: 'BTCUSDT', origClientOrderId: 'kept' })).rateLimits).toEqual([weight(6)]);
    const count = await send(5, 'account.rateLimits.orders', {}) as unknown as typeof UNFILLED_ORDER_COUNT;
    expect(keys(count)).toEqual(keys(UNFILLED_ORDER_COUNT));
    expect(limitNames(count.result)).toEqual(limitNames(UNFILLED_ORDER_COUNT.result));
    expect(limitNames(count.rateLimits)).toEqual(limitNames(UNFILLED_ORDER_COUNT.rateLimits));
    expect([count.result, count.rateLimits]).toEqual([orders(1), [weight(46)]]);
  });

  test('returnRateLimits=false hides rateLimits on rejected orders as on every answer', async () => {
    await start();
    const order = await resting();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    client.send({ id: 1, method: 'time' });
    expect(keys(await client.reply(1))).toEqual(keys(TIME_WITHOUT_LIMITS));
    client.send({ id: 2, method: 'order.place', params: signWsParams({ ...order, quantity: '5', apiKey: DEMO_API_KEY, timestamp: START }, HMAC) });
    expect(await client.reply(2)).toEqual({ id: 2, status: 400, error: ORDER_REJECTED.error });
  });

  test('an order.place refused before its sender is known lists REQUEST_WEIGHT only', async () => {
    await start();
    const order = await resting();
    const client = await connect(sim.wsApiUrl);
    const params = signWsParams({ ...order, apiKey: DEMO_API_KEY, timestamp: START }, HMAC);
    client.send({ id: 1, method: 'order.place', params: { ...params, quantity: '0.02' } });
    expect(await client.reply(1)).toEqual({
      id: 1, status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' }, rateLimits: [weight(5)],
    });
  });
});
