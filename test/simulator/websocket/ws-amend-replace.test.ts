import { afterEach, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed, type TestKey } from '../support.js';
import { closeClients, connect, ManualClock, signWsParams, type Json, type TestClient } from '../ws-support.js';

/** `order.amend.keepPriority` and `order.cancelReplace` over the WebSocket API, and the REPLACED executionReport. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
const HMAC: TestKey = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

afterEach(async () => {
  closeClients();
  await sim.close();
});

async function request(client: TestClient, id: number, method: string, params: Record<string, string | number>): Promise<Json> {
  client.send({ id, method, params: signWsParams({ apiKey: DEMO_API_KEY, timestamp: START, ...params }, HMAC) });
  return client.reply<Json>(id);
}

async function bestAsk(): Promise<string> {
  const book = (await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`)).body as { asks: string[][] };
  return Number(book.asks[0]![0]).toFixed(2);
}

test('order.amend.keepPriority amends and the user data stream reports REPLACED with the new and the old client id', async () => {
  sim = await startSimulator({ seed: 5, clock: new ManualClock(START) });
  const client = await connect(sim.wsApiUrl);
  await request(client, 1, 'userDataStream.subscribe.signature', {});
  const price = await bestAsk();
  const placed = (await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, HMAC, {
    symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.004', newClientOrderId: 'before',
  }, { timestamp: START })).body as Json;
  const amended = await request(client, 2, 'order.amend.keepPriority', { symbol: 'BTCUSDT', orderId: placed.orderId as number, newQty: '0.001', newClientOrderId: 'after' });
  expect(amended).toMatchObject({ id: 2, status: 200, result: { amendedOrder: { origClientOrderId: 'before', clientOrderId: 'after', qty: '0.00100000' } } });
  const report = await client.next<{ event: Json }>((m) => 'event' in m && (m.event as Json).x === 'REPLACED');
  expect(report.event).toMatchObject({
    e: 'executionReport', x: 'REPLACED', X: 'NEW', c: 'after', C: 'before', q: '0.00100000', i: placed.orderId,
    I: (amended.result as Json).executionId,
  });
});

test('order.cancelReplace answers a partial outcome with status 409 and the halves in error.data', async () => {
  sim = await startSimulator({ seed: 5, clock: new ManualClock(START) });
  const client = await connect(sim.wsApiUrl);
  const price = await bestAsk();
  const replaced = await request(client, 3, 'order.cancelReplace', {
    symbol: 'BTCUSDT', cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 12345, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC',
    price, quantity: '0.002', newOrderRespType: 'ACK',
  });
  expect(replaced).toMatchObject({
    id: 3, status: 409,
    error: {
      code: -2021, msg: 'Order cancel-replace partially failed.',
      data: { cancelResult: 'FAILURE', newOrderResult: 'SUCCESS', cancelResponse: { code: -2011, msg: 'Unknown order sent.' }, newOrderResponse: { symbol: 'BTCUSDT' } },
    },
  });
});
