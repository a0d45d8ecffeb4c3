import type ccxt from 'ccxt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { at, connectCcxt, startClientSim, type Body, type ClientSim } from './client-support.js';

/**
 * ccxt's binance, unchanged but for its URLs and the simulator's keys: its own fills with their
 * fees, cancel-all on a symbol holding an order list, and an OCO. ccxt's createOrder has no
 * mapping for Binance spot order lists, so the OCO goes through its implicit API method for
 * `POST /api/v3/orderList/oco` (`privatePostOrderListOco`) and is then read with `fetchOrder`.
 * `fetchTradingFee` for a spot symbol reads Binance's `GET /sapi/v1/asset/tradeFee`, which the
 * simulator serves with the standard rates `GET /api/v3/account/commission` reports; the order
 * rate limit and an OPO go through the implicit API (`privateGetRateLimitOrder`,
 * `privatePostOrderListOpo`).
 */

let env: ClientSim;
let exchange: InstanceType<typeof ccxt.binance>;

beforeEach(async () => {
  env = await startClientSim(5);
  exchange = await connectCcxt(env.sim.restUrl);
});
afterEach(async () => {
  await exchange.close();
  await env.sim.close();
});

/** A SELL OCO of 0.01 BTC: a take-profit LIMIT_MAKER 2% above `price`, a stop-loss limit 2% below. */
async function placeOco(price: number): Promise<Body> {
  return await exchange.privatePostOrderListOco({
    symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'ccxt-oco',
    aboveType: 'LIMIT_MAKER', abovePrice: at(price * 1.02), aboveClientOrderId: 'ccxt-tp',
    belowType: 'STOP_LOSS_LIMIT', belowStopPrice: at(price * 0.98), belowPrice: at(price * 0.97), belowTimeInForce: 'GTC', belowClientOrderId: 'ccxt-sl',
  }) as Body;
}

