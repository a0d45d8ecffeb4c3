import { Spot, SpotRestAPI, SpotWebsocketAPI } from '@binance/spot';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../../src/simulator/index.js';
import { sellTotals, startClientSim, type ClientSim } from './client-support.js';

/**
 * The official `@binance/spot`, unchanged but for its URLs and the simulator's keys: OCO, OTO and
 * OTOCO placed with its order-list methods, the market moved across them, the lists read back
 * (one, the open ones, all), cancelled one by one and all at once (`deleteOpenOrders`), and the
 * account's fills read with `myTrades`; and over its WebSocket API client, an OCO and an OTO placed,
 * the lists read, cancelled, and the fills read. Then commission rates and the unfilled order
 * count (`accountCommission`, `rateLimitOrder`), an OPO and an OPOCO whose pending SELLs get what
 * the working BUY bought net of its fee, over REST and over the WebSocket API.
 */

let env: ClientSim;
let spot: Spot;

beforeEach(async () => {
  env = await startClientSim(7);
  spot = new Spot({
    configurationRestAPI: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, basePath: env.sim.restUrl },
    configurationWebsocketAPI: { apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, wsURL: env.sim.wsApiUrl },
  });
});
afterEach(async () => {
  await env.sim.close();
});

const tick = (price: number): number => Number(price.toFixed(2));

async function order(orderId: number | bigint | undefined): Promise<SpotRestAPI.GetOrderResponse> {
  return await (await spot.restAPI.getOrder({ symbol: 'BTCUSDT', orderId: orderId! })).data();
}

async function usdt(): Promise<number> {
  const account = await (await spot.restAPI.getAccount()).data();
  const balance = account.balances!.find((b) => b.asset === 'USDT')!;
  return Number(balance.free) + Number(balance.locked);
}

