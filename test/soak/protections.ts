import type { OcoLegRequest, OrderList, OrderListRequest, OrderRequest, OrderSide, PendingOrderRequest, WorkingOrderRequest } from '../../src/core/models.js';
import type { Findings } from './findings.js';
import type { PlacementLedger } from './placements.js';

/**
 * The protective part of the workload: stop-loss and take-profit orders (some trailing, some
 * limit), OCO, OTO and OTOCO lists, and the order lists the bot believes open. Prices are drawn
 * around the market so that some triggers fire when the market moves (on its own or on purpose)
 * and others never do; a few requests break Binance's price rules and are refused, as a bot's
 * sometimes are.
 */

/** How one placement of a list ended. */
export type ListOutcome =
  | { readonly kind: 'placed'; readonly list: OrderList }
  | { readonly kind: 'rejected'; readonly error: string }
  | { readonly kind: 'unknown' };

/** One order list placement: its ids, the ids of its orders in the request's order, and how it ended. */
export interface ListPlacement {
  readonly listClientOrderId: string;
  readonly type: OrderListRequest['type'];
  readonly connector: string;
  readonly account: number;
  readonly symbol: string;
  /** Client order ids of its orders: OCO above, below; OTO working, pending; OTOCO working, above, below. */
  readonly legs: readonly string[];
  readonly startedAt: number;
  outcome?: ListOutcome;
}

/** Prices and sizes for one protective request, drawn by the workload. */
export interface Draw {
  readonly symbol: string;
  readonly side: OrderSide;
  /** The last price of the symbol. */
  readonly price: number;
  /** The order quantity, on the step grid. */
  readonly quantity: string;
  /** 0 to 299: how far from the market the trigger sits. */
  readonly offset: number;
  /** 0 to 99: which variant of the request. */
  readonly variant: number;
  readonly tickDecimals: number;
  readonly clientOrderId: string;
}

function floorTo(value: number, decimals: number): string {
  const scale = 10 ** decimals;
  return (Math.floor(value * scale) / scale).toFixed(decimals);
}

const opposite = (side: OrderSide): OrderSide => (side === 'BUY' ? 'SELL' : 'BUY');

/**
 * The relative distance of a trigger from the market: 0.2 % to 1.7 %, so that the soak's market
 * moves (up to 2.5 %) cross many of them.
 */
function distance(offset: number): number {
  return (20 + offset / 2) / 10_000;
}

/** A trailing delta in basis points, within the simulator's TRAILING_DELTA bounds (10 to 2000). */
function trailingDelta(offset: number): number {
  return 30 + (offset % 150);
}

/**
 * A stop or take-profit order: SELL stops below the market and takes profit above it, BUY the
 * other way round (Binance's trigger directions). One in four trails without a stop price, one
 * in four trails from its stop price as activation; half are limit variants resting a little past
 * the trigger.
 */
export function stopRequest(draw: Draw): OrderRequest {
  const { symbol, side, price, quantity, offset, variant, tickDecimals, clientOrderId } = draw;
  const takeProfit = variant % 2 === 0;
  const limit = Math.floor(variant / 2) % 2 === 0;
  const trailing = Math.floor(variant / 4) % 4;
  // SELL stop-loss and BUY take-profit trigger below the market; the others above.
  const below = (side === 'SELL') !== takeProfit;
  const stop = price * (1 + (below ? -1 : 1) * distance(offset));
  const trigger = trailing === 0 ? { trailingDelta: trailingDelta(offset) }
    : trailing === 1 ? { stopPrice: floorTo(stop, tickDecimals), trailingDelta: trailingDelta(offset) }
      : { stopPrice: floorTo(stop, tickDecimals) };
  const base = { symbol, side, quantity, clientOrderId };
  if (!limit) return { ...base, type: takeProfit ? 'TAKE_PROFIT' : 'STOP_LOSS', ...trigger };
  // A limit past the trigger in the direction the order trades, so it can fill once triggered.
  const limitPrice = floorTo(stop * (side === 'SELL' ? 0.997 : 1.003), tickDecimals);
  return { ...base, type: takeProfit ? 'TAKE_PROFIT_LIMIT' : 'STOP_LOSS_LIMIT', price: limitPrice, timeInForce: 'GTC' as const, ...trigger };
}

/**
 * The two orders of an OCO pair on `side` around `price`: the LIMIT_MAKER (or take-profit limit)
 * on the profitable side, the stop-loss (sometimes trailing) on the other.
 */
