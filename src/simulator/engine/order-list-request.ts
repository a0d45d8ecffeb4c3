import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { CLIENT_ORDER_ID_PATTERN, NEW_ORDER_RESPONSE_TYPES, type NewOrderResponseType } from '../../spec/binance/enums.js';
import { badRequest } from '../sim-error.js';
import { Params } from '../rest/params.js';
import type { SymbolSpec } from '../market/symbols.js';
import type { ListRequest, PairRequest } from './contingencies.js';
import type { FilterContext } from './filters.js';
import { parseOrderParams } from './order-request.js';
import { executesAs, isStopType, type NewOrder, type Side } from './order-types.js';

/**
 * Turns `POST /api/v3/orderList/oco|oto|otoco|opo|opoco` parameters into a list request. Each order of the
 * list is read with the single order's rules from its own parameters (`abovePrice` read as
 * `price`, errors naming `abovePrice`); then the list's own rules: the types an OCO takes
 * (-1158), which order goes above and which below (-1165 to -1199), and for an OCO the prices
 * against the last trade price ("The relationship of the prices for the orders is not correct.").
 */

/** What an order of a list may be sent with, by its single-order name. */
const ORDER_FIELDS = [
  'type', 'side', 'quantity', 'price', 'stopPrice', 'trailingDelta', 'timeInForce', 'icebergQty', 'newClientOrderId', 'quoteOrderQty',
  'strategyId', 'strategyType', 'pegPriceType', 'pegOffsetType', 'pegOffsetValue',
] as const;

/** Order types an OCO's orders may have (rest-api.md). */
const OCO_TYPES: ReadonlySet<string> = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT', 'LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']);

/** A parsed list request, with its list client id and the answer format asked for. */
export interface ParsedList {
  readonly listClientOrderId: string;
  readonly request: ListRequest;
  readonly responseType: NewOrderResponseType;
}

/** What reading a list needs besides its parameters. */
export interface ListContext {
  readonly spec: SymbolSpec;
  readonly generatedClientId: () => string;
  readonly filters: FilterContext;
  /** The symbol's last trade price in ticks, which an OCO's prices are checked against. */
  readonly lastTicks: number;
}

/** The parameters of one order of the list under its single-order names; `shared` names those the list sends once. */
function orderParams(params: Params, prefix: string, shared: Readonly<Partial<Record<(typeof ORDER_FIELDS)[number], string>>>): Params {
  const sentAs = new Map<string, string>([['selfTradePreventionMode', 'selfTradePreventionMode']]);
  for (const field of ORDER_FIELDS) {
    sentAs.set(field, shared[field] ?? `${prefix}${field === 'newClientOrderId' ? 'ClientOrderId' : field[0]!.toUpperCase() + field.slice(1)}`);
  }
  const values = new Map<string, string>();
  for (const [field, sent] of sentAs) {
    const value = params.get(sent);
    if (value !== null) values.set(field, value);
  }
  return new Params(values, (name) => sentAs.get(name) ?? name);
}

function readOrder(params: Params, prefix: string, context: ListContext, shared: Parameters<typeof orderParams>[2] = {}): NewOrder {
  return parseOrderParams(orderParams(params, prefix, shared), context.spec, context.generatedClientId, context.filters).order;
}

/**
 * The types of an OCO pair on `side`, as Binance places them: for a SELL the limit or take-profit
 * above and the stop-loss below, for a BUY the other way round.
 */
