import { Decimal, ZERO } from '../core/decimal.js';
import type {
  AccountTrade, Candlestick, Fill, Interval, Order, OrderBook, OrderList, Position, Ticker,
} from '../core/models.js';
import { dec, int, levels, list, malformed, optionalDec, optionalNumber, optionalText, orderConditions, record, side, text, timeInForce } from './wire-fields.js';

/**
 * One parser per Binance payload (the shapes of `wire-types.ts`), from the parsed JSON body to
 * framework models. Each takes `unknown`, since a body is whatever the server sent: decimals are
 * parsed from their strings (never through a float), and a body or field of the wrong shape fails
 * with a MalformedResponseError naming it, never a TypeError, NaN or undefined inside a model.
 */

/** `GET /api/v3/time` → epoch ms. */
export function parseServerTime(body: unknown): number {
  return int(record(body, 'server time').serverTime, 'server time', 'serverTime');
}

/** One kline. `closed` is true once `closeTime` is before `serverNow`. */
export function parseKline(wire: unknown, symbol: string, interval: Interval, serverNow: number): Candlestick {
  if (!Array.isArray(wire) || wire.length < 9) throw malformed('kline', 'row', wire);
  const closeTime = int(wire[6], 'kline', 'closeTime');
  return {
    symbol,
    interval,
    openTime: int(wire[0], 'kline', 'openTime'),
    closeTime,
    open: dec(wire[1], 'kline', 'open'),
    high: dec(wire[2], 'kline', 'high'),
    low: dec(wire[3], 'kline', 'low'),
    close: dec(wire[4], 'kline', 'close'),
    volume: dec(wire[5], 'kline', 'volume'),
    quoteVolume: dec(wire[7], 'kline', 'quoteVolume'),
    trades: int(wire[8], 'kline', 'trades'),
    closed: closeTime < serverNow,
  };
}

/** `GET /api/v3/klines` → candles in the order received. */
export function parseKlines(body: unknown, symbol: string, interval: Interval, serverNow: number): Candlestick[] {
  return list(body, 'klines').map((row) => parseKline(row, symbol, interval, serverNow));
}

/** `GET /api/v3/ticker/24hr?symbol=` → Ticker. */
export function parseTicker24hr(body: unknown): Ticker {
  const w = 'ticker';
  const wire = record(body, w);
  return {
    symbol: text(wire.symbol, w, 'symbol'),
    lastPrice: dec(wire.lastPrice, w, 'lastPrice'),
    bidPrice: dec(wire.bidPrice, w, 'bidPrice'),
    askPrice: dec(wire.askPrice, w, 'askPrice'),
    openPrice: dec(wire.openPrice, w, 'openPrice'),
    highPrice: dec(wire.highPrice, w, 'highPrice'),
    lowPrice: dec(wire.lowPrice, w, 'lowPrice'),
    volume: dec(wire.volume, w, 'volume'),
    quoteVolume: dec(wire.quoteVolume, w, 'quoteVolume'),
    priceChangePercent: dec(wire.priceChangePercent, w, 'priceChangePercent'),
    closeTime: int(wire.closeTime, w, 'closeTime'),
  };
}

/** `GET /api/v3/depth` → OrderBook (bids and asks best first, as Binance sends them). */
export function parseDepth(body: unknown, symbol: string): OrderBook {
  const wire = record(body, 'depth');
  return {
    symbol,
    lastUpdateId: int(wire.lastUpdateId, 'depth', 'lastUpdateId'),
    bids: levels(wire.bids, 'depth', 'bids'),
    asks: levels(wire.asks, 'depth', 'asks'),
  };
}

/** `GET /api/v3/account` → every balance with a non-zero free or locked amount. */
export function parseAccountPositions(body: unknown): Position[] {
  const balances = list(record(body, 'account').balances, 'account', 'balances');
  const positions: Position[] = [];
  for (const [i, entry] of balances.entries()) {
    const balance = record(entry, 'account', `balances[${i}]`);
    const free = dec(balance.free, 'account', `balances[${i}].free`);
    const locked = dec(balance.locked, 'account', `balances[${i}].locked`);
    const total = free.plus(locked);
    if (total.eq(0)) continue;
    positions.push({ asset: text(balance.asset, 'account', `balances[${i}].asset`), free, locked, total });
  }
  return positions;
}