function ocoLegs(side: OrderSide, price: number, offset: number, variant: number, tickDecimals: number, ids: readonly [string, string]): { above: OcoLegRequest; below: OcoLegRequest } {
  const near = distance(offset);
  const far = distance(299 - offset);
  const at = (ratio: number): string => floorTo(price * ratio, tickDecimals);
  const stopTrigger = variant % 3 === 0
    ? { stopPrice: at(side === 'SELL' ? 1 - far : 1 + far), trailingDelta: trailingDelta(offset) }
    : { stopPrice: at(side === 'SELL' ? 1 - far : 1 + far) };
  const stopLoss: OcoLegRequest = variant % 2 === 0
    ? { type: 'STOP_LOSS', ...stopTrigger }
    : { type: 'STOP_LOSS_LIMIT', price: at(side === 'SELL' ? (1 - far) * 0.997 : (1 + far) * 1.003), timeInForce: 'GTC', ...stopTrigger };
  const profitPrice = at(side === 'SELL' ? 1 + near : 1 - near);
  const profit: OcoLegRequest = Math.floor(variant / 2) % 2 === 0
    ? { type: 'LIMIT_MAKER', price: profitPrice }
    : { type: 'TAKE_PROFIT_LIMIT', price: profitPrice, stopPrice: profitPrice, timeInForce: 'GTC' };
  return side === 'SELL'
    ? { above: { ...profit, clientOrderId: ids[0] }, below: { ...stopLoss, clientOrderId: ids[1] } }
    : { above: { ...stopLoss, clientOrderId: ids[0] }, below: { ...profit, clientOrderId: ids[1] } };
}

/**
 * An OCO, OTO or OTOCO (by `variant`): the OCO protects either side around the market; the OTO
 * and OTOCO work a LIMIT order within 0.3 % of the market (some fill as the market moves) and
 * then protect what it bought or sold with the opposite side. The list's own id is
 * `draw.clientOrderId`; its orders' ids add a dot and their position.
 */
export function listRequest(draw: Draw): { request: OrderListRequest; legs: string[] } {
  const { symbol, side, price, quantity, offset, variant, tickDecimals, clientOrderId } = draw;
  const kind = variant % 3;
  const legs = [0, 1, 2].map((i) => `${clientOrderId}.${i}`);
  const inner = Math.floor(variant / 3);
  if (kind === 0) {
    const { above, below } = ocoLegs(side, price, offset, inner, tickDecimals, [legs[0]!, legs[1]!]);
    return { request: { type: 'OCO', symbol, listClientOrderId: clientOrderId, side, quantity, above, below }, legs: legs.slice(0, 2) };
  }
  // A BUY works below the market, a SELL above it, each within 0.3 %.
  const workingPrice = floorTo(price * (1 + (side === 'BUY' ? -1 : 1) * (offset / 100_000)), tickDecimals);
  const working: WorkingOrderRequest = inner % 4 === 0
    ? { type: 'LIMIT_MAKER', side, quantity, price: workingPrice, clientOrderId: legs[0]! }
    : { type: 'LIMIT', side, quantity, price: workingPrice, timeInForce: 'GTC', clientOrderId: legs[0]! };
  const exit = opposite(side);
  if (kind === 1) {
    const pending: PendingOrderRequest = inner % 3 === 0
      ? { type: 'MARKET', side: exit, quantity, clientOrderId: legs[1]! }
      : inner % 3 === 1
        ? { type: 'LIMIT_MAKER', side: exit, quantity, price: floorTo(price * (1 + (exit === 'SELL' ? 1 : -1) * distance(offset)), tickDecimals), clientOrderId: legs[1]! }
        : stopPending(stopRequest({ ...draw, side: exit, variant: inner, clientOrderId: legs[1]! }));
    return { request: { type: 'OTO', symbol, listClientOrderId: clientOrderId, working, pending }, legs: legs.slice(0, 2) };
  }
  const { above, below } = ocoLegs(exit, price, offset, inner, tickDecimals, [legs[1]!, legs[2]!]);
  return {
    request: { type: 'OTOCO', symbol, listClientOrderId: clientOrderId, working, pendingSide: exit, pendingQuantity: quantity, pendingAbove: above, pendingBelow: below },
    legs,
  };
}

/** A stop request as an OTO's pending order (the list gives the symbol). */
function stopPending(request: OrderRequest): PendingOrderRequest {
  const { symbol: _symbol, roundToFilters: _round, ...pending } = request;
  return pending as PendingOrderRequest;
}

/** Records the orders of a list placement in the order ledger, each ending as the list did. */
export function recordLegs(ledger: PlacementLedger, findings: Findings, placement: ListPlacement, error: unknown): void {
  const { outcome } = placement;
  for (const [index, clientOrderId] of placement.legs.entries()) {
    const leg = {
      clientOrderId, connector: placement.connector, account: placement.account, symbol: placement.symbol, startedAt: placement.startedAt,
      request: `order ${index} of ${placement.type} ${placement.listClientOrderId}`,
    };
    if (outcome?.kind === 'placed') {
      const entry = outcome.list.orders.find((o) => o.clientOrderId === clientOrderId);
      if (entry === undefined) {
        // Left out of the ledger: the exchange's order then has no placement, a second finding.
        findings.fail('order-list', `${placement.type} ${placement.listClientOrderId} (${placement.connector}) was answered without its order ${clientOrderId}`);
        continue;
      }
      ledger.end(ledger.begin(leg), { order: { orderId: entry.orderId, status: entry.order?.status ?? 'unknown' } });
    } else {
      ledger.end(ledger.begin(leg), { error });
    }
  }
}