function checkPairTypes(params: Params, prefix: { above: string; below: string }, side: string): void {
  const above = params.required(`${prefix.above}Type`);
  const below = params.required(`${prefix.below}Type`);
  for (const type of [above, below]) {
    if (!OCO_TYPES.has(type)) throw badRequest(BinanceErrorCode.OCO_ORDER_TYPE_REJECTED, BinanceMessage.ocoOrderTypeRejected);
  }
  if (above === 'LIMIT_MAKER' && below === 'LIMIT_MAKER') {
    throw badRequest(BinanceErrorCode.BOTH_OCO_ORDERS_CANNOT_BE_LIMIT, BinanceMessage.bothOcoOrdersCannotBeLimit);
  }
  const kind = (type: string): 'limit' | 'stopLoss' | 'takeProfit' => (type === 'LIMIT_MAKER' ? 'limit' : type.startsWith('STOP_LOSS') ? 'stopLoss' : 'takeProfit');
  const refuse = (type: string): never => {
    const sell = side === 'SELL';
    const [code, message] = {
      limit: sell ? [BinanceErrorCode.SELL_OCO_LIMIT_MUST_BE_ABOVE, BinanceMessage.sellOcoLimitMustBeAbove] as const
        : [BinanceErrorCode.BUY_OCO_LIMIT_MUST_BE_BELOW, BinanceMessage.buyOcoLimitMustBeBelow] as const,
      stopLoss: sell ? [BinanceErrorCode.SELL_OCO_STOP_LOSS_MUST_BE_BELOW, BinanceMessage.sellOcoStopLossMustBeBelow] as const
        : [BinanceErrorCode.BUY_OCO_STOP_LOSS_MUST_BE_ABOVE, BinanceMessage.buyOcoStopLossMustBeAbove] as const,
      takeProfit: sell ? [BinanceErrorCode.SELL_OCO_TAKE_PROFIT_MUST_BE_ABOVE, BinanceMessage.sellOcoTakeProfitMustBeAbove] as const
        : [BinanceErrorCode.BUY_OCO_TAKE_PROFIT_MUST_BE_BELOW, BinanceMessage.buyOcoTakeProfitMustBeBelow] as const,
    }[kind(type)];
    throw badRequest(code, message);
  };
  // A stop-loss sells below the market and buys above it; a limit or take-profit the other way.
  const stopLossAbove = side !== 'SELL';
  if ((kind(above) === 'stopLoss') !== stopLossAbove) refuse(above);
  if ((kind(below) === 'stopLoss') === stopLossAbove) refuse(below);
}

/** The price an OCO order is compared with the last price by: a limit's price, a stop's stop price (none for a trailing-only stop). */
function comparedPrice(order: NewOrder): number | undefined {
  return isStopType(order.type) && executesAs(order.type) === 'MARKET' ? order.stopPriceTicks
    : order.type === 'LIMIT_MAKER' || order.type === 'TAKE_PROFIT_LIMIT' ? order.priceTicks : order.stopPriceTicks;
}

/** rest-api.md's price rule: above price > last trade price > below price; -2010 otherwise. */
function checkPairPrices(pair: PairRequest, lastTicks: number): void {
  const above = comparedPrice(pair.above);
  const below = comparedPrice(pair.below);
  if ((above !== undefined && above <= lastTicks) || (below !== undefined && below >= lastTicks)) {
    throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.ocoBadPrices);
  }
}

/** The list client id, and the answer format (FULL unless asked otherwise). */
function listFields(params: Params, context: ListContext): { listClientOrderId: string; responseType: NewOrderResponseType } {
  const listClientOrderId = params.optional('listClientOrderId') ?? context.generatedClientId();
  if (!CLIENT_ORDER_ID_PATTERN.test(listClientOrderId)) {
    throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, "Illegal characters found in parameter 'listClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
  }
  const responseType = params.optional('newOrderRespType') ?? 'FULL';
  if (!(NEW_ORDER_RESPONSE_TYPES as readonly string[]).includes(responseType)) throw badRequest(-1136, 'Invalid newOrderRespType.');
  return { listClientOrderId, responseType: responseType as NewOrderResponseType };
}

/** The working order of an OTO or OTOCO: LIMIT or LIMIT_MAKER (rest-api.md). */
function readWorking(params: Params, context: ListContext): NewOrder {
  const type = params.required('workingType');
  if (type !== 'LIMIT' && type !== 'LIMIT_MAKER') throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter('workingType'));
  return readOrder(params, 'working', context);
}

