import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import type { VerifyKey } from '../../src/simulator/rest/signature.js';
import { InsufficientFundsError, OrderStatusUnknownError } from '../../src/core/errors.js';
import { Decimal } from '../../src/core/decimal.js';
import { createLogger } from '../../src/core/logger.js';
import type { OrderUpdate, UserDataEvent } from '../../src/core/stream/events.js';
import { startLocalExchange, wireOrder, type Handler, type LocalExchange } from './support/local-exchange.js';
import { startWsExchange, type WsExchange } from './support/ws-exchange.js';
import { FakeClock, tickUntil } from '../support/fake-clock.js';
import { memoryLog } from '../support/memory-log.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An executionReport as Binance sends it. */
function report(fields: { i: number; c?: string; x: string; X: string; l?: string; z?: string; L?: string; Z?: string; n?: string; N?: string | null; t?: number }): Record<string, unknown> {
  return {
    e: 'executionReport', E: 1_700_000_000_100, s: 'BTCUSDT', c: fields.c ?? `cid-${fields.i}`, S: 'BUY', o: 'LIMIT', f: 'GTC',
    q: '0.00200000', p: '50000.00000000', P: '0.00000000', F: '0.00000000', g: -1, C: '', x: fields.x, X: fields.X, r: 'NONE',
    i: fields.i, l: fields.l ?? '0.00000000', z: fields.z ?? '0.00000000', L: fields.L ?? '0.00000000', n: fields.n ?? '0', N: fields.N ?? null,
    T: 1_700_000_000_050, t: fields.t ?? -1, I: 1, w: true, m: false, M: false, O: 1_700_000_000_000, Z: fields.Z ?? '0.00000000',
    Y: '0.00000000', Q: '0.00000000', W: 1_700_000_000_000, V: 'EXPIRE_MAKER',
  };
}

interface Setup {
  rest: LocalExchange; ws: WsExchange; c: BinanceConnector; open: Record<string, unknown>[]; orders: Map<string, Record<string, unknown>>;
  /** REST reads still to answer with a 500, per endpoint path. */
  failing: Map<string, number>;
  /** The account's balances as `GET /api/v3/account` answers them. */
  balances: { asset: string; free: string; locked: string }[];
  /** Answers asked first, per `METHOD /path`; undefined falls through to the answers above. */
  routes: Map<string, Handler>;
  /** Fills `myTrades` reports for an order id, where its order record carries none. */
  fills: Map<string, Record<string, unknown>[]>;
  /** Open order lists, as `openOrderList` answers them. */
  lists: Record<string, unknown>[];
  /** Every order list by id, as `orderList` answers them. */
  allLists: Map<string, Record<string, unknown>>;
}

/**
 * For the tests that wait for an unanswered request to time out. The others take 2 s, so a
 * loaded machine opening a local socket does not hit the timeout they do not test.
 */
const SHORT_REQUEST_TIMEOUT: Partial<BinanceConnectorOptions> = { streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300 } };

async function setup(options: Partial<BinanceConnectorOptions> = {}, verifyKey: VerifyKey = { kind: 'hmac', secret: 's' }): Promise<Setup> {
  const open: Record<string, unknown>[] = [];
  const orders = new Map<string, Record<string, unknown>>();
  const failing = new Map<string, number>();
  /** Fills `myTrades` reports for an order id, where its order record carries none (as openOrders and a query do not). */
  const fills = new Map<string, Record<string, unknown>[]>();
  const balances = [{ asset: 'BTC', free: '1.00000000', locked: '0.00000000' }, { asset: 'USDT', free: '1000.00000000', locked: '0.00000000' }];
  const routes = new Map<string, Handler>();
  /** Open order lists as `openOrderList` answers them, and every list by id as `orderList` does. */
  const lists: Record<string, unknown>[] = [];
  const allLists = new Map<string, Record<string, unknown>>();
  const rest = await startLocalExchange(async (req) => {
    const routed = await routes.get(`${req.method} ${req.path}`)?.(req);
    if (routed !== undefined) return routed;
    const failures = failing.get(req.path) ?? 0;
    if (failures > 0) {
      failing.set(req.path, failures - 1);
      return { status: 500, body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } };
    }
    if (req.path === '/api/v3/openOrders') return { body: open };
    if (req.path === '/api/v3/openOrderList') return { body: lists };
    if (req.method === 'GET' && req.path === '/api/v3/orderList') {
      const list = allLists.get(req.params.get('orderListId') ?? '');
      return list === undefined ? { status: 400, body: { code: -2013, msg: 'Order list does not exist.' } } : { body: list };
    }
    if (req.path === '/api/v3/myTrades') {
      const id = req.params.get('orderId');
      const order = orders.get(id ?? '') ?? open.find((o) => String(o.orderId) === id);
      return { body: order === undefined ? [] : tradesOf({ ...order, fills: fills.get(id ?? '') ?? order.fills }) };
    }
    if (req.path === '/api/v3/account') return { body: { balances } };
    if (req.method === 'GET' && req.path === '/api/v3/order') {
      const order = orders.get(req.params.get('orderId') ?? req.params.get('origClientOrderId') ?? '');
      return order === undefined ? { status: 400, body: { code: -2013, msg: 'Order does not exist.' } } : { body: order };
    }
    return undefined;
  });
  cleanups.push(() => rest.close());
  const ws = await startWsExchange({ verifyKey });
  cleanups.push(() => ws.close());
  const c = new BinanceConnector({
    environment: 'sim', restUrl: rest.url, wsStreamUrl: ws.origin, wsApiUrl: ws.apiUrl, apiKey: 'k', apiSecret: 's',
    streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 2_000 }, reconcileDelaysMs: [10, 10], ...options,
  });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return { rest, ws, c, open, orders, failing, balances, routes, fills, lists, allLists };
}

/**
 * An order's fills as `myTrades` answers them: its placement answer's `fills` when it has them, else
 * one fill of its executed quantity at its average price.
 */