describe('@binance/spot over REST', () => {
  test('orderListOco: the take-profit fills when the market rises, the stop expires with OCO_TRIGGER, and myTrades has the fill and its fee', async () => {
    const price = await env.last();
    const usdtBefore = await usdt();
    const placed = await (await spot.restAPI.orderListOco({
      symbol: 'BTCUSDT', side: SpotRestAPI.OrderListOcoSideEnum.SELL, quantity: 0.01, listClientOrderId: 'spot-oco',
      aboveType: SpotRestAPI.OrderListOcoAboveTypeEnum.LIMIT_MAKER, abovePrice: tick(price * 1.02), aboveClientOrderId: 'spot-tp',
      belowType: SpotRestAPI.OrderListOcoBelowTypeEnum.STOP_LOSS_LIMIT, belowStopPrice: tick(price * 0.98), belowPrice: tick(price * 0.97),
      belowTimeInForce: SpotRestAPI.OrderListOcoBelowTimeInForceEnum.GTC, belowClientOrderId: 'spot-sl',
    })).data();
    expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus, placed.listClientOrderId]).toEqual(['OCO', 'EXEC_STARTED', 'EXECUTING', 'spot-oco']);
    expect(placed.orderReports!.map((r) => [r.clientOrderId, r.type, r.status])).toEqual([
      ['spot-sl', 'STOP_LOSS_LIMIT', 'NEW'],
      ['spot-tp', 'LIMIT_MAKER', 'NEW'],
    ]);
    const [sl, tp] = placed.orderReports!;

    await env.moveTo(price * 1.05);

    expect(await order(tp!.orderId)).toMatchObject({ status: 'FILLED', executedQty: '0.01000000' });
    expect(await order(sl!.orderId)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    const list = await (await spot.restAPI.getOrderList({ orderListId: placed.orderListId! })).data();
    expect([list.listStatusType, list.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);

    const trades = await (await spot.restAPI.myTrades({ symbol: 'BTCUSDT' })).data();
    expect(trades.map((t) => [t.orderId, t.orderListId, t.isBuyer, t.isMaker, t.price, t.commissionAsset])).toEqual(
      trades.map(() => [tp!.orderId, placed.orderListId, false, true, tick(price * 1.02).toFixed(8), 'USDT']),
    );
    const totals = sellTotals(trades);
    expect(totals.qty).toBe('0.01000000');
    expect(totals.fees).toBeGreaterThan(0);
    // The USDT received is the proceeds less the commissions myTrades reports, to the last unit.
    expect((await usdt() - usdtBefore).toFixed(8)).toBe(totals.netQuote);
  });

  test('orderListOto: the pending order waits PENDING_NEW, appears when the working order fills, and deleteOrderList cancels it', async () => {
    const price = await env.last();
    const placed = await (await spot.restAPI.orderListOto({
      symbol: 'BTCUSDT', listClientOrderId: 'spot-oto',
      workingType: SpotRestAPI.OrderListOtoWorkingTypeEnum.LIMIT, workingSide: SpotRestAPI.OrderListOtoWorkingSideEnum.BUY,
      workingPrice: tick(price * 0.97), workingQuantity: 0.01, workingTimeInForce: SpotRestAPI.OrderListOtoWorkingTimeInForceEnum.GTC,
      pendingType: SpotRestAPI.OrderListOtoPendingTypeEnum.LIMIT_MAKER, pendingSide: SpotRestAPI.OrderListOtoPendingSideEnum.SELL,
      pendingQuantity: 0.01, pendingPrice: tick(price * 1.1),
    })).data();
    expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus]).toEqual(['OTO', 'EXEC_STARTED', 'EXECUTING']);
    expect(placed.orderReports!.map((r) => [r.type, r.side, r.status])).toEqual([
      ['LIMIT', 'BUY', 'NEW'],
      ['LIMIT_MAKER', 'SELL', 'PENDING_NEW'],
    ]);
    const [working, pending] = placed.orderReports!;
    const open = await (await spot.restAPI.openOrderList()).data();
    expect(open.map((l) => [l.orderListId, l.contingencyType])).toEqual([[placed.orderListId, 'OTO']]);

    await env.moveTo(price * 0.95);

    expect(await order(working!.orderId)).toMatchObject({ status: 'FILLED' });
    expect(await order(pending!.orderId)).toMatchObject({ status: 'NEW', type: 'LIMIT_MAKER', side: 'SELL' });
    expect((await (await spot.restAPI.getOpenOrders({ symbol: 'BTCUSDT' })).data()).map((o) => o.orderId)).toEqual([pending!.orderId]);

    const canceled = await (await spot.restAPI.deleteOrderList({ symbol: 'BTCUSDT', orderListId: placed.orderListId! })).data();
    expect([canceled.listStatusType, canceled.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);
    expect(canceled.orderReports!.map((r) => [r.orderId, r.status])).toEqual([[working!.orderId, 'FILLED'], [pending!.orderId, 'CANCELED']]);
    expect(await (await spot.restAPI.openOrderList()).data()).toEqual([]);
  });

  test('orderListOtoco: both pending orders appear when the working order fills; allOrderList lists every list; cancel by listClientOrderId', async () => {
    const price = await env.last();
    const placed = await (await spot.restAPI.orderListOtoco({
      symbol: 'BTCUSDT', listClientOrderId: 'spot-otoco',
      workingType: SpotRestAPI.OrderListOtocoWorkingTypeEnum.LIMIT, workingSide: SpotRestAPI.OrderListOtocoWorkingSideEnum.BUY,
      workingPrice: tick(price * 0.97), workingQuantity: 0.01, workingTimeInForce: SpotRestAPI.OrderListOtocoWorkingTimeInForceEnum.GTC,
      pendingSide: SpotRestAPI.OrderListOtocoPendingSideEnum.SELL, pendingQuantity: 0.01,
      pendingAboveType: SpotRestAPI.OrderListOtocoPendingAboveTypeEnum.LIMIT_MAKER, pendingAbovePrice: tick(price * 1.05),
      pendingBelowType: SpotRestAPI.OrderListOtocoPendingBelowTypeEnum.STOP_LOSS_LIMIT, pendingBelowStopPrice: tick(price * 0.9),
      pendingBelowPrice: tick(price * 0.89), pendingBelowTimeInForce: SpotRestAPI.OrderListOtocoPendingBelowTimeInForceEnum.GTC,
    })).data();
    expect(placed.contingencyType).toBe('OTO');
    expect(placed.orderReports!.map((r) => [r.type, r.status])).toEqual([
      ['LIMIT', 'NEW'],
      ['STOP_LOSS_LIMIT', 'PENDING_NEW'],
      ['LIMIT_MAKER', 'PENDING_NEW'],
    ]);
    const [working, below, above] = placed.orderReports!;

    await env.moveTo(price * 0.95);

    expect(await order(working!.orderId)).toMatchObject({ status: 'FILLED' });
    expect(await order(below!.orderId)).toMatchObject({ status: 'NEW', isWorking: false, stopPrice: tick(price * 0.9).toFixed(8) });
    expect(await order(above!.orderId)).toMatchObject({ status: 'NEW', isWorking: true });
    const all = await (await spot.restAPI.allOrderList()).data();
    expect(all.map((l) => [l.orderListId, l.listClientOrderId, l.listOrderStatus])).toEqual([[placed.orderListId, 'spot-otoco', 'EXECUTING']]);

    const canceled = await (await spot.restAPI.deleteOrderList({ symbol: 'BTCUSDT', listClientOrderId: 'spot-otoco' })).data();
    expect(canceled.orderReports!.map((r) => [r.orderId, r.status])).toEqual([
      [working!.orderId, 'FILLED'], [below!.orderId, 'CANCELED'], [above!.orderId, 'CANCELED'],
    ]);
    const done = await (await spot.restAPI.getOrderList({ origClientOrderId: 'spot-otoco' })).data();
    expect([done.listStatusType, done.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);
  });
  test('deleteOpenOrders cancels the open order and the order list on the symbol, answering the list as a list', async () => {
    const price = await env.last();
    const single = await (await spot.restAPI.newOrder({
      symbol: 'BTCUSDT', side: SpotRestAPI.NewOrderSideEnum.BUY, type: SpotRestAPI.NewOrderTypeEnum.LIMIT,
      timeInForce: SpotRestAPI.NewOrderTimeInForceEnum.GTC, quantity: 0.01, price: tick(price * 0.9),
    })).data();
    const list = await (await spot.restAPI.orderListOco({
      symbol: 'BTCUSDT', side: SpotRestAPI.OrderListOcoSideEnum.SELL, quantity: 0.01,
      aboveType: SpotRestAPI.OrderListOcoAboveTypeEnum.LIMIT_MAKER, abovePrice: tick(price * 1.02),
      belowType: SpotRestAPI.OrderListOcoBelowTypeEnum.STOP_LOSS, belowStopPrice: tick(price * 0.98),
    })).data();
    const canceled = await (await spot.restAPI.deleteOpenOrders({ symbol: 'BTCUSDT' })).data() as Record<string, unknown>[];
    expect(canceled.map((c) => [c.orderId ?? null, c.status ?? null, c.contingencyType ?? null, c.orderListId])).toEqual([
      [single.orderId, 'CANCELED', null, -1],
      [null, null, 'OCO', list.orderListId],
    ]);
    expect((canceled[1]!.orderReports as Record<string, unknown>[]).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(await (await spot.restAPI.getOpenOrders({ symbol: 'BTCUSDT' })).data()).toEqual([]);
    expect(await (await spot.restAPI.openOrderList()).data()).toEqual([]);
  });
});

describe('@binance/spot over the WebSocket API', () => {
  test('orderListPlaceOco places an OCO that the REST API then reads', async () => {
    const price = await env.last();
    const connection = await spot.websocketAPI.connect();
    try {
      const placed = (await connection.orderListPlaceOco({
        symbol: 'BTCUSDT', side: SpotWebsocketAPI.OrderListPlaceOcoSideEnum.SELL, quantity: 0.01, listClientOrderId: 'ws-oco',
        aboveType: SpotWebsocketAPI.OrderListPlaceOcoAboveTypeEnum.LIMIT_MAKER, abovePrice: tick(price * 1.02),
        belowType: SpotWebsocketAPI.OrderListPlaceOcoBelowTypeEnum.STOP_LOSS, belowStopPrice: tick(price * 0.98),
      })).data;
      expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus, placed.listClientOrderId]).toEqual(['OCO', 'EXEC_STARTED', 'EXECUTING', 'ws-oco']);
      expect(placed.orderReports!.map((r) => [r.type, r.status])).toEqual([['STOP_LOSS', 'NEW'], ['LIMIT_MAKER', 'NEW']]);
      const read = await (await spot.restAPI.getOrderList({ orderListId: placed.orderListId! })).data();
      expect(read.orders!.map((o) => o.orderId)).toEqual(placed.orderReports!.map((r) => r.orderId));
    } finally {
      await connection.disconnect();
    }
  });
  test('orderListPlaceOto, openOrderListsStatus, orderListStatus, allOrderLists, orderListCancel and myTrades over the WebSocket API', async () => {
    const price = await env.last();
    const connection = await spot.websocketAPI.connect();
    try {
      const placed = (await connection.orderListPlaceOto({
        symbol: 'BTCUSDT', listClientOrderId: 'ws-oto',
        workingType: SpotWebsocketAPI.OrderListPlaceOtoWorkingTypeEnum.LIMIT, workingSide: SpotWebsocketAPI.OrderListPlaceOtoWorkingSideEnum.BUY,
        workingPrice: tick(price * 0.97), workingQuantity: 0.01, workingTimeInForce: SpotWebsocketAPI.OrderListPlaceOtoWorkingTimeInForceEnum.GTC,
        pendingType: SpotWebsocketAPI.OrderListPlaceOtoPendingTypeEnum.LIMIT_MAKER, pendingSide: SpotWebsocketAPI.OrderListPlaceOtoPendingSideEnum.SELL,
        pendingQuantity: 0.01, pendingPrice: tick(price * 1.1),
      })).data;
      expect(placed.orderReports!.map((r) => [r.type, r.status])).toEqual([['LIMIT', 'NEW'], ['LIMIT_MAKER', 'PENDING_NEW']]);
      const [working, pending] = placed.orderReports!;
      const open = (await connection.openOrderListsStatus()).data;
      expect(open.map((l) => [l.orderListId, l.contingencyType, l.listOrderStatus])).toEqual([[placed.orderListId, 'OTO', 'EXECUTING']]);

      await env.moveTo(price * 0.95);

      const status = (await connection.orderListStatus({ orderListId: Number(placed.orderListId) })).data;
      expect(status.orders!.map((o) => o.orderId)).toEqual([working!.orderId, pending!.orderId]);
      expect((await order(pending!.orderId)).status).toBe('NEW');
      const all = (await connection.allOrderLists()).data;
      expect(all.map((l) => l.listClientOrderId)).toEqual(['ws-oto']);
      const canceled = (await connection.orderListCancel({ symbol: 'BTCUSDT', listClientOrderId: 'ws-oto' })).data;
      expect(canceled.orderReports!.map((r) => [r.orderId, r.status])).toEqual([[working!.orderId, 'FILLED'], [pending!.orderId, 'CANCELED']]);
      const trades = (await connection.myTrades({ symbol: 'BTCUSDT' })).data;
      expect(trades.map((t) => [t.orderId, t.orderListId, t.isBuyer, t.commissionAsset])).toEqual(trades.map(() => [working!.orderId, placed.orderListId, true, 'BTC']));
      expect(trades.length).toBeGreaterThan(0);
      expect(trades.every((t) => Number(t.commission) > 0)).toBe(true);
    } finally {
      await connection.disconnect();
    }
  });
});

