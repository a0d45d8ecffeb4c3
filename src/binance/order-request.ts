import { toDecimal, toPlainString, type Decimal, type DecimalInput } from '../core/decimal.js';
import { ORDER_SIDES, TIME_IN_FORCE, type OrderRequest, type OrderSide, type OrderType, type TimeInForce } from '../core/models.js';
import { generateClientOrderId, isValidClientOrderId } from './client-order-id.js';
import type { SymbolInfo } from './exchange-info.js';
import { checkOrderFilters, roundOrderToFilters, type FilterOrder } from './filters.js';
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
  clientOrderId: string;
}

function positiveDecimal(value: DecimalInput | undefined, field: string): Decimal | undefined {
  if (value === undefined) return undefined;
  let parsed: Decimal;
  try {
    // Amounts are decimals or decimal strings; a JavaScript number would carry binary rounding.
    if (typeof value === 'number') throw new TypeError(`${field} must be a decimal or a decimal string, not a number`);
    parsed = toDecimal(value, field);
  } catch (error) {
    throw invalidOrder(field, 'DECIMAL', (error as Error).message);
  }
  if (parsed.lte(0)) throw invalidOrder(field, 'POSITIVE', `must be greater than 0, got ${toPlainString(parsed)}`);
  return parsed;
}

/** Validates the shape of a request that did not come through the type checker (for example from JSON). */
function checkShape(request: OrderRequest): void {
  normalizeSymbol(request.symbol);
  if (!(ORDER_SIDES as readonly string[]).includes(request.side)) throw invalidOrder('side', 'ENUM', `must be BUY or SELL, got ${JSON.stringify(request.side)}`);
  const type: string = request.type;
  if (type !== 'MARKET' && type !== 'LIMIT' && type !== 'LIMIT_MAKER') {
    throw invalidOrder('type', 'ENUM', `must be MARKET, LIMIT or LIMIT_MAKER, got ${JSON.stringify(type)}`);
  }
  if (request.type === 'LIMIT' && request.timeInForce !== undefined && !(TIME_IN_FORCE as readonly string[]).includes(request.timeInForce)) {
    throw invalidOrder('timeInForce', 'ENUM', `must be GTC, IOC or FOK, got ${JSON.stringify(request.timeInForce)}`);
  }
  if (request.type === 'MARKET' && (request.quantity === undefined) === (request.quoteQuantity === undefined)) {
    throw invalidOrder('quantity', 'MARKET_AMOUNT', 'a MARKET order needs exactly one of quantity or quoteQuantity');
  }
  if (request.type !== 'MARKET' && !('price' in request && request.price !== undefined)) throw invalidOrder('price', 'REQUIRED', `a ${type} order needs a price`);
  if (request.type !== 'MARKET' && request.quantity === undefined) throw invalidOrder('quantity', 'REQUIRED', `a ${type} order needs a quantity`);
}

/**
 * Checks an order against the symbol's rules before anything is sent: known symbol, allowed
 * type, positive exact amounts, then (after optional rounding) precision, PRICE_FILTER,
 * LOT_SIZE/MARKET_LOT_SIZE and notional. Throws InvalidOrderError naming the field and the rule.
 * Without symbol info (exchangeInfo not loaded) only the shape is checked.
 */
export function prepareOrder(
  request: OrderRequest,
  symbol: SymbolInfo | undefined,
  options: { random: () => number; referencePrice?: Decimal | undefined },
): PreparedOrder {
  checkShape(request);
  if (symbol !== undefined) {
    if (symbol.status !== 'TRADING') throw invalidOrder('symbol', 'SYMBOL_STATUS', `${symbol.symbol} is not trading (status ${symbol.status})`);
    if (symbol.orderTypes.length > 0 && !symbol.orderTypes.includes(request.type)) {
      throw invalidOrder('type', 'ORDER_TYPE', `${request.type} orders are not allowed on ${symbol.symbol}`);
    }
  }
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
    quantity: positiveDecimal(request.quantity, 'quantity'),
    quoteQuantity,
    price: 'price' in request ? positiveDecimal(request.price, 'price') : undefined,
    referencePrice: options.referencePrice,
  };
  if (symbol !== undefined) {
    if (request.roundToFilters === true) {
      amounts = roundOrderToFilters(symbol, amounts);
      if (amounts.quantity?.eq(0) === true) throw invalidOrder('quantity', 'LOT_SIZE', 'rounds down to 0 at the step size');
    }
    const violation = checkOrderFilters(symbol, amounts);
    if (violation !== undefined) throw invalidOrder(violation.field, violation.filter, violation.message);
  }
  return {
    symbol: normalizeSymbol(request.symbol),
    side: request.side,
    type: request.type,
    timeInForce: request.type === 'LIMIT' ? (request.timeInForce ?? 'GTC') : undefined,
    quantity: amounts.quantity,
    quoteQuantity: amounts.quoteQuantity,
    price: amounts.price,
    clientOrderId,
  };
}

/** The `POST /api/v3/order` parameters; decimals as plain fixed-point strings, FULL response asked for. */
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
    ['newClientOrderId', order.clientOrderId],
    ['newOrderRespType', 'FULL'],
  ];
}