function tradesOf(order: Record<string, unknown>): Record<string, unknown>[] {
  const base = { symbol: order.symbol, orderId: order.orderId, orderListId: -1, time: 1_700_000_000_500, isBuyer: order.side === 'BUY', isMaker: false, isBestMatch: true };
  const fills = order.fills as { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[] | undefined;
  if (fills !== undefined && fills.length > 0) {
    return fills.map((f) => ({ ...base, id: f.tradeId, price: f.price, qty: f.qty, quoteQty: new Decimal(f.price).times(f.qty).toFixed(8), commission: f.commission, commissionAsset: f.commissionAsset }));
  }
  const executed = new Decimal(order.executedQty as string);
  if (executed.eq(0)) return [];
  const quote = new Decimal(order.cummulativeQuoteQty as string);
  return [{ ...base, id: Number(order.orderId) * 1000 + 1, price: quote.div(executed).toFixed(8), qty: executed.toFixed(8), quoteQty: quote.toFixed(8), commission: '0.00000100', commissionAsset: 'BTC' }];
}

/** The notices about the stream itself, without order and balance updates. */
function notices(events: UserDataEvent[]): UserDataEvent[] {
  return events.filter((e) => e.type === 'stream');
}

function orders(events: UserDataEvent[]): OrderUpdate[] {
  return events.filter((e): e is OrderUpdate => e.type === 'order');
}

describe('order updates over the WebSocket API', () => {
  it('subscribes with a signed userDataStream.subscribe.signature and maps every event to exact models', async () => {
    const { ws, c } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    const request = ws.requests.find((r) => r.method === 'userDataStream.subscribe.signature')!;
    expect(Object.keys(request.params).sort()).toEqual(['apiKey', 'signature', 'timestamp']);
    expect(request.params.apiKey).toBe('k');
    ws.pushUserEvent(report({ i: 11, x: 'NEW', X: 'NEW' }));
    ws.pushUserEvent(report({ i: 11, x: 'TRADE', X: 'FILLED', l: '0.00200000', z: '0.00200000', L: '49999.99', Z: '99.99998', n: '0.0000020', N: 'BTC', t: 77 }));
    ws.pushUserEvent({ e: 'outboundAccountPosition', E: 5, u: 4, B: [{ a: 'BTC', f: '1.00200000', l: '0.00000000' }] });
    ws.pushUserEvent({ e: 'balanceUpdate', E: 6, a: 'USDT', d: '-99.99998000', T: 6 });
    await ws.until(() => events.length === 4);
    const [placed, filled, position, delta] = events;
    expect(placed).toMatchObject({ type: 'order', recovered: false, order: { orderId: '11', clientOrderId: 'cid-11', status: 'NEW' }, execution: { executionType: 'NEW', tradeId: -1 } });
    expect(filled).toMatchObject({ order: { status: 'FILLED' }, execution: { executionType: 'TRADE', tradeId: 77, commissionAsset: 'BTC' } });
    const fill = (filled as OrderUpdate).execution;
    expect([fill.lastQuantity.toFixed(), fill.lastPrice.toFixed(), fill.commission.toFixed()]).toEqual(['0.002', '49999.99', '0.000002']);
    expect((filled as OrderUpdate).order.cumulativeQuoteQuantity.toFixed()).toBe('99.99998');
    expect(position).toMatchObject({ type: 'balance', reason: 'position', updateTime: 4 });
    expect(delta).toMatchObject({ type: 'balance', reason: 'delta', asset: 'USDT' });
    expect(delta?.type === 'balance' && delta.reason === 'delta' ? delta.delta.toFixed() : '').toBe('-99.99998');
  });

  it('logs the session on and subscribes with an Ed25519 key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { ws, c } = await setup({ apiSecret: undefined, privateKey: pem }, { kind: 'ed25519', publicKey });
    await c.subscribeOrderUpdates(() => undefined);
    expect(ws.requests.map((r) => r.method)).toEqual(['session.logon', 'userDataStream.subscribe']);
    expect(Object.keys(ws.requests[0]!.params).sort()).toEqual(['apiKey', 'signature', 'timestamp']);
  });

  it('fails the subscription with the mapped error when the exchange refuses it', async () => {
    const { ws, c } = await setup();
    ws.onApiRequest = () => ({ status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    await expect(c.subscribeOrderUpdates(() => undefined)).rejects.toMatchObject({ name: 'AuthenticationError', exchangeCode: -2015 });
  });

  it('subscribes again after a drop and reports the order changes it missed as recovered updates, once', async () => {
    const { ws, c, open, orders: byId } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.pushUserEvent(report({ i: 1, x: 'NEW', X: 'NEW' }));
    ws.pushUserEvent(report({ i: 2, x: 'NEW', X: 'NEW' }));
    await ws.until(() => events.length === 2);
    ws.dropAll();
    // While down: order 1 half filled (still open), order 2 filled, order 3 placed elsewhere.
    open.push(
      { ...wireOrder({ orderId: 1, clientOrderId: 'cid-1', origQty: '0.00200000' }), status: 'PARTIALLY_FILLED', executedQty: '0.00100000', cummulativeQuoteQty: '50.00000000' },
      wireOrder({ orderId: 3, clientOrderId: 'cid-3' }),
    );
    byId.set('2', { ...wireOrder({ orderId: 2, clientOrderId: 'cid-2', origQty: '0.00200000' }), status: 'FILLED', executedQty: '0.00200000', cummulativeQuoteQty: '99.00000000' });
    await ws.until(() => events.some((e) => e.type === 'stream'));
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(2);
    const recovered = orders(events).filter((e) => e.recovered);
    expect(recovered.map((e) => [e.order.orderId, e.execution.executionType, e.order.status, e.execution.lastQuantity.toFixed(), e.execution.lastPrice.toFixed()])).toEqual([
      ['1', 'TRADE', 'PARTIALLY_FILLED', '0.001', '50000'],
      ['3', 'NEW', 'NEW', '0', '0'],
      ['2', 'TRADE', 'FILLED', '0.002', '49500'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'stream', status: 'resubscribed', recoveredOrders: 3 });
    // The stream repeating what recovery reported is dropped; a newer event gets through.
    ws.pushUserEvent(report({ i: 2, x: 'TRADE', X: 'FILLED', l: '0.002', z: '0.00200000', L: '49500', Z: '99' }));
    ws.pushUserEvent(report({ i: 1, x: 'TRADE', X: 'FILLED', l: '0.001', z: '0.00200000', L: '50000', Z: '100' }));
    await ws.until(() => orders(events).some((e) => !e.recovered && e.order.status === 'FILLED'));
    expect(orders(events).filter((e) => !e.recovered).map((e) => e.order.orderId)).toEqual(['1', '2', '1']);
    expect(c.metrics().streams).toMatchObject({ orderRecoveries: 1, recoveredOrderUpdates: 3 });
  });

  it('recovers order lists after a gap: the orders of a list no update showed, then the list\'s new status, once', async () => {
    const { ws, c, open, orders: byId, lists, allLists } = await setup();
    const list = (status: string, orderStatus: string): Record<string, unknown> => ({
      orderListId: 7, contingencyType: 'OTO', listStatusType: status, listOrderStatus: orderStatus, listClientOrderId: 'list-7',
      transactionTime: 1_700_000_000_000, symbol: 'BTCUSDT',
      orders: [{ symbol: 'BTCUSDT', orderId: 11, clientOrderId: 'cid-11' }, { symbol: 'BTCUSDT', orderId: 12, clientOrderId: 'cid-12' }],
    });
    // Open when subscribing: the OTO's working order, and the list itself (the baseline, not news).
    open.push({ ...wireOrder({ orderId: 11, clientOrderId: 'cid-11' }), orderListId: 7 });
    lists.push(list('EXEC_STARTED', 'EXECUTING'));
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.dropAll();
    // While down: the working order filled, the pending order was placed and filled, the list is done.
    open.splice(0);
    lists.splice(0);
    byId.set('11', { ...wireOrder({ orderId: 11, clientOrderId: 'cid-11', origQty: '0.00200000' }), orderListId: 7, status: 'FILLED', executedQty: '0.00200000', cummulativeQuoteQty: '100.00000000' });
    byId.set('12', { ...wireOrder({ orderId: 12, clientOrderId: 'cid-12', origQty: '0.00200000', side: 'SELL' }), orderListId: 7, status: 'FILLED', executedQty: '0.00200000', cummulativeQuoteQty: '104.00000000' });
    allLists.set('7', list('ALL_DONE', 'ALL_DONE'));
    await ws.until(() => events.some((e) => e.type === 'stream'));
    expect(events.map((e) => (e.type === 'order' ? `order ${e.order.orderId} ${e.order.status}` : e.type === 'orderList' ? `list ${e.orderList.orderListId} ${e.orderList.listOrderStatus} ${String(e.recovered)}` : e.type)))
      .toEqual(['order 11 FILLED', 'order 12 FILLED', 'list 7 ALL_DONE true', 'balance', 'stream']);
    // A list that is done is not read again.
    ws.dropAll();
    await ws.until(() => events.filter((e) => e.type === 'stream').length === 2);
    expect(events.filter((e) => e.type === 'orderList')).toHaveLength(1);
  });

  /** An OCO list as Binance's list endpoints answer it. */
  const ocoList = (status: string, orderStatus: string): Record<string, unknown> => ({
    orderListId: 9, contingencyType: 'OCO', listStatusType: status, listOrderStatus: orderStatus, listClientOrderId: 'list-9',
    transactionTime: 1_700_000_000_000, symbol: 'BTCUSDT',
    orders: [{ symbol: 'BTCUSDT', orderId: 21, clientOrderId: 'cid-21' }, { symbol: 'BTCUSDT', orderId: 22, clientOrderId: 'cid-22' }],
  });
  const listEvents = (events: readonly UserDataEvent[]): string[] => events.flatMap((e) => (e.type === 'orderList' ? [`${e.orderList.listOrderStatus} ${String(e.recovered)}`] : []));

  it('a list the bot cancelled, whose ALL_DONE was lost with the connection, reaches listeners after the next gap', async () => {
    const { ws, c, lists, allLists, routes } = await setup();
    lists.push(ocoList('EXEC_STARTED', 'EXECUTING'));
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    routes.set('DELETE /api/v3/orderList', () => ({ body: { ...ocoList('ALL_DONE', 'ALL_DONE'), orderReports: [] } }));
    // The cancel is answered; its listStatus event is lost with the connection, which then drops.
    expect((await c.cancelOrderList('9', 'BTCUSDT')).listOrderStatus).toBe('ALL_DONE');
    lists.splice(0);
    allLists.set('9', ocoList('ALL_DONE', 'ALL_DONE'));
    ws.dropAll();
    await ws.until(() => events.some((e) => e.type === 'stream'));
    // Listeners had seen it executing: the answer to the bot's own cancel is not an update they got.
    expect(listEvents(events)).toEqual(['ALL_DONE true']);
    // A late event from before its end is dropped, as for orders.
    ws.pushUserEvent({
      e: 'listStatus', E: 1_700_000_000_200, s: 'BTCUSDT', g: 9, c: 'OCO', l: 'EXEC_STARTED', L: 'EXECUTING', r: 'NONE', C: 'list-9', T: 1_700_000_000_000,
      O: [{ s: 'BTCUSDT', i: 21, c: 'cid-21' }, { s: 'BTCUSDT', i: 22, c: 'cid-22' }],
    });
    ws.pushUserEvent(report({ i: 30, x: 'NEW', X: 'NEW' }));
    await ws.until(() => events.some((e) => e.type === 'order' && e.order.orderId === '30'));
    expect(listEvents(events)).toEqual(['ALL_DONE true']);
  });

  it('a list placed while a recovery ran is read and reported once its answer is in', async () => {
    const { ws, c, allLists, routes } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    let answer: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let sent: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => {
      sent = resolve;
    });
    routes.set('POST /api/v3/orderList/oco', async () => {
      sent!();
      await answered;
      return { body: { ...ocoList('EXEC_STARTED', 'EXECUTING'), orderReports: [] } };
    });
    const placed = c.placeOrderList({
      type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '0.002', listClientOrderId: 'list-9',
      above: { type: 'LIMIT_MAKER', price: '52000', clientOrderId: 'cid-22' }, below: { type: 'STOP_LOSS', stopPrice: '48000', clientOrderId: 'cid-21' },
    });
    await arrived;
    // While its answer travels, the connection drops, and the recovery finds no open list: the
    // list was filled and done before it (its events lost with the connection).
    allLists.set('9', ocoList('ALL_DONE', 'ALL_DONE'));
    ws.dropAll();
    await ws.until(() => events.some((e) => e.type === 'stream'));
    expect(listEvents(events)).toEqual([]);
    answer!();
    expect((await placed).orderListId).toBe('9');
    await ws.until(() => listEvents(events).length > 0);
    expect(listEvents(events)).toEqual(['ALL_DONE true']);
  });

  it('retries the REST reads of a recovery that fail, then reports what they find', async () => {
    const { ws, rest, c, open, failing } = await setup({ retry: { maxRetries: 0 }, streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300, recoveryDelaysMs: [10, 20, 40] } });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.pushUserEvent(report({ i: 1, x: 'NEW', X: 'NEW' }));
    await ws.until(() => events.length === 1);
    failing.set('/api/v3/openOrders', 2);
    ws.dropAll();
    open.push({ ...wireOrder({ orderId: 1, clientOrderId: 'cid-1', origQty: '0.00200000' }), status: 'PARTIALLY_FILLED', executedQty: '0.00100000', cummulativeQuoteQty: '50.00000000' });
    await ws.until(() => events.some((e) => e.type === 'stream'));
    expect(orders(events).filter((e) => e.recovered).map((e) => [e.order.orderId, e.execution.executionType])).toEqual([['1', 'TRADE']]);
    expect(events.at(-1)).toMatchObject({ type: 'stream', status: 'resubscribed', recoveredOrders: 1, complete: true });
    // The read when subscribing, two failed reads, the one that answered.
    expect(rest.count('GET /api/v3/openOrders')).toBe(4);
  });

  it('reports each fill missed in a gap with its own trade id, price and fee, read from myTrades; a failed read makes none up', async () => {
    const { ws, rest, c, open, failing, fills } = await setup({ retry: { maxRetries: 0 }, streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300, recoveryDelaysMs: [10, 20, 40] } });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.pushUserEvent(report({ i: 5, x: 'NEW', X: 'NEW' }));
    await ws.until(() => events.length === 1);
    // The first read of the order's fills fails: the recovery tries again rather than invent them.
    failing.set('/api/v3/myTrades', 1);
    ws.dropAll();
    // While down: two fills of order 5, with fees in BNB.
    open.push({ ...wireOrder({ orderId: 5, clientOrderId: 'cid-5', origQty: '0.00300000' }), status: 'PARTIALLY_FILLED', executedQty: '0.00200000', cummulativeQuoteQty: '99.50000000' });
    fills.set('5', [
      { price: '49500.00000000', qty: '0.00100000', commission: '0.00012000', commissionAsset: 'BNB', tradeId: 501 },
      { price: '50000.00000000', qty: '0.00100000', commission: '0.00013000', commissionAsset: 'BNB', tradeId: 502 },
    ]);
    await ws.until(() => events.some((e) => e.type === 'stream'));
    const recovered = orders(events).filter((e) => e.recovered);
    expect(recovered.map((e) => [e.execution.executionType, e.execution.tradeId, e.execution.lastQuantity.toFixed(), e.execution.lastPrice.toFixed(),
      e.execution.commission.toFixed(), e.execution.commissionAsset, e.order.status, e.order.executedQuantity.toFixed()])).toEqual([
      ['TRADE', 501, '0.001', '49500', '0.00012', 'BNB', 'PARTIALLY_FILLED', '0.001'],
      ['TRADE', 502, '0.001', '50000', '0.00013', 'BNB', 'PARTIALLY_FILLED', '0.002'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'stream', status: 'resubscribed', recoveredOrders: 2, complete: true });
    // The failed read, then the one that answered.
    expect(rest.count('GET /api/v3/myTrades')).toBe(2);
  });

  it('says so in the resubscribed notice when the reads behind a recovery keep failing', async () => {
    const { ws, rest, c, failing } = await setup({ retry: { maxRetries: 0 }, streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300, recoveryDelaysMs: [10, 20] } });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    failing.set('/api/v3/openOrders', 100);
    ws.dropAll();
    await ws.until(() => events.some((e) => e.type === 'stream'));
    // The account could be read: its balances come anyway.
    expect(events).toEqual([
      expect.objectContaining({ type: 'balance', reason: 'position', recovered: true }),
      expect.objectContaining({ type: 'stream', status: 'resubscribed', recoveredOrders: 0, complete: false }),
    ]);
    expect(rest.count('GET /api/v3/openOrders')).toBe(4);
  });

  it('replays the account\'s balances after a gap as one recovered position update, after the order updates', async () => {
    const { ws, c, open, balances } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.pushUserEvent({ e: 'outboundAccountPosition', E: 5, u: 4, B: [{ a: 'ETH', f: '2.00000000', l: '0.00000000' }] });
    await ws.until(() => events.length === 1);
    ws.dropAll();
    // While down: an order opened, BTC spent, USDT partly locked, ETH sold to zero (gone from the account).
    open.push(wireOrder({ orderId: 7, clientOrderId: 'cid-7' }));
    balances.splice(0, balances.length, { asset: 'BTC', free: '0.50000000', locked: '0.00000000' }, { asset: 'USDT', free: '900.00000000', locked: '100.00000000' });
    await ws.until(() => events.some((e) => e.type === 'stream'));
    expect(events.slice(1).map((e) => (e.type === 'balance' ? `balance:${String(e.reason === 'position' && e.recovered)}` : e.type === 'stream' ? e.status : e.type === 'order' ? `order:${e.execution.executionType}` : e.type)))
      .toEqual(['order:NEW', 'balance:true', 'resubscribed']);
    const replay = events[2]!;
    if (replay.type !== 'balance' || replay.reason !== 'position') throw new Error('expected a position update');
    // Every asset of the account, and zero for ETH, which the listener knew and the account no longer holds.
    expect(replay.balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed()])).toEqual([
      ['BTC', '0.5', '0'], ['USDT', '900', '100'], ['ETH', '0', '0'],
    ]);
  });

  it('stops waiting for a re-subscription\'s answer once the connection it was sent on closes, and keeps no timer after disconnect', async () => {
    const clock = new FakeClock(Date.now());
    const { ws, c } = await setup({ clock, streams: { backoff: { initialMs: 5, maxMs: 5 }, requestTimeoutMs: 60_000 } });
    await c.subscribeOrderUpdates(() => undefined);
    const subscribes = (): number => ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature').length;
    /** Answer waits of the request timeout still pending. */
    const answerWaits = (): number => clock.pending().filter((timer) => timer.delayMs === 60_000).length;
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' ? 'silent' : undefined);
    ws.dropAll();
    await tickUntil(clock, () => subscribes() === 2);
    expect(answerWaits()).toBe(1);
    // The connection carrying that unanswered re-subscription drops too: its wait ends with it.
    ws.dropAll();
    await tickUntil(clock, () => subscribes() === 3);
    expect(answerWaits()).toBe(1);
    await c.disconnect();
    expect(clock.pending()).toEqual([]);
  });

  it('announces a terminated subscription, subscribes again and recovers', async () => {
    const { ws, c } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.pushUserEvent({ e: 'eventStreamTerminated', E: 42 });
    await ws.until(() => events.length === 3);
    expect(events).toEqual([
      { type: 'stream', status: 'terminated', reason: 'ended', eventTime: 42, recoveredOrders: 0 },
      expect.objectContaining({ type: 'balance', reason: 'position', recovered: true }),
      expect.objectContaining({ type: 'stream', status: 'resubscribed', recoveredOrders: 0 }),
    ]);
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(2);
  });

  it('moves the subscription to a new connection on serverShutdown and checks orders for the switch', async () => {
    const { ws, c, rest } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    const before = rest.count('GET /api/v3/openOrders');
    ws.open('api')[0]!.socket.send(JSON.stringify({ event: { e: 'serverShutdown', E: 1 } }));
    await ws.until(() => events.some((e) => e.type === 'stream'));
    await ws.until(() => ws.open('api').length === 1);
    expect(ws.connections.filter((conn) => conn.kind === 'api')).toHaveLength(2);
    expect(ws.open('api')[0]!.subscriptionId).toBe(1);
    expect(rest.count('GET /api/v3/openOrders')).toBe(before + 1);
    expect(c.metrics().streams.reconnectsByReason).toEqual({ serverShutdown: 1 });
  });

  it('shares one subscription between listeners and unsubscribes when the last one leaves', async () => {
    const { ws, c } = await setup();
    const [sub, other] = await Promise.all([c.subscribeOrderUpdates(() => undefined), c.subscribeOrderUpdates(() => undefined)]);
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(1);
    await other.unsubscribe();
    expect(ws.requests.filter((r) => r.method === 'userDataStream.unsubscribe')).toHaveLength(0);
    await sub.unsubscribe();
    expect(ws.requests.at(-1)).toMatchObject({ method: 'userDataStream.unsubscribe', params: { subscriptionId: 0 } });
  });
});

