import { MainClient, WebsocketAPIClient, type OrderList } from 'binance';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../../src/simulator/index.js';
import { at, sellTotals, startClientSim, type ClientSim } from './client-support.js';

/**
 * The `binance` SDK's MainClient, unchanged but for its base URL and the simulator's keys: OCO
 * over the current `POST /api/v3/orderList/oco` (`submitNewOrderList`; its `submitNewOCO` is the
 * deprecated `/api/v3/order/oco`), OTO and OTOCO, the lists read back and cancelled (the SDK
 * names these calls `getOCO`, `getAllOpenOCO`, `getAllOCO`, `cancelOCO` whatever the list's
 * contingency), cancel-all (`cancelAllSymbolOrders`) with a list open, the account's fills with
 * `getAccountTradeList`, and an OCO placed, read and cancelled over its WebsocketAPIClient. The SDK
 * generates its own client order ids, so the tests use the ids it answers with. Its types take OCO
 * prices as numbers and OTO/OTOCO prices as strings; the tests pass what each type asks for.
 * Then commission rates and the unfilled order count (`getCommissionRates`, `getOrderRateLimit`),
 * OPO and OPOCO (`submitNewOrderListOPO`, `submitNewOrderListOPOCO`), and over the
 * WebsocketAPIClient `getSpotAccountCommission`, `getSpotOrderRateLimits`, `placeSpotOPOOrderList`.
 */

let env: ClientSim;
let client: MainClient;

beforeEach(async () => {
  env = await startClientSim(9);
  client = new MainClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, baseUrl: env.sim.restUrl, disableTimeSync: true });
});
afterEach(async () => {
  await env.sim.close();
});

/** The SDK's logger without its info lines (connection notices), errors still shown. */
const quiet = { trace: (): void => undefined, info: (): void => undefined, error: (...params: unknown[]): void => console.error(...params) };

const tick = (price: number): number => Number(price.toFixed(2));

async function order(orderId: number | undefined): Promise<Record<string, unknown>> {
  return await client.getOrder({ symbol: 'BTCUSDT', orderId: orderId! }) as unknown as Record<string, unknown>;
}

async function usdt(): Promise<number> {
  const balance = (await client.getAccountInformation()).balances.find((b) => b.asset === 'USDT')!;
  return Number(balance.free) + Number(balance.locked);
}

