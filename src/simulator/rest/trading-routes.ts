import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { SymbolSpec } from '../market/symbols.js';
import { isStopType, type SimOrder } from '../engine/order-types.js';
import { averagePriceDecimal } from '../market/market-data.js';
import type { FilterContext } from '../engine/filters.js';
import type { OrderLookup } from '../engine/order-records.js';
import { cancelledListView } from './list-answers.js';
import { parseOrderParams, type ParsedOrder } from '../engine/order-request.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { badRequest, SimError } from '../sim-error.js';
import { accountView, cancelView, myTradeView, newOrderView, orderView } from '../engine/views.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS, type PageLimit } from '../../spec/binance/page-limits.js';
import { commissionView, orderCommissionView } from '../engine/commission.js';
import { CANCEL_RESTRICTIONS, type CancelRestrictionValue } from '../../spec/binance/enums.js';
import type { Params } from './params.js';

/** Signed trading and account endpoints. */


/** What the filters check a new order of the signed account on `spec` against: the average price and its open orders. */
export function filterContext(context: RouteContext, spec: SymbolSpec): FilterContext {
  const { exchange, now } = context;
  const open = exchange.engine.records.openOrders(signedAccount(context), spec.symbol);
  return {
    averagePrice: averagePriceDecimal(exchange.engine.market(spec.symbol)!, now),
    openOrders: open.length,
    openAlgoOrders: open.filter((o) => isStopType(o.type)).length,
  };
}

function parse(context: RouteContext, spec: SymbolSpec): ParsedOrder {
  const { exchange, params } = context;
  return parseOrderParams(params, spec, () => exchange.engine.generateClientOrderId(), filterContext(context, spec));
}

/** `orderId` / `origClientOrderId`; -1102 when neither is sent. */
export function lookup(context: RouteContext): OrderLookup {
  const orderId = context.params.integer('orderId');
  const clientOrderId = context.params.optional('origClientOrderId');
  if (orderId === undefined && clientOrderId === undefined) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('orderId', 'origClientOrderId'));
  }
  return { orderId, clientOrderId };
}

/** `cancelRestrictions`, when sent; -1145 for a value Binance does not list. */
export function cancelRestriction(params: Params): CancelRestrictionValue | undefined {
  const restriction = params.optional('cancelRestrictions');
  if (restriction === undefined) return undefined;
  if (!(CANCEL_RESTRICTIONS as readonly string[]).includes(restriction)) {
    throw badRequest(BinanceErrorCode.INVALID_CANCEL_RESTRICTIONS, 'Invalid cancelRestrictions');
  }
  return restriction as CancelRestrictionValue;
}

function placeOrder(context: RouteContext): { body: unknown } {
  const { exchange, now, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const parsed = parse(context, spec);
  exchange.limiter.checkOrder(account.id, now);
  exchange.limiter.countOrder(account.id, now);
  let result;
  try {
    result = exchange.engine.placeOrder(account, parsed.order, now);
  } catch (error) {
    exchange.limiter.countOrder(account.id, now, -1);
    throw error;
  }
  const unknown = exchange.faults.take('order-status-unknown');
  if (unknown !== undefined) {
    // The order stands; only the answer is lost, as when Binance's gateway times out.
    if (unknown.as === -1007) throw new SimError(408, BinanceErrorCode.TIMEOUT, BinanceMessage.timeout);
    throw new SimError(503, BinanceErrorCode.DISCONNECTED, BinanceMessage.disconnected);
  }
  return { body: newOrderView(result.order, result.fills, parsed.responseType, now, exchange.engine.preventedMatches.takenBy(result.order)) };
}

/** A time- or id-windowed page of an account's history, as `allOrders` and `myTrades` answer with their `limit`. */
export function windowed<T extends { time: number }>(items: readonly T[], context: RouteContext, key: (item: T) => number, fromName: string, page: PageLimit, windowMs: number): T[] {
  const { params } = context;
  const startTime = params.integer('startTime');
  const endTime = params.integer('endTime');
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > windowMs) {
    throw badRequest(BinanceErrorCode.MORE_THAN_XX_HOURS, 'More than 24 hours between startTime and endTime.');
  }
  const from = params.integer(fromName);
  const limit = params.limit(page);
  let selected = items.filter((item) => (from === undefined || key(item) >= from)
    && (startTime === undefined || item.time >= startTime) && (endTime === undefined || item.time <= endTime));
  // Without a lower bound Binance returns the most recent ones.
  if (from === undefined && startTime === undefined) selected = selected.slice(Math.max(0, selected.length - limit));
  return selected.slice(0, limit);
}