describe('a re-subscription the exchange refuses', () => {
  const refusals = [
    ['-2015 (key revoked)', 401, -2015, 'Invalid API-key, IP, or permissions for action.'],
    ['-1022 (bad signature)', 400, -1022, 'Signature for this request is not valid.'],
    ['-2014 (malformed key)', 401, -2014, 'API-key format invalid.'],
    ['-1099 (unauthorized)', 401, -1099, 'Not found, unauthenticated, or unauthorized.'],
  ] as const;

  it.each(refusals)('after a drop, %s ends the stream with one refused notice and one error log, and stops retrying', async (_name, status, code, msg) => {
    const log = memoryLog();
    const { ws, c } = await setup({ logger: createLogger({ level: 'warn', destination: log.stream }) });
    const events: UserDataEvent[] = [];
    const subscription = await c.subscribeOrderUpdates((event) => events.push(event));
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' ? { status, error: { code, msg } } : undefined);
    ws.dropAll();
    await ws.until(() => events.length > 0);
    expect(events).toEqual([{
      type: 'stream', status: 'terminated', reason: 'refused', eventTime: expect.any(Number) as number, recoveredOrders: 0,
      error: expect.objectContaining({ name: 'AuthenticationError', exchangeCode: code, httpStatus: status }) as unknown,
    }]);
    // The connection serves again (order entry may share it) instead of being replaced over and over.
    await ws.until(() => c.metrics().streams.connections.wsApi?.state === 'open');
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(2);
    expect(log.lines().filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({ code, msg: 'the exchange refused the user-data subscription; order updates have stopped' }),
    ]);
    await subscription.unsubscribe();
    expect(ws.requests.filter((r) => r.method === 'userDataStream.unsubscribe')).toHaveLength(0);
    ws.pushUserEvent({ e: 'balanceUpdate', E: 6, a: 'USDT', d: '1.00000000', T: 6 });
    expect(events).toHaveLength(1);
  });

  it('ends the stream when session.logon of an Ed25519 key is refused after a drop', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { ws, c } = await setup({ apiSecret: undefined, privateKey: pem }, { kind: 'ed25519', publicKey });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.onApiRequest = (req) => (req.method === 'session.logon' ? { status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } } : undefined);
    ws.dropAll();
    await ws.until(() => events.length > 0);
    expect(events).toEqual([expect.objectContaining({ type: 'stream', status: 'terminated', reason: 'refused' })]);
    await ws.until(() => c.metrics().streams.connections.wsApi?.state === 'open');
    expect(ws.requests.map((r) => r.method)).toEqual(['session.logon', 'userDataStream.subscribe', 'session.logon']);
  });

  it('lets a listener subscribe again from the refused notice, with a subscription of its own', async () => {
    const { ws, c } = await setup();
    const again: UserDataEvent[] = [];
    let resubscribed: Promise<unknown> | undefined;
    await c.subscribeOrderUpdates((event) => {
      if (event.type !== 'stream' || event.status !== 'terminated') return;
      ws.onApiRequest = () => undefined;
      resubscribed = c.subscribeOrderUpdates((next) => again.push(next));
    });
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' ? { status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } } : undefined);
    ws.dropAll();
    await ws.until(() => resubscribed !== undefined);
    await resubscribed;
    ws.pushUserEvent({ e: 'balanceUpdate', E: 6, a: 'USDT', d: '1.00000000', T: 6 });
    await ws.until(() => again.length === 1);
    expect(again[0]).toMatchObject({ type: 'balance', reason: 'delta', asset: 'USDT' });
  });

  it('ends the stream when subscribing again after eventStreamTerminated is refused', async () => {
    const { ws, c } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' ? { status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } } : undefined);
    ws.pushUserEvent({ e: 'eventStreamTerminated', E: 42 });
    await ws.until(() => events.length === 2);
    expect(events.map((e) => (e.type === 'stream' && e.status === 'terminated' ? e.reason : e.type))).toEqual(['ended', 'refused']);
    expect(c.metrics().streams.reconnects).toBe(0);
  });

  it.each([
    ['-1000 (unknown error)', -1000, 'An unknown error occurred while processing the request.'],
    ['a code outside the table', -9999, 'Something new.'],
  ])('after %s in a row maxResubscribeFailures times, ends the stream with one failed notice', async (_name, code, msg) => {
    const { ws, c } = await setup({ streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300, maxResubscribeFailures: 3 } });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' ? { status: 400, error: { code, msg } } : undefined);
    ws.dropAll();
    await ws.until(() => events.length > 0);
    expect(events).toEqual([{
      type: 'stream', status: 'terminated', reason: 'failed', eventTime: expect.any(Number) as number, recoveredOrders: 0,
      error: expect.objectContaining({ name: 'ExchangeError', exchangeCode: code, httpStatus: 400 }) as unknown,
    }]);
    await ws.until(() => c.metrics().streams.connections.wsApi?.state === 'open');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The first subscription, then three refused attempts: no fourth.
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(4);
    expect(events).toHaveLength(1);
  });

  it('counts only failures in a row: a success in between starts the count again', async () => {
    const { ws, c } = await setup({ streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 300, maxResubscribeFailures: 2 } });
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    let attempts = 0;
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' && attempts++ % 2 === 0 ? { status: 400, error: { code: -1000, msg: 'An unknown error occurred while processing the request.' } } : undefined);
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    ws.dropAll();
    await ws.until(() => notices(events).length === 2);
    expect(notices(events).map((e) => (e.type === 'stream' ? e.status : e.type))).toEqual(['resubscribed', 'resubscribed']);
  });

  it.each([
    ['-1003 with its retryAfter', { status: 429, error: { code: -1003, msg: 'Too many requests.', data: { retryAfter: Date.now() + 50 } } }],
    ['-1021 (clock offset, fixed by the time sync)', { status: 400, error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } }],
    ['-1001 (internal error)', { status: 500, error: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } }],
    ['no answer', 'silent' as const],
  ])('keeps retrying after %s and resubscribes once it succeeds', async (_name, reply) => {
    const { ws, c } = await setup(reply === 'silent' ? SHORT_REQUEST_TIMEOUT : {});
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((event) => events.push(event));
    let refused = 0;
    ws.onApiRequest = (req) => (req.method === 'userDataStream.subscribe.signature' && refused++ < 2 ? reply : undefined);
    ws.dropAll();
    await ws.until(() => notices(events).length > 0);
    expect(notices(events)).toEqual([expect.objectContaining({ type: 'stream', status: 'resubscribed' })]);
    expect(ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature')).toHaveLength(4);
  });
});

