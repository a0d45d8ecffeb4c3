import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { docExample } from '../../support/cancel-replace-examples.js';
import { call, signed } from '../support.js';

/**
 * Order Amend Keep Priority and cancel-replace over REST, each answer checked against the response
 * examples of Binance's rest-api.md (test/spec/fixtures/cancel-replace.md).
 */

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

type Json = Record<string, unknown>;

const doc = (title: string): Json => docExample(title);
const BOTH_SUCCEED = 'Response SUCCESS and account has not exceeded the unfilled order count:';
const CANCEL_FAILS_STOP = 'Response when Cancel Order Fails with STOP_ON FAILURE and account has not exceeded their unfilled order count:';
const NEW_ORDER_FAILS = 'Response when Cancel Order Succeeds but New Order Placement Fails and account has not exceeded their unfilled order count:';
const CANCEL_FAILS_ALLOW = 'Response when Cancel Order fails with ALLOW_FAILURE and account has not exceeded their unfilled order count:';
const BOTH_FAIL = 'Response when both Cancel Order and New Order Placement fail using `cancelReplaceMode=ALLOW_FAILURE` and account has not exceeded their unfilled order count:';
const LIMITED_DO_NOTHING = "Response when using `orderRateLimitExceededMode=DO_NOTHING` and account's unfilled order count has been exceeded:";
const LIMITED_CANCEL_ONLY = "Response when using `orderRateLimitExceededMode=CANCEL_ONLY` and account's unfilled order count has been exceeded:";
const AMENDED = 'Response for a single order:';
const AMENDED_IN_LIST = 'Response for an order that is part of an Order list:';

async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<void> {
  sim = await startSimulator({ seed: 11, clock: { now: () => NOW }, ...options });
}
afterEach(async () => {
  await sim.close();
});

const send = (method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, key, { symbol: 'BTCUSDT', ...params }, { timestamp: NOW });
const place = (params: Record<string, string | number>) => send('POST', '/api/v3/order', params);
const amend = (params: Record<string, string | number>) => send('PUT', '/api/v3/order/amend/keepPriority', params);
const replace = (params: Record<string, string | number>) => send('POST', '/api/v3/order/cancelReplace', params);
const order = async (orderId: number): Promise<Json> => (await send('GET', '/api/v3/order', { orderId })).body as Json;

/**
 * The best ask: a SELL there rests, and a BUY at it meets the users' orders there before the
 * market's own liquidity at that price.
 */
