import { ZERO, type Decimal } from '../../core/decimal.js';
import { FINAL_ORDER_STATUSES, type Order, type OrderStatus } from '../../core/models.js';
import type { OrderExecution, OrderUpdate } from '../../core/stream/events.js';

interface Entry {
  symbol: string;
  /** The order as last delivered to listeners; undefined when known only from our own placement. */
  delivered: Order | undefined;
  /** Set by a recovery: stream events up to this state were already reported and are dropped. */
  floor: { executed: Decimal; status: OrderStatus } | undefined;
}

/** Orders whose final state is remembered for late duplicates, beyond which the oldest are forgotten. */
const MAX_FINAL = 1000;

/**
 * The last state of each order delivered to listeners. Recovery compares the exchange's state
 * with it to report only what listeners missed; afterwards, stream events older than what
 * recovery reported are recognised and dropped.
 */
export class OrderTracker {
  readonly #entries = new Map<string, Entry>();
  #finals = 0;

  /** Remembers an order we placed, so that a recovery looks it up even if no event about it arrived. */
  known(order: Order): void {
    if (!this.#entries.has(order.orderId)) this.#entries.set(order.orderId, { symbol: order.symbol, delivered: undefined, floor: undefined });
  }

  /** Takes an order's current state as already known to listeners (open orders found when subscribing). */
  baseline(order: Order): void {
    if (this.#entries.get(order.orderId)?.delivered === undefined) this.#record(order, undefined);
  }

  /** The order as last delivered. */
  lastDelivered(orderId: string): Order | undefined {
    return this.#entries.get(orderId)?.delivered;
  }

  /** True when a stream update should reach listeners (it is not older than what they already saw); records it. */
  accept(update: OrderUpdate): boolean {
    const { order } = update;
    const entry = this.#entries.get(order.orderId);
    const previous = entry?.delivered;
    // Nothing follows an order's final state: an event after it repeats or precedes it.
    if (previous !== undefined && (FINAL_ORDER_STATUSES.has(previous.status) || order.executedQuantity.lt(previous.executedQuantity))) return false;
    const floor = entry?.floor;
    if (floor !== undefined) {
      if (order.executedQuantity.lt(floor.executed)) return false;
      if (order.executedQuantity.eq(floor.executed) && order.status === floor.status) return false;
    }
    this.#record(order, undefined);
    return true;
  }

  /** Records the state a recovery reported. */
  recovered(order: Order): void {
    this.#record(order, { executed: order.executedQuantity, status: order.status });
  }

  /** Orders that may still change: open as last delivered, or placed by us and never reported. */
  openOrders(): { orderId: string; symbol: string }[] {
    const open: { orderId: string; symbol: string }[] = [];
    for (const [orderId, entry] of this.#entries) {
      if (entry.delivered === undefined || !FINAL_ORDER_STATUSES.has(entry.delivered.status)) open.push({ orderId, symbol: entry.symbol });
    }
    return open;
  }

  #record(order: Order, floor: Entry['floor']): void {
    const existing = this.#entries.get(order.orderId);
    const wasFinal = existing?.delivered !== undefined && FINAL_ORDER_STATUSES.has(existing.delivered.status);
    this.#entries.set(order.orderId, { symbol: order.symbol, delivered: order, floor });
    if (!wasFinal && FINAL_ORDER_STATUSES.has(order.status)) this.#finals += 1;
    this.#prune();
  }

  #prune(): void {
    if (this.#finals <= MAX_FINAL) return;
    for (const [orderId, entry] of this.#entries) {
      if (entry.delivered !== undefined && FINAL_ORDER_STATUSES.has(entry.delivered.status)) {
        this.#entries.delete(orderId);
        this.#finals -= 1;
        if (this.#finals <= MAX_FINAL) return;
      }
    }
  }
}

const CLOSING_EXECUTION: Readonly<Record<string, string>> = {
  CANCELED: 'CANCELED', EXPIRED: 'EXPIRED', EXPIRED_IN_MATCH: 'EXPIRED', REJECTED: 'REJECTED',
};

/** One fill as a placement answer (`Order.fills`) or `myTrades` (`AccountTrade`) reports it. */
export interface RecoveredFill {
  tradeId: number;
  price: Decimal;
  quantity: Decimal;
  commission: Decimal;
  commissionAsset: string;
  isMaker?: boolean;
  time?: number;
}

function execution(executionType: string, order: Order): OrderExecution {
  return {
    executionType,
    lastQuantity: ZERO,
    lastPrice: ZERO,
    lastQuoteQuantity: ZERO,
    commission: ZERO,
    commissionAsset: null,
    tradeId: -1,
    isMaker: false,
    rejectReason: 'NONE',
    transactionTime: order.updatedAt,
  };
}

function tradeExecution(fill: RecoveredFill, order: Order): OrderExecution {
  return {
    executionType: 'TRADE',
    lastQuantity: fill.quantity,
    lastPrice: fill.price,
    lastQuoteQuantity: fill.price.times(fill.quantity),
    commission: fill.commission,
    commissionAsset: fill.commissionAsset,
    tradeId: fill.tradeId,
    isMaker: fill.isMaker ?? false,
    rejectReason: 'NONE',
    transactionTime: fill.time ?? order.updatedAt,
  };
}

/**
 * True when `current` is a later state than `previous`: more executed, or as much and another
 * status after an open one. A state read or answered earlier can be handled after a newer one.
 */
function isLater(current: Order, previous: Order | undefined): boolean {
  if (previous === undefined) return true;
  if (FINAL_ORDER_STATUSES.has(previous.status)) return false;
  if (current.executedQuantity.eq(previous.executedQuantity)) return current.status !== previous.status;
  return current.executedQuantity.gt(previous.executedQuantity);
}

/**
 * The fills of `fills` after the first `executedBefore` of the order, each with the order's
 * executed and quote quantities after it; undefined when the fills do not add up to the order's
 * executed quantity at whole fills.
 */
function fillsAfter(fills: readonly RecoveredFill[], executedBefore: Decimal, current: Order): { fill: RecoveredFill; executed: Decimal; quote: Decimal }[] | undefined {
  const sorted = [...fills].sort((a, b) => a.tradeId - b.tradeId);
  const missed: { fill: RecoveredFill; executed: Decimal; quote: Decimal }[] = [];
  let executed = ZERO;
  let quote = ZERO;
  for (const fill of sorted) {
    const before = executed;
    executed = executed.plus(fill.quantity);
    quote = quote.plus(fill.price.times(fill.quantity));
    if (before.lt(executedBefore) && executed.gt(executedBefore)) return undefined;
    if (before.gte(executedBefore)) missed.push({ fill, executed, quote });
  }
  return executed.eq(current.executedQuantity) ? missed : undefined;
}

/**
 * The updates that take a listener from `previous` (last delivered, or nothing) to `current`
 * (the exchange's state): one TRADE per fill since then, with its real trade id, price and fee,
 * then the closing execution when the order ended otherwise than filled. Empty when `current` is
 * not a later state than `previous`; undefined when fills were missed and `fills` cannot tell
 * which (fills and fees are never made up).
 */
export function missedUpdates(previous: Order | undefined, current: Order, eventTime: number, fills: readonly RecoveredFill[]): OrderUpdate[] | undefined {
  if (!isLater(current, previous)) return [];
  const executedBefore = previous?.executedQuantity ?? ZERO;
  const updates: OrderUpdate[] = [];
  const closing = CLOSING_EXECUTION[current.status];
  if (current.executedQuantity.gt(executedBefore)) {
    const missed = fillsAfter(fills, executedBefore, current);
    if (missed === undefined) return undefined;
    for (const [i, { fill, executed, quote }] of missed.entries()) {
      const last = i === missed.length - 1;
      const order = last && closing === undefined ? current
        : { ...current, status: 'PARTIALLY_FILLED', executedQuantity: executed, cumulativeQuoteQuantity: last ? current.cumulativeQuoteQuantity : quote };
      updates.push({ type: 'order', order, execution: tradeExecution(fill, current), eventTime, recovered: true });
    }
  }
  if (closing !== undefined) {
    updates.push({ type: 'order', order: current, execution: execution(closing, current), eventTime, recovered: true });
  } else if (current.executedQuantity.eq(executedBefore)) {
    updates.push({ type: 'order', order: current, execution: execution('NEW', current), eventTime, recovered: true });
  }
  return updates;
}