/** `GET /api/v3/account` → free amount of each asset whose free amount is not zero. */
export function parseAccountBalances(body: unknown): Map<string, Decimal> {
  const balances = new Map<string, Decimal>();
  for (const position of parseAccountPositions(body)) {
    if (!position.free.eq(0)) balances.set(position.asset, position.free);
  }
  return balances;
}

function parseFill(entry: unknown, i: number): Fill {
  const w = 'order fill';
  const wire = record(entry, w, `fills[${i}]`);
  return {
    price: dec(wire.price, w, `fills[${i}].price`),
    quantity: dec(wire.qty, w, `fills[${i}].qty`),
    commission: dec(wire.commission, w, `fills[${i}].commission`),
    commissionAsset: text(wire.commissionAsset, w, `fills[${i}].commissionAsset`),
    tradeId: int(wire.tradeId, w, `fills[${i}].tradeId`),
  };
}

/** Where REST and WebSocket API answers keep the conditional order fields. */
const ORDER_CONDITIONS = {
  stopPrice: 'stopPrice', trailingDelta: 'trailingDelta', trailingTime: 'trailingTime', isWorking: 'isWorking',
  workingTime: 'workingTime', orderListId: 'orderListId', expiryReason: 'expiryReason',
} as const;

/**
 * Any order payload (placement RESULT/FULL with fills, query, open orders, cancel) → Order.
 * `orderId` becomes a string so ids beyond 2^53 stay intact in the model; `createdAt` is left
 * undefined for a cancel answer, which does not say when the order was placed.
 */
export function parseOrder(body: unknown): Order {
  const w = 'order';
  const wire = record(body, w);
  const transactTime = wire.transactTime;
  // When the order was placed: a query's `time`, or a placement answer's `transactTime` (the moment
  // it was placed). A cancel answer (the one that carries origClientOrderId) has only the cancel's
  // transactTime, so there the creation time is unknown rather than invented.
  const createdAt = wire.time !== undefined ? int(wire.time, w, 'time')
    : wire.origClientOrderId !== undefined ? undefined
    : int(transactTime, w, 'transactTime');
  const conditions = orderConditions(wire, w, ORDER_CONDITIONS);
  // Written out field by field, not spread: a spread makes V8 build each order the slow way.
  return {
    orderId: String(int(wire.orderId, w, 'orderId')),
    // A cancel response's clientOrderId is the cancel request's own id; the order's id is origClientOrderId.
    clientOrderId: text(wire.origClientOrderId ?? wire.clientOrderId, w, 'clientOrderId'),
    symbol: text(wire.symbol, w, 'symbol'),
    side: side(wire.side, w, 'side'),
    type: text(wire.type, w, 'type'),
    timeInForce: timeInForce(wire.timeInForce, w, 'timeInForce'),
    status: text(wire.status, w, 'status'),
    price: dec(wire.price, w, 'price'),
    // rest-api.md's OPO answers: a pending order has no origQty until its working order fills.
    quantity: wire.origQty === undefined && wire.status === 'PENDING_NEW' ? ZERO : dec(wire.origQty, w, 'origQty'),
    executedQuantity: dec(wire.executedQty, w, 'executedQty'),
    cumulativeQuoteQuantity: dec(wire.cummulativeQuoteQty, w, 'cummulativeQuoteQty'),
    quoteQuantity: wire.origQuoteOrderQty === undefined ? new Decimal(0) : dec(wire.origQuoteOrderQty, w, 'origQuoteOrderQty'),
    createdAt,
    updatedAt: int(wire.updateTime ?? transactTime ?? createdAt, w, 'updateTime'),
    fills: wire.fills === undefined ? [] : list(wire.fills, w, 'fills').map(parseFill),
    stopPrice: conditions.stopPrice,
    trailingDelta: conditions.trailingDelta,
    trailingTime: conditions.trailingTime,
    isWorking: conditions.isWorking,
    workingTime: conditions.workingTime,
    orderListId: conditions.orderListId,
    expiryReason: conditions.expiryReason,
    icebergQuantity: optionalDec(wire.icebergQty, w, 'icebergQty'),
    selfTradePreventionMode: optionalText(wire.selfTradePreventionMode, w, 'selfTradePreventionMode'),
    preventedMatchId: optionalNumber(wire.preventedMatchId, w, 'preventedMatchId'),
    preventedQuantity: optionalDec(wire.preventedQuantity, w, 'preventedQuantity'),
    pegPriceType: optionalText(wire.pegPriceType, w, 'pegPriceType'),
    pegOffsetType: optionalText(wire.pegOffsetType, w, 'pegOffsetType'),
    pegOffsetValue: optionalNumber(wire.pegOffsetValue, w, 'pegOffsetValue'),
    peggedPrice: optionalDec(wire.peggedPrice, w, 'peggedPrice'),
    strategyId: optionalNumber(wire.strategyId, w, 'strategyId'),
    strategyType: optionalNumber(wire.strategyType, w, 'strategyType'),
  };
}

