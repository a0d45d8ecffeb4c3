import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, encode, signed, signPayload } from '../support.js';

const NOW = Date.UTC(2026, 6, 1, 8, 0, 5);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;

beforeEach(async () => {
  sim = await startSimulator({ seed: 11, clock: { now: () => NOW } });
});
afterEach(async () => {
  await sim.close();
});

const send = (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>) =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, key, params, { timestamp: NOW });
const place = (params: Record<string, string | number>) => send('POST', '/api/v3/order', { symbol: 'BTCUSDT', ...params });

async function lastPrice(symbol = 'BTCUSDT'): Promise<number> {
  return Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=${symbol}`)).body as { price: string }).price);
}

describe('placing orders', () => {
  test('a MARKET order answers FULL by default, costs no weight and carries the order counts', async () => {
    const weightBefore = Number((await call(`${sim.restUrl}/api/v3/ping`)).headers.get('x-mbx-used-weight-1m'));
    const response = await place({ side: 'BUY', type: 'MARKET', quantity: '0.002', newClientOrderId: 'm-1' });
    expect(response.status).toBe(200);
    const body = response.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime', 'price', 'origQty', 'executedQty',
      'origQuoteOrderQty', 'cummulativeQuoteQty', 'status', 'timeInForce', 'type', 'side', 'workingTime',
      'selfTradePreventionMode', 'fills',
    ]);
    expect(body).toMatchObject({
      symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'm-1', transactTime: NOW, price: '0.00000000',
      origQty: '0.00200000', executedQty: '0.00200000', origQuoteOrderQty: '0.00000000', status: 'FILLED',
      timeInForce: 'GTC', type: 'MARKET', side: 'BUY', workingTime: NOW, selfTradePreventionMode: 'NONE',
    });
    const fills = body.fills as { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
    expect(fills).toEqual([{ price: expect.stringMatching(/^\d+\.\d{8}$/), qty: '0.00200000', commission: '0.00000200', commissionAsset: 'BTC', tradeId: expect.any(Number) }]);
    expect(Number(response.headers.get('x-mbx-used-weight-1m'))).toBe(weightBefore);
    // Placed, then filled at once: the unfilled-order count goes back to zero.
    expect([response.headers.get('x-mbx-order-count-10s'), response.headers.get('x-mbx-order-count-1d')]).toEqual(['0', '0']);
  });

  test('ACK and RESULT response types, and the resting LIMIT_MAKER default of ACK', async () => {
    const price = await lastPrice();
    const ack = await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (price - 500).toFixed(2), newOrderRespType: 'ACK' });
    expect(Object.keys(ack.body as object)).toEqual(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
    expect((ack.body as { clientOrderId: string }).clientOrderId).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(ack.headers.get('x-mbx-order-count-10s')).toBe('1');
    const result = await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (price - 400).toFixed(2), newOrderRespType: 'RESULT' });
    expect(result.body).toMatchObject({ status: 'NEW', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', price: `${(price - 400).toFixed(2)}000000` });
    expect(result.body).not.toHaveProperty('fills');
    const maker = await place({ side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.001', price: (price + 300).toFixed(2) });
    expect(Object.keys(maker.body as object)).toHaveLength(5);
    expect(maker.headers.get('x-mbx-order-count-10s')).toBe('3');
  });

  test('quote-quantity MARKET sells and buys', async () => {
    const buy = (await place({ side: 'BUY', type: 'MARKET', quoteOrderQty: '100' })).body as Record<string, string>;
    expect(buy.origQuoteOrderQty).toBe('100.00000000');
    expect(Number(buy.cummulativeQuoteQty)).toBeLessThanOrEqual(100);
    expect(buy.origQty).toBe(buy.executedQty);
    const sell = (await place({ side: 'SELL', type: 'MARKET', quoteOrderQty: '50' })).body as Record<string, unknown>;
    expect(sell.status).toBe('FILLED');
    expect((sell.fills as { commissionAsset: string }[])[0]!.commissionAsset).toBe('USDT');
  });

  test('parameters may come in the query and the body; the query wins', async () => {
    const query = encode({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    const body = encode({ quantity: '0.5', timestamp: NOW });
    const signature = signPayload(key, query + body);
    const response = await call(`${sim.restUrl}/api/v3/order?${query}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': DEMO_API_KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${body}&signature=${signature}`,
    });
    expect((response.body as { executedQty: string }).executedQty).toBe('0.00100000');
  });

  test('Binance errors for invalid orders', async () => {
    const price = (await lastPrice()).toFixed(2);
    const cases: [Record<string, string | number>, { code: number; msg: string }][] = [
      [{ side: 'BUY', type: 'LIMIT', quantity: '0.001', price }, { code: -1102, msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed." }],
      [{ side: 'BUY', type: 'MARKET' }, { code: -1102, msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!" }],
      [{ side: 'BUY', type: 'MARKET', quantity: '1e-3' }, { code: -1100, msg: "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'." }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.000000001' }, { code: -1111, msg: "Parameter 'quantity' has too much precision." }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.000011' }, { code: -1013, msg: 'Filter failure: LOT_SIZE' }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.00001' }, { code: -1013, msg: 'Filter failure: NOTIONAL' }],
      [{ side: 'BUY', type: 'MARKET', quantity: '121' }, { code: -1013, msg: 'Filter failure: MARKET_LOT_SIZE' }],
      [{ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '50000.005' }, { code: -1013, msg: 'Filter failure: PRICE_FILTER' }],
      [{ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '10.00' }, { code: -1013, msg: 'Filter failure: PERCENT_PRICE_BY_SIDE' }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.001', timeInForce: 'GTC' }, { code: -1114, msg: 'TimeInForce parameter sent when not required.' }],
      [{ side: 'BUY', type: 'MARKET', quantity: '0.001', price }, { code: -1106, msg: "Parameter 'price' sent when not required." }],
      [{ side: 'UP', type: 'MARKET', quantity: '0.001' }, { code: -1117, msg: 'Invalid side.' }],
      [{ side: 'BUY', type: 'BEST', quantity: '0.001' }, { code: -1116, msg: 'Invalid orderType.' }],
      [{ side: 'BUY', type: 'STOP_LOSS', quantity: '0.001' }, { code: -1102, msg: "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!" }],
      [{ side: 'SELL', type: 'MARKET', quantity: '2' }, { code: -2010, msg: 'Account has insufficient balance for requested action.' }],
      [{ side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.001', price }, { code: -2010, msg: 'Order would immediately match and take.' }],
      [{ symbol: 'XRPUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }, { code: -1121, msg: 'Invalid symbol.' }],
    ];
    for (const [params, expected] of cases) {
      const response = await place(params);
      expect({ params, status: response.status, body: response.body }).toEqual({ params, status: 400, body: expected });
    }
  });

  test('a client order id in use by an open order is a duplicate; after a cancel it is free again', async () => {
    const price = (await lastPrice() - 1000).toFixed(2);
    const order = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price, newClientOrderId: 'same-id' };
    expect((await place(order)).status).toBe(200);
    expect((await place(order)).body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    expect((await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'same-id' })).status).toBe(200);
    expect((await place(order)).status).toBe(200);
  });

  test('order/test validates without placing', async () => {
    expect((await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' })).body).toEqual({});
    expect((await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.0000001' })).body)
      .toEqual({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect((await send('GET', '/api/v3/openOrders', {})).body).toEqual([]);
    const rates = (await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', computeCommissionRates: 'true' })).body;
    expect(rates).toMatchObject({ standardCommissionForOrder: { maker: '0.00100000', taker: '0.00100000' } });
  });
});

describe('querying and canceling', () => {
  test('the lifecycle of a resting order: get, openOrders, cancel, allOrders', async () => {
    const price = (await lastPrice() - 2000).toFixed(2);
    const placed = (await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price, newClientOrderId: 'life' })).body as { orderId: number };
    const byId = await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId });
    expect(byId.body).toEqual({
      symbol: 'BTCUSDT', orderId: placed.orderId, orderListId: -1, clientOrderId: 'life', price: `${price}000000`,
      origQty: '0.01000000', executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', timeInForce: 'GTC',
      type: 'LIMIT', side: 'BUY', stopPrice: '0.00000000', icebergQty: '0.00000000', time: NOW, updateTime: NOW,
      isWorking: true, workingTime: NOW, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'NONE',
    });
    expect((await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'life' })).body).toEqual(byId.body);
    expect((await send('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toEqual([byId.body]);
    const account = (await send('GET', '/api/v3/account', {})).body as { balances: { asset: string; free: string; locked: string }[] };
    const locked = (Number(price) * 0.01).toFixed(8);
    expect(account.balances.find((b) => b.asset === 'USDT')!.locked).toBe(locked);
    const canceled = await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId, newClientOrderId: 'undo' });
    expect(canceled.body).toEqual({
      symbol: 'BTCUSDT', origClientOrderId: 'life', orderId: placed.orderId, orderListId: -1, clientOrderId: 'undo', transactTime: NOW,
      price: `${price}000000`, origQty: '0.01000000', executedQty: '0.00000000', origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000', status: 'CANCELED', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', selfTradePreventionMode: 'NONE',
    });
    expect((await send('GET', '/api/v3/openOrders', {})).body).toEqual([]);
    const all = (await send('GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' })).body as { status: string }[];
    expect(all.map((o) => o.status)).toEqual(['CANCELED']);
  });

  test('unknown orders: -2013 on query, -2011 on cancel, -1102 without an id', async () => {
    expect((await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 999 })).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 999 })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await send('GET', '/api/v3/order', { symbol: 'BTCUSDT' })).body)
      .toEqual({ code: -1102, msg: "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!" });
    expect((await send('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  test('DELETE openOrders cancels every open order of the symbol only', async () => {
    const btc = await lastPrice();
    const eth = await lastPrice('ETHUSDT');
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (btc - 900).toFixed(2) });
    await place({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (btc + 900).toFixed(2) });
    await send('POST', '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: (eth - 50).toFixed(2) });
    const canceled = (await send('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body as { status: string; side: string }[];
    expect(canceled.map((o) => [o.side, o.status])).toEqual([['BUY', 'CANCELED'], ['SELL', 'CANCELED']]);
    expect(((await send('GET', '/api/v3/openOrders', {})).body as { symbol: string }[]).map((o) => o.symbol)).toEqual(['ETHUSDT']);
  });

  test('myTrades lists the account fills with commissions; the account shows the result', async () => {
    const order = (await place({ side: 'BUY', type: 'MARKET', quantity: '0.01' })).body as { orderId: number; fills: { price: string; qty: string; commission: string; tradeId: number }[] };
    const trades = (await send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' })).body as Record<string, unknown>[];
    expect(trades).toHaveLength(order.fills.length);
    expect(trades[0]).toEqual({
      symbol: 'BTCUSDT', id: order.fills[0]!.tradeId, orderId: order.orderId, orderListId: -1, price: order.fills[0]!.price,
      qty: order.fills[0]!.qty, quoteQty: (Number(order.fills[0]!.price) * Number(order.fills[0]!.qty)).toFixed(8),
      commission: order.fills[0]!.commission, commissionAsset: 'BTC', time: NOW, isBuyer: true, isMaker: false, isBestMatch: true,
    });
    expect((await send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: 12345 })).body).toEqual([]);
    const account = (await send('GET', '/api/v3/account', { omitZeroBalances: 'true' })).body as Record<string, unknown>;
    expect(account).toMatchObject({
      makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true, accountType: 'SPOT', permissions: ['SPOT'], updateTime: NOW,
    });
    const commission = order.fills.reduce((sum, f) => sum + Number(f.commission), 0);
    expect((account.balances as { asset: string; free: string }[]).map((b) => b.asset)).toEqual(['USDT', 'BTC', 'ETH', 'BNB']);
    expect((account.balances as { asset: string; free: string }[])[1]!.free).toBe((1.01 - commission).toFixed(8));
    const full = (await send('GET', '/api/v3/account', {})).body as { balances: unknown[] };
    expect(full.balances).toHaveLength(4);
  });

  test('a query naming an order id with the client id of another order is -2039; such a cancel -2011', async () => {
    const price = (await lastPrice() - 700).toFixed(2);
    const a = (await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price, newClientOrderId: 'a' })).body as { orderId: number };
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price, newClientOrderId: 'b' });
    expect((await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: a.orderId, origClientOrderId: 'b' })).body)
      .toEqual({ code: -2039, msg: 'Client order ID is not correct for this order ID.' });
    expect((await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: a.orderId, origClientOrderId: 'b' })).body)
      .toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  test('cancelRestrictions: ONLY_PARTIALLY_FILLED refuses a NEW order, ONLY_NEW cancels it', async () => {
    const price = (await lastPrice() - 700).toFixed(2);
    const placed = (await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price })).body as { orderId: number };
    const refused = await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId, cancelRestrictions: 'ONLY_PARTIALLY_FILLED' });
    expect(refused.body).toEqual({ code: -2011, msg: 'Order was not canceled due to cancel restrictions.' });
    const invalid = await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId, cancelRestrictions: 'SOMETIMES' });
    expect(invalid.body).toEqual({ code: -1145, msg: 'Invalid cancelRestrictions' });
    const canceled = await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId, cancelRestrictions: 'ONLY_NEW' });
    expect((canceled.body as { status: string }).status).toBe('CANCELED');
  });

  test('account/commission and rateLimit/order', async () => {
    expect((await send('GET', '/api/v3/account/commission', { symbol: 'ETHBTC' })).body).toEqual({
      symbol: 'ETHBTC',
      standardCommission: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      specialCommission: { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' },
      taxCommission: { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.00000000' },
    });
    await place({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (await lastPrice() - 800).toFixed(2) });
    expect((await send('GET', '/api/v3/rateLimit/order', {})).body).toEqual([
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 1 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 1 },
    ]);
  });
});