describe('order entry over the WebSocket API', () => {
  const filled = { ...wireOrder({ orderId: 9, clientOrderId: 'mine-1', type: 'MARKET', origQty: '0.00100000' }), status: 'FILLED', executedQty: '0.00100000' };

  it('places with a signed order.place carrying the validated parameters, and feeds rateLimits to the limiter', async () => {
    const { ws, c } = await setup({ orderEntry: 'ws-api' });
    ws.onApiRequest = (req) => (req.method === 'order.place'
      ? { status: 200, result: filled, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 321 }] }
      : undefined);
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'mine-1' });
    expect(order).toMatchObject({ orderId: '9', status: 'FILLED' });
    const req = ws.requests.find((r) => r.method === 'order.place')!;
    expect(req.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'mine-1', newOrderRespType: 'FULL', apiKey: 'k' });
    expect(c.metrics().rateLimits.windows.find((w) => w.id === 'REQUEST_WEIGHT_1M')?.used).toBe(321);
  });

  it('places a stop order with order.place carrying the same parameters as over REST', async () => {
    const { ws, c } = await setup({ orderEntry: 'ws-api' });
    const waiting = {
      ...wireOrder({ orderId: 10, clientOrderId: 'stop-1', type: 'TAKE_PROFIT_LIMIT', side: 'SELL', price: '31000.00000000' }),
      stopPrice: '31100.00000000', trailingDelta: 200, trailingTime: -1, isWorking: false, workingTime: -1,
    };
    ws.onApiRequest = (req) => (req.method === 'order.place' ? { status: 200, result: waiting } : undefined);
    const order = await c.placeOrder({
      symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: '0.001', price: '31000', stopPrice: '31100', trailingDelta: 200, clientOrderId: 'stop-1',
    });
    expect([order.type, order.stopPrice?.toFixed(), order.trailingDelta, order.isWorking]).toEqual(['TAKE_PROFIT_LIMIT', '31100', 200, false]);
    const places = ws.requests.filter((r) => r.method === 'order.place');
    expect(places).toHaveLength(1);
    const { apiKey, timestamp, signature, ...params } = places[0]!.params;
    expect([apiKey, typeof timestamp, typeof signature]).toEqual(['k', 'number', 'string']);
    expect(params).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '31000', stopPrice: '31100',
      trailingDelta: '200', newClientOrderId: 'stop-1', newOrderRespType: 'FULL',
    });
  });

  it('maps a refused order through the REST error table', async () => {
    const { ws, c } = await setup({ orderEntry: 'ws-api' });
    ws.onApiRequest = (req) => (req.method === 'order.place' ? { status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.' } } : undefined);
    await expect(c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' })).rejects.toBeInstanceOf(InsufficientFundsError);
  });

  it.each([
    ['a 5xx answer', { status: 503, error: { code: -1007, msg: 'Timeout waiting for response from backend server.' } }],
    ['no answer at all', 'silent' as const],
  ])('resolves %s by querying the order over REST, without sending it again', async (_name, reply) => {
    const { ws, rest, c, orders: byId } = await setup({ orderEntry: 'ws-api', ...(reply === 'silent' ? SHORT_REQUEST_TIMEOUT : {}) });
    // Created now, as the placement would have been: an older order with the same client order id would not be this one.
    byId.set('mine-1', { ...filled, time: Date.now(), transactTime: Date.now() });
    ws.onApiRequest = (req) => (req.method === 'order.place' ? reply : undefined);
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'mine-1' });
    expect(order).toMatchObject({ orderId: '9', status: 'FILLED' });
    expect(ws.requests.filter((r) => r.method === 'order.place')).toHaveLength(1);
    expect(rest.count('GET /api/v3/order')).toBeGreaterThanOrEqual(1);
    expect(c.metrics().reconciliations).toBe(1);
  });

  it('resyncs the clock after a -1021 answer to order.place and sends it once more with a fresh timestamp, as over REST', async () => {
    const { ws, rest, c } = await setup({ orderEntry: 'ws-api' });
    const timeQueries = rest.count('GET /api/v3/time');
    ws.onApiRequest = (req) => {
      if (req.method !== 'order.place') return undefined;
      const first = ws.requests.filter((r) => r.method === 'order.place').length === 1;
      return first
        ? { status: 400, error: { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." } }
        : { status: 200, result: filled };
    };
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'mine-1' });
    expect(order).toMatchObject({ orderId: '9', status: 'FILLED' });
    const places = ws.requests.filter((r) => r.method === 'order.place');
    expect(places).toHaveLength(2);
    expect(places.map((r) => r.params.newClientOrderId)).toEqual(['mine-1', 'mine-1']);
    expect(rest.count('GET /api/v3/time')).toBe(timeQueries + 1);
    expect(c.metrics().timeResyncs).toBe(1);
  });

  it('counts WebSocket API order requests in the same request metrics as REST ones', async () => {
    const { ws, c } = await setup({ orderEntry: 'ws-api' });
    ws.onApiRequest = (req) => (req.method === 'order.place' ? { status: 200, result: filled } : undefined);
    await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'mine-1' });
    expect(c.metrics().requestsByEndpoint['POST /api/v3/order']).toBe(1);
  });

  it('cancels with order.cancel', async () => {
    const { ws, c } = await setup({ orderEntry: 'ws-api' });
    ws.onApiRequest = (req) => (req.method === 'order.cancel' ? { status: 200, result: { ...filled, status: 'CANCELED', origClientOrderId: 'mine-1' } } : undefined);
    const order = await c.cancelOrder('9', 'BTCUSDT');
    expect(order).toMatchObject({ status: 'CANCELED', clientOrderId: 'mine-1' });
    expect(ws.requests.find((r) => r.method === 'order.cancel')?.params).toMatchObject({ symbol: 'BTCUSDT', orderId: '9' });
  });
});

