import { delay, type Clock } from '../core/clock.js';
import type { Decimal } from '../core/decimal.js';
import {
  ConnectionError, ExchangeUnavailableError, MalformedResponseError, OrderNotFoundError, OrderStatusUnknownError,
} from '../core/errors.js';
import { FINAL_ORDER_STATUSES, type Order } from '../core/models.js';
import { mayHaveBeenSent } from './rest/transport.js';
import type { Params, RestHandler, RestRequest } from './rest/types.js';

/** How a lost placement or cancel answer is resolved. */
export interface ReconcileOptions {
  /** Wait before each status query, in order; its length is the number of queries. */
  delaysMs: readonly number[];
}


/**
 * How much earlier than the placement's own send time, by the exchange's clock, an order found by
 * its client order id may have been created and still be this placement. Binance refuses a request
 * whose timestamp is more than 1000 ms ahead of its clock, so an order it accepted was created no
 * earlier than 1000 ms before the request's timestamp, which is never earlier than the send time.
 */
export const CREATED_AFTER_SEND_SLACK_MS = 1_000;

/** The order request whose answer was lost. */
export type ReconcileAction = 'place' | 'cancel' | 'amend' | 'replace';

/** What one reconciliation query found. */
export type ReconcileOutcome = 'found' | 'not-found' | 'not-mine' | 'failed';

/** What placement and cancel need. */
export interface PlacementDeps {
  send: RestHandler;
  clock: Clock;
  /** Server-aligned now (local clock plus the measured offset), to tell this placement's order from an older one. */
  serverNow: () => number;
  reconcile: ReconcileOptions;
  /** Reads an order payload; whatever it throws means the answer cannot be read. */
  parse: (body: unknown) => Order;
  /** Told about each reconciliation query and its outcome. */
  onReconcile?: (event: { action: ReconcileAction; id: string; attempt: number; outcome: ReconcileOutcome }) => void;
}

/** The order a placement asked for, to recognise it among orders that reuse its client order id. */
export interface PlacementIntent {
  symbol: string;
  clientOrderId: string;
  side: string;
  type: string;
  quantity: Decimal | undefined;
  quoteQuantity: Decimal | undefined;
}

/** A placement whose answer was lost and whose order the status queries did not find: it may still stand. */
export interface UnresolvedPlacement {
  intent: PlacementIntent;
  /** The send time by the exchange's clock, as {@link isThisPlacement} takes it. */
  sentAt: number;
}

/**
 * True when the failure leaves the order's fate unknown: a timeout or dropped connection after
 * sending, a 5xx, -1001/-1006/-1007/-1008/-1016 (all ExchangeUnavailableError), or an answer that
 * arrived but cannot be read (MalformedResponseError).
 */
export function isExecutionUnknown(error: unknown): boolean {
  if (error instanceof ConnectionError) return mayHaveBeenSent(error);
  return error instanceof ExchangeUnavailableError || error instanceof MalformedResponseError;
}

/** Sends `request` and reads its answer inside one boundary: an answer that cannot be read is a MalformedResponseError. */
export async function sendAndRead(deps: PlacementDeps, request: RestRequest): Promise<Order>;
export async function sendAndRead<T>(deps: PlacementDeps, request: RestRequest, parse: (body: unknown) => T): Promise<T>;
export async function sendAndRead(deps: PlacementDeps, request: RestRequest, parse: (body: unknown) => unknown = deps.parse): Promise<unknown> {
  const response = await deps.send(request);
  try {
    return parse(response.body);
  } catch (error) {
    if (error instanceof MalformedResponseError) throw error;
    throw new MalformedResponseError(`Binance answered ${request.method} ${request.path} with a body that cannot be read: ${(error as Error).message}`, {
      exchange: 'binance', httpStatus: response.status, cause: error,
    });
  }
}

/** One reconciliation query: the resolved order (or order list), or a reason to ask again. */
export type Step<T> = { found: T } | { outcome: 'not-mine' };

/**
 * The one reconciliation schedule of placements and cancels: before each query it waits the
 * next delay, then runs `step`. A failed query (not found yet, network, 5xx, rate limit, an
 * unreadable answer, a refused key...) leaves the order's state unknown, so it leads to the next
 * query and is never passed on as the outcome: a caller told "refused" would place it again.
 * After the last query it throws what `unknown` builds from the last outcome.
 */
export async function reconcile<T>(
  deps: PlacementDeps,
  event: { action: ReconcileAction; id: string },
  step: () => Promise<Step<T>>,
  unknown: (last: { outcome: ReconcileOutcome; error: unknown }) => OrderStatusUnknownError,
): Promise<T> {
  let last: { outcome: ReconcileOutcome; error: unknown } = { outcome: 'failed', error: undefined };
  for (const [index, wait] of deps.reconcile.delaysMs.entries()) {
    await delay(wait, deps.clock);
    try {
      const result = await step();
      const outcome = 'found' in result ? 'found' : result.outcome;
      deps.onReconcile?.({ ...event, attempt: index + 1, outcome });
      if ('found' in result) return result.found;
      last = { outcome, error: last.error };
    } catch (error) {
      const outcome = error instanceof OrderNotFoundError ? 'not-found' : 'failed';
      deps.onReconcile?.({ ...event, attempt: index + 1, outcome });
      last = { outcome, error };
    }
  }
  throw unknown(last);
}

