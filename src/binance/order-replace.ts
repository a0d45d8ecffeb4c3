import { toDecimal, toPlainString, type Decimal, type DecimalInput } from '../core/decimal.js';
import { OrderError, OrderStatusUnknownError, type ExchangeError } from '../core/errors.js';
import {
  FINAL_ORDER_STATUSES, type Order, type OrderRequest, type ReplaceHalfResult, type ReplaceOptions, type ReplaceResult,
  type ReplacementOrderRequest,
} from '../core/models.js';
import { BinanceErrorCode, isBinanceErrorBody } from '../spec/binance/error-codes.js';
import { CANCEL_REPLACE_MODES, CANCEL_RESTRICTIONS, ORDER_RATE_LIMIT_EXCEEDED_MODES } from '../spec/binance/enums.js';
import { mapBinanceError } from './error-map.js';
import {
  isExecutionUnknown, isThisPlacement, queries, reconcile, sendAndRead, type PlacementDeps, type UnresolvedPlacement,
} from './order-placement.js';
import type { SymbolInfo } from './exchange-info.js';
import { checkOrderFilters } from './filters.js';
import { orderParams, prepareOrder, type PreparedOrder } from './order-request.js';
import { checkObject, invalidOrder, normalizeSymbol } from './validation.js';
import type { RestRequest } from './rest/types.js';
import { malformed, record, text } from './wire-fields.js';

/**
 * Changing and replacing orders: Order Amend Keep Priority (`PUT /api/v3/order/amend/keepPriority`)
 * and cancel-replace (`POST /api/v3/order/cancelReplace`), or their WebSocket API twins, with the
 * guarantees placements have: sent once, a lost answer resolved by reading the orders back.
 */

/** Cancel-replace's answers that name which half happened: 409 (-2021) and 400 (-2022) with `data`. */
const REPLACE_ANSWER_CODES: readonly number[] = [BinanceErrorCode.CANCEL_REPLACE_PARTIALLY_FAILED, BinanceErrorCode.CANCEL_REPLACE_FAILED];

const HALF_RESULTS: readonly string[] = ['SUCCESS', 'FAILURE', 'NOT_ATTEMPTED'];

/** One half of a cancel-replace that failed: its `{code, msg}` as the error the connector maps that code to. */
function halfFailure(value: unknown, field: string): ExchangeError {
  if (!isBinanceErrorBody(value)) throw malformed('cancelReplace answer', field, value);
  return mapBinanceError({ code: value.code, message: value.msg, orderRequest: true });
}

function halfResult(value: unknown, field: string): ReplaceHalfResult {
  const result = text(value, 'cancelReplace answer', field);
  if (!HALF_RESULTS.includes(result)) throw malformed('cancelReplace answer', field, value);
  return result as ReplaceHalfResult;
}

/**
 * A cancel-replace answer (200 with both halves, or the `data` of a -2021 / -2022 answer) → the
 * result: each half's order when it worked, its error when it failed, and `orderLost` when the
 * cancel worked and the new order did not.
 */
export function parseReplaceAnswer(body: unknown, parse: (body: unknown) => Order): ReplaceResult {
  const data = record(isBinanceErrorBody(body) ? body.data : body, 'cancelReplace answer', 'data');
  const cancelResult = halfResult(data.cancelResult, 'cancelResult');
  const newOrderResult = halfResult(data.newOrderResult, 'newOrderResult');
  return {
    cancelResult,
    newOrderResult,
    cancelledOrder: cancelResult === 'SUCCESS' ? parse(data.cancelResponse) : undefined,
    newOrder: newOrderResult === 'SUCCESS' ? parse(data.newOrderResponse) : undefined,
    cancelError: cancelResult === 'FAILURE' ? halfFailure(data.cancelResponse, 'cancelResponse') : undefined,
    newOrderError: newOrderResult === 'FAILURE' ? halfFailure(data.newOrderResponse, 'newOrderResponse') : undefined,
    orderLost: cancelResult === 'SUCCESS' && newOrderResult !== 'SUCCESS',
  };
}

/** A sentence for the warning about a replace that cancelled its order and placed nothing instead. */
export function orderLostMessage(result: ReplaceResult, replaced: { symbol: string; orderId: string }, newClientOrderId: string): string {
  const reason = result.newOrderError?.message ?? 'the new order was not attempted';
  return `replace of order ${replaced.orderId} on ${replaced.symbol} cancelled it, but the new order ${newClientOrderId} was not placed (${reason}); `
    + 'no order works in its place';
}