/** One of the account's fills (`GET /api/v3/myTrades` element); Binance's `orderListId` -1 means none. */
export function parseAccountTrade(body: unknown): AccountTrade {
  const w = 'account trade';
  const wire = record(body, w);
  const orderListId = int(wire.orderListId ?? -1, w, 'orderListId');
  const isBuyer = wire.isBuyer;
  const isMaker = wire.isMaker;
  if (typeof isBuyer !== 'boolean') throw malformed(w, 'isBuyer', isBuyer);
  if (typeof isMaker !== 'boolean') throw malformed(w, 'isMaker', isMaker);
  return {
    tradeId: int(wire.id, w, 'id'),
    orderId: String(int(wire.orderId, w, 'orderId')),
    orderListId: orderListId === -1 ? undefined : String(orderListId),
    symbol: text(wire.symbol, w, 'symbol'),
    side: isBuyer ? 'BUY' : 'SELL',
    price: dec(wire.price, w, 'price'),
    quantity: dec(wire.qty, w, 'qty'),
    quoteQuantity: dec(wire.quoteQty, w, 'quoteQty'),
    commission: dec(wire.commission, w, 'commission'),
    commissionAsset: text(wire.commissionAsset, w, 'commissionAsset'),
    isMaker,
    isBuyer,
    time: int(wire.time, w, 'time'),
  };
}

/** `GET /api/v3/myTrades` → the account's fills in the order received (oldest first). */
export function parseAccountTrades(body: unknown): AccountTrade[] {
  return list(body, 'account trades').map(parseAccountTrade);
}

/**
 * `DELETE /api/v3/openOrders` → every order it cancelled: the single orders, and the orders of each
 * cancelled order list (its `orderReports`), in the order received.
 */
export function parseCancelledOrders(body: unknown): Order[] {
  return list(body, 'cancel all').flatMap((entry) => {
    const wire = record(entry, 'cancel all', 'element');
    return wire.orderReports === undefined ? [parseOrder(wire)] : list(wire.orderReports, 'cancel all', 'orderReports').map(parseOrder);
  });
}

/** A list of orders (`openOrders`, `allOrders`); `what` names the endpoint in errors. */
export function parseOrders(body: unknown, what: string): Order[] {
  return list(body, what).map(parseOrder);
}

/**
 * Any order list payload (placement and cancel answers, which carry each order's state in
 * `orderReports`; list queries, which carry only ids) → OrderList.
 */
export function parseOrderList(body: unknown): OrderList {
  const w = 'order list';
  const wire = record(body, w);
  const reports = wire.orderReports === undefined ? [] : list(wire.orderReports, w, 'orderReports').map(parseOrder);
  return {
    orderListId: String(int(wire.orderListId, w, 'orderListId')),
    listClientOrderId: text(wire.listClientOrderId, w, 'listClientOrderId'),
    symbol: text(wire.symbol, w, 'symbol'),
    contingencyType: text(wire.contingencyType, w, 'contingencyType'),
    listStatusType: text(wire.listStatusType, w, 'listStatusType'),
    listOrderStatus: text(wire.listOrderStatus, w, 'listOrderStatus'),
    listRejectReason: undefined,
    orders: list(wire.orders, w, 'orders').map((entry, i) => {
      const order = record(entry, w, `orders[${i}]`);
      const orderId = String(int(order.orderId, w, `orders[${i}].orderId`));
      return { orderId, clientOrderId: text(order.clientOrderId, w, `orders[${i}].clientOrderId`), order: reports.find((r) => r.orderId === orderId) };
    }),
    createdAt: int(wire.transactionTime, w, 'transactionTime'),
  };
}

/** A list of order lists (`openOrderList`, `allOrderList`); `what` names the endpoint in errors. */
export function parseOrderLists(body: unknown, what: string): OrderList[] {
  return list(body, what).map(parseOrderList);
}
