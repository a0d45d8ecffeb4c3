import { AuthenticationError, type ExchangeError } from '../core/errors.js';
import type { Candlestick, Interval, Order, Ticker, Trade } from '../core/models.js';
import type { OrderBookUpdate, OrderUpdate, UserDataEvent } from '../core/stream/events.js';
import { CliError } from './cli-error.js';
import { explainError } from './explain-error.js';
import { isoTime, table, tickerFields, type CountedItems } from './format.js';
import { keyValues } from './output.js';
import { bookUpdateJson, candleJson, tickerJson, tradeJson, userDataJson } from './serialize.js';
import type { StreamPresenter } from './stream-runner.js';

/** How each stream of `autotrader stream` reads: as JSON, as plain lines and in the live view. */

/** What `--count` counts for each stream, named the same in its help, its live status and its summary. */
export const COUNTED = {
  candles: { one: 'candle', many: 'candles' },
  ticker: { one: 'ticker update', many: 'ticker updates' },
  trades: { one: 'trade', many: 'trades' },
  book: { one: 'book update', many: 'book updates' },
  orders: { one: 'order update', many: 'order updates' },
} as const satisfies Record<string, CountedItems>;

function candleText(c: Candlestick): string {
  return `open ${c.open.toFixed()}  high ${c.high.toFixed()}  low ${c.low.toFixed()}  close ${c.close.toFixed()}  `
    + `volume ${c.volume.toFixed()}  trades ${c.trades}`;
}

/** A candle in a terminal line: O, H, L, C and V for open, high, low, close and volume. */
function candleShort(c: Candlestick): string {
  return `O ${c.open.toFixed()}  H ${c.high.toFixed()}  L ${c.low.toFixed()}  C ${c.close.toFixed()}  V ${c.volume.toFixed()}  trades ${c.trades}`;
}

/** Live candles: closed ones stay on screen, the forming one is redrawn in place. */
export function candlePresenter(symbol: string, interval: Interval, streamUrl: string): StreamPresenter<Candlestick> {
  return {
    title: `${symbol} ${interval} candles`,
    subject: { stream: 'candles', symbol, interval, url: streamUrl },
    json: (c) => ({ event: 'candle', ...candleJson(c) }),
    line: (c) => `${isoTime(c.openTime)} ${c.symbol} ${c.interval} ${candleText(c)} ${c.closed ? 'closed' : 'forming'}`,
    log: (c) => (c.closed ? `closed   ${isoTime(c.openTime)}  ${candleShort(c)}` : undefined),
    area: (c) => (c.closed ? ['waiting for the next candle...'] : [`forming  ${isoTime(c.openTime)}  ${candleShort(c)}`]),
    counts: () => true,
    counted: COUNTED.candles,
  };
}

/** The 24-hour ticker, redrawn in place. */
export function tickerPresenter(symbol: string, streamUrl: string): StreamPresenter<Ticker> {
  return {
    title: `${symbol} ticker`,
    subject: { stream: 'ticker', symbol, url: streamUrl },
    json: (t) => ({ event: 'ticker', ...tickerJson(t) }),
    line: (t) => `${isoTime(t.closeTime)} ${t.symbol} last ${t.lastPrice.toFixed()} bid ${t.bidPrice.toFixed()} ask ${t.askPrice.toFixed()} `
      + `change ${t.priceChangePercent.toFixed()}% high ${t.highPrice.toFixed()} low ${t.lowPrice.toFixed()} volume ${t.volume.toFixed()}`,
    log: () => undefined,
    area: (t) => keyValues(tickerFields(t)).split('\n'),
    counts: () => true,
    counted: COUNTED.ticker,
  };
}

/** A trade in words; the taker's side is the one that crossed the spread (a resting buyer means a selling taker). */
function tradeText(t: Trade): string {
  return `${t.isBuyerMaker ? 'sell' : 'buy '} ${t.quantity.toFixed()} @ ${t.price.toFixed()}  #${t.tradeId}`;
}

