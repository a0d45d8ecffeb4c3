import type { Decimal } from '../core/decimal.js';
import type { ExchangeError } from '../core/errors.js';
import type { AccountTrade, Candlestick, Order, OrderBook, OrderList, Position, Ticker, Trade } from '../core/models.js';
import type { OrderBookUpdate, OrderExecution, OrderUpdate, UserDataEvent } from '../core/stream/events.js';

/** JSON shapes of `--json` output: decimals as plain strings (exact, never floats), times as epoch ms. */

/** A candle as one JSON object. */
export function candleJson(c: Candlestick): Record<string, string | number | boolean> {
  return {
    symbol: c.symbol, interval: c.interval, openTime: c.openTime, closeTime: c.closeTime,
    open: c.open.toFixed(), high: c.high.toFixed(), low: c.low.toFixed(), close: c.close.toFixed(),
    volume: c.volume.toFixed(), quoteVolume: c.quoteVolume.toFixed(), trades: c.trades, closed: c.closed,
  };
}

/** A public trade. */
export function tradeJson(t: Trade): Record<string, string | number | boolean> {
  return {
    symbol: t.symbol, tradeId: t.tradeId, price: t.price.toFixed(), quantity: t.quantity.toFixed(),
    time: t.time, isBuyerMaker: t.isBuyerMaker, eventTime: t.eventTime,
  };
}

/** A 24-hour ticker. */
export function tickerJson(t: Ticker): Record<string, string | number> {
  return {
    symbol: t.symbol, lastPrice: t.lastPrice.toFixed(), bidPrice: t.bidPrice.toFixed(), askPrice: t.askPrice.toFixed(),
    openPrice: t.openPrice.toFixed(), highPrice: t.highPrice.toFixed(), lowPrice: t.lowPrice.toFixed(),
    volume: t.volume.toFixed(), quoteVolume: t.quoteVolume.toFixed(), priceChangePercent: t.priceChangePercent.toFixed(),
    closeTime: t.closeTime,
  };
}

/** An order book snapshot, levels best first. */
export function bookJson(book: OrderBook): unknown {
  const levels = (side: OrderBook['bids']): { price: string; quantity: string }[] =>
    side.map((level) => ({ price: level.price.toFixed(), quantity: level.quantity.toFixed() }));
  return { symbol: book.symbol, lastUpdateId: book.lastUpdateId, bids: levels(book.bids), asks: levels(book.asks) };
}

/** An order with its fills. */
export function orderJson(o: Order): unknown {
  return {
    orderId: o.orderId, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type,
    timeInForce: o.timeInForce, status: o.status, price: o.price.toFixed(), quantity: o.quantity.toFixed(),
    executedQuantity: o.executedQuantity.toFixed(), cumulativeQuoteQuantity: o.cumulativeQuoteQuantity.toFixed(),
    quoteQuantity: o.quoteQuantity.toFixed(), createdAt: o.createdAt, updatedAt: o.updatedAt,
    // Conditional fields, present when the exchange reports them (JSON drops the undefined ones).
    stopPrice: o.stopPrice?.toFixed(), trailingDelta: o.trailingDelta, trailingTime: o.trailingTime, isWorking: o.isWorking,
    workingTime: o.workingTime, orderListId: o.orderListId, expiryReason: o.expiryReason,
    icebergQuantity: o.icebergQuantity?.toFixed(), selfTradePreventionMode: o.selfTradePreventionMode, preventedMatchId: o.preventedMatchId,
    preventedQuantity: o.preventedQuantity?.toFixed(), pegPriceType: o.pegPriceType, pegOffsetType: o.pegOffsetType,
    pegOffsetValue: o.pegOffsetValue, peggedPrice: o.peggedPrice?.toFixed(), strategyId: o.strategyId, strategyType: o.strategyType,
    fills: o.fills.map((f) => ({
      price: f.price.toFixed(), quantity: f.quantity.toFixed(), commission: f.commission.toFixed(),
      commissionAsset: f.commissionAsset, tradeId: f.tradeId,
    })),
  };
}

/** An order list: its status and its orders (each order's state when the answer carried it, else null). */
export function orderListJson(l: OrderList): unknown {
  return {
    orderListId: l.orderListId, listClientOrderId: l.listClientOrderId, symbol: l.symbol, contingencyType: l.contingencyType,
    listStatusType: l.listStatusType, listOrderStatus: l.listOrderStatus, listRejectReason: l.listRejectReason ?? null, createdAt: l.createdAt,
    orders: l.orders.map((o) => ({ orderId: o.orderId, clientOrderId: o.clientOrderId, order: o.order === undefined ? null : orderJson(o.order) })),
  };
}

