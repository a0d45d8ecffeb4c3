import { toPlainString } from '../core/decimal.js';
import { InvalidArgumentError, InvalidOrderError } from '../core/errors.js';
import {
  ORDER_LIST_TYPES, type OcoLegRequest, type OpoOrderListRequest, type OrderListRequest, type OrderRequest, type OrderSide,
} from '../core/models.js';
import { generateClientOrderId, isValidClientOrderId } from './client-order-id.js';
import type { SymbolInfo } from './exchange-info.js';
import { LIST_LEVEL_ORDER_OPTIONS } from '../spec/binance/order-options.js';
import { checkStpMode, checkSymbolAllowsStpMode } from './order-options.js';
import { orderParams, prepareOrder, type PreparedOrder } from './order-request.js';
import type { Params } from './rest/types.js';
import { asOrderContent, checkObject, invalidOrder, normalizeSymbol } from './validation.js';

/**
 * Order lists (OCO, OTO, OTOCO, OPO, OPOCO) on Binance's current endpoints
 * (`POST /api/v3/orderList/oco|oto|otoco|opo|opoco`).
 * Each order of a list is checked as `placeOrder` checks an order (its iceberg, peg and strategy
 * labels too), then sent with the list's prefix (`above`, `working`, `pendingBelow`, ...) on each of
 * its parameters, as Binance names them; self-trade prevention is the list's, sent once.
 */

/** An order list after validation: its endpoint, its parameters and what identifies it. */
export interface PreparedOrderList {
  symbol: string;
  type: OrderListRequest['type'];
  path: `/api/v3/orderList/${'oco' | 'oto' | 'otoco' | 'opo' | 'opoco'}`;
  listClientOrderId: string;
  /** The list's orders, each with its client order id. */
  orders: PreparedOrder[];
  params: Params;
}

/** What every order of the list is checked with. */
interface LegContext {
  symbol: string;
  info: SymbolInfo | undefined;
  roundToFilters: boolean;
  random: () => number;
}

/** Checks one order of the list as `placeOrder` would, naming it (`above.price`) in errors. */
function prepareLeg(name: string, request: OrderRequest, context: LegContext): PreparedOrder {
  // Sent under the order's prefix, such an option would be a parameter Binance does not have.
  const listLevel = LIST_LEVEL_ORDER_OPTIONS.find((field) => (request as Readonly<Partial<Record<(typeof LIST_LEVEL_ORDER_OPTIONS)[number], unknown>>>)[field] !== undefined);
  if (listLevel !== undefined) {
    throw invalidOrder(`${name}.${listLevel}`, 'NOT_ALLOWED', `an order of a list takes no ${listLevel}: Binance takes it once, for the whole list`);
  }
  try {
    return prepareOrder({ ...request, symbol: context.symbol, ...(context.roundToFilters ? { roundToFilters: true } : {}) }, context.info, { random: context.random });
  } catch (error) {
    if (!(error instanceof InvalidOrderError || error instanceof InvalidArgumentError) || error.field === undefined) throw error;
    // The field is named within the list (`above.price`), so a bot knows which order is at fault.
    throw invalidOrder(`${name}.${error.field}`, error.rule ?? 'INVALID', error.message.slice(error.field.length + 2));
  }
}

/** One OCO leg as a full order: the pair's side and quantity with the leg's own type, prices and trigger. */
function ocoLeg(name: string, leg: OcoLegRequest, side: OrderSide, quantity: OrderRequest['quantity'], context: LegContext): PreparedOrder {
  checkObject(leg, name);
  return prepareLeg(name, { ...leg, side, quantity, symbol: context.symbol } as OrderRequest, context);
}

/**
 * A prepared order's parameters under `prefix`: `price` → `abovePrice`, `newClientOrderId` →
 * `aboveClientOrderId`; `shared` names the ones the list sends once for several orders (an OCO's
 * side and quantity), which are left out.
 */
function prefixed(prefix: string, order: PreparedOrder, shared: readonly string[]): Params {
  return orderParams(order)
    .filter(([name]) => name !== 'symbol' && name !== 'newOrderRespType' && !shared.includes(name))
    .map(([name, value]) => [`${prefix}${name === 'newClientOrderId' ? 'ClientOrderId' : name[0]!.toUpperCase() + name.slice(1)}`, value] as const);
}

/** The quantity an OCO pair sends once for both its orders (both were checked and rounded alike). */
function pairQuantity(order: PreparedOrder): string {
  return toPlainString(order.quantity!);
}

/**
 * Validates an order list before anything is sent: its type and symbol, a `listClientOrderId`
 * (generated when absent), and every order as `placeOrder` validates one (each gets a client
 * order id too, so a lost answer can be reconciled). Throws InvalidOrderError naming the order
 * and field (`below.stopPrice`). Binance's price relations between the orders (-1165.. -1199)
 * depend on the last price and are left to the exchange.
 */
export function prepareOrderList(request: OrderListRequest, info: SymbolInfo | undefined, random: () => number): PreparedOrderList {
  return asOrderContent(() => prepare(request, info, random));
}

