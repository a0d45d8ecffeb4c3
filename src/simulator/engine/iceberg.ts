import { openSteps, type SimOrder } from './order-types.js';

/**
 * Iceberg orders on the book: only the part on show (`icebergQty`, or what is left when less) is
 * visible and matchable at a time. When a taker has used the part up, the next part shows and the
 * order goes behind the orders already resting at its price, as a new order would: Binance's
 * documents do not say how a part refills, and this is the reading SIMULATOR.md names. An order
 * that is not an iceberg shows all that is left of it.
 */

/** Steps the order shows on the book now. */
export function shownSteps(order: Pick<SimOrder, 'icebergSteps' | 'shownSteps' | 'origSteps' | 'executedSteps' | 'preventedSteps'>): number {
  const open = openSteps(order);
  return order.icebergSteps > 0 ? Math.min(order.shownSteps, open) : open;
}

/** Shows an iceberg's first part (or, after a refill, its next one): the iceberg quantity, or what is left when less. */
export function showNextPart(order: SimOrder): void {
  if (order.icebergSteps > 0) order.shownSteps = Math.min(order.icebergSteps, openSteps(order));
}

/**
 * Takes `steps` off the part on show after a maker fill (or a prevented match); a fill larger than
 * the part, as the market trading through the order makes, eats into the parts behind it. True
 * when the part was used up and a new one shows: the order then loses its place in the queue.
 */
export function useShownPart(order: SimOrder, steps: number): boolean {
  if (order.icebergSteps <= 0) return false;
  const left = openSteps(order);
  if (left <= 0) {
    order.shownSteps = 0;
    return false;
  }
  if (steps < order.shownSteps) {
    order.shownSteps -= steps;
    return false;
  }
  const intoNext = (steps - order.shownSteps) % order.icebergSteps;
  order.shownSteps = Math.min(order.icebergSteps - intoNext, left);
  return true;
}

/** One matchable part of a resting order, as a taker meets it. */
export interface QueuedPart {
  readonly order: SimOrder;
  readonly steps: number;
}

/**
 * The parts of one price level's orders (given in queue order) in the order a taker meets them:
 * each order's part on show, then, for icebergs with more behind, their next parts at the back of
 * the level, round after round, until `wanted` steps are covered or nothing is left.
 */
export function levelParts(orders: readonly SimOrder[], wanted: number): QueuedPart[] {
  const parts: QueuedPart[] = [];
  const queue = orders.map((order) => ({ order, left: openSteps(order), show: shownSteps(order) }));
  let covered = 0;
  for (let next = queue.shift(); next !== undefined && covered < wanted; next = queue.shift()) {
    if (next.show <= 0) continue;
    parts.push({ order: next.order, steps: next.show });
    covered += next.show;
    next.left -= next.show;
    if (next.order.icebergSteps > 0 && next.left > 0) queue.push({ ...next, show: Math.min(next.order.icebergSteps, next.left) });
  }
  return parts;
}