async function origQty(orderId: number | bigint | undefined): Promise<[string | undefined, string | undefined]> {
  const order = await (await spot.restAPI.getOrder({ symbol: 'BTCUSDT', orderId: orderId! })).data();
  return [order.status, order.origQty];
}

describe('@binance/spot over REST: commission rates, the order count, OPO and OPOCO', () => {
  test('accountCommission and rateLimitOrder read what the simulator charges and counts', async () => {
    const rates = await (await spot.restAPI.accountCommission({ symbol: 'BTCUSDT' })).data();
    expect(rates).toEqual(await env.send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' }));
    expect([rates.standardCommission?.maker, rates.standardCommission?.taker, rates.discount?.enabledForAccount]).toEqual(['0.00100000', '0.00100000', false]);
    const counts = await (await spot.restAPI.rateLimitOrder()).data();
    expect(counts.map((w) => [w.rateLimitType, w.interval, w.count])).toEqual([['ORDERS', 'SECOND', 0], ['ORDERS', 'DAY', 0]]);
  });

  test('orderListOpo: the pending SELL has no quantity until the working BUY fills, then sells what it bought net of the fee', async () => {
    const price = await env.last();
    const placed = await (await spot.restAPI.orderListOpo({
      symbol: 'BTCUSDT', listClientOrderId: 'spot-opo',
      workingType: SpotRestAPI.OrderListOpoWorkingTypeEnum.LIMIT, workingSide: SpotRestAPI.OrderListOpoWorkingSideEnum.BUY,
      workingPrice: tick(price * 0.99), workingQuantity: 0.01, workingTimeInForce: SpotRestAPI.OrderListOpoWorkingTimeInForceEnum.GTC,
      pendingType: SpotRestAPI.OrderListOpoPendingTypeEnum.LIMIT_MAKER, pendingSide: SpotRestAPI.OrderListOpoPendingSideEnum.SELL,
      pendingPrice: tick(price * 1.05),
    })).data();
    expect([placed.contingencyType, placed.listClientOrderId]).toEqual(['OTO', 'spot-opo']);
    expect(placed.orderReports!.map((r) => [r.type, r.status, r.origQty])).toEqual([['LIMIT', 'NEW', '0.01000000'], ['LIMIT_MAKER', 'PENDING_NEW', undefined]]);
    const [, pending] = placed.orderReports!;
    await env.moveTo(price * 0.98);
    expect(await origQty(pending!.orderId)).toEqual(['NEW', '0.00999000']);
    // The list counted 2 orders; the working order's fill took one off (faqs/order_count_decrement.md).
    const counts = await (await spot.restAPI.rateLimitOrder()).data();
    // The 10-second window follows the wall clock and may roll over mid-test; the day's count cannot.
    expect(counts.map((w) => w.interval)).toEqual(['SECOND', 'DAY']);
    expect([(counts[0]!.count ?? 0) <= 1, counts[1]!.count]).toEqual([true, 1]);
  });

  test('orderListOpoco: the SELL pair is placed for what the working BUY bought', async () => {
    const price = await env.last();
    const placed = await (await spot.restAPI.orderListOpoco({
      symbol: 'BTCUSDT',
      workingType: SpotRestAPI.OrderListOpocoWorkingTypeEnum.LIMIT, workingSide: SpotRestAPI.OrderListOpocoWorkingSideEnum.BUY,
      workingPrice: tick(price * 0.99), workingQuantity: 0.01, workingTimeInForce: SpotRestAPI.OrderListOpocoWorkingTimeInForceEnum.GTC,
      pendingSide: SpotRestAPI.OrderListOpocoPendingSideEnum.SELL,
      pendingAboveType: SpotRestAPI.OrderListOpocoPendingAboveTypeEnum.LIMIT_MAKER, pendingAbovePrice: tick(price * 1.05),
      pendingBelowType: SpotRestAPI.OrderListOpocoPendingBelowTypeEnum.STOP_LOSS, pendingBelowStopPrice: tick(price * 0.9),
    })).data();
    expect(placed.orderReports!.map((r) => [r.type, r.status])).toEqual([['LIMIT', 'NEW'], ['STOP_LOSS', 'PENDING_NEW'], ['LIMIT_MAKER', 'PENDING_NEW']]);
    const [, below, above] = placed.orderReports!;
    await env.moveTo(price * 0.98);
    expect([await origQty(below!.orderId), await origQty(above!.orderId)]).toEqual([['NEW', '0.00999000'], ['NEW', '0.00999000']]);
  });
});

describe('@binance/spot over the WebSocket API: commission rates, the order count and OPO', () => {
  test('accountCommission, accountRateLimitsOrders and orderListPlaceOpo', async () => {
    const price = await env.last();
    const connection = await spot.websocketAPI.connect();
    try {
      const rates = (await connection.accountCommission({ symbol: 'ETHUSDT' })).data;
      expect(rates).toEqual(await env.send('GET', '/api/v3/account/commission', { symbol: 'ETHUSDT' }));
      const placed = (await connection.orderListPlaceOpo({
        symbol: 'BTCUSDT',
        workingType: SpotWebsocketAPI.OrderListPlaceOpoWorkingTypeEnum.LIMIT, workingSide: SpotWebsocketAPI.OrderListPlaceOpoWorkingSideEnum.BUY,
        workingPrice: tick(price * 0.97), workingQuantity: 0.01, workingTimeInForce: SpotWebsocketAPI.OrderListPlaceOpoWorkingTimeInForceEnum.GTC,
        pendingType: SpotWebsocketAPI.OrderListPlaceOpoPendingTypeEnum.MARKET, pendingSide: SpotWebsocketAPI.OrderListPlaceOpoPendingSideEnum.SELL,
      })).data;
      expect(placed.orderReports!.map((r) => [r.type, r.status])).toEqual([['LIMIT', 'NEW'], ['MARKET', 'PENDING_NEW']]);
      const counts = (await connection.accountRateLimitsOrders()).data;
      // The 10-second window follows the wall clock and may roll over mid-test; the day's count cannot.
      expect(counts.map((w) => w.interval)).toEqual(['SECOND', 'DAY']);
      expect([(counts[0]!.count ?? 0) <= 2, counts[1]!.count]).toEqual([true, 2]);
    } finally {
      await connection.disconnect();
    }
  });
});
