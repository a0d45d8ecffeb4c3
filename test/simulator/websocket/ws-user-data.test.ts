import { generateKeyPairSync } from 'node:crypto';
import { Decimal } from '../../../src/core/decimal.js';
import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { signed, type TestKey } from '../support.js';
import { closeClients, connect, ManualClock, signWsParams, type Json, type TestClient } from '../ws-support.js';

/** User data over the WebSocket API: subscriptions, session logon, and the events orders produce. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
const HMAC: TestKey = { secret: DEMO_API_SECRET };
const ED_KEY = 'edKey0000000000000000000000000000000000000000000000000000000001';
const ed = generateKeyPairSync('ed25519');
const ED: TestKey = { privateKey: ed.privateKey };
let sim: SimulatorHandle;

afterEach(async () => {
  closeClients();
  await sim.close();
});

async function start(): Promise<void> {
  sim = await startSimulator({
    seed: 5, clock: new ManualClock(START),
    accounts: [{}, { apiKey: ED_KEY, publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
  });
}

async function request(client: TestClient, id: number, method: string, params?: Json): Promise<Json> {
  client.send(params === undefined ? { id, method } : { id, method, params });
  return client.reply<Json>(id);
}

const rest = (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, HMAC, params, { timestamp: START });

async function balances(): Promise<Map<string, { f: string; l: string }>> {
  const account = (await rest('GET', '/api/v3/account', {})).body as { balances: { asset: string; free: string; locked: string }[] };
  return new Map(account.balances.map((b) => [b.asset, { f: b.free, l: b.locked }]));
}

const event = (client: TestClient) => client.next<{ subscriptionId: number; event: Json }>((m) => 'event' in m);

describe('subscribing with a signature', () => {
  test('a MARKET order placed over REST produces NEW, then TRADE executionReports, then outboundAccountPosition', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    const subscribed = await request(client, 1, 'userDataStream.subscribe.signature', signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC));
    expect(subscribed).toEqual({ id: 1, status: 200, result: { subscriptionId: 0 }, rateLimits: [expect.objectContaining({ count: 4 })] });

    const placed = (await rest('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002', newClientOrderId: 'm-1' })).body as Json;
    const fills = placed.fills as { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
    expect(fills.length).toBeGreaterThanOrEqual(1);
    const base = {
      e: 'executionReport', E: START, s: 'BTCUSDT', c: 'm-1', S: 'BUY', o: 'MARKET', f: 'GTC', q: '0.00200000', p: '0.00000000',
      P: '0.00000000', F: '0.00000000', g: -1, C: '', r: 'NONE', i: placed.orderId,
    };
    const first = await event(client);
    expect(Object.keys(first.event)).toEqual([
      'e', 'E', 's', 'c', 'S', 'o', 'f', 'q', 'p', 'P', 'F', 'g', 'C', 'x', 'X', 'r', 'i', 'l', 'z', 'L', 'n', 'N', 'T', 't', 'I',
      'w', 'm', 'M', 'O', 'Z', 'Y', 'Q', 'W', 'V',
    ]);
    expect(first).toEqual({
      subscriptionId: 0,
      event: {
        ...base, x: 'NEW', X: 'NEW', l: '0.00000000', z: '0.00000000', L: '0.00000000', n: '0.00000000', N: null, T: START, t: -1,
        I: 1, w: false, m: false, M: false, O: START, Z: '0.00000000', Y: '0.00000000', Q: '0.00000000', W: START, V: 'NONE',
      },
    });
    let executed = new Decimal(0);
    let quote = new Decimal(0);
    for (const [index, fill] of fills.entries()) {
      executed = executed.plus(fill.qty);
      const last = new Decimal(fill.price).times(fill.qty);
      quote = quote.plus(last);
      expect(await event(client)).toEqual({
        subscriptionId: 0,
        event: {
          ...base, x: 'TRADE', X: index === fills.length - 1 ? 'FILLED' : 'PARTIALLY_FILLED', l: fill.qty, z: executed.toFixed(8),
          L: fill.price, n: fill.commission, N: 'BTC', T: START, t: fill.tradeId, I: 2 + index, w: false, m: false, M: false, O: START,
          Z: quote.toFixed(8), Y: last.toFixed(8), Q: '0.00000000', W: START, V: 'NONE',
        },
      });
    }
    const after = await balances();
    expect(await event(client)).toEqual({
      subscriptionId: 0,
      event: { e: 'outboundAccountPosition', E: START, u: START, B: [{ a: 'USDT', ...after.get('USDT') }, { a: 'BTC', ...after.get('BTC') }] },
    });
    expect(client.pending()).toEqual([]);
  });

  test('a cancel reports the cancel id as c and the order id as C, and unlocks the funds', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    await request(client, 1, 'userDataStream.subscribe.signature', signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC));
    await rest('POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1000.00', quantity: '1', newClientOrderId: 'l-1' });
    const placed = await event(client);
    expect(placed.event).toMatchObject({ c: 'l-1', x: 'NEW', X: 'NEW', p: '1000.00000000', q: '1.00000000', w: true, C: '' });
    expect((await event(client)).event).toEqual({ e: 'outboundAccountPosition', E: START, u: START, B: [{ a: 'USDT', f: '9000.00000000', l: '1000.00000000' }] });
    await rest('DELETE', '/api/v3/order', { symbol: 'ETHUSDT', origClientOrderId: 'l-1', newClientOrderId: 'cancel-1' });
    expect((await event(client)).event).toMatchObject({ c: 'cancel-1', C: 'l-1', x: 'CANCELED', X: 'CANCELED', w: false, I: 2 });
    expect((await event(client)).event).toEqual({ e: 'outboundAccountPosition', E: START, u: START, B: [{ a: 'USDT', f: '10000.00000000', l: '0.00000000' }] });
  });

  test('a deposit produces balanceUpdate then outboundAccountPosition', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    await request(client, 1, 'userDataStream.subscribe.signature', signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC));
    sim.transfer(DEMO_API_KEY, 'BNB', '2.5');
    expect(await event(client)).toEqual({ subscriptionId: 0, event: { e: 'balanceUpdate', E: START, a: 'BNB', d: '2.50000000', T: START } });
    expect(await event(client)).toEqual({ subscriptionId: 0, event: { e: 'outboundAccountPosition', E: START, u: START, B: [{ a: 'BNB', f: '102.50000000', l: '0.00000000' }] } });
    expect(() => sim.transfer(DEMO_API_KEY, 'BNB', '-500')).toThrow('transfer: BNB free balance 102.50000000 is below 500');
  });

  test('subscription errors: twice for one account, unknown id, bad signature; unsubscribe ends with eventStreamTerminated', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    const params = signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC);
    await request(client, 1, 'userDataStream.subscribe.signature', params);
    expect(await request(client, 2, 'userDataStream.subscribe.signature', params)).toEqual({
      id: 2, status: 400, error: { code: -2035, msg: 'User Data Stream subscription already active.' },
    });
    expect(await request(client, 3, 'userDataStream.subscribe.signature', { ...params, timestamp: START + 1 })).toEqual({
      id: 3, status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' },
    });
    expect(await request(client, 4, 'userDataStream.unsubscribe', { subscriptionId: 9 })).toEqual({
      id: 4, status: 400, error: { code: -2036, msg: 'User Data Stream subscription not active.' },
    });
    expect(await request(client, 5, 'session.subscriptions')).toEqual({ id: 5, status: 200, result: [{ subscriptionId: 0 }] });
    expect(await request(client, 6, 'userDataStream.unsubscribe')).toEqual({ id: 6, status: 200, result: {} });
    expect(await event(client)).toEqual({ subscriptionId: 0, event: { e: 'eventStreamTerminated', E: START } });
    expect(await request(client, 7, 'session.subscriptions')).toEqual({ id: 7, status: 200, result: [] });
    await rest('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(await request(client, 8, 'userDataStream.subscribe.signature', params)).toEqual({ id: 8, status: 200, result: { subscriptionId: 1 } });
    expect(client.pending()).toEqual([]);
  });
});

describe('session logon', () => {
  test('an Ed25519 key logs on, subscribes, places orders with only a timestamp, and logs out', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    expect(await request(client, 1, 'session.logon', signWsParams({ apiKey: ED_KEY, timestamp: START }, ED))).toEqual({
      id: 1, status: 200,
      result: { apiKey: ED_KEY, authorizedSince: START, connectedSince: START, returnRateLimits: false, serverTime: START, userDataStream: false },
    });
    expect(await request(client, 2, 'userDataStream.subscribe')).toEqual({ id: 2, status: 200, result: { subscriptionId: 0 } });
    expect((await request(client, 3, 'session.status')).result).toMatchObject({ apiKey: ED_KEY, userDataStream: true });

    const placed = await request(client, 4, 'order.place', {
      symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.001', newClientOrderId: 'ed-1', newOrderRespType: 'ACK', timestamp: START,
    });
    expect(placed).toEqual({ id: 4, status: 200, result: { symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'ed-1', transactTime: START } });
    expect((await event(client)).event).toMatchObject({ e: 'executionReport', c: 'ed-1', x: 'NEW', S: 'SELL' });
    expect((await event(client)).event).toMatchObject({ e: 'executionReport', c: 'ed-1', x: 'TRADE', X: 'FILLED', N: 'USDT' });
    expect((await event(client)).event).toMatchObject({ e: 'outboundAccountPosition' });

    expect(await request(client, 5, 'session.logout')).toEqual({
      id: 5, status: 200,
      result: { apiKey: null, authorizedSince: null, connectedSince: START, returnRateLimits: false, serverTime: START, userDataStream: false },
    });
    expect(await event(client)).toEqual({ subscriptionId: 0, event: { e: 'eventStreamTerminated', E: START } });
    expect(await request(client, 6, 'order.status', { symbol: 'BTCUSDT', orderId: 1, timestamp: START })).toMatchObject({
      id: 6, status: 400, error: { code: -1102, msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed." },
    });
  });

  test('logon refuses HMAC keys, and userDataStream.subscribe needs a logon', async () => {
    await start();
    const client = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    const unauthorized = { code: -1002, msg: 'You are not authorized to execute this request.' };
    expect(await request(client, 1, 'session.logon', signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC))).toEqual({ id: 1, status: 401, error: unauthorized });
    expect(await request(client, 2, 'userDataStream.subscribe')).toEqual({ id: 2, status: 401, error: unauthorized });
    expect((await request(client, 3, 'session.status')).result).toEqual({
      apiKey: null, authorizedSince: null, connectedSince: START, returnRateLimits: false, serverTime: START, userDataStream: false,
    });
  });

  test('orders placed over the WebSocket API reach a subscription held on another connection', async () => {
    await start();
    const listener = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    await request(listener, 1, 'userDataStream.subscribe.signature', signWsParams({ apiKey: ED_KEY, timestamp: START }, ED));
    const trader = await connect(`${sim.wsApiUrl}?returnRateLimits=false`);
    const order = { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1500.00', quantity: '0.5', newClientOrderId: 'x-1' };
    const placed = await request(trader, 1, 'order.place', signWsParams({ ...order, apiKey: ED_KEY, timestamp: START }, ED));
    expect(placed.status).toBe(200);
    expect((await event(listener)).event).toMatchObject({ e: 'executionReport', c: 'x-1', x: 'NEW', X: 'NEW', i: (placed.result as Json).orderId });
    expect((await event(listener)).event).toEqual({ e: 'outboundAccountPosition', E: START, u: START, B: [{ a: 'USDT', f: '9250.00000000', l: '750.00000000' }] });
    expect(trader.pending()).toEqual([]);
  });
});

describe('a stall', () => {
  test('holds the events of the stall and delivers them, in order, once it is cleared: a stalled connection loses nothing', async () => {
    await start();
    const client = await connect(sim.wsApiUrl);
    await request(client, 1, 'userDataStream.subscribe.signature', signWsParams({ apiKey: DEMO_API_KEY, timestamp: START }, HMAC));
    sim.inject({ kind: 'stall-streams' });
    const placed = await rest('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002', newClientOrderId: 'stalled-1' });
    expect((placed.body as Json).status).toBe('FILLED');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.pending().filter((m) => typeof m === 'object' && m !== null && 'event' in m)).toEqual([]);
    sim.clear();
    const statuses: unknown[] = [];
    while (statuses.at(-1) !== 'FILLED') {
      const { event: e } = await event(client);
      if (e.e === 'executionReport' && e.c === 'stalled-1') statuses.push(e.X);
    }
    expect(statuses[0]).toBe('NEW');
  });
});