describe('binance MainClient', () => {
  test('submitNewOrderList (OCO): the stop triggers when the market falls, the limit order expires with OCO_TRIGGER, and getAccountTradeList has the fills and their fees', async () => {
    const price = await env.last();
    const usdtBefore = await usdt();
    const placed = await client.submitNewOrderList({
      symbol: 'BTCUSDT', side: 'SELL', quantity: 0.01, newOrderRespType: 'FULL',
      aboveType: 'LIMIT_MAKER', abovePrice: tick(price * 1.02),
      belowType: 'STOP_LOSS', belowStopPrice: tick(price * 0.98),
    });
    expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus]).toEqual(['OCO', 'EXEC_STARTED', 'EXECUTING']);
    expect(placed.orderReports.map((r) => [r.type, r.status])).toEqual([['STOP_LOSS', 'NEW'], ['LIMIT_MAKER', 'NEW']]);
    const [sl, tp] = placed.orderReports;

    await env.moveTo(price * 0.95);

    expect(await order(tp!.orderId)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    expect(await order(sl!.orderId)).toMatchObject({ status: 'FILLED', isWorking: true, executedQty: '0.01000000' });
    const list = await client.getOCO({ orderListId: placed.orderListId });
    expect([list.listStatusType, list.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);

    // The triggered STOP_LOSS sells as a MARKET order: a taker, paying its fee in the USDT it receives.
    const trades = await client.getAccountTradeList({ symbol: 'BTCUSDT' });
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.map((t) => [t.orderId, t.orderListId, t.isBuyer, t.isMaker, t.commissionAsset])).toEqual(
      trades.map(() => [sl!.orderId, placed.orderListId, false, false, 'USDT']),
    );
    const totals = sellTotals(trades);
    expect(totals.qty).toBe('0.01000000');
    expect(totals.fees).toBeGreaterThan(0);
    // The USDT received is the proceeds less the commissions the trade list reports, to the last unit.
    expect((await usdt() - usdtBefore).toFixed(8)).toBe(totals.netQuote);
  });

  test('submitNewOrderListOTO: the pending order waits PENDING_NEW, is placed when the working order fills, and cancelOCO cancels it', async () => {
    const price = await env.last();
    const placed = await client.submitNewOrderListOTO({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.97), workingQuantity: '0.01', workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: at(price * 1.1), pendingQuantity: '0.01',
    });
    expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus]).toEqual(['OTO', 'EXEC_STARTED', 'EXECUTING']);
    expect(placed.orderReports.map((r) => [r.type, r.side, r.status])).toEqual([['LIMIT', 'BUY', 'NEW'], ['LIMIT_MAKER', 'SELL', 'PENDING_NEW']]);
    const [working, pending] = placed.orderReports;
    expect((await client.getAllOpenOCO()).map((l: OrderList) => l.orderListId)).toEqual([placed.orderListId]);

    await env.moveTo(price * 0.95);

    expect(await order(working!.orderId)).toMatchObject({ status: 'FILLED' });
    expect(await order(pending!.orderId)).toMatchObject({ status: 'NEW', type: 'LIMIT_MAKER', side: 'SELL', isWorking: true });
    const canceled = await client.cancelOCO({ symbol: 'BTCUSDT', orderListId: placed.orderListId });
    expect([canceled.listStatusType, canceled.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);
    expect(canceled.orderReports.map((r) => [r.orderId, r.status])).toEqual([[working!.orderId, 'FILLED'], [pending!.orderId, 'CANCELED']]);
    expect(await client.getAllOpenOCO()).toEqual([]);
  });

  test('submitNewOrderListOTOCO: listed by getAllOCO, read by its listClientOrderId, and cancelled by it before the working order fills', async () => {
    const price = await env.last();
    const placed = await client.submitNewOrderListOTOCO({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.97), workingQuantity: '0.01', workingTimeInForce: 'GTC',
      pendingSide: 'SELL', pendingQuantity: '0.01',
      pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: at(price * 1.05),
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: at(price * 0.9),
    });
    expect(placed.contingencyType).toBe('OTO');
    expect(placed.orderReports.map((r) => [r.type, r.status])).toEqual([['LIMIT', 'NEW'], ['STOP_LOSS', 'PENDING_NEW'], ['LIMIT_MAKER', 'PENDING_NEW']]);
    expect((await client.getAllOCO()).map((l: OrderList) => [l.orderListId, l.listOrderStatus])).toEqual([[placed.orderListId, 'EXECUTING']]);
    const read = await client.getOCO({ origClientOrderId: placed.listClientOrderId });
    expect(read.orders.map((o) => o.orderId)).toEqual(placed.orderReports.map((r) => r.orderId));

    const canceled = await client.cancelOCO({ symbol: 'BTCUSDT', listClientOrderId: placed.listClientOrderId });
    expect(canceled.orderReports.map((r) => r.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(await client.getOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);
    expect(Number((await client.getAccountInformation()).balances.find((b) => b.asset === 'USDT')!.locked)).toBe(0);
  });
  test('cancelAllSymbolOrders cancels the open order and the order list on the symbol, answering the list as a list', async () => {
    const price = await env.last();
    const single = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: tick(price * 0.9) });
    const list = await client.submitNewOrderList({
      symbol: 'BTCUSDT', side: 'SELL', quantity: 0.01,
      aboveType: 'LIMIT_MAKER', abovePrice: tick(price * 1.02), belowType: 'STOP_LOSS', belowStopPrice: tick(price * 0.98),
    });
    const canceled = await client.cancelAllSymbolOrders({ symbol: 'BTCUSDT' }) as unknown as Record<string, unknown>[];
    expect(canceled.map((c) => [c.orderId ?? null, c.status ?? null, c.contingencyType ?? null, c.orderListId])).toEqual([
      [single.orderId, 'CANCELED', null, -1],
      [null, null, 'OCO', list.orderListId],
    ]);
    expect((canceled[1]!.orderReports as Record<string, unknown>[]).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(await client.getOpenOrders({ symbol: 'BTCUSDT' })).toEqual([]);
    expect(await client.getAllOpenOCO()).toEqual([]);
  });
});