function cancelAll(context: RouteContext): unknown {
  const { exchange, now, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const open = exchange.engine.records.openOrders(account, spec.symbol);
  if (open.length === 0) throw badRequest(BinanceErrorCode.CANCEL_REJECTED, BinanceMessage.unknownOrder);
  // rest-api.md: order lists are cancelled too, each answered as a list with its orders' reports.
  const lists = exchange.orderLists.open(account.id, spec.symbol).map((list) => cancelledListView(exchange, account, list, exchange.engine.generateClientOrderId(), now));
  const singles = exchange.engine.records.openOrders(account, spec.symbol).filter((order) => order.orderListId < 0).map((order: SimOrder) => {
    const cancelId = exchange.engine.generateClientOrderId();
    exchange.engine.cancelOrder(account, spec.symbol, { orderId: order.orderId }, cancelId, now);
    return cancelView(order, cancelId, now);
  });
  return [...singles, ...lists];
}

/** The signed routes, and the removed listenKey endpoints. */
export const tradingRoutes: readonly Route[] = [
  { method: 'POST', path: '/api/v3/order', security: 'SIGNED', handle: placeOrder },
  {
    method: 'POST', path: '/api/v3/order/test', security: 'SIGNED',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      const parsed = parse(context, spec);
      if (context.params.boolean('computeCommissionRates') !== true) return { body: {} };
      return { body: orderCommissionView(signedAccount(context).commission, parsed.order.side) };
    },
  },
  {
    method: 'GET', path: '/api/v3/order', security: 'SIGNED',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      const which = lookup(context);
      const order = context.exchange.engine.records.findOrder(signedAccount(context), spec.symbol, which);
      if (order === undefined) throw badRequest(BinanceErrorCode.NO_SUCH_ORDER, BinanceMessage.orderDoesNotExist);
      if (which.clientOrderId !== undefined && order.clientOrderId !== which.clientOrderId) {
        throw badRequest(BinanceErrorCode.CLIENT_ORDER_ID_INVALID, BinanceMessage.clientOrderIdMismatch);
      }
      return { body: orderView(order) };
    },
  },
  {
    method: 'DELETE', path: '/api/v3/order', security: 'SIGNED',
    handle: (context) => {
      const { exchange, params, now } = context;
      const spec = params.symbol(exchange.specs);
      const which = lookup(context);
      const restriction = cancelRestriction(params);
      const cancelId = params.optional('newClientOrderId') ?? exchange.engine.generateClientOrderId();
      const order = exchange.engine.cancelOrder(signedAccount(context), spec.symbol, which, cancelId, now, restriction);
      return { body: cancelView(order, cancelId, now) };
    },
  },
  {
    method: 'GET', path: '/api/v3/openOrders', security: 'SIGNED',
    handle: (context) => {
      const spec = context.params.optionalSymbol(context.exchange.specs);
      return { body: context.exchange.engine.records.openOrders(signedAccount(context), spec?.symbol).map(orderView) };
    },
  },
  { method: 'DELETE', path: '/api/v3/openOrders', security: 'SIGNED', handle: (c) => ({ body: cancelAll(c) }) },
  {
    method: 'GET', path: '/api/v3/allOrders', security: 'SIGNED',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      const orders = context.exchange.engine.records.allOrders(signedAccount(context), spec.symbol);
      return { body: windowed(orders, context, (o) => o.orderId, 'orderId', PAGE_LIMITS['GET /api/v3/allOrders'], TIME_WINDOW_LIMITS_MS['GET /api/v3/allOrders']).map(orderView) };
    },
  },
  {
    method: 'GET', path: '/api/v3/myTrades', security: 'SIGNED',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      let trades = context.exchange.engine.records.accountTrades(signedAccount(context), spec.symbol);
      const orderId = context.params.integer('orderId');
      // Binance's supported combinations: neither fromId nor orderId with startTime or endTime.
      const timed = context.params.has('startTime') || context.params.has('endTime');
      if (timed && (orderId !== undefined || context.params.has('fromId'))) {
        throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
      }
      if (orderId !== undefined) trades = trades.filter((t) => t.orderId === orderId);
      return { body: windowed(trades, context, (t) => t.id, 'fromId', PAGE_LIMITS['GET /api/v3/myTrades'], TIME_WINDOW_LIMITS_MS['GET /api/v3/myTrades']).map(myTradeView) };
    },
  },
  {
    method: 'GET', path: '/api/v3/account/commission', security: 'SIGNED',
    handle: (context) => ({ body: commissionView(context.params.symbol(context.exchange.specs).symbol, signedAccount(context).commission) }),
  },
  {
    // Binance's wallet endpoint for the standard rates (live only: the Spot Testnet serves no /sapi);
    // ccxt's fetchTradingFee reads it for spot symbols.
    method: 'GET', path: '/sapi/v1/asset/tradeFee', security: 'SIGNED',
    handle: (context) => {
      const only = context.params.optionalSymbol(context.exchange.specs);
      const { standard } = signedAccount(context).commission;
      const rates = { makerCommission: standard.maker.toFixed(), takerCommission: standard.taker.toFixed() };
      return { body: (only === undefined ? context.exchange.specs : [only]).map((spec) => ({ symbol: spec.symbol, ...rates })) };
    },
  },
  {
    method: 'GET', path: '/api/v3/rateLimit/order', security: 'SIGNED',
    handle: (context) => ({ body: context.exchange.limiter.orderUsage(signedAccount(context).id, context.now) }),
  },
  {
    method: 'GET', path: '/api/v3/account', security: 'SIGNED',
    handle: (context) => ({ body: accountView(signedAccount(context), context.params.boolean('omitZeroBalances') ?? false) }),
  },
];