const OPTION_VALUES = {
  mode: CANCEL_REPLACE_MODES,
  cancelRestrictions: CANCEL_RESTRICTIONS,
  orderRateLimitExceededMode: ORDER_RATE_LIMIT_EXCEEDED_MODES,
} as const;

/**
 * The new order of a replace, checked as `placeOrder` checks one, on the symbol of the order it
 * replaces (a `symbol` of its own must be that one), and the options' values.
 */
export function prepareReplacement(
  newOrder: ReplacementOrderRequest, symbol: string, info: SymbolInfo | undefined, options: ReplaceOptions,
  prepare: { random: () => number; referencePrice?: Decimal | undefined },
): PreparedOrder {
  checkObject(newOrder, 'newOrder');
  checkObject(options, 'options');
  for (const [name, values] of Object.entries(OPTION_VALUES)) {
    const value: unknown = options[name as keyof ReplaceOptions];
    if (value !== undefined && !(values as readonly unknown[]).includes(value)) {
      throw invalidOrder(name, 'ENUM', `must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    }
  }
  if (newOrder.symbol !== undefined && normalizeSymbol(newOrder.symbol) !== symbol) {
    throw invalidOrder('symbol', 'SAME_SYMBOL', `the new order must be on ${symbol}, the symbol of the order it replaces`);
  }
  if (info?.cancelReplaceAllowed === false) throw invalidOrder('symbol', 'CANCEL_REPLACE', `cancel-replace is not allowed on ${symbol}`);
  return prepareOrder({ ...newOrder, symbol } as OrderRequest, info, prepare);
}

/** An amendment's new quantity: a positive decimal, on the symbol's LOT_SIZE grid, where amending is allowed. */
export function prepareAmendQuantity(value: DecimalInput, info: SymbolInfo | undefined): Decimal {
  let quantity: Decimal;
  try {
    if (typeof value === 'number') throw new TypeError('newQuantity must be a decimal or a decimal string, not a number');
    quantity = toDecimal(value, 'newQuantity');
  } catch (error) {
    throw invalidOrder('newQuantity', 'DECIMAL', (error as Error).message);
  }
  if (quantity.lte(0)) throw invalidOrder('newQuantity', 'POSITIVE', `must be greater than 0, got ${toPlainString(quantity)}`);
  if (info === undefined) return quantity;
  if (info.amendAllowed === false) throw invalidOrder('symbol', 'AMEND', `amending orders is not allowed on ${info.symbol}`);
  const violation = checkOrderFilters(info, { type: 'LIMIT', quantity });
  if (violation !== undefined) throw invalidOrder('newQuantity', violation.filter, violation.message);
  return quantity;
}

/** What a replace sends: the order it cancels, the new order (validated), and the modes. */
export interface ReplaceRequest {
  symbol: string;
  orderId: string;
  prepared: PreparedOrder;
  options: ReplaceOptions;
}

/**
 * Sends `POST /api/v3/order/cancelReplace` exactly once and reads its answer, partial outcomes
 * included. When the answer is lost, the new order is read back by its client order id on the
 * reconciliation schedule (taken only when it is this placement, as for `placeOrder`) and the old
 * order by its id; the request is never sent again. Still unknown: OrderStatusUnknownError with
 * the new order's client order id.
 */
export async function replaceOrderOnce(
  deps: PlacementDeps, request: ReplaceRequest, onUnknown?: (placement: UnresolvedPlacement) => void,
): Promise<ReplaceResult> {
  const { symbol, orderId, prepared, options } = request;
  const params = [
    ...orderParams(prepared),
    ['cancelReplaceMode', options.mode ?? 'STOP_ON_FAILURE'],
    ['cancelOrderId', orderId],
    ['cancelRestrictions', options.cancelRestrictions],
    ['orderRateLimitExceededMode', options.orderRateLimitExceededMode],
  ] as const;
  const parse = (body: unknown): ReplaceResult => parseReplaceAnswer(body, deps.parse);
  const sentAtLocal = deps.clock.now();
  const sentAtServer = deps.serverNow();
  try {
    return await sendAndRead(deps, {
      method: 'POST', path: '/api/v3/order/cancelReplace', params, security: 'signed', idempotent: false, answerCodes: REPLACE_ANSWER_CODES,
    }, parse);
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    const sentAt = Math.min(sentAtServer, deps.serverNow() - (deps.clock.now() - sentAtLocal));
    const { clientOrderId } = prepared;
    const read = (lookup: readonly [string, string]): Promise<Order> => sendAndRead(deps, {
      method: 'GET', path: '/api/v3/order', params: [['symbol', symbol], lookup], security: 'signed', idempotent: true,
    });
    return reconcile(deps, { action: 'replace', id: clientOrderId }, async () => {
      const placed = await read(['origClientOrderId', clientOrderId]);
      if (!isThisPlacement(placed, prepared, sentAt)) return { outcome: 'not-mine' };
      const old = await read(['orderId', orderId]);
      const cancelled = old.status === 'CANCELED';
      return {
        found: {
          cancelResult: cancelled ? 'SUCCESS' : 'FAILURE', newOrderResult: 'SUCCESS',
          cancelledOrder: cancelled ? old : undefined, newOrder: placed,
          cancelError: cancelled ? undefined : new OrderError(`order ${orderId} on ${symbol} is ${old.status}: the cancel did not happen`, { exchange: 'binance' }),
          newOrderError: undefined, orderLost: false,
        },
      };
    }, (last) => {
      onUnknown?.({ intent: prepared, sentAt });
      return new OrderStatusUnknownError(
        `replace of order ${orderId} on ${symbol}: the answer was lost (${(original as Error).message}) and ${queries(deps)} did not find the new order ${clientOrderId}; `
          + 'query both orders before replacing again',
        { exchange: 'binance', orderId, clientOrderId, symbol, cause: last.error ?? original },
      );
    });
  }
}

/** rest-api.md's amend answer: `amendedOrder` (`qty`, `cumulativeQuoteQty`, ...) → the order as it now stands. */
export function parseAmendAnswer(body: unknown, parse: (body: unknown) => Order): Order {
  const answer = record(body, 'amend answer');
  const amended = record(answer.amendedOrder, 'amend answer', 'amendedOrder');
  const order = parse({
    symbol: amended.symbol, orderId: amended.orderId, orderListId: amended.orderListId, clientOrderId: amended.clientOrderId,
    price: amended.price, origQty: amended.qty, executedQty: amended.executedQty, cummulativeQuoteQty: amended.cumulativeQuoteQty,
    origQuoteOrderQty: amended.quoteOrderQty, status: amended.status, timeInForce: amended.timeInForce, type: amended.type,
    side: amended.side, workingTime: amended.workingTime, transactTime: answer.transactTime,
  });
  // The answer does not say when the order was placed; its transactTime is the amendment's.
  order.createdAt = undefined;
  return order;
}

/**
 * Sends `PUT /api/v3/order/amend/keepPriority` and reads the amended order. When the answer is
 * lost it reads the order on the reconciliation schedule: one that already has the new quantity,
 * or has ended, is returned as the exchange holds it; one still open with its old quantity gets
 * the amendment once more (a second amendment to the same quantity is refused, and changes
 * nothing). Still unknown: OrderStatusUnknownError with the order id.
 */
export async function amendOrderOnce(
  deps: PlacementDeps, ids: { symbol: string; orderId: string }, newQuantity: Decimal, clientOrderId: string,
): Promise<Order> {
  const { symbol, orderId } = ids;
  const amend: RestRequest = {
    method: 'PUT', path: '/api/v3/order/amend/keepPriority', security: 'signed', idempotent: false,
    params: [['symbol', symbol], ['orderId', orderId], ['newClientOrderId', clientOrderId], ['newQty', toPlainString(newQuantity)]],
  };
  const parse = (body: unknown): Order => parseAmendAnswer(body, deps.parse);
  try {
    return await sendAndRead(deps, amend, parse);
  } catch (original) {
    if (!isExecutionUnknown(original)) throw original;
    return reconcile(deps, { action: 'amend', id: orderId }, async () => {
      const order = await sendAndRead(deps, {
        method: 'GET', path: '/api/v3/order', params: [['symbol', symbol], ['orderId', orderId]], security: 'signed', idempotent: true,
      });
      if (order.quantity.eq(newQuantity) || FINAL_ORDER_STATUSES.has(order.status)) return { found: order };
      return { found: await sendAndRead(deps, amend, parse) };
    }, (last) => new OrderStatusUnknownError(
      `amendment of order ${orderId} on ${symbol}: the answer was lost (${(original as Error).message}) and ${queries(deps)} could not tell whether it was amended; `
        + 'query it by orderId before amending it again',
      { exchange: 'binance', orderId, clientOrderId, symbol, cause: last.error ?? original },
    ));
  }
}
