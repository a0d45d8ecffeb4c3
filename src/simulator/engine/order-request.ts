import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import {
  BINANCE_ORDER_TYPES, BINANCE_TIME_IN_FORCE, CLIENT_ORDER_ID_PATTERN, NEW_ORDER_RESPONSE_TYPES, type NewOrderResponseType,
} from '../../spec/binance/enums.js';
import type { Decimal } from '../../core/decimal.js';
import { decimalToSteps, decimalToTicks } from './amounts.js';
import { checkFilters, type FilterContext } from './filters.js';
import { asksForPeg, parseOrderOptions } from './order-options.js';
import { executesAs, isStopType, type NewOrder, type Side, type SimOrderType, type TimeInForce } from './order-types.js';
import type { Params } from '../rest/params.js';
import { badRequest } from '../sim-error.js';
import { ASSET_PRECISION, type SymbolSpec } from '../market/symbols.js';

/**
 * Turns `POST /api/v3/order` parameters into a validated NewOrder, with Binance's checks in its
 * order: mandatory and unexpected parameters, number format (-1100), precision (-1111), filters.
 */

function decimals(value: Decimal): number {
  const text = value.toFixed();
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function precise(params: Params, name: string): Decimal | undefined {
  const value = params.decimal(name);
  if (value !== undefined && decimals(value) > ASSET_PRECISION) {
    throw badRequest(BinanceErrorCode.BAD_PRECISION, BinanceMessage.badPrecision(params.nameOf(name)));
  }
  return value;
}

function notRequired(params: Params, name: string): void {
  if (params.has(name)) throw badRequest(BinanceErrorCode.PARAM_NOT_REQUIRED, BinanceMessage.paramNotRequired(params.nameOf(name)));
}

/** A parsed order request, with what the response needs. */
export interface ParsedOrder {
  readonly order: NewOrder;
  readonly responseType: NewOrderResponseType;
}

/**
 * Parses and validates an order for `spec`. `clientOrderId` is used when the request has none;
 * `context` gives the filters the average price and open-order count.
 */
export function parseOrderParams(params: Params, spec: SymbolSpec, generatedClientId: () => string, context: FilterContext): ParsedOrder {
  const sideText = params.required('side');
  if (sideText !== 'BUY' && sideText !== 'SELL') throw badRequest(BinanceErrorCode.INVALID_SIDE, BinanceMessage.invalidSide);
  const side: Side = sideText;
  const typeText = params.required('type');
  if (!isOneOf(BINANCE_ORDER_TYPES, typeText)) {
    throw badRequest(BinanceErrorCode.INVALID_ORDER_TYPE, BinanceMessage.invalidOrderType);
  }
  const type: SimOrderType = typeText;
  const kind = executesAs(type);

  let timeInForce: TimeInForce | undefined;
  if (kind === 'LIMIT') {
    const tif = params.required('timeInForce');
    if (!isOneOf(BINANCE_TIME_IN_FORCE, tif)) throw badRequest(BinanceErrorCode.INVALID_TIF, BinanceMessage.invalidTif);
    timeInForce = tif;
  } else if (params.has('timeInForce')) {
    throw badRequest(BinanceErrorCode.TIF_NOT_REQUIRED, BinanceMessage.tifNotRequired);
  }

  let quantity: Decimal | undefined;
  let quoteOrderQty: Decimal | undefined;
  let price: Decimal | undefined;
  if (type === 'MARKET') {
    if (!params.has('quantity') && !params.has('quoteOrderQty')) {
      throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam(params.nameOf('quantity'), params.nameOf('quoteOrderQty')));
    }
    if (params.has('quantity') && params.has('quoteOrderQty')) notRequired(params, 'quoteOrderQty');
    notRequired(params, 'price');
    quantity = precise(params, 'quantity');
    quoteOrderQty = precise(params, 'quoteOrderQty');
    if (quoteOrderQty !== undefined && quoteOrderQty.lte(0)) {
      throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.priceTimesQtyZero);
    }
  } else {
    params.required('quantity');
    if (kind === 'MARKET') notRequired(params, 'price');
    // rest-api.md: "If `pegPriceType` is specified, `price` becomes optional."
    else if (!asksForPeg(params)) params.required('price');
    notRequired(params, 'quoteOrderQty');
    quantity = precise(params, 'quantity');
    price = precise(params, 'price');
  }
  let stopPrice: Decimal | undefined;
  let trailingDelta: number | undefined;
  if (isStopType(type)) {
    if (!params.has('stopPrice') && !params.has('trailingDelta')) {
      throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam(params.nameOf('stopPrice'), params.nameOf('trailingDelta')));
    }
    stopPrice = precise(params, 'stopPrice');
    trailingDelta = params.integer('trailingDelta');
  } else {
    notRequired(params, 'stopPrice');
    notRequired(params, 'trailingDelta');
  }

  const clientOrderId = params.optional('newClientOrderId') ?? generatedClientId();
  if (!CLIENT_ORDER_ID_PATTERN.test(clientOrderId)) {
    throw badRequest(BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${params.nameOf('newClientOrderId')}'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.`);
  }
  // rest-api.md: MARKET and LIMIT default to FULL, every other type to ACK.
  const responseText = params.optional('newOrderRespType') ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
  if (!isOneOf(NEW_ORDER_RESPONSE_TYPES, responseText)) {
    // -1136 INVALID_NEW_ORDER_RESP_TYPE is not in the shared error table.
    throw badRequest(-1136, 'Invalid newOrderRespType.');
  }
  const priceTicks = price === undefined ? undefined : decimalToTicks(spec, price);
  const quantitySteps = quantity === undefined ? undefined : decimalToSteps(spec, quantity);
  const stopPriceTicks = stopPrice === undefined ? undefined : decimalToTicks(spec, stopPrice);
  const options = parseOrderOptions(params, spec, { type, timeInForce, quantitySteps, priceTicks });
  checkFilters(spec, { side, type, quoteOrderQty, price, quantity, stopPrice, trailingDelta }, { priceTicks, quantitySteps, stopPriceTicks }, context);
  if (price !== undefined && quantity !== undefined && (price.eq(0) || quantity.eq(0))) {
    throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.priceTimesQtyZero);
  }
  return {
    order: {
      spec, side, type, timeInForce, quantitySteps, quoteOrderQty, stopPriceTicks, trailingDelta, clientOrderId,
      // A pegged order's price is set from the book when it works; the price sent stays in its peg.
      priceTicks: options.peg === undefined ? priceTicks : undefined,
      selfTradePreventionMode: options.selfTradePreventionMode, icebergSteps: options.icebergSteps, peg: options.peg,
      strategyId: options.strategyId, strategyType: options.strategyType,
    },
    responseType: responseText,
  };
}

/** Whether `text` is one of the spec's values (and narrows it to them). */
function isOneOf<T extends string>(values: readonly T[], text: string): text is T {
  return (values as readonly string[]).includes(text);
}