/** `POST /api/v3/orderList/oco`. */
export function parseOcoParams(params: Params, context: ListContext): ParsedList {
  const side = params.required('side');
  params.required('quantity');
  checkPairTypes(params, { above: 'above', below: 'below' }, side);
  const shared = { side: 'side', quantity: 'quantity' };
  const pair = { below: readOrder(params, 'below', context, shared), above: readOrder(params, 'above', context, shared) };
  checkPairPrices(pair, context.lastTicks);
  return { ...listFields(params, context), request: { kind: 'OCO', pair } };
}

/** `POST /api/v3/orderList/oto`. */
export function parseOtoParams(params: Params, context: ListContext): ParsedList {
  const working = readWorking(params, context);
  const pending = readOrder(params, 'pending', context);
  return { ...listFields(params, context), request: { kind: 'OTO', working, pending } };
}

/** `POST /api/v3/orderList/otoco`. */
export function parseOtocoParams(params: Params, context: ListContext): ParsedList {
  const working = readWorking(params, context);
  const side: Side | string = params.required('pendingSide');
  params.required('pendingQuantity');
  checkPairTypes(params, { above: 'pendingAbove', below: 'pendingBelow' }, side);
  const shared = { side: 'pendingSide', quantity: 'pendingQuantity' };
  const pair = { below: readOrder(params, 'pendingBelow', context, shared), above: readOrder(params, 'pendingAbove', context, shared) };
  return { ...listFields(params, context), request: { kind: 'OTOCO', working, pair } };
}

/**
 * An OPO's rules before its orders are read (errors.md, faqs/opo.md): no quantity for the pending
 * orders (-1225), a BUY working order (-1222), SELL pending orders (-1223).
 */
function checkOpo(params: Params, pendingPrefixes: readonly string[]): void {
  for (const name of ['pendingQuantity', ...pendingPrefixes.map((p) => `${p}Quantity`)]) {
    if (params.has(name)) throw badRequest(BinanceErrorCode.PENDING_PARAM_NOT_REQUIRED, BinanceMessage.pendingParamNotRequired(name));
  }
  if (params.required('workingSide') !== 'BUY') throw badRequest(BinanceErrorCode.OPO_WORKING_MUST_BE_BUY, BinanceMessage.opoWorkingMustBeBuy);
  if (params.required('pendingSide') !== 'SELL') throw badRequest(BinanceErrorCode.OPO_PENDING_MUST_BE_SELL, BinanceMessage.opoPendingMustBeSell);
}

/**
 * A pending order of an OPO, read with the working order's quantity (the most it can receive) so
 * the single order's rules apply; its own quantity is set when the working order has filled.
 */
function readOpoPending(params: Params, prefix: string, context: ListContext, shared: Parameters<typeof orderParams>[2]): NewOrder {
  return { ...readOrder(params, prefix, context, { ...shared, quantity: 'workingQuantity' }), quantitySteps: undefined };
}

/** `POST /api/v3/orderList/opo`. */
export function parseOpoParams(params: Params, context: ListContext): ParsedList {
  checkOpo(params, ['pending']);
  const working = readWorking(params, context);
  const pending = readOpoPending(params, 'pending', context, {});
  return { ...listFields(params, context), request: { kind: 'OPO', working, pending } };
}

/** `POST /api/v3/orderList/opoco`. */
export function parseOpocoParams(params: Params, context: ListContext): ParsedList {
  checkOpo(params, ['pendingAbove', 'pendingBelow']);
  const working = readWorking(params, context);
  checkPairTypes(params, { above: 'pendingAbove', below: 'pendingBelow' }, 'SELL');
  const shared = { side: 'pendingSide' };
  const pair = { below: readOpoPending(params, 'pendingBelow', context, shared), above: readOpoPending(params, 'pendingAbove', context, shared) };
  return { ...listFields(params, context), request: { kind: 'OPOCO', working, pair } };
}