describe('ccxt', () => {
  test('fetchMyTrades reports a market fill with the commission the simulator charged', async () => {
    const before = await exchange.fetchBalance();
    const order = await exchange.createOrder('BTC/USDT', 'market', 'buy', 0.01);
    expect(order.status).toBe('closed');
    const trades = await exchange.fetchMyTrades('BTC/USDT');
    const raw = await env.send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' }) as Body[];
    expect(raw.length).toBeGreaterThan(0);
    expect(trades.map((t) => [t.id, t.order, t.side, t.takerOrMaker, t.price, t.amount, t.fee?.cost, t.fee?.currency])).toEqual(
      raw.map((r) => [String(r.id), String(r.orderId), 'buy', 'taker', Number(r.price), Number(r.qty), Number(r.commission), r.commissionAsset]),
    );
    // A taker fee is charged in the asset received, so the BTC balance grew by the quantity less the fees.
    const fees = trades.reduce((sum, t) => sum + (t.fee?.cost ?? 0), 0);
    expect(fees).toBeGreaterThan(0);
    expect(trades.every((t) => t.fee?.currency === 'BTC')).toBe(true);
    const after = await exchange.fetchBalance();
    expect(Number(((after.BTC!.total ?? 0) - (before.BTC!.total ?? 0)).toFixed(8))).toBe(Number((0.01 - fees).toFixed(8)));
  });

  test('cancelAllOrders(symbol) cancels the open orders and the order list, and leaves nothing open', async () => {
    const price = await env.last();
    const limit = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, Math.round(price * 0.9));
    const stop = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01, undefined, { stopLossPrice: Math.round(price * 0.95) });
    const list = await placeOco(price);
    const canceled = await exchange.cancelAllOrders('BTC/USDT');
    // Binance answers the single orders first, then each list with its orders' reports.
    expect(canceled.map((o) => [o.id ?? null, o.status ?? null, o.info.orderListId])).toEqual([
      [limit.id, 'canceled', -1],
      [stop.id, 'canceled', -1],
      [null, null, list.orderListId],
    ]);
    const listAnswer = canceled[2]!.info as Body;
    expect(listAnswer).toMatchObject({ contingencyType: 'OCO', listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE', listClientOrderId: 'ccxt-oco' });
    // As Binance answers a cancel: the order's own id is origClientOrderId, clientOrderId is the cancel's.
    expect((listAnswer.orderReports as Body[]).map((r) => [r.origClientOrderId, r.status])).toEqual([['ccxt-sl', 'CANCELED'], ['ccxt-tp', 'CANCELED']]);
    expect(await exchange.fetchOpenOrders('BTC/USDT')).toEqual([]);
    expect(await exchange.privateGetOpenOrderList()).toEqual([]);
    expect((await exchange.fetchBalance()).BTC).toMatchObject({ free: 1, used: 0 });
  });

  test('an OCO placed through privatePostOrderListOco: the stop triggers when the market falls, the limit order expires with OCO_TRIGGER', async () => {
    const price = await env.last();
    const list = await placeOco(price);
    expect(list).toMatchObject({ contingencyType: 'OCO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING' });
    const [sl, tp] = list.orderReports as Body[];
    const stopId = String(sl!.orderId);
    const limitId = String(tp!.orderId);
    const waiting = await exchange.fetchOrder(stopId, 'BTC/USDT');
    expect([waiting.type, waiting.status, waiting.triggerPrice, waiting.info.isWorking]).toEqual(['limit', 'open', Number(at(price * 0.98)), false]);

    await env.moveTo(price * 0.95);

    const limit = await exchange.fetchOrder(limitId, 'BTC/USDT');
    expect([limit.status, limit.filled, limit.info.expiryReason]).toEqual(['expired', 0, 'OCO_TRIGGER']);
    const stop = await exchange.fetchOrder(stopId, 'BTC/USDT');
    expect(stop.info.isWorking).toBe(true);
    expect(stop.info.workingTime).toBeGreaterThan(0);
    expect([stop.status, stop.filled]).toEqual(['closed', 0.01]);
    expect(await exchange.privateGetOrderList({ orderListId: list.orderListId })).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' });
  });

  test('createOrder with triggerPrice and with trailingPercent: the market moved up then down triggers both, the trailing one from its new high, and fetchMyTrades has their fills', async () => {
    const price = await env.last();
    const stop = await exchange.createOrder('BTC/USDT', 'limit', 'sell', 0.01, Math.round(price * 0.97), { triggerPrice: Math.round(price * 0.985) });
    const trailing = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.01, undefined, { trailingPercent: 5, stopLossOrTakeProfit: 'stopLoss' });
    expect([stop.info.type, trailing.info.type, trailing.info.trailingDelta]).toEqual(['STOP_LOSS_LIMIT', 'STOP_LOSS', 500]);

    // Up 3%: the trailing stop follows the new high (the second of the move swings less than its 5%); neither stop is reached.
    await env.moveTo(price * 1.03);
    expect((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => [o.id, o.info.isWorking])).toEqual([[stop.id, false], [trailing.id, false]]);
    // Down to 97.5%: 5.3% off the high, so the trailing stop triggers only because it followed the
    // rise (2.5% off where it was placed); the price also passes the other stop's 98.5%.
    await env.moveTo(price * 0.975);
    const stopNow = await exchange.fetchOrder(String(stop.id), 'BTC/USDT');
    const trailingNow = await exchange.fetchOrder(String(trailing.id), 'BTC/USDT');
    expect([stopNow.status, stopNow.filled, stopNow.info.isWorking]).toEqual(['closed', 0.01, true]);
    expect([trailingNow.status, trailingNow.filled, trailingNow.info.isWorking]).toEqual(['closed', 0.01, true]);
    const trades = await exchange.fetchMyTrades('BTC/USDT');
    const raw = await env.send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' }) as Body[];
    expect(trades.map((t) => [t.order, t.side, t.fee?.cost, t.fee?.currency])).toEqual(raw.map((r) => [String(r.orderId), 'sell', Number(r.commission), 'USDT']));
    expect([...new Set(trades.map((t) => t.order))].sort()).toEqual([stop.id, trailing.id].sort());
  });
});

describe('ccxt: trading fees, the order count and OPO', () => {
  test('fetchTradingFee reports the maker and taker rates the account is charged', async () => {
    const fee = await exchange.fetchTradingFee('BTC/USDT');
    const rates = await env.send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' }) as { standardCommission: { maker: string; taker: string } };
    expect([fee.symbol, fee.maker, fee.taker]).toEqual(['BTC/USDT', Number(rates.standardCommission.maker), Number(rates.standardCommission.taker)]);
    expect(fee.maker).toBe(0.001);
  });

  test('the unfilled order count and an OPO through the implicit API', async () => {
    const price = await env.last();
    const placed = await exchange.privatePostOrderListOpo({
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: (price * 0.99).toFixed(2), workingQuantity: '0.01',
      workingTimeInForce: 'GTC', pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: (price * 1.05).toFixed(2),
    }) as Body;
    expect(placed).toMatchObject({ contingencyType: 'OTO', listOrderStatus: 'EXECUTING' });
    const counts = await exchange.privateGetRateLimitOrder() as { interval: string; count: number }[];
    // The 10-second window follows the wall clock and may roll over mid-test; the day's count cannot.
    expect(counts.map((w) => w.interval)).toEqual(['SECOND', 'DAY']);
    expect([counts[0]!.count <= 2, counts[1]!.count]).toEqual([true, 2]);
    const [, pending] = placed.orderReports as Body[];
    await env.moveTo(price * 0.98);
    const sell = await exchange.fetchOrder(String(pending!.orderId), 'BTC/USDT');
    // 0.01 bought, 0.00001 of it paid as the 0.1 % fee: the pending order sells the rest.
    expect([sell.side, sell.status, sell.amount]).toEqual(['sell', 'open', 0.00999]);
  });
});
