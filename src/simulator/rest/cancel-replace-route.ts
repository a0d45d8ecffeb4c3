import { BinanceErrorCode, BinanceMessage, type BinanceErrorBody } from '../../spec/binance/error-codes.js';
import type { OrderLookup } from '../engine/order-records.js';
import { parseOrderParams } from '../engine/order-request.js';
import { cancelView, newOrderView } from '../engine/views.js';
import { badRequest, isSimError, SimError } from '../sim-error.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { cancelRestriction, filterContext } from './trading-routes.js';
import { CANCEL_REPLACE_MODES, ORDER_RATE_LIMIT_EXCEEDED_MODES } from '../../spec/binance/enums.js';

/**
 * `POST /api/v3/order/cancelReplace`: cancels an order and places a new one on the same symbol,
 * not as one transaction. Each half that fails is reported in the answer's `data` (rest-api.md):
 * 200 when both worked, 409 with -2021 when one did, 400 with -2022 when neither did (or the
 * cancel failed under STOP_ON_FAILURE, the new order then not attempted).
 */

type HalfResult = 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';


/** A half that failed with a Binance error: its `{code,msg}`; anything else is not a rejection and is passed on. */
function failureOf(error: unknown): BinanceErrorBody {
  if (isSimError(error)) return { code: error.code, msg: error.msg };
  throw error;
}

/** `cancelOrderId` / `cancelOrigClientOrderId`; -1102 when neither is sent. */
function cancelLookup(context: RouteContext): OrderLookup {
  const orderId = context.params.integer('cancelOrderId');
  const clientOrderId = context.params.optional('cancelOrigClientOrderId');
  if (orderId === undefined && clientOrderId === undefined) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('cancelOrderId', 'cancelOrigClientOrderId'));
  }
  return { orderId, clientOrderId };
}

function oneOf<T extends string>(context: RouteContext, name: string, values: readonly T[], fallback?: T): T {
  const text = fallback === undefined ? context.params.required(name) : context.params.optional(name) ?? fallback;
  if (!(values as readonly string[]).includes(text)) throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter(name));
  return text as T;
}

function cancelReplace(context: RouteContext): { status?: number; body: unknown } {
  const { exchange, now, params } = context;
  const account = signedAccount(context);
  const spec = params.symbol(exchange.specs);
  const mode = oneOf(context, 'cancelReplaceMode', CANCEL_REPLACE_MODES);
  const rateLimitMode = oneOf(context, 'orderRateLimitExceededMode', ORDER_RATE_LIMIT_EXCEEDED_MODES, 'DO_NOTHING');
  const restriction = cancelRestriction(params);
  const which = cancelLookup(context);
  // rest-api.md: "Filters and Order Count are evaluated before the processing of the cancellation
  // and order placement occurs": a new order the filters refuse is a plain error, nothing cancelled.
  const parsed = parseOrderParams(params, spec, () => exchange.engine.generateClientOrderId(), filterContext(context, spec));
  let rateLimited: BinanceErrorBody | undefined;
  try {
    exchange.limiter.checkOrder(account.id, now);
  } catch (error) {
    if (rateLimitMode === 'DO_NOTHING' || !isSimError(error)) throw error;
    // CANCEL_ONLY: the cancel is still made; the new order fails with the limit's error.
    rateLimited = failureOf(error);
  }
  // "A new order that was not attempted ... will still increase the unfilled order count by 1."
  if (rateLimited === undefined) exchange.limiter.countOrder(account.id, now);

  let cancelResult: HalfResult = 'SUCCESS';
  let cancelResponse: unknown;
  try {
    const cancelId = params.optional('cancelNewClientOrderId') ?? exchange.engine.generateClientOrderId();
    const cancelled = exchange.engine.cancelOrder(account, spec.symbol, which, cancelId, now, restriction);
    cancelResponse = cancelView(cancelled, cancelId, now);
  } catch (error) {
    cancelResult = 'FAILURE';
    cancelResponse = failureOf(error);
  }

  let newOrderResult: HalfResult = 'NOT_ATTEMPTED';
  let newOrderResponse: unknown = null;
  if (cancelResult === 'SUCCESS' || mode === 'ALLOW_FAILURE') {
    if (rateLimited !== undefined) {
      newOrderResult = 'FAILURE';
      newOrderResponse = rateLimited;
    } else {
      try {
        const placed = exchange.engine.placeOrder(account, parsed.order, now);
        newOrderResult = 'SUCCESS';
        newOrderResponse = newOrderView(placed.order, placed.fills, parsed.responseType, now);
      } catch (error) {
        newOrderResult = 'FAILURE';
        newOrderResponse = failureOf(error);
        // As for POST /api/v3/order, an order the engine rejected does not stay counted.
        exchange.limiter.countOrder(account.id, now, -1);
      }
    }
  }

  const data = { cancelResult, newOrderResult, cancelResponse, newOrderResponse };
  if (cancelResult === 'SUCCESS' && newOrderResult === 'SUCCESS') {
    const unknown = exchange.faults.take('order-status-unknown');
    if (unknown !== undefined) {
      // Both halves stand; only the answer is lost, as when Binance's gateway times out.
      if (unknown.as === -1007) throw new SimError(408, BinanceErrorCode.TIMEOUT, BinanceMessage.timeout);
      throw new SimError(503, BinanceErrorCode.DISCONNECTED, BinanceMessage.disconnected);
    }
    return { body: data };
  }
  if (cancelResult === 'SUCCESS' || newOrderResult === 'SUCCESS') {
    throw new SimError(409, BinanceErrorCode.CANCEL_REPLACE_PARTIALLY_FAILED, BinanceMessage.cancelReplacePartiallyFailed, {}, data);
  }
  throw new SimError(400, BinanceErrorCode.CANCEL_REPLACE_FAILED, BinanceMessage.cancelReplaceFailed, {}, data);
}

/** The cancel-replace route. */
export const cancelReplaceRoutes: readonly Route[] = [
  { method: 'POST', path: '/api/v3/order/cancelReplace', security: 'SIGNED', handle: cancelReplace },
];