/** A holding of one asset. */
export function positionJson(p: Position): Record<string, string> {
  return { asset: p.asset, free: p.free.toFixed(), locked: p.locked.toFixed(), total: p.total.toFixed() };
}

/** Free balances as one object, assets sorted. */
export function balancesJson(balances: Map<string, Decimal>): Record<string, string> {
  return Object.fromEntries([...balances].sort(([a], [b]) => a.localeCompare(b)).map(([asset, free]) => [asset, free.toFixed()]));
}

/** A local order book update of the depth stream: the book's top levels and the time of the last applied event. */
export function bookUpdateJson(book: OrderBookUpdate): unknown {
  return { ...(bookJson(book) as object), eventTime: book.eventTime };
}

/** What one execution of an order did: its type, the last fill and its commission. */
export function executionJson(e: OrderExecution): unknown {
  return {
    executionType: e.executionType, lastQuantity: e.lastQuantity.toFixed(), lastPrice: e.lastPrice.toFixed(),
    lastQuoteQuantity: e.lastQuoteQuantity.toFixed(), commission: e.commission.toFixed(), commissionAsset: e.commissionAsset,
    tradeId: e.tradeId, isMaker: e.isMaker, rejectReason: e.rejectReason, transactionTime: e.transactionTime,
  };
}

/** An order update of the user-data stream: the execution, then the order after it. */
export function orderUpdateJson(u: OrderUpdate): unknown {
  return {
    eventTime: u.eventTime, recovered: u.recovered, execution: executionJson(u.execution), order: orderJson(u.order),
    ...(u.protectionLost === undefined ? {} : { protectionLost: u.protectionLost }),
  };
}

/** What a script needs of an exchange error: its class, stable code, the exchange's code, HTTP status and message. */
function errorFieldsJson(error: ExchangeError): Record<string, unknown> {
  return { type: error.name, code: error.code, exchangeCode: error.exchangeCode ?? null, httpStatus: error.httpStatus ?? null, message: error.message };
}

/** Any user-data event, with `event` naming its kind: `order`, `orderList`, `protectionLost`, `balance` or `user-data` (a notice about the subscription). */
export function userDataJson(event: UserDataEvent): Record<string, unknown> {
  switch (event.type) {
    case 'order':
      return { event: 'order', ...(orderUpdateJson(event) as object) };
    case 'orderList':
      return { event: 'orderList', eventTime: event.eventTime, orderList: orderListJson(event.orderList) };
    case 'protectionLost':
      return {
        event: 'protectionLost', reason: event.reason, message: event.message, eventTime: event.eventTime, recovered: event.recovered,
        order: orderJson(event.order),
      };
    case 'balance':
      return event.reason === 'position'
        ? {
          event: 'balance', reason: 'position', eventTime: event.eventTime, updateTime: event.updateTime,
          // Always present, like an order update's: true when read from the account after a gap.
          recovered: event.recovered === true,
          balances: event.balances.map((b) => ({ asset: b.asset, free: b.free.toFixed(), locked: b.locked.toFixed() })),
        }
        : { event: 'balance', reason: 'delta', eventTime: event.eventTime, clearTime: event.clearTime, asset: event.asset, delta: event.delta.toFixed() };
    case 'stream':
      return event.status === 'resubscribed'
        ? { event: 'user-data', status: event.status, recoveredOrders: event.recoveredOrders, complete: event.complete, eventTime: event.eventTime }
        : {
          event: 'user-data', status: event.status, reason: event.reason, recoveredOrders: event.recoveredOrders, eventTime: event.eventTime,
          ...(event.reason === 'ended' ? {} : { error: errorFieldsJson(event.error) }),
        };
  }
}

/** One of the account's fills as one JSON object. */
export function accountTradeJson(t: AccountTrade): Record<string, string | number | boolean | null> {
  return {
    tradeId: t.tradeId, orderId: t.orderId, orderListId: t.orderListId ?? null, symbol: t.symbol, side: t.side,
    price: t.price.toFixed(), quantity: t.quantity.toFixed(), quoteQuantity: t.quoteQuantity.toFixed(),
    commission: t.commission.toFixed(), commissionAsset: t.commissionAsset, isMaker: t.isMaker, isBuyer: t.isBuyer, time: t.time,
  };
}
