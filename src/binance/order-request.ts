import { toDecimal, toPlainString, type Decimal, type DecimalInput } from '../core/decimal.js';
import { ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE, type OrderRequest, type OrderSide, type OrderType, type TimeInForce } from '../core/models.js';
import { ORDER_TYPE_PARAMETERS } from '../spec/binance/stop-orders.js';
import { generateClientOrderId, isValidClientOrderId } from './client-order-id.js';
import type { SymbolInfo } from './exchange-info.js';
import { checkOrderFilters, roundOrderToFilters, type FilterOrder } from './filters.js';
import { checkOrderOptions, checkSymbolAllowsOptions, isPegged, orderOptionParams, type PreparedOrderOptions } from './order-options.js';
import type { Params } from './rest/types.js';
import { invalidOrder, normalizeSymbol } from './validation.js';

/** An order request after validation: exact decimals, a client order id, rounded if asked. */
export interface PreparedOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce | undefined;
  quantity: Decimal | undefined;
  quoteQuantity: Decimal | undefined;
  price: Decimal | undefined;
  /** The trigger price of a stop or take-profit order. */
  stopPrice: Decimal | undefined;
  /** The trailing delta of a trailing stop, in basis points. */
  trailingDelta: number | undefined;
  clientOrderId: string;
  /** Iceberg, peg, self-trade prevention and strategy labels, when asked for. */
  options: PreparedOrderOptions;
}

/** The request's fields as untyped JavaScript may have set them, read without trusting the union's types. */
type LooseRequest = Readonly<Partial<Record<'price' | 'stopPrice' | 'trailingDelta' | 'timeInForce' | 'quoteQuantity', unknown>>>;

function positiveDecimal(value: unknown, field: string): Decimal | undefined {
  if (value === undefined) return undefined;
  let parsed: Decimal;
  try {
    // Amounts are decimals or decimal strings; a JavaScript number would carry binary rounding.
    if (typeof value === 'number') throw new TypeError(`${field} must be a decimal or a decimal string, not a number`);
    parsed = toDecimal(value as DecimalInput, field);
  } catch (error) {
    throw invalidOrder(field, 'DECIMAL', (error as Error).message);
  }
  if (parsed.lte(0)) throw invalidOrder(field, 'POSITIVE', `must be greater than 0, got ${toPlainString(parsed)}`);
  return parsed;
}

/**
 * Validates the shape of a request that did not come through the type checker (for example from
 * JSON): each type's fields as Binance's "New order" table lists them, none missing and none that
 * the type does not take (Binance would refuse a price on a STOP_LOSS; a stop price on a LIMIT
 * order would be dropped and leave an order without the protection it was meant to have).
 */
