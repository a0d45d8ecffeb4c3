import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { PAGE_LIMITS } from '../../spec/binance/page-limits.js';
import { fixed8 } from '../engine/amounts.js';
import type { PreventedMatch } from '../engine/self-trade.js';
import { signedAccount, type Route, type RouteContext } from './route.js';
import { badRequest } from '../sim-error.js';

/**
 * `GET /api/v3/myPreventedMatches` (and the WebSocket API's `myPreventedMatches`): the account's
 * prevented self-trades on a symbol, by `preventedMatchId`, or by `orderId` (taker or maker) from
 * `fromPreventedMatchId` on, as rest-api.md lists the combinations.
 */

/** One prevented match as rest-api.md's answer shows it; the quantities only for the sides that lost any. */
function preventedMatchView(match: PreventedMatch): Record<string, unknown> {
  return {
    symbol: match.symbol, preventedMatchId: match.preventedMatchId, takerOrderId: match.takerOrderId, makerSymbol: match.symbol,
    makerOrderId: match.makerOrderId, tradeGroupId: -1, selfTradePreventionMode: match.selfTradePreventionMode, price: fixed8(match.price),
    ...(match.takerPreventedQuantity === undefined ? {} : { takerPreventedQuantity: fixed8(match.takerPreventedQuantity) }),
    ...(match.makerPreventedQuantity === undefined ? {} : { makerPreventedQuantity: fixed8(match.makerPreventedQuantity) }),
    transactTime: match.transactTime,
  };
}

function preventedMatches(context: RouteContext): Record<string, unknown>[] {
  const { exchange, params } = context;
  const spec = params.symbol(exchange.specs);
  const matches = exchange.engine.preventedMatches.of(signedAccount(context).id, spec.symbol);
  const id = params.integer('preventedMatchId');
  const orderId = params.integer('orderId');
  if (id !== undefined) {
    if (orderId !== undefined || params.has('fromPreventedMatchId')) throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
    return matches.filter((m) => m.preventedMatchId === id).map(preventedMatchView);
  }
  if (orderId === undefined) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('preventedMatchId', 'orderId'));
  }
  const from = params.integer('fromPreventedMatchId') ?? 0;
  const limit = params.limit(PAGE_LIMITS['GET /api/v3/myPreventedMatches']);
  return matches
    .filter((m) => (m.takerOrderId === orderId || m.makerOrderId === orderId) && m.preventedMatchId >= from)
    .slice(0, limit)
    .map(preventedMatchView);
}

/** The prevented-match route. */
export const preventedMatchRoutes: readonly Route[] = [
  { method: 'GET', path: '/api/v3/myPreventedMatches', security: 'SIGNED', handle: (context) => ({ body: preventedMatches(context) }) },
];
