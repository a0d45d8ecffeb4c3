import { parseDecimal } from '../../core/decimal.js';
import type { Candlestick, Interval, Order, PriceLevel, Ticker, Trade } from '../../core/models.js';
import type { BalanceUpdate, OrderListUpdate, OrderUpdate } from '../../core/stream/events.js';
import { isStopOrderType } from '../../spec/binance/stop-orders.js';
import { dec, int, levels, list, optionalDec, optionalNumber, optionalText, orderConditions, record, side, text, timeInForce, type OrderConditionKeys } from '../wire-fields.js';

/**
 * One parser per stream payload (the shapes of `stream-wire-types.ts`), from wire to framework
 * models. As with the REST parsers, decimals come from their strings and a payload or field of the
 * wrong shape fails with a MalformedResponseError naming it.
 */

/** A `kline` event → Candlestick; `closed` is Binance's `x`, `eventTime` the event's `E`. */
export function parseKlineEvent(event: unknown, interval: Interval): Candlestick {
  const w = 'kline event';
  const wire = record(event, w);
  const k = record(wire.k, w, 'k');
  return {
    symbol: text(k.s, w, 'k.s'),
    interval,
    openTime: int(k.t, w, 'k.t'),
    closeTime: int(k.T, w, 'k.T'),
    open: dec(k.o, w, 'k.o'),
    high: dec(k.h, w, 'k.h'),
    low: dec(k.l, w, 'k.l'),
    close: dec(k.c, w, 'k.c'),
    volume: dec(k.v, w, 'k.v'),
    quoteVolume: dec(k.q, w, 'k.q'),
    trades: int(k.n, w, 'k.n'),
    closed: k.x === true,
    eventTime: int(wire.E, w, 'E'),
  };
}

/** A `trade` event → Trade. */
export function parseTradeEvent(event: unknown): Trade {
  const w = 'trade event';
  const wire = record(event, w);
  return {
    symbol: text(wire.s, w, 's'),
    tradeId: int(wire.t, w, 't'),
    price: dec(wire.p, w, 'p'),
    quantity: dec(wire.q, w, 'q'),
    time: int(wire.T, w, 'T'),
    isBuyerMaker: wire.m === true,
    eventTime: int(wire.E, w, 'E'),
  };
}

/** A `24hrTicker` event → Ticker. */
export function parseTickerEvent(event: unknown): Ticker {
  const w = '24hrTicker event';
  const wire = record(event, w);
  return {
    symbol: text(wire.s, w, 's'),
    lastPrice: dec(wire.c, w, 'c'),
    bidPrice: dec(wire.b, w, 'b'),
    askPrice: dec(wire.a, w, 'a'),
    openPrice: dec(wire.o, w, 'o'),
    highPrice: dec(wire.h, w, 'h'),
    lowPrice: dec(wire.l, w, 'l'),
    volume: dec(wire.v, w, 'v'),
    quoteVolume: dec(wire.q, w, 'q'),
    priceChangePercent: dec(wire.P, w, 'P'),
    closeTime: int(wire.C, w, 'C'),
  };
}

/** Depth levels `[[price, qty], ...]` of a snapshot or diff. */
export function parseLevels(wire: unknown, what: string, sideName: string): PriceLevel[] {
  return levels(wire, `${what} event`, sideName);
}

/**
 * Where executionReport keeps the conditional order fields, by what the order can have: a trigger
 * only for stop and take-profit types, an expiry reason only once expired. Fields that cannot apply
 * are not looked up, as this runs for every order update.
 */
const REPORT_KEYS: Readonly<Record<'plain' | 'stop' | 'plainExpired' | 'stopExpired', OrderConditionKeys>> = {
  plain: { workingTime: 'W', orderListId: 'g' },
  stop: { stopPrice: 'P', trailingDelta: 'd', trailingTime: 'D', workingTime: 'W', orderListId: 'g' },
  plainExpired: { workingTime: 'W', orderListId: 'g', expiryReason: 'eR' },
  stopExpired: { stopPrice: 'P', trailingDelta: 'd', trailingTime: 'D', workingTime: 'W', orderListId: 'g', expiryReason: 'eR' },
};