/** Public trades: each one stays on screen as it happens, with the last price below. */
export function tradePresenter(symbol: string, streamUrl: string): StreamPresenter<Trade> {
  return {
    title: `${symbol} trades`,
    subject: { stream: 'trades', symbol, url: streamUrl },
    json: (t) => ({ event: 'trade', ...tradeJson(t) }),
    line: (t) => `${isoTime(t.time)} ${t.symbol} ${tradeText(t)}`,
    log: (t) => `${isoTime(t.time)}  ${tradeText(t)}`,
    area: (t) => [`last ${t.price.toFixed()}  (taker ${t.isBuyerMaker ? 'sold' : 'bought'})`],
    counts: () => true,
    counted: COUNTED.trades,
  };
}

/** The top of a local order book kept in sync from the diff stream, redrawn in place. */
export function bookPresenter(symbol: string, depth: number, streamUrl: string): StreamPresenter<OrderBookUpdate> {
  return {
    title: `${symbol} order book (${depth} levels)`,
    subject: { stream: 'book', symbol, depth, url: streamUrl },
    json: (book) => ({ event: 'book', ...(bookUpdateJson(book) as object) }),
    line: (book) => {
      const bid = book.bids[0];
      const ask = book.asks[0];
      const spread = bid !== undefined && ask !== undefined ? ` spread ${ask.price.minus(bid.price).toFixed()}` : '';
      return `${isoTime(book.eventTime)} ${book.symbol} update ${book.lastUpdateId} `
        + `bid ${bid === undefined ? '-' : `${bid.quantity.toFixed()} @ ${bid.price.toFixed()}`} `
        + `ask ${ask === undefined ? '-' : `${ask.price.toFixed()} x ${ask.quantity.toFixed()}`}${spread}`;
    },
    log: () => undefined,
    area: (book, size) => {
      // The header, the rule and the spread line take three rows.
      const levels = Math.max(1, Math.min(depth, size.rows === undefined ? depth : size.rows - 3));
      const rows = Array.from({ length: Math.min(levels, Math.max(book.bids.length, book.asks.length)) }, (_, i) => {
        const bid = book.bids[i];
        const ask = book.asks[i];
        return [bid?.quantity.toFixed() ?? '', bid?.price.toFixed() ?? '', ask?.price.toFixed() ?? '', ask?.quantity.toFixed() ?? ''];
      });
      const bid = book.bids[0];
      const ask = book.asks[0];
      const spread = bid !== undefined && ask !== undefined ? ask.price.minus(bid.price).toFixed() : '-';
      return [
        ...table(['bid qty', 'bid', 'ask', 'ask qty'], rows).split('\n'),
        `spread ${spread}, update ${book.lastUpdateId} at ${isoTime(book.eventTime)}`,
      ];
    },
    counts: () => true,
    counted: COUNTED.book,
  };
}

/** The mark of an update rebuilt from the exchange's state after a gap rather than received from the stream. */
const RECOVERED = ' (recovered after reconnect)';

/** An order update as one line: what happened, the order after it, and the fill when there was one. */
export function orderUpdateText(u: OrderUpdate): string {
  const { order: o, execution: e } = u;
  const fill = e.executionType === 'TRADE'
    ? ` last ${e.lastQuantity.toFixed()} @ ${e.lastPrice.toFixed()} commission ${e.commission.toFixed()}${e.commissionAsset === null ? '' : ` ${e.commissionAsset}`}`
    : '';
  return `${e.executionType.padEnd(8)} ${o.status.padEnd(16)} ${o.symbol} ${o.side} ${o.type} ${o.orderId} ${o.clientOrderId} `
    + `price ${o.price.toFixed()} qty ${o.quantity.toFixed()} executed ${o.executedQuantity.toFixed()}${fill}${u.recovered ? RECOVERED : ''}`;
}