async function bestAsk(): Promise<string> {
  const book = (await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`)).body as { asks: string[][] };
  return Number(book.asks[0]![0]).toFixed(2);
}

const restingSell = async (price: string, quantity: string, id?: string): Promise<Json> =>
  (await place({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...(id === undefined ? {} : { newClientOrderId: id }) })).body as Json;
const sortedKeys = (value: unknown): string[] => Object.keys(value as object).sort();

interface Outcome { code: number; msg: string; data: { cancelResult: string; newOrderResult: string; cancelResponse: Json; newOrderResponse: Json } }

/**
 * Checks a partial outcome against the documented example `title`: its status, code, message and
 * both results; a failed half exactly as documented, a half that worked with the documented fields.
 */
function expectDocumented(response: { status: number; body: unknown }, status: number, title: string): Outcome['data'] {
  const example = doc(title) as unknown as Outcome;
  const body = response.body as Outcome;
  expect([response.status, body.code, body.msg]).toEqual([status, example.code, example.msg]);
  expect([body.data.cancelResult, body.data.newOrderResult]).toEqual([example.data.cancelResult, example.data.newOrderResult]);
  for (const half of ['cancelResponse', 'newOrderResponse'] as const) {
    if ('code' in example.data[half]) expect(body.data[half]).toEqual(example.data[half]);
    else expect(sortedKeys(body.data[half])).toEqual(sortedKeys(example.data[half]));
  }
  return body.data;
}

describe('exchangeInfo', () => {
  test('every symbol allows amending and cancel-replace, and shows MAX_NUM_ORDER_AMENDS', async () => {
    await start();
    const info = (await call(`${sim.restUrl}/api/v3/exchangeInfo`)).body as { symbols: { amendAllowed: boolean; cancelReplaceAllowed: boolean; filters: Json[] }[] };
    for (const symbol of info.symbols) {
      expect([symbol.amendAllowed, symbol.cancelReplaceAllowed]).toEqual([true, true]);
      expect(symbol.filters).toContainEqual({ filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 });
    }
  });
});

describe('PUT /api/v3/order/amend/keepPriority', () => {
  test('answers in the documented shape, with a new random client id when none is sent', async () => {
    await start();
    const price = await bestAsk();
    const placed = await restingSell(price, '0.005', 'first-id');
    const response = await amend({ orderId: placed.orderId as number, newQty: '0.003' });
    expect(response.status).toBe(200);
    const body = response.body as { amendedOrder: Json; executionId: number; transactTime: number };
    expect(sortedKeys(body)).toEqual(sortedKeys(doc(AMENDED)));
    expect(sortedKeys(body.amendedOrder)).toEqual(sortedKeys(doc(AMENDED).amendedOrder));
    expect(body.transactTime).toBe(NOW);
    expect(body.amendedOrder).toMatchObject({
      orderId: placed.orderId, origClientOrderId: 'first-id', qty: '0.00300000', executedQty: '0.00000000', status: 'NEW', orderListId: -1,
    });
    expect(body.amendedOrder.clientOrderId).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(await order(placed.orderId as number)).toMatchObject({ origQty: '0.00300000', clientOrderId: body.amendedOrder.clientOrderId });
    const history = (await send('GET', '/api/v3/order/amendments', { orderId: placed.orderId as number })).body;
    expect(history).toEqual([{
      symbol: 'BTCUSDT', orderId: placed.orderId, executionId: body.executionId, origClientOrderId: 'first-id',
      newClientOrderId: body.amendedOrder.clientOrderId, origQty: '0.00500000', newQty: '0.00300000', time: NOW,
    }]);
  });

  test('keeps the order\'s place: a later order at the same price fills after it, and the sent client id stays', async () => {
    await start();
    const price = await bestAsk();
    const first = await restingSell(price, '0.005', 'keep-me');
    const second = await restingSell(price, '0.002', 'second');
    const amended = (await amend({ orderId: first.orderId as number, newQty: '0.002', newClientOrderId: 'keep-me' })).body as { amendedOrder: Json };
    expect(amended.amendedOrder.clientOrderId).toBe('keep-me');
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity: '0.002' });
    expect(await order(first.orderId as number)).toMatchObject({ status: 'FILLED', executedQty: '0.00200000', clientOrderId: 'keep-me' });
    expect(await order(second.orderId as number)).toMatchObject({ status: 'NEW', executedQty: '0.00000000' });
  });

  test('releases what the order no longer holds', async () => {
    await start();
    const price = await bestAsk();
    const locked = async (): Promise<string> => {
      const account = (await send('GET', '/api/v3/account', {})).body as { balances: { asset: string; locked: string }[] };
      return account.balances.find((b) => b.asset === 'BTC')!.locked;
    };
    const placed = await restingSell(price, '0.005');
    expect(await locked()).toBe('0.00500000');
    await amend({ orderId: placed.orderId as number, newQty: '0.001' });
    expect(await locked()).toBe('0.00100000');
  });

  test('an amendment down to the executed quantity expires the order at no weight', async () => {
    await start();
    const price = await bestAsk();
    const placed = await restingSell(price, '0.004');
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity: '0.001' });
    const weightBefore = Number((await call(`${sim.restUrl}/api/v3/ping`)).headers.get('x-mbx-used-weight-1m'));
    const response = await amend({ orderId: placed.orderId as number, newQty: '0.001' });
    expect((response.body as { amendedOrder: Json }).amendedOrder).toMatchObject({ status: 'EXPIRED', qty: '0.00100000', executedQty: '0.00100000' });
    expect(Number(response.headers.get('x-mbx-used-weight-1m'))).toBe(weightBefore);
  });

  test('refuses a larger or unchanged quantity, an unknown order and an 11th amendment with -2038', async () => {
    await start();
    const price = await bestAsk();
    const placed = await restingSell(price, '0.02');
    const id = placed.orderId as number;
    expect((await amend({ orderId: id, newQty: '0.03' })).body).toEqual({ code: -2038, msg: 'Order amend (quantity increase) is not supported.' });
    expect((await amend({ orderId: id, newQty: '0.02' })).body).toEqual({ code: -2038, msg: 'The requested action would change no state; rejecting' });
    expect((await amend({ orderId: 999, newQty: '0.01' })).body).toEqual({ code: -2038, msg: 'Unknown order sent.' });
    for (let i = 1; i <= 10; i++) expect((await amend({ orderId: id, newQty: (0.02 - i * 0.001).toFixed(3) })).status).toBe(200);
    const refused = await amend({ orderId: id, newQty: '0.009' });
    expect([refused.status, refused.body]).toEqual([400, { code: -2038, msg: 'Filter failure: MAX_NUM_ORDER_AMENDS' }]);
    expect((await order(id)).origQty).toBe('0.01000000');
  });

  test('an order of a list answers with the list, its new client id in it', async () => {
    await start();
    const price = await bestAsk();
    const list = (await send('POST', '/api/v3/orderList/oto', {
      workingType: 'LIMIT', workingSide: 'SELL', workingPrice: price, workingQuantity: '0.004', workingTimeInForce: 'GTC',
      pendingType: 'MARKET', pendingSide: 'BUY', pendingQuantity: '0.004',
    })).body as { orderListId: number; orders: { orderId: number }[] };
    const pending = list.orders[1]!.orderId;
    const body = (await amend({ orderId: pending, newQty: '0.003' })).body as { amendedOrder: Json; listStatus: { orders: Json[] } };
    expect(sortedKeys(body)).toEqual(sortedKeys(doc(AMENDED_IN_LIST)));
    expect(sortedKeys(body.listStatus)).toEqual(sortedKeys(doc(AMENDED_IN_LIST).listStatus));
    expect(body.amendedOrder).toMatchObject({ status: 'PENDING_NEW', qty: '0.00300000', orderListId: list.orderListId });
    expect(body.listStatus.orders[1]).toEqual({ symbol: 'BTCUSDT', orderId: pending, clientOrderId: body.amendedOrder.clientOrderId });
  });

  test('amending either order of an OCO pair amends both, its funds held once; an OTOCO\'s pending pair too, its working order alone', async () => {
    await start();
    const last = Number(await bestAsk());
    const oco = (await send('POST', '/api/v3/orderList/oco', {
      side: 'SELL', quantity: '0.05', aboveType: 'LIMIT_MAKER', abovePrice: (last * 1.02).toFixed(2),
      belowType: 'STOP_LOSS_LIMIT', belowStopPrice: (last * 0.98).toFixed(2), belowPrice: (last * 0.97).toFixed(2), belowTimeInForce: 'GTC',
    })).body as { orderReports: Json[] };
    const [below, above] = oco.orderReports;
    expect((await amend({ orderId: above!.orderId as number, newQty: '0.03' })).status).toBe(200);
    expect([(await order(below!.orderId as number)).origQty, (await order(above!.orderId as number)).origQty]).toEqual(['0.03000000', '0.03000000']);
    const account = (await send('GET', '/api/v3/account', {})).body as { balances: { asset: string; locked: string }[] };
    expect(account.balances.find((b) => b.asset === 'BTC')!.locked).toBe('0.03000000');

    const otoco = (await send('POST', '/api/v3/orderList/otoco', {
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (last * 0.9).toFixed(2), workingQuantity: '0.02', workingTimeInForce: 'GTC',
      pendingSide: 'SELL', pendingQuantity: '0.02', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: (last * 1.03).toFixed(2),
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: (last * 0.85).toFixed(2),
    })).body as { orderReports: Json[] };
    const [working, pendingBelow, pendingAbove] = otoco.orderReports;
    expect((await amend({ orderId: pendingBelow!.orderId as number, newQty: '0.01' })).status).toBe(200);
    expect((await order(pendingAbove!.orderId as number)).origQty).toBe('0.01000000');
    expect((await order(working!.orderId as number)).origQty).toBe('0.02000000');
    expect((await amend({ orderId: working!.orderId as number, newQty: '0.015' })).status).toBe(200);
    expect([(await order(working!.orderId as number)).origQty, (await order(pendingAbove!.orderId as number)).origQty]).toEqual(['0.01500000', '0.01000000']);
  });
});

describe('POST /api/v3/order/cancelReplace', () => {
  const newOrder = (price: string, extra: Record<string, string | number> = {}) => ({
    side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.003', ...extra,
  });

  test('both halves: 200 in the documented shape, at no weight', async () => {
    await start();
    const price = await bestAsk();
    const old = await restingSell(price, '0.002');
    const weightBefore = Number((await call(`${sim.restUrl}/api/v3/ping`)).headers.get('x-mbx-used-weight-1m'));
    const response = await replace({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: old.orderId as number, ...newOrder(price, { newClientOrderId: 'new-one' }) });
    expect(response.status).toBe(200);
    const body = response.body as { cancelResponse: Json; newOrderResponse: Json };
    const example = doc(BOTH_SUCCEED) as { cancelResponse: Json; newOrderResponse: Json };
    expect(sortedKeys(body)).toEqual(sortedKeys(example));
    expect(body).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' });
    expect(sortedKeys(body.cancelResponse)).toEqual(sortedKeys(example.cancelResponse));
    expect(sortedKeys(body.newOrderResponse)).toEqual(sortedKeys(example.newOrderResponse));
    expect(body.cancelResponse).toMatchObject({ orderId: old.orderId, status: 'CANCELED' });
    expect(body.newOrderResponse).toMatchObject({ clientOrderId: 'new-one', status: 'NEW', origQty: '0.00300000' });
    expect(Number(response.headers.get('x-mbx-used-weight-1m'))).toBe(weightBefore);
    expect(response.headers.get('x-mbx-order-count-10s')).toBe('2');
  });

  test('STOP_ON_FAILURE with a cancel that fails: 400, -2022, the new order not attempted, as documented', async () => {
    await start();
    const price = await bestAsk();
    const response = await replace({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: 999, ...newOrder(price) });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(doc(CANCEL_FAILS_STOP));
    expect((await send('GET', '/api/v3/openOrders', {})).body).toEqual([]);
    // "A new order that was not attempted ... will still increase the unfilled order count by 1."
    expect(response.headers.get('x-mbx-order-count-10s')).toBe('1');
  });

  test('a cancel that works and a new order that fails: 409, -2021, the cancel reported', async () => {
    await start();
    const price = await bestAsk();
    const old = await restingSell(price, '0.002');
    // A LIMIT_MAKER BUY above the best ask would take: rest-api.md's own example of a failed new order.
    const response = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: old.orderId as number, side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.002',
      price: (Number(price) + 500).toFixed(2),
    });
    const data = expectDocumented(response, 409, NEW_ORDER_FAILS);
    expect(data.cancelResponse).toMatchObject({ orderId: old.orderId, status: 'CANCELED' });
  });

  test('ALLOW_FAILURE with a cancel that fails: 409, -2021, the new order placed', async () => {
    await start();
    const price = await bestAsk();
    const response = await replace({ cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 999, ...newOrder(price, { newOrderRespType: 'ACK' }) });
    const data = expectDocumented(response, 409, CANCEL_FAILS_ALLOW);
    expect(await order(data.newOrderResponse.orderId as number)).toMatchObject({ status: 'NEW' });
  });

  test('ALLOW_FAILURE with both halves failing: 400, -2022, as documented', async () => {
    await start();
    const price = await bestAsk();
    const response = await replace({
      cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 999, side: 'BUY', type: 'LIMIT_MAKER', quantity: '0.002', price: (Number(price) + 500).toFixed(2),
    });
    expect([response.status, response.body]).toEqual([400, doc(BOTH_FAIL)]);
  });

  test('cancelRestrictions that the order does not meet fail the cancel half', async () => {
    await start();
    const price = await bestAsk();
    const old = await restingSell(price, '0.002');
    const response = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: old.orderId as number, cancelRestrictions: 'ONLY_PARTIALLY_FILLED', ...newOrder(price),
    });
    expect(response.status).toBe(400);
    expect((response.body as { data: Json }).data.cancelResponse).toEqual({ code: -2011, msg: 'Order was not canceled due to cancel restrictions.' });
    expect(await order(old.orderId as number)).toMatchObject({ status: 'NEW' });
    expect((await replace({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: 1, cancelRestrictions: 'ANY', ...newOrder(price) })).body)
      .toEqual({ code: -1145, msg: 'Invalid cancelRestrictions' });
  });

  test('over the unfilled order count: DO_NOTHING cancels nothing, CANCEL_ONLY cancels and fails the new order', async () => {
    await start({ limits: { rateLimits: [{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1 }] } });
    const price = await bestAsk();
    const old = await restingSell(price, '0.002');
    const nothing = await replace({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: old.orderId as number, ...newOrder(price) });
    const limited = doc(LIMITED_DO_NOTHING);
    expect([nothing.status, nothing.body]).toEqual([429, limited]);
    expect(await order(old.orderId as number)).toMatchObject({ status: 'NEW' });
    const cancelOnly = await replace({
      cancelReplaceMode: 'STOP_ON_FAILURE', orderRateLimitExceededMode: 'CANCEL_ONLY', cancelOrderId: old.orderId as number, ...newOrder(price),
    });
    expectDocumented(cancelOnly, 409, LIMITED_CANCEL_ONLY);
    expect(await order(old.orderId as number)).toMatchObject({ status: 'CANCELED' });
  });

  test('a replaced order loses its place: the later order at its price fills first', async () => {
    await start();
    const price = await bestAsk();
    const first = await restingSell(price, '0.002');
    const second = await restingSell(price, '0.002');
    const replaced = (await replace({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrderId: first.orderId as number, ...newOrder(price, { quantity: '0.002' }) })).body as { newOrderResponse: Json };
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price, quantity: '0.002' });
    expect(await order(second.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect(await order(replaced.newOrderResponse.orderId as number)).toMatchObject({ status: 'NEW' });
  });
});