function checkShape(request: OrderRequest): void {
  normalizeSymbol(request.symbol);
  if (!(ORDER_SIDES as readonly string[]).includes(request.side)) throw invalidOrder('side', 'ENUM', `must be BUY or SELL, got ${JSON.stringify(request.side)}`);
  const type: string = request.type;
  if (!Object.hasOwn(ORDER_TYPE_PARAMETERS, type)) {
    throw invalidOrder('type', 'ENUM', `must be one of ${ORDER_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  }
  const takes = ORDER_TYPE_PARAMETERS[request.type];
  const loose = request as LooseRequest;
  if (takes.timeInForce && loose.timeInForce !== undefined && !(TIME_IN_FORCE as readonly string[]).includes(loose.timeInForce as string)) {
    throw invalidOrder('timeInForce', 'ENUM', `must be GTC, IOC or FOK, got ${JSON.stringify(loose.timeInForce)}`);
  }
  if (request.type === 'MARKET' && (request.quantity === undefined) === (request.quoteQuantity === undefined)) {
    throw invalidOrder('quantity', 'MARKET_AMOUNT', 'a MARKET order needs exactly one of quantity or quoteQuantity');
  }
  // A pegged order's price is set by the exchange, so sending one is optional.
  if (takes.price && loose.price === undefined && !isPegged(request)) throw invalidOrder('price', 'REQUIRED', `a ${type} order needs a price`);
  if (request.type !== 'MARKET' && request.quantity === undefined) throw invalidOrder('quantity', 'REQUIRED', `a ${type} order needs a quantity`);
  if (takes.trigger && loose.stopPrice === undefined && loose.trailingDelta === undefined) {
    throw invalidOrder('stopPrice', 'REQUIRED', `a ${type} order needs a stopPrice or a trailingDelta (or both)`);
  }
  const delta = loose.trailingDelta;
  if (takes.trigger && delta !== undefined && !(typeof delta === 'number' && Number.isSafeInteger(delta) && delta > 0)) {
    throw invalidOrder('trailingDelta', 'POSITIVE_INTEGER', `must be a positive integer (basis points), got ${typeof delta === 'number' ? String(delta) : JSON.stringify(delta)}`);
  }
  const allowed = { price: takes.price, stopPrice: takes.trigger, trailingDelta: takes.trigger, quoteQuantity: request.type === 'MARKET' };
  const extra = (Object.keys(allowed) as (keyof typeof allowed)[]).find((field) => loose[field] !== undefined && !allowed[field]);
  if (extra !== undefined) throw invalidOrder(extra, 'NOT_ALLOWED', `a ${type} order takes no ${extra}`);
}

/** The symbol's own refusals of the order's type: its listing status, its order types, and trailing stops. */
function checkSymbolAllows(request: OrderRequest, symbol: SymbolInfo, trailingDelta: unknown): void {
  if (symbol.status !== 'TRADING') throw invalidOrder('symbol', 'SYMBOL_STATUS', `${symbol.symbol} is not trading (status ${symbol.status})`);
  if (symbol.orderTypes.length > 0 && !symbol.orderTypes.includes(request.type)) {
    throw invalidOrder('type', 'ORDER_TYPE', `${request.type} orders are not allowed on ${symbol.symbol}`);
  }
  if (trailingDelta !== undefined && !symbol.allowTrailingStop) {
    throw invalidOrder('trailingDelta', 'TRAILING_STOP', `trailing stops are not allowed on ${symbol.symbol} (allowTrailingStop is false)`);
  }
}

/**
 * Checks an order against the symbol's rules before anything is sent: known symbol, allowed
 * type, positive exact amounts, then (after optional rounding) precision, PRICE_FILTER (price and
 * stop price), LOT_SIZE/MARKET_LOT_SIZE, TRAILING_DELTA and notional. Throws InvalidOrderError
 * naming the field and the rule. Without symbol info (exchangeInfo not loaded) only the shape is
 * checked. The reference price serves a MARKET order's notional only: a stop or take-profit order
 * is never refused on a price that may be stale.
 */
export function prepareOrder(
  request: OrderRequest,
  symbol: SymbolInfo | undefined,
  options: { random: () => number; referencePrice?: Decimal | undefined },
): PreparedOrder {
  checkShape(request);
  const loose = request as LooseRequest;
  const trailingDelta = loose.trailingDelta as number | undefined;
  if (symbol !== undefined) checkSymbolAllows(request, symbol, trailingDelta);
  const clientOrderId = request.clientOrderId ?? generateClientOrderId(options.random);
  if (!isValidClientOrderId(clientOrderId)) {
    throw invalidOrder('clientOrderId', 'FORMAT', 'must be 1 to 36 characters from A-Z a-z 0-9 . : / _ -');
  }
  const quoteQuantity = request.type === 'MARKET' ? positiveDecimal(request.quoteQuantity, 'quoteQuantity') : undefined;
  if (quoteQuantity !== undefined && symbol !== undefined && !symbol.quoteOrderQtyMarketAllowed) {
    throw invalidOrder('quoteQuantity', 'QUOTE_ORDER_QTY', `quote-quantity MARKET orders are not allowed on ${symbol.symbol}`);
  }
  let amounts: FilterOrder = {
    type: request.type,
    side: request.side,
    quantity: positiveDecimal(request.quantity, 'quantity'),
    quoteQuantity,
    price: positiveDecimal(loose.price, 'price'),
    stopPrice: positiveDecimal(loose.stopPrice, 'stopPrice'),
    trailingDelta,
    referencePrice: request.type === 'MARKET' ? options.referencePrice : undefined,
  };
  if (symbol !== undefined) {
    if (request.roundToFilters === true) {
      amounts = roundOrderToFilters(symbol, amounts);
      if (amounts.quantity?.eq(0) === true) throw invalidOrder('quantity', 'LOT_SIZE', 'rounds down to 0 at the step size');
    }
    const violation = checkOrderFilters(symbol, amounts);
    if (violation !== undefined) throw invalidOrder(violation.field, violation.filter, violation.message);
  }
  const orderOptions = checkOrderOptions(request, amounts.quantity);
  if (symbol !== undefined) checkSymbolAllowsOptions(orderOptions, symbol, amounts.quantity);
  return {
    symbol: normalizeSymbol(request.symbol),
    side: request.side,
    type: request.type,
    timeInForce: ORDER_TYPE_PARAMETERS[request.type].timeInForce ? ((loose.timeInForce as TimeInForce | undefined) ?? 'GTC') : undefined,
    quantity: amounts.quantity,
    quoteQuantity: amounts.quoteQuantity,
    price: amounts.price,
    stopPrice: amounts.stopPrice,
    trailingDelta,
    clientOrderId,
    options: orderOptions,
  };
}

/**
 * The `POST /api/v3/order` parameters (`order.place` on the WebSocket API), as Binance's "New
 * order" table names them; decimals as plain fixed-point strings. The FULL response is asked for
 * every type: stops would otherwise get ACK, without the order's status.
 */
export function orderParams(order: PreparedOrder): Params {
  const plain = (value: Decimal | undefined): string | undefined => (value === undefined ? undefined : toPlainString(value));
  return [
    ['symbol', order.symbol],
    ['side', order.side],
    ['type', order.type],
    ['timeInForce', order.timeInForce],
    ['quantity', plain(order.quantity)],
    ['quoteOrderQty', plain(order.quoteQuantity)],
    ['price', plain(order.price)],
    ['stopPrice', plain(order.stopPrice)],
    ['trailingDelta', order.trailingDelta === undefined ? undefined : String(order.trailingDelta)],
    ['newClientOrderId', order.clientOrderId],
    ['newOrderRespType', 'FULL'],
    ...orderOptionParams(order.options),
  ];
}