describe('orders whose answer arrives after a recovery began', () => {
  const PLACED = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '49500', quantity: '0.002', clientOrderId: 'late-1' } as const;
  /** The placed order as the exchange holds it once it filled at once, with its fill as a FULL answer gives it. */
  const FILLED = {
    ...wireOrder({ orderId: 21, clientOrderId: 'late-1', origQty: '0.00200000', price: '49500.00000000' }), status: 'FILLED', executedQty: '0.00200000',
    cummulativeQuoteQty: '99.00000000', fills: [{ price: '49500.00000000', qty: '0.00200000', commission: '0.00000200', commissionAsset: 'BTC', tradeId: 2101 }],
  };
  /** The stream's own events for that order. */
  const STREAM_EVENTS = [
    report({ i: 21, c: 'late-1', x: 'NEW', X: 'NEW' }),
    report({ i: 21, c: 'late-1', x: 'TRADE', X: 'FILLED', l: '0.00200000', z: '0.00200000', L: '49500', Z: '99' }),
  ];
  const MARKER = { e: 'balanceUpdate', E: 6, a: 'USDT', d: '1.00000000', T: 6 };

  /** A promise that resolves once `open` is called, to hold an answer until the test lets it go. */
  function gate(): { open: () => void; passed: Promise<void> } {
    let open!: () => void;
    const passed = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, passed };
  }

  /** A connector (see `setup`) whose order updates are collected in `events`. */
  async function subscribed(options: Partial<BinanceConnectorOptions> = {}): Promise<Setup & { events: UserDataEvent[] }> {
    const parts = await setup(options);
    const events: UserDataEvent[] = [];
    await parts.c.subscribeOrderUpdates((event) => events.push(event));
    return { ...parts, events };
  }

  /** Answers `route` with `body` only once the returned function is called. */
  function heldAnswer(routes: Map<string, Handler>, route: string, body: unknown): () => void {
    const answer = gate();
    routes.set(route, async () => {
      await answer.passed;
      return { body };
    });
    return answer.open;
  }

  /** Each order update as [orderId, executionType, status, lastQuantity, lastPrice, recovered]. */
  function rows(events: UserDataEvent[]): (string | boolean)[][] {
    return orders(events).map((e) => [e.order.orderId, e.execution.executionType, e.order.status, e.execution.lastQuantity.toFixed(), e.execution.lastPrice.toFixed(), e.recovered]);
  }

  /** Sends `reports` on the stream, then a balance delta, and waits for the delta: by then every report was handled. */
  async function streamThenMark(ws: WsExchange, events: UserDataEvent[], reports: Record<string, unknown>[]): Promise<void> {
    for (const event of [...reports, MARKER]) expect(ws.pushUserEvent(event)).toBe(1);
    await ws.until(() => events.some((e) => e.type === 'balance' && e.reason === 'delta'));
  }

  it('reports a REST placement answered after a recovery as recovered updates, once, and drops the stream\'s own events for it', async () => {
    const { ws, rest, c, orders: byId, routes, events } = await subscribed();
    const release = heldAnswer(routes, 'POST /api/v3/order', FILLED);
    const placing = c.placeOrder(PLACED);
    await ws.until(() => rest.count('POST /api/v3/order') === 1);
    // The order fills at once; its executionReport goes down with the connection.
    byId.set('21', FILLED);
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    expect(rows(events)).toEqual([]);
    release();
    await placing;
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
    await streamThenMark(ws, events, STREAM_EVENTS);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
  });

  it('reports a WebSocket API placement whose lost answer is reconciled over REST after a recovery', async () => {
    const { ws, c, orders: byId, routes, events } = await subscribed({ orderEntry: 'ws-api' });
    ws.onApiRequest = (req) => {
      if (req.method !== 'order.place') return undefined;
      // Executed, then the connection holding the answer and the executionReport is gone.
      byId.set('late-1', { ...FILLED, time: Date.now(), transactTime: Date.now() });
      ws.dropAll();
      return 'silent';
    };
    // The reconciliation's query is answered only once the recovery is over.
    routes.set('GET /api/v3/order', async () => {
      await ws.until(() => notices(events).length === 1);
      return undefined;
    });
    const order = await c.placeOrder(PLACED);
    expect(order).toMatchObject({ orderId: '21', status: 'FILLED' });
    expect(c.metrics().reconciliations).toBe(1);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
    await streamThenMark(ws, events, STREAM_EVENTS);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
  });

  it('reports a placement answered during a recovery\'s reads at once, and drops the live events for it held meanwhile', async () => {
    const { ws, rest, c, orders: byId, routes, events } = await subscribed();
    const release = heldAnswer(routes, 'POST /api/v3/order', FILLED);
    const reads = gate();
    // The read when subscribing answers; the recovery's waits.
    routes.set('GET /api/v3/openOrders', async () => {
      if (rest.count('GET /api/v3/openOrders') > 1) await reads.passed;
      return undefined;
    });
    const placing = c.placeOrder(PLACED);
    await ws.until(() => rest.count('POST /api/v3/order') === 1);
    byId.set('21', FILLED);
    ws.dropAll();
    await ws.until(() => rest.count('GET /api/v3/openOrders') === 2);
    // On the new connection, held until the recovery ends.
    for (const event of STREAM_EVENTS) expect(ws.pushUserEvent(event)).toBe(1);
    release();
    await placing;
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
    reads.open();
    await ws.until(() => notices(events).length === 1);
    await streamThenMark(ws, events, []);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
  });

  it('leaves a placement answered during a gap to the recovery that follows, which reports it once', async () => {
    const { ws, c, orders: byId, routes, events } = await subscribed({ streams: { backoff: { initialMs: 5, maxMs: 20 }, requestTimeoutMs: 5_000 } });
    const resubscribe = gate();
    ws.onApiRequest = async (req) => {
      if (req.method === 'userDataStream.subscribe.signature') await resubscribe.passed;
      return undefined;
    };
    routes.set('POST /api/v3/order', () => ({ body: FILLED }));
    byId.set('21', FILLED);
    ws.dropAll();
    await ws.until(() => ws.requests.filter((r) => r.method === 'userDataStream.subscribe.signature').length === 2);
    await c.placeOrder(PLACED);
    resubscribe.open();
    await ws.until(() => notices(events).length === 1);
    expect(notices(events)).toEqual([expect.objectContaining({ status: 'resubscribed', recoveredOrders: 1 })]);
    await streamThenMark(ws, events, STREAM_EVENTS);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
  });

  it('reports a cancel answered after a recovery, of an order listeners never heard of, and drops the stream\'s events for it', async () => {
    const { ws, rest, c, orders: byId, routes, events } = await subscribed();
    const canceled = { ...wireOrder({ orderId: 31, clientOrderId: 'elsewhere-1' }), status: 'CANCELED' };
    const release = heldAnswer(routes, 'DELETE /api/v3/order', canceled);
    const canceling = c.cancelOrder('31', 'BTCUSDT');
    await ws.until(() => rest.count('DELETE /api/v3/order') === 1);
    // Placed elsewhere, then canceled: both its events go down with the connection.
    byId.set('31', canceled);
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    release();
    await canceling;
    expect(rows(events)).toEqual([['31', 'CANCELED', 'CANCELED', '0', '0', true]]);
    await streamThenMark(ws, events, [report({ i: 31, c: 'elsewhere-1', x: 'NEW', X: 'NEW' }), report({ i: 31, c: 'elsewhere-1', x: 'CANCELED', X: 'CANCELED' })]);
    expect(rows(events)).toEqual([['31', 'CANCELED', 'CANCELED', '0', '0', true]]);
  });

  it('delivers nothing for an answer older than what listeners already saw', async () => {
    const { ws, rest, c, orders: byId, routes, events } = await subscribed();
    const placed = wireOrder({ orderId: 21, clientOrderId: 'late-1', origQty: '0.00200000', price: '49500.00000000' });
    const release = heldAnswer(routes, 'POST /api/v3/order', placed);
    const placing = c.placeOrder(PLACED);
    await ws.until(() => rest.count('POST /api/v3/order') === 1);
    byId.set('21', { ...placed, status: 'CANCELED' });
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    // The cancel reaches listeners live before the placement's answer (NEW) comes back.
    await streamThenMark(ws, events, [report({ i: 21, c: 'late-1', x: 'CANCELED', X: 'CANCELED' })]);
    release();
    await placing;
    await streamThenMark(ws, events, []);
    expect(rows(events)).toEqual([['21', 'CANCELED', 'CANCELED', '0', '0', false]]);
  });

  it('looks a placement that ended unknown up by its client order id in the next recovery, and reports it once', async () => {
    const { ws, c, orders: byId, routes, events } = await subscribed({ reconcileDelaysMs: [5] });
    // The order stands, but its answer is lost and the one status query does not find it yet.
    routes.set('POST /api/v3/order', () => ({ status: 503, body: '' }));
    const error = await c.placeOrder(PLACED).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    // It filled; its executionReport goes down with the connection.
    byId.set('late-1', { ...FILLED, time: Date.now(), transactTime: Date.now(), updateTime: Date.now() });
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    expect(notices(events)).toEqual([expect.objectContaining({ status: 'resubscribed', recoveredOrders: 1, complete: true })]);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
    await streamThenMark(ws, events, STREAM_EVENTS);
    expect(rows(events)).toEqual([['21', 'TRADE', 'FILLED', '0.002', '49500', true]]);
  });

  it('does not take an older order that carries the same client order id for a placement that ended unknown', async () => {
    const { ws, c, orders: byId, routes, events } = await subscribed({ reconcileDelaysMs: [5] });
    routes.set('POST /api/v3/order', () => ({ status: 503, body: '' }));
    const error = await c.placeOrder(PLACED).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    // An order of an hour ago reused the id; this placement never reached the exchange.
    const hourAgo = Date.now() - 3_600_000;
    byId.set('late-1', { ...FILLED, time: hourAgo, transactTime: hourAgo, updateTime: hourAgo });
    ws.dropAll();
    await ws.until(() => notices(events).length === 1);
    expect(notices(events)).toEqual([expect.objectContaining({ status: 'resubscribed', recoveredOrders: 0, complete: true })]);
    expect(rows(events)).toEqual([]);
  });
});