function userDataText(event: UserDataEvent): string {
  switch (event.type) {
    case 'order':
      return `order ${orderUpdateText(event)}`;
    case 'protectionLost':
      return `PROTECTION LOST (${event.reason}): ${event.message}${event.recovered ? RECOVERED : ''}`;
    case 'orderList': {
      const l = event.orderList;
      const reason = l.listRejectReason === undefined || l.listRejectReason === 'NONE' ? '' : ` reject ${l.listRejectReason}`;
      return `list  ${l.listStatusType.padEnd(12)} ${l.listOrderStatus.padEnd(9)} ${l.symbol} ${l.contingencyType} ${l.orderListId} ${l.listClientOrderId} `
        + `orders ${l.orders.map((o) => o.orderId).join(',')}${reason}`;
    }
    case 'balance':
      return event.reason === 'position'
        ? `balance ${event.balances.map((b) => `${b.asset} free ${b.free.toFixed()} locked ${b.locked.toFixed()}`).join(', ')}${event.recovered === true ? RECOVERED : ''}`
        : `balance ${event.asset} ${event.delta.gte(0) ? '+' : ''}${event.delta.toFixed()}`;
    case 'stream':
      if (event.status === 'resubscribed') {
        const gap = event.complete ? '' : '; recovery incomplete: the exchange could not be read, changes during the gap may be missing';
        return `user data subscribed again after a reconnect (${event.recoveredOrders} missed order updates recovered${gap})`;
      }
      switch (event.reason) {
        case 'ended':
          return 'user data subscription ended by the exchange; subscribing again';
        case 'refused':
          return `user data subscription refused by the exchange: ${event.error.message}; order updates stopped`;
        case 'failed':
          return `user data subscription kept failing: ${event.error.message}; order updates stopped`;
      }
  }
}

/** The warning when a recovery could not close the gap: what may be missing and where to read the current state. */
const INCOMPLETE_RECOVERY = 'order updates may be incomplete: after a reconnect the exchange could not be read to recover what was missed; '
  + 'check `autotrader orders` and `autotrader positions`';

/** The refusal, said as what it did to the command; still an AuthenticationError, so it exits with code 3 and its hint. */
function refusedError(error: AuthenticationError): AuthenticationError {
  return new AuthenticationError(`order updates stopped: the exchange refused to subscribe again after a reconnect: ${error.message}`, {
    exchange: error.exchange, exchangeCode: error.exchangeCode, httpStatus: error.httpStatus, cause: error,
  });
}

/**
 * Subscribing again kept failing: the failure, said as what it did to the command. The exit code
 * and hint are those of the failure's class, as for any other error of that class.
 */
function failedError(error: ExchangeError): CliError {
  const explained = explainError(error);
  return new CliError(`order updates stopped: subscribing again after a reconnect kept failing: ${error.message}`, {
    exitCode: explained.exitCode,
    hint: explained.hint ?? 'run the command again later; `autotrader orders` and `autotrader positions` show what changed meanwhile',
    cause: error,
  });
}

/** The error that ends the command when the subscription is closed for good; undefined for any other event. */
function fatalError(event: UserDataEvent): Error | undefined {
  if (event.type !== 'stream' || event.status !== 'terminated') return undefined;
  switch (event.reason) {
    case 'ended':
      return undefined;
    case 'refused':
      return refusedError(event.error);
    case 'failed':
      return failedError(event.error);
  }
}

/** Orders shown in the live area, newest first. */
const LIVE_ORDERS = 10;

/** Order and balance updates: each stays on screen as it happens; the orders seen, with their latest state, are redrawn below. */
export function orderPresenter(wsApiUrl: string): StreamPresenter<UserDataEvent> {
  const orders = new Map<string, Order>();
  return {
    title: 'order updates',
    subject: { stream: 'orders', url: wsApiUrl },
    json: userDataJson,
    fatal: fatalError,
    warning: (event) => (event.type === 'stream' && event.status === 'resubscribed' && !event.complete ? INCOMPLETE_RECOVERY : undefined),
    line: (event) => `${isoTime(event.eventTime)} ${userDataText(event)}`,
    log: (event) => `${isoTime(event.eventTime)} ${userDataText(event)}`,
    area: (event) => {
      if (event.type !== 'order') return undefined;
      orders.delete(event.order.orderId);
      orders.set(event.order.orderId, event.order);
      while (orders.size > LIVE_ORDERS) orders.delete(orders.keys().next().value!);
      const rows = [...orders.values()].reverse().map((o) => [
        o.orderId, o.clientOrderId, o.symbol, o.side, o.type, o.status, o.price.toFixed(), o.quantity.toFixed(), o.executedQuantity.toFixed(),
      ]);
      return table(['orderId', 'clientOrderId', 'symbol', 'side', 'type', 'status', 'price', 'qty', 'executed'], rows).split('\n');
    },
    counts: (event) => event.type === 'order',
    counted: COUNTED.orders,
  };
}