/** "3 status queries": how many reads a reconciliation makes, for messages. */
export function queries(deps: PlacementDeps): string {
  const n = deps.reconcile.delaysMs.length;
  return `${n} status ${n === 1 ? 'query' : 'queries'}`;
}

/**
 * True when `order`, found by the placement's client order id, is this placement: created no
 * earlier than `sentAt`, the send time by the exchange's clock (less
 * {@link CREATED_AFTER_SEND_SLACK_MS}), and of the same symbol,
 * side, type and quantity (quote quantity for a MARKET order by quote). Binance keeps client order
 * ids unique among open orders only, so an older or different order may carry the same id.
 */
export function isThisPlacement(order: Order, intent: PlacementIntent, sentAt: number): boolean {
  // A query answer always carries its creation time; an order without one cannot be shown to be this placement.
  if (order.createdAt === undefined || order.createdAt < sentAt - CREATED_AFTER_SEND_SLACK_MS) return false;
  if (order.symbol !== intent.symbol || order.side !== intent.side || order.type !== intent.type) return false;
  if (intent.quoteQuantity !== undefined) return order.quoteQuantity.eq(intent.quoteQuantity);
  return intent.quantity !== undefined && order.quantity.eq(intent.quantity);
}

/**
 * Sends `POST /api/v3/order` exactly once and reads its answer. When the answer is lost (see
 * `isExecutionUnknown`, an unreadable answer included), it asks
 * `GET /api/v3/order?origClientOrderId=` on the reconciliation schedule (-2013 meaning "not found
 * yet") and returns the order only when it is this placement (`isThisPlacement`); it never sends
 * the order again. Still unknown after the queries: OrderStatusUnknownError with the client order id.
 */
export async function placeOrderOnce(
  deps: PlacementDeps, params: Params, intent: PlacementIntent, onUnknown?: (placement: UnresolvedPlacement) => void,
): Promise<Order> {
  const sentAtLocal = deps.clock.now();
  const sentAtServer = deps.serverNow();
  try {
    return await sendAndRead(deps, { method: 'POST', path: '/api/v3/order', params, security: 'signed', idempotent: false });
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    // The send time by the exchange's clock, by the offset before sending and by the one now (a
    // -1021 resync may have corrected it meanwhile, and the order was signed with the newer one).
    const sentAt = Math.min(sentAtServer, deps.serverNow() - (deps.clock.now() - sentAtLocal));
    const { symbol, clientOrderId } = intent;
    return reconcile(deps, { action: 'place', id: clientOrderId }, async () => {
      const order = await sendAndRead(deps, {
        method: 'GET', path: '/api/v3/order', params: [['symbol', symbol], ['origClientOrderId', clientOrderId]], security: 'signed', idempotent: true,
      });
      return isThisPlacement(order, intent, sentAt) ? { found: order } : { outcome: 'not-mine' };
    }, (last) => {
      onUnknown?.({ intent, sentAt });
      return new OrderStatusUnknownError(
        `order ${clientOrderId} on ${symbol}: the placement answer was lost (${(original as Error).message}) and ${queries(deps)} did not find it`
          + `${last.outcome === 'not-mine' ? ' (an order with this client order id exists, but it is not this placement)' : ''}; `
          + 'query it by clientOrderId before placing it again',
        { exchange: 'binance', clientOrderId, symbol, cause: last.error ?? original },
      );
    });
  }
}

/**
 * Cancels order `orderId` with `DELETE /api/v3/order` and reads the answer. When the answer is
 * lost (as for a placement), it reads the order on the same reconciliation schedule: a final
 * order (CANCELED, FILLED, EXPIRED, ...) is returned as the exchange holds it; an order still open
 * gets the cancel once more (cancelling by id twice cannot do harm: the second answers -2011,
 * after which the next read shows the order's real state). Still unknown after the queries:
 * OrderStatusUnknownError with the order id. A -2011 answer to the first cancel is passed on.
 */
export async function cancelOrderOnce(deps: PlacementDeps, ids: { symbol: string; orderId: string }): Promise<Order> {
  const { symbol, orderId } = ids;
  const cancel: RestRequest = { method: 'DELETE', path: '/api/v3/order', params: [['symbol', symbol], ['orderId', orderId]], security: 'signed', idempotent: false };
  try {
    return await sendAndRead(deps, cancel);
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    let clientOrderId: string | undefined;
    return reconcile(deps, { action: 'cancel', id: orderId }, async () => {
      const order = await sendAndRead(deps, {
        method: 'GET', path: '/api/v3/order', params: [['symbol', symbol], ['orderId', orderId]], security: 'signed', idempotent: true,
      });
      clientOrderId = order.clientOrderId;
      if (FINAL_ORDER_STATUSES.has(order.status)) return { found: order };
      return { found: await sendAndRead(deps, cancel) };
    }, (last) => new OrderStatusUnknownError(
      `cancel of order ${orderId} on ${symbol}: the cancel answer was lost (${(original as Error).message}) and ${queries(deps)} `
        + `${clientOrderId === undefined ? 'did not find the order' : 'could not tell whether it was cancelled'}; `
        + 'query it by orderId before cancelling it again',
      { exchange: 'binance', orderId, clientOrderId, symbol, cause: last.error ?? original },
    ));
  }
}