function prepare(request: OrderListRequest, info: SymbolInfo | undefined, random: () => number): PreparedOrderList {
  checkObject(request, 'request');
  const type: string = request.type;
  if (!(ORDER_LIST_TYPES as readonly string[]).includes(type)) {
    throw invalidOrder('type', 'ENUM', `must be one of ${ORDER_LIST_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  }
  const symbol = normalizeSymbol(request.symbol);
  const listClientOrderId = request.listClientOrderId ?? generateClientOrderId(random);
  if (!isValidClientOrderId(listClientOrderId)) {
    throw invalidOrder('listClientOrderId', 'FORMAT', 'must be 1 to 36 characters from A-Z a-z 0-9 . : / _ -');
  }
  if (info !== undefined) {
    // exchangeInfo's flags: an OTOCO needs both (a one-triggers-the-other around an OCO pair);
    // faqs/opo.md: an OPO needs otoAllowed and opoAllowed, an OPOCO ocoAllowed as well.
    const needs = {
      OCO: ['ocoAllowed'], OTO: ['otoAllowed'], OTOCO: ['otoAllowed', 'ocoAllowed'],
      OPO: ['otoAllowed', 'opoAllowed'], OPOCO: ['otoAllowed', 'opoAllowed', 'ocoAllowed'],
    } as const;
    for (const flag of needs[request.type]) {
      if (!info[flag]) throw invalidOrder('type', 'ORDER_LIST', `${request.type} order lists are not allowed on ${info.symbol} (${flag} is false)`);
    }
  }
  const selfTradePreventionMode = checkStpMode(request.selfTradePreventionMode);
  if (info !== undefined) checkSymbolAllowsStpMode(selfTradePreventionMode, info);
  const context: LegContext = { symbol, info, roundToFilters: request.roundToFilters === true, random };
  const head: Params = [['symbol', symbol], ['listClientOrderId', listClientOrderId]];
  const tail: Params = [['newOrderRespType', 'FULL'], ...(selfTradePreventionMode === undefined ? [] : [['selfTradePreventionMode', selfTradePreventionMode] as const])];
  switch (request.type) {
    case 'OCO': {
      const above = ocoLeg('above', request.above, request.side, request.quantity, context);
      const below = ocoLeg('below', request.below, request.side, request.quantity, context);
      const shared = ['side', 'quantity'];
      return {
        symbol, type: 'OCO', path: '/api/v3/orderList/oco', listClientOrderId, orders: [below, above],
        params: [...head, ['side', above.side], ['quantity', pairQuantity(above)], ...prefixed('above', above, shared), ...prefixed('below', below, shared), ...tail],
      };
    }
    case 'OTO': {
      checkObject(request.working, 'working');
      checkObject(request.pending, 'pending');
      const working = prepareLeg('working', { ...request.working, symbol } as OrderRequest, context);
      const pending = prepareLeg('pending', { ...request.pending, symbol } as OrderRequest, context);
      if (pending.type === 'MARKET' && pending.quoteQuantity !== undefined) {
        throw invalidOrder('pending.quoteQuantity', 'QUOTE_ORDER_QTY', 'the pending order of an OTO cannot be a quote-quantity MARKET order');
      }
      return {
        symbol, type: 'OTO', path: '/api/v3/orderList/oto', listClientOrderId, orders: [working, pending],
        params: [...head, ...prefixed('working', working, []), ...prefixed('pending', pending, []), ...tail],
      };
    }
    case 'OTOCO': {
      checkObject(request.working, 'working');
      const working = prepareLeg('working', { ...request.working, symbol } as OrderRequest, context);
      const above = ocoLeg('pendingAbove', request.pendingAbove, request.pendingSide, request.pendingQuantity, context);
      const below = ocoLeg('pendingBelow', request.pendingBelow, request.pendingSide, request.pendingQuantity, context);
      const shared = ['side', 'quantity'];
      return {
        symbol, type: 'OTOCO', path: '/api/v3/orderList/otoco', listClientOrderId, orders: [working, below, above],
        params: [
          ...head, ...prefixed('working', working, []), ['pendingSide', above.side], ['pendingQuantity', pairQuantity(above)],
          ...prefixed('pendingAbove', above, shared), ...prefixed('pendingBelow', below, shared), ...tail,
        ],
      };
    }
    case 'OPO': {
      const working = opoWorking(request.working, context);
      checkObject(request.pending, 'pending');
      if ('quoteQuantity' in request.pending && request.pending.quoteQuantity !== undefined) {
        throw invalidOrder('pending.quoteQuantity', 'QUOTE_ORDER_QTY', 'the pending order of an OPO cannot be a quote-quantity MARKET order');
      }
      // Checked with the working quantity, the most it can sell; Binance sets and checks the real one after the fill.
      const pending = prepareLeg('pending', { ...request.pending, side: 'SELL', quantity: working.quantity!, symbol } as OrderRequest, context);
      return {
        symbol, type: 'OPO', path: '/api/v3/orderList/opo', listClientOrderId, orders: [working, pending],
        params: [...head, ...prefixed('working', working, []), ...prefixed('pending', pending, ['quantity']), ...tail],
      };
    }
    case 'OPOCO': {
      const working = opoWorking(request.working, context);
      const above = ocoLeg('pendingAbove', request.pendingAbove, 'SELL', working.quantity!, context);
      const below = ocoLeg('pendingBelow', request.pendingBelow, 'SELL', working.quantity!, context);
      const shared = ['side', 'quantity'];
      return {
        symbol, type: 'OPOCO', path: '/api/v3/orderList/opoco', listClientOrderId, orders: [working, below, above],
        params: [
          ...head, ...prefixed('working', working, []), ['pendingSide', 'SELL'],
          ...prefixed('pendingAbove', above, shared), ...prefixed('pendingBelow', below, shared), ...tail,
        ],
      };
    }
  }
}

/** The working order of an OPO or OPOCO: a BUY, as Binance requires (-1222 otherwise). */
function opoWorking(request: OpoOrderListRequest['working'], context: LegContext): PreparedOrder {
  checkObject(request, 'working');
  if (request.side !== 'BUY') throw invalidOrder('working.side', 'OPO', 'the working order of an OPO or OPOCO must be a BUY');
  return prepareLeg('working', { ...request, symbol: context.symbol } as OrderRequest, context);
}