/** An `executionReport` → OrderUpdate, with the order as it stands after the execution. */
export function parseExecutionReport(event: unknown): OrderUpdate {
  const w = 'executionReport event';
  const wire = record(event, w);
  const executionType = text(wire.x, w, 'x');
  const transactionTime = int(wire.T, w, 'T');
  // On a cancel, `c` is the cancel request's own id and `C` the order's. On an amendment
  // (REPLACED), `c` is the order's id from now on and `C` the one it had.
  const origClientId = typeof wire.C === 'string' && wire.C.length > 0 && executionType !== 'REPLACED' ? wire.C : undefined;
  const stop = typeof wire.o === 'string' && isStopOrderType(wire.o);
  const expired = typeof wire.X === 'string' && wire.X.startsWith('EXPIRED');
  const keys = stop ? (expired ? REPORT_KEYS.stopExpired : REPORT_KEYS.stop) : (expired ? REPORT_KEYS.plainExpired : REPORT_KEYS.plain);
  const conditions = orderConditions(wire, w, keys);
  // The prevented-match fields appear only for an order STP expired (in part), the peg fields only
  // for a pegged order: the lookups are skipped when they cannot be there.
  const prevented = executionType === 'TRADE_PREVENTION' || wire.X === 'EXPIRED_IN_MATCH';
  const pegged = wire.gP !== undefined;
  // Written out field by field, not spread: a spread makes V8 build each order the slow way.
  const order: Order = {
    orderId: String(int(wire.i, w, 'i')),
    clientOrderId: origClientId ?? text(wire.c, w, 'c'),
    symbol: text(wire.s, w, 's'),
    side: side(wire.S, w, 'S'),
    type: text(wire.o, w, 'o'),
    timeInForce: timeInForce(wire.f, w, 'f'),
    status: text(wire.X, w, 'X'),
    price: dec(wire.p, w, 'p'),
    quantity: dec(wire.q, w, 'q'),
    executedQuantity: dec(wire.z, w, 'z'),
    cumulativeQuoteQuantity: dec(wire.Z, w, 'Z'),
    quoteQuantity: wire.Q === undefined ? parseDecimal('0') : dec(wire.Q, w, 'Q'),
    createdAt: int(wire.O, w, 'O'),
    updatedAt: transactionTime,
    fills: [],
    stopPrice: conditions.stopPrice,
    trailingDelta: conditions.trailingDelta,
    trailingTime: conditions.trailingTime,
    isWorking: conditions.isWorking,
    workingTime: conditions.workingTime,
    orderListId: conditions.orderListId,
    expiryReason: conditions.expiryReason,
    icebergQuantity: optionalDec(wire.F, w, 'F'),
    selfTradePreventionMode: optionalText(wire.V, w, 'V'),
    preventedMatchId: prevented ? optionalNumber(wire.v, w, 'v') : undefined,
    preventedQuantity: prevented ? optionalDec(wire.A, w, 'A') : undefined,
    pegPriceType: pegged ? optionalText(wire.gP, w, 'gP') : undefined,
    pegOffsetType: pegged ? optionalText(wire.gOT, w, 'gOT') : undefined,
    pegOffsetValue: pegged ? optionalNumber(wire.gOV, w, 'gOV') : undefined,
    peggedPrice: pegged ? optionalDec(wire.gp, w, 'gp') : undefined,
    strategyId: optionalNumber(wire.j, w, 'j'),
    strategyType: optionalNumber(wire.J, w, 'J'),
  };
  const commissionAsset = wire.N === null || wire.N === undefined ? null : text(wire.N, w, 'N');
  return {
    type: 'order',
    order,
    execution: {
      executionType,
      lastQuantity: dec(wire.l, w, 'l'),
      lastPrice: dec(wire.L, w, 'L'),
      lastQuoteQuantity: wire.Y === undefined ? dec(wire.l, w, 'l').times(dec(wire.L, w, 'L')) : dec(wire.Y, w, 'Y'),
      commission: dec(wire.n, w, 'n'),
      commissionAsset,
      tradeId: int(wire.t, w, 't'),
      isMaker: wire.m === true,
      rejectReason: typeof wire.r === 'string' ? wire.r : 'NONE',
      transactionTime,
    },
    eventTime: int(wire.E, w, 'E'),
    recovered: false,
  };
}

/** An `outboundAccountPosition` → BalanceUpdate. */
export function parseAccountPosition(event: unknown): BalanceUpdate {
  const w = 'outboundAccountPosition event';
  const wire = record(event, w);
  return {
    type: 'balance',
    reason: 'position',
    balances: list(wire.B, w, 'B').map((entry, i) => {
      const b = record(entry, w, `B[${i}]`);
      return { asset: text(b.a, w, `B[${i}].a`), free: dec(b.f, w, `B[${i}].f`), locked: dec(b.l, w, `B[${i}].l`) };
    }),
    eventTime: int(wire.E, w, 'E'),
    updateTime: int(wire.u, w, 'u'),
  };
}

/** A `balanceUpdate` → BalanceUpdate. */
export function parseBalanceUpdate(event: unknown): BalanceUpdate {
  const w = 'balanceUpdate event';
  const wire = record(event, w);
  return {
    type: 'balance',
    reason: 'delta',
    asset: text(wire.a, w, 'a'),
    delta: dec(wire.d, w, 'd'),
    eventTime: int(wire.E, w, 'E'),
    clearTime: int(wire.T, w, 'T'),
  };
}

/** A `listStatus` → OrderListUpdate: the list's status after the change, with the ids of its orders. */
export function parseListStatus(event: unknown): OrderListUpdate {
  const w = 'listStatus event';
  const wire = record(event, w);
  const symbol = text(wire.s, w, 's');
  return {
    type: 'orderList',
    eventTime: int(wire.E, w, 'E'),
    recovered: false,
    orderList: {
      orderListId: String(int(wire.g, w, 'g')),
      listClientOrderId: text(wire.C, w, 'C'),
      symbol,
      contingencyType: text(wire.c, w, 'c'),
      listStatusType: text(wire.l, w, 'l'),
      listOrderStatus: text(wire.L, w, 'L'),
      listRejectReason: text(wire.r, w, 'r'),
      orders: list(wire.O, w, 'O').map((entry, i) => {
        const order = record(entry, w, `O[${i}]`);
        return { orderId: String(int(order.i, w, `O[${i}].i`)), clientOrderId: text(order.c, w, `O[${i}].c`), order: undefined };
      }),
      createdAt: int(wire.T, w, 'T'),
    },
  };
}
