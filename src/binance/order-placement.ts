import { delay, type Clock } from '../core/clock.js';
import {
  ConnectionError, ExchangeUnavailableError, OrderNotFoundError, OrderStatusUnknownError, RateLimitError,
} from '../core/errors.js';
import { mayHaveBeenSent } from './rest/transport.js';
import type { Params, RestHandler, RestResponse } from './rest/types.js';

/** How a lost placement answer is resolved. */
export interface ReconcileOptions {
  /** Wait before each status query, in order; its length is the number of queries. */
  delaysMs: readonly number[];
}

/** Defaults: three queries over about two seconds, enough for the order to reach the query database. */
export const DEFAULT_RECONCILE: ReconcileOptions = { delaysMs: [250, 600, 1200] };

/** What placement needs. */
export interface PlacementDeps {
  send: RestHandler;
  clock: Clock;
  reconcile: ReconcileOptions;
  /** Told about each reconciliation query and its outcome. */
  onReconcile?: (event: { clientOrderId: string; attempt: number; outcome: 'found' | 'not-found' | 'failed' }) => void;
}

/**
 * True when the failure leaves the order's fate unknown: a timeout or dropped connection after
 * sending, a 5xx, or -1001/-1006/-1007/-1008/-1016 (all ExchangeUnavailableError).
 */
export function isExecutionUnknown(error: unknown): boolean {
  if (error instanceof ConnectionError) return mayHaveBeenSent(error);
  return error instanceof ExchangeUnavailableError;
}

/** Failures of a status query that are worth another query after a pause. */
function isTransientQueryFailure(error: unknown): boolean {
  return error instanceof OrderNotFoundError || error instanceof ConnectionError
    || error instanceof ExchangeUnavailableError || error instanceof RateLimitError;
}

/**
 * Sends `POST /api/v3/order` exactly once. When the answer is lost (see `isExecutionUnknown`), it
 * asks `GET /api/v3/order?origClientOrderId=` a few times (-2013 meaning "not found yet") and
 * returns what the exchange holds; it never sends the order again. If the order is still unknown
 * after the queries, it throws OrderStatusUnknownError with the client order id and symbol.
 */
export async function placeOrderOnce(
  deps: PlacementDeps,
  params: Params,
  ids: { symbol: string; clientOrderId: string },
): Promise<RestResponse> {
  try {
    return await deps.send({ method: 'POST', path: '/api/v3/order', params, security: 'signed', idempotent: false });
  } catch (error) {
    if (!isExecutionUnknown(error)) throw error;
    return reconcileOrder(deps, ids, error);
  }
}

async function reconcileOrder(
  deps: PlacementDeps,
  ids: { symbol: string; clientOrderId: string },
  original: unknown,
): Promise<RestResponse> {
  let last: unknown = original;
  for (const [index, wait] of deps.reconcile.delaysMs.entries()) {
    await delay(wait, deps.clock);
    try {
      const response = await deps.send({
        method: 'GET',
        path: '/api/v3/order',
        params: [['symbol', ids.symbol], ['origClientOrderId', ids.clientOrderId]],
        security: 'signed',
        idempotent: true,
      });
      deps.onReconcile?.({ clientOrderId: ids.clientOrderId, attempt: index + 1, outcome: 'found' });
      return response;
    } catch (error) {
      const notFound = error instanceof OrderNotFoundError;
      deps.onReconcile?.({ clientOrderId: ids.clientOrderId, attempt: index + 1, outcome: notFound ? 'not-found' : 'failed' });
      if (!isTransientQueryFailure(error)) throw error;
      last = error;
    }
  }
  const queries = deps.reconcile.delaysMs.length;
  throw new OrderStatusUnknownError(
    `order ${ids.clientOrderId} on ${ids.symbol}: the placement answer was lost (${(original as Error).message}) `
      + `and ${queries} status ${queries === 1 ? 'query' : 'queries'} did not find it; `
      + 'query it by clientOrderId before placing it again',
    { exchange: 'binance', clientOrderId: ids.clientOrderId, symbol: ids.symbol, cause: last },
  );
}