describe('binance WebsocketAPIClient', () => {
  test('placeSpotOCOOrderList places an OCO, getSpotOrderListStatus reads it, cancelSpotOrderList cancels it', async () => {
    const price = await env.last();
    // The SDK appends Binance's path (/ws-api/v3) to `wsUrl`, so it takes the simulator's origin.
    const ws = new WebsocketAPIClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, wsUrl: new URL(env.sim.wsApiUrl).origin }, quiet);
    try {
      const placed = (await ws.placeSpotOCOOrderList({
        symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', timestamp: Date.now(),
        aboveType: 'LIMIT_MAKER', abovePrice: at(price * 1.02),
        belowType: 'STOP_LOSS', belowStopPrice: at(price * 0.98),
      })).result;
      expect([placed.contingencyType, placed.listStatusType, placed.listOrderStatus]).toEqual(['OCO', 'EXEC_STARTED', 'EXECUTING']);
      const status = (await ws.getSpotOrderListStatus({ orderListId: placed.orderListId, timestamp: Date.now() })).result;
      expect(status.orders.map((o) => o.orderId)).toEqual(placed.orders.map((o) => o.orderId));
      const canceled = (await ws.cancelSpotOrderList({ symbol: 'BTCUSDT', orderListId: placed.orderListId, timestamp: Date.now() })).result;
      expect([canceled.listStatusType, canceled.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);
      expect(await client.getAllOpenOCO()).toEqual([]);
    } finally {
      await ws.disconnectAll();
    }
  });
});

async function origQty(orderId: number): Promise<[unknown, unknown]> {
  const order = await client.getOrder({ symbol: 'BTCUSDT', orderId }) as unknown as Record<string, unknown>;
  return [order.status, order.origQty];
}

describe('binance MainClient: commission rates, the order count, OPO and OPOCO', () => {
  test('getCommissionRates and getOrderRateLimit read what the simulator charges and counts', async () => {
    const rates = await client.getCommissionRates({ symbol: 'BTCUSDT' });
    expect(rates).toEqual(await env.send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' }));
    const counts = await client.getOrderRateLimit();
    expect(counts.map((w) => [w.rateLimitType, w.interval, w.intervalNum, w.count])).toEqual([['ORDERS', 'SECOND', 10, 0], ['ORDERS', 'DAY', 1, 0]]);
  });

  test('submitNewOrderListOPO and submitNewOrderListOPOCO: the pending SELLs sell what the working BUY bought, net of its fee', async () => {
    const price = await env.last();
    const opo = await client.submitNewOrderListOPO({
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.01', workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: at(price * 1.05),
    });
    const opoco = await client.submitNewOrderListOPOCO({
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.02', workingTimeInForce: 'GTC',
      pendingSide: 'SELL', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: at(price * 1.05),
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: at(price * 0.9),
    });
    expect([opo.contingencyType, opo.orderReports.map((r) => r.status)]).toEqual(['OTO', ['NEW', 'PENDING_NEW']]);
    expect([opoco.contingencyType, opoco.orderReports.map((r) => r.status)]).toEqual(['OTO', ['NEW', 'PENDING_NEW', 'PENDING_NEW']]);
    await env.moveTo(price * 0.98);
    expect(await origQty(opo.orderReports[1]!.orderId)).toEqual(['NEW', '0.00999000']);
    expect([await origQty(opoco.orderReports[1]!.orderId), await origQty(opoco.orderReports[2]!.orderId)]).toEqual([['NEW', '0.01998000'], ['NEW', '0.01998000']]);
  });
});

describe('binance WebsocketAPIClient: commission rates, the order count and OPO', () => {
  test('getSpotAccountCommission, placeSpotOPOOrderList and getSpotOrderRateLimits', async () => {
    const price = await env.last();
    const ws = new WebsocketAPIClient({ api_key: DEMO_API_KEY, api_secret: DEMO_API_SECRET, wsUrl: new URL(env.sim.wsApiUrl).origin }, quiet);
    try {
      // The SDK signs with the params' own timestamp, which its type for this method does not declare.
      const query = { symbol: 'BTCUSDT', timestamp: Date.now() };
      const rates = (await ws.getSpotAccountCommission(query)).result;
      expect(rates).toEqual(await env.send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' }));
      const placed = (await ws.placeSpotOPOOrderList({
        symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.97), workingQuantity: '0.01', workingTimeInForce: 'GTC',
        pendingType: 'MARKET', pendingSide: 'SELL', timestamp: Date.now(),
      })).result;
      expect([placed.contingencyType, placed.listOrderStatus]).toEqual(['OTO', 'EXECUTING']);
      const counts = (await ws.getSpotOrderRateLimits({ timestamp: Date.now() })).result;
      // The 10-second window follows the wall clock and may roll over mid-test; the day's count cannot.
      expect(counts.map((w) => w.interval)).toEqual(['SECOND', 'DAY']);
      expect([counts[0]!.count <= 2, counts[1]!.count]).toEqual([true, 2]);
    } finally {
      await ws.disconnectAll();
    }
  });
});
