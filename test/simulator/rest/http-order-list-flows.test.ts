import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { DEFAULT_SYMBOLS, DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed, type JsonResponse } from '../support.js';
import { ManualClock } from '../ws-support.js';

/**
 * Order lists in the simulator over REST, as rest-api.md describes each: an OCO's first order to
 * work or trade expires the other (OCO_TRIGGER); an OTO's pending order waits PENDING_NEW until
 * the working order fills; cancelling any order cancels the list; the list is ALL_DONE once none
 * of its orders can trade; an OPO or OPOCO (faqs/opo.md) is an OTO or OTOCO whose pending SELL
 * orders carry no quantity until the working BUY fills, then sell what it received (net of the
 * commission taken in the base asset, down to the step size). The market is moved on purpose to
 * trigger and fill.
 */

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
const key = { secret: DEMO_API_SECRET };
let sim: SimulatorHandle;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(START);
  sim = await startSimulator({ seed: 11, clock });
});
afterEach(async () => {
  await sim.close();
});

type Body = Record<string, unknown>;
const send = (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>): Promise<JsonResponse> =>
  signed(sim.restUrl, method, path, DEMO_API_KEY, key, params, { timestamp: clock.time });

async function last(): Promise<number> {
  return Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
}
const at = (price: number): string => price.toFixed(2);

async function balance(asset: string): Promise<{ free: string; locked: string }> {
  const account = (await send('GET', '/api/v3/account', {})).body as { balances: { asset: string; free: string; locked: string }[] };
  const found = account.balances.find((b) => b.asset === asset)!;
  return { free: found.free, locked: found.locked };
}

/** Moves the market to `price` and lets the simulator replay the seconds of the move. */
async function moveTo(price: number): Promise<void> {
  sim.market.moveTo('BTCUSDT', at(price));
  clock.time += 10_000;
  await call(`${sim.restUrl}/api/v3/time`);
}