describe('protection lost', () => {
  /** A stop, take-profit or list order's executionReport: `report` with the order's type, list and expiry. */
  const protective = (fields: Parameters<typeof report>[0] & { o: string; g?: number; eR?: string; r?: string }): Record<string, unknown> => {
    const { o, g, eR, r, ...rest } = fields;
    return { ...report(rest), o, g: g ?? -1, r: r ?? 'NONE', ...(eR === undefined ? {} : { eR }), P: '49000.00000000' };
  };

  it.each([
    ['a triggered stop that expires part-filled on a thin book', protective({ i: 1, o: 'STOP_LOSS', x: 'EXPIRED', X: 'EXPIRED', z: '0.00100000', eR: 'INSUFFICIENT_LIQUIDITY' }), 'EXPIRED_AFTER_TRIGGER'],
    ['a triggered stop-limit stopped by the price-range rule', protective({ i: 2, o: 'STOP_LOSS_LIMIT', x: 'EXPIRED', X: 'EXPIRED', eR: 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED' }), 'EXPIRED_AFTER_TRIGGER'],
    ['the pending order of an OTO rejected when placed', protective({ i: 3, o: 'STOP_LOSS', g: 4, x: 'EXPIRED', X: 'EXPIRED', eR: 'REJECTED' }), 'REJECTED'],
    ['an order of a list rejected as it would trigger immediately', protective({ i: 5, o: 'TAKE_PROFIT', g: 4, x: 'REJECTED', X: 'REJECTED', r: 'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY' }), 'REJECTED'],
    ['the pending order of an OTO whose working order expired', protective({ i: 6, o: 'LIMIT_MAKER', g: 4, x: 'EXPIRED', X: 'EXPIRED', eR: 'OTO_PHASE_ONE_EXPIRED' }), 'EXPIRED'],
    // An OPO's pending order has no quantity until its working order fills (faqs/opo.md): it is lost all the same.
    ['the pending order of an OPO whose working order expired', { ...protective({ i: 7, o: 'LIMIT_MAKER', g: 4, x: 'EXPIRED', X: 'EXPIRED', eR: 'OTO_PHASE_ONE_EXPIRED' }), S: 'SELL', q: '0.00000000' }, 'EXPIRED'],
    ['the pending order of an OPO refused when its quantity was set', { ...protective({ i: 8, o: 'STOP_LOSS', g: 4, x: 'EXPIRED', X: 'EXPIRED', eR: 'REJECTED' }), S: 'SELL', q: '0.00000000' }, 'REJECTED'],
  ])('says so for %s: the update carries the reason and a protectionLost notice follows it', async (_name, event, reason) => {
    const { ws, c } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((e) => events.push(e));
    ws.pushUserEvent(event);
    await ws.until(() => events.length === 2);
    const [update, notice] = events;
    expect(update).toMatchObject({ type: 'order', protectionLost: reason, order: { orderId: String(event.i) } });
    expect(notice).toMatchObject({ type: 'protectionLost', reason, recovered: false, order: { orderId: String(event.i) } });
    expect(notice?.type === 'protectionLost' ? notice.message : '').toContain(`${String(event.o)} ${String(event.i)} (cid-${String(event.i)}) on BTCUSDT`);
  });

  it.each([
    ['a stop that filled', protective({ i: 1, o: 'STOP_LOSS', x: 'TRADE', X: 'FILLED', l: '0.00200000', z: '0.00200000', L: '49000', Z: '98', t: 9 })],
    ['a stop the bot cancelled', protective({ i: 2, o: 'STOP_LOSS_LIMIT', x: 'CANCELED', X: 'CANCELED' })],
    ['the other order of an OCO expiring because its pair worked', protective({ i: 3, o: 'LIMIT_MAKER', g: 4, x: 'EXPIRED', X: 'EXPIRED', eR: 'OCO_TRIGGER' })],
    ['a plain IOC order expiring unfilled', { ...report({ i: 4, x: 'EXPIRED', X: 'EXPIRED' }), f: 'IOC', eR: 'UNFILLED_IOC_QUANTITY_EXPIRED' }],
  ])('sends no notice for %s', async (_name, event) => {
    const { ws, c } = await setup();
    const events: UserDataEvent[] = [];
    await c.subscribeOrderUpdates((e) => events.push(e));
    ws.pushUserEvent(event);
    ws.pushUserEvent({ e: 'balanceUpdate', E: 6, a: 'USDT', d: '1.00000000', T: 6 });
    await ws.until(() => events.some((e) => e.type === 'balance'));
    expect(events.map((e) => e.type)).toEqual(['order', 'balance']);
    expect((events[0] as OrderUpdate).protectionLost).toBeUndefined();
  });
});