async function order(orderId: number): Promise<Body> {
  return (await send('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId })).body as Body;
}

async function list(orderListId: number): Promise<Body> {
  return (await send('GET', '/api/v3/orderList', { orderListId })).body as Body;
}

describe('OCO', () => {
  async function sellOco(price: number): Promise<Body> {
    const response = await send('POST', '/api/v3/orderList/oco', {
      symbol: 'BTCUSDT', side: 'SELL', quantity: '0.05', listClientOrderId: 'oco-1',
      aboveType: 'LIMIT_MAKER', abovePrice: at(price * 1.02), aboveClientOrderId: 'tp',
      belowType: 'STOP_LOSS_LIMIT', belowStopPrice: at(price * 0.98), belowPrice: at(price * 0.97), belowTimeInForce: 'GTC', belowClientOrderId: 'sl',
    });
    expect(response.status).toBe(200);
    return response.body as Body;
  }

  test('places both orders under one list, the below order first, holding the base asset once', async () => {
    const price = await last();
    const body = await sellOco(price);
    expect(Object.keys(body)).toEqual([
      'orderListId', 'contingencyType', 'listStatusType', 'listOrderStatus', 'listClientOrderId', 'transactionTime', 'symbol', 'orders', 'orderReports',
    ]);
    expect(body).toMatchObject({ contingencyType: 'OCO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', listClientOrderId: 'oco-1', symbol: 'BTCUSDT' });
    const reports = body.orderReports as Body[];
    expect(reports.map((r) => [r.clientOrderId, r.type, r.status, r.orderListId, r.workingTime === -1])).toEqual([
      ['sl', 'STOP_LOSS_LIMIT', 'NEW', body.orderListId, true],
      ['tp', 'LIMIT_MAKER', 'NEW', body.orderListId, false],
    ]);
    expect((body.orders as Body[]).map((o) => o.clientOrderId)).toEqual(['sl', 'tp']);
    // 0.05 of the account's 1 BTC is locked once for the pair, not twice.
    expect(await balance('BTC')).toEqual({ free: '0.95000000', locked: '0.05000000' });
    const open = (await send('GET', '/api/v3/openOrderList', {})).body as Body[];
    expect(open.map((l) => l.listClientOrderId)).toEqual(['oco-1']);
  });

  test('the stop triggering expires the limit order (OCO_TRIGGER), then the list is ALL_DONE', async () => {
    const price = await last();
    const body = await sellOco(price);
    const [sl, tp] = body.orderReports as Body[];
    await moveTo(price * 0.95);
    expect(await order(tp!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    const stop = await order(sl!.orderId as number);
    expect(stop.status === 'FILLED' || stop.status === 'PARTIALLY_FILLED' || stop.status === 'NEW').toBe(true);
    expect(stop.workingTime).toBeGreaterThan(0);
  });

  test('the limit order filling expires the stop (OCO_TRIGGER) and ends the list', async () => {
    const price = await last();
    const body = await sellOco(price);
    const [sl, tp] = body.orderReports as Body[];
    await moveTo(price * 1.05);
    expect(await order(tp!.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect(await order(sl!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    expect(await list(body.orderListId as number)).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' });
    expect((await send('GET', '/api/v3/openOrderList', {})).body).toEqual([]);
    expect(await balance('BTC')).toMatchObject({ locked: '0.00000000' });
  });

  test('cancelling one of its orders cancels the whole list', async () => {
    const price = await last();
    const body = await sellOco(price);
    const [sl, tp] = body.orderReports as Body[];
    expect((await send('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: tp!.orderId as number })).status).toBe(200);
    expect(await order(sl!.orderId as number)).toMatchObject({ status: 'CANCELED' });
    expect(await list(body.orderListId as number)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
    expect(await balance('BTC')).toEqual({ free: '1.00000000', locked: '0.00000000' });
  });

  test.each([
    ['a LIMIT order in the pair', { aboveType: 'LIMIT' }, -1158, 'Order type not supported in OCO.'],
    ['two LIMIT_MAKER orders', { belowType: 'LIMIT_MAKER', belowPrice: 'BELOW' }, -1168, 'At least one OCO order must be contingent.'],
    ['a stop-loss above in a sell OCO', { aboveType: 'STOP_LOSS', aboveStopPrice: 'ABOVE', abovePrice: undefined, belowType: 'LIMIT_MAKER', belowPrice: 'BELOW', belowStopPrice: undefined }, -1197, 'A stop loss order in a sell OCO must be below.'],
    ['a limit order below in a sell OCO', { belowType: 'LIMIT_MAKER', belowPrice: 'BELOW', belowStopPrice: undefined, aboveType: 'TAKE_PROFIT', aboveStopPrice: 'ABOVE', abovePrice: undefined }, -1166, 'A limit order in a sell OCO must be above.'],
    ['a limit price under the last price', { abovePrice: 'BELOW' }, -2010, 'The relationship of the prices for the orders is not correct.'],
    ['no below type', { belowType: undefined }, -1102, "Mandatory parameter 'belowType' was not sent, was empty/null, or malformed."],
    ['a below stop price with too much precision', { belowStopPrice: '1.000000001' }, -1111, "Parameter 'belowStopPrice' has too much precision."],
  ])('refuses %s, placing nothing', async (_name, changes, code, msg) => {
    const price = await last();
    const base: Record<string, string | undefined> = {
      symbol: 'BTCUSDT', side: 'SELL', quantity: '0.5', aboveType: 'LIMIT_MAKER', abovePrice: 'ABOVE',
      belowType: 'STOP_LOSS', belowStopPrice: 'BELOW',
    };
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...base, ...changes })) {
      if (value !== undefined) values[name] = value === 'ABOVE' ? at(price * 1.02) : value === 'BELOW' ? at(price * 0.98) : value;
    }
    const response = await send('POST', '/api/v3/orderList/oco', values);
    expect([response.status, response.body]).toEqual([400, { code, msg }]);
    expect((await send('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toEqual([]);
    expect((await send('GET', '/api/v3/allOrderList', {})).body).toEqual([]);
  });
});

describe('OTO and OTOCO', () => {
  test('an OTO\'s pending order waits PENDING_NEW, then goes on the book once the working order fills', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/oto', {
      symbol: 'BTCUSDT', listClientOrderId: 'oto-1',
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: at(price * 1.05), pendingQuantity: '0.1',
    });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    expect(body).toMatchObject({ contingencyType: 'OTO', listStatusType: 'EXEC_STARTED' });
    const [working, pending] = body.orderReports as Body[];
    expect([working!.status, pending!.status, pending!.workingTime]).toEqual(['NEW', 'PENDING_NEW', -1]);
    // The pending order holds nothing until it is placed: only the working order's quote is locked.
    expect((await balance('BTC')).locked).toBe('0.00000000');
    await moveTo(price * 0.98);
    expect(await order(working!.orderId as number)).toMatchObject({ status: 'FILLED' });
    const placed = await order(pending!.orderId as number);
    expect(placed).toMatchObject({ status: 'NEW', isWorking: true });
    expect((await balance('BTC')).locked).toBe('0.10000000');
    expect(await list(body.orderListId as number)).toMatchObject({ listOrderStatus: 'EXECUTING' });
    const cancelled = await send('DELETE', '/api/v3/orderList', { symbol: 'BTCUSDT', orderListId: body.orderListId as number });
    expect(cancelled.body).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' });
    expect(((cancelled.body as Body).orderReports as Body[]).map((r) => r.status)).toEqual(['FILLED', 'CANCELED']);
  });

  test('an OTO whose working order expires unfilled expires its pending order (OTO_PHASE_ONE_EXPIRED)', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/oto', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.9), workingQuantity: '0.1', workingTimeInForce: 'IOC',
      pendingType: 'STOP_LOSS', pendingSide: 'SELL', pendingStopPrice: at(price * 0.85), pendingQuantity: '0.1',
    });
    expect(response.status).toBe(200);
    const [working, pending] = (response.body as Body).orderReports as Body[];
    expect(await order(working!.orderId as number)).toMatchObject({ status: 'EXPIRED' });
    expect(await order(pending!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OTO_PHASE_ONE_EXPIRED' });
    expect(await list((response.body as Body).orderListId as number)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
  });

  test('an OTOCO places its pair once the working order fills; the pair then behaves as an OCO', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/otoco', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingSide: 'SELL', pendingQuantity: '0.1', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: at(price * 1.03),
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: at(price * 0.95),
    });
    expect(response.body).toMatchObject({ contingencyType: 'OTO' });
    const body = response.body as Body;
    expect(body.contingencyType).toBe('OTO');
    const [working, below, above] = body.orderReports as Body[];
    expect([working!.type, below!.type, above!.type]).toEqual(['LIMIT', 'STOP_LOSS', 'LIMIT_MAKER']);
    expect([below!.status, above!.status]).toEqual(['PENDING_NEW', 'PENDING_NEW']);
    await moveTo(price * 0.985);
    expect(await order(working!.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect([(await order(below!.orderId as number)).status, (await order(above!.orderId as number)).status]).toEqual(['NEW', 'NEW']);
    // The pair holds the bought base once.
    expect((await balance('BTC')).locked).toBe('0.10000000');
    await moveTo(price * 1.05);
    expect(await order(above!.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect(await order(below!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    expect(await list(body.orderListId as number)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
  });

  test('DELETE openOrders cancels the lists on the symbol too, answering each as a list', async () => {
    const price = await last();
    await send('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: at(price * 0.9) });
    await send('POST', '/api/v3/orderList/oto', {
      symbol: 'BTCUSDT', workingType: 'LIMIT_MAKER', workingSide: 'BUY', workingPrice: at(price * 0.95), workingQuantity: '0.01',
      pendingType: 'MARKET', pendingSide: 'SELL', pendingQuantity: '0.01',
    });
    const response = await send('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    const entries = response.body as Body[];
    expect(entries.map((e) => ('orderReports' in e ? `list ${String(e.listOrderStatus)}` : `order ${String(e.status)}`))).toEqual(['order CANCELED', 'list ALL_DONE']);
    expect((entries[1]!.orderReports as Body[]).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED']);
    expect((await send('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toEqual([]);
  });
});

/** What the working order's fills left in the account, net of base-asset commission, down to the 0.00001 step. */
async function received(orderId: number): Promise<string> {
  const trades = (await send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId })).body as { qty: string; commission: string; commissionAsset: string }[];
  const net = trades.reduce((sum, t) => sum.plus(t.qty).minus(t.commissionAsset === 'BTC' ? t.commission : 0), new Decimal(0));
  return net.round(5, Decimal.roundDown).toFixed(8);
}

describe('OPO', () => {
  test('the pending SELL has no quantity until the working BUY fills, then sells what it received net of commission', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/opo', {
      symbol: 'BTCUSDT', listClientOrderId: 'opo-1',
      workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: at(price * 1.05),
    });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    expect(body).toMatchObject({ contingencyType: 'OTO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', listClientOrderId: 'opo-1' });
    const [working, pending] = body.orderReports as Body[];
    expect([working!.status, working!.origQty, pending!.status, pending!.workingTime, 'origQty' in pending!]).toEqual(['NEW', '0.10000000', 'PENDING_NEW', -1, false]);
    await moveTo(price * 0.98);
    expect(await order(working!.orderId as number)).toMatchObject({ status: 'FILLED' });
    const net = await received(working!.orderId as number);
    expect(net).toBe('0.09990000');
    expect(await order(pending!.orderId as number)).toMatchObject({ status: 'NEW', isWorking: true, origQty: net });
  });

  test('an OPO whose working order expires unfilled expires its pending order (OTO_PHASE_ONE_EXPIRED)', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/opo', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.9), workingQuantity: '0.1', workingTimeInForce: 'IOC',
      pendingType: 'STOP_LOSS', pendingSide: 'SELL', pendingStopPrice: at(price * 0.85),
    });
    expect(response.status).toBe(200);
    const [, pending] = (response.body as Body).orderReports as Body[];
    expect(await order(pending!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OTO_PHASE_ONE_EXPIRED', origQty: '0.00000000' });
  });

  test.each([
    ['a SELL working order', { workingSide: 'SELL' }, -1222, 'Working order in an OPO list must be a bid.'],
    ['a BUY pending order', { pendingSide: 'BUY' }, -1223, 'Pending orders in an OPO list must be asks.'],
    ['a pending quantity', { pendingQuantity: '0.1' }, -1225, "Pending orders should not include the 'pendingQuantity' tag."],
  ])('refuses %s, placing nothing', async (_name, changes, code, msg) => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/opo', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingType: 'MARKET', pendingSide: 'SELL', ...changes,
    });
    expect([response.status, response.body]).toEqual([400, { code, msg }]);
    expect((await send('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body).toEqual([]);
  });

  test('exchangeInfo allows OPO on every symbol', async () => {
    const info = (await call(`${sim.restUrl}/api/v3/exchangeInfo`)).body as { symbols: { symbol: string; opoAllowed: boolean }[] };
    expect(info.symbols.filter((s) => !s.opoAllowed).map((s) => s.symbol)).toEqual([]);
  });
});

describe('OPOCO', () => {
  test('places its SELL pair for what the working BUY received; the pair then behaves as an OCO', async () => {
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/opoco', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingSide: 'SELL', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: at(price * 1.03),
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: at(price * 0.95),
    });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    const [working, below, above] = body.orderReports as Body[];
    expect([working!.type, below!.type, above!.type]).toEqual(['LIMIT', 'STOP_LOSS', 'LIMIT_MAKER']);
    expect([below!.status, above!.status, 'origQty' in below!, 'origQty' in above!]).toEqual(['PENDING_NEW', 'PENDING_NEW', false, false]);
    await moveTo(price * 0.985);
    const net = await received(working!.orderId as number);
    expect((await order(above!.orderId as number))).toMatchObject({ status: 'NEW', origQty: net });
    expect((await order(below!.orderId as number))).toMatchObject({ status: 'NEW', origQty: net });
    await moveTo(price * 1.05);
    expect(await order(above!.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect(await order(below!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'OCO_TRIGGER' });
    expect((await send('GET', '/api/v3/orderList', { orderListId: body.orderListId as number })).body).toMatchObject({ listOrderStatus: 'ALL_DONE' });
  });
});

describe('an OPO whose working order receives less than the minimum quantity', () => {
  test('its pending order expires as REJECTED and the list ends', async () => {
    await sim.close();
    // BTCUSDT on a grid of 0.1: a BUY of 0.1 receives 0.0999 after its fee, below LOT_SIZE's minimum.
    const coarse = { ...DEFAULT_SYMBOLS[0]!, stepDecimals: 1, minQty: '0.1' };
    sim = await startSimulator({ seed: 11, clock, symbols: [coarse], accounts: [{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, balances: { USDT: '100000' } }] });
    const price = await last();
    const response = await send('POST', '/api/v3/orderList/opo', {
      symbol: 'BTCUSDT', workingType: 'LIMIT', workingSide: 'BUY', workingPrice: at(price * 0.99), workingQuantity: '0.1', workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER', pendingSide: 'SELL', pendingPrice: at(price * 1.05),
    });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    const [working, pending] = body.orderReports as Body[];
    await moveTo(price * 0.98);
    expect(await order(working!.orderId as number)).toMatchObject({ status: 'FILLED' });
    expect(await order(pending!.orderId as number)).toMatchObject({ status: 'EXPIRED', expiryReason: 'REJECTED' });
    expect(await list(body.orderListId as number)).toMatchObject({ listOrderStatus: 'ALL_DONE' });
  });
});
