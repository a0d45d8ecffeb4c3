import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { STP_MODES } from '../../spec/binance/enums.js';
import {
  MAX_PEG_OFFSET_VALUE, MIN_STRATEGY_TYPE, OrderOptionErrorCode, OrderOptionMessage, PEG_OFFSET_TYPES, PEG_PRICE_TYPES,
  pegConflict, takesIceberg, takesPeg, type PegPriceType,
} from '../../spec/binance/order-options.js';
import { decimalToSteps } from './amounts.js';
import type { PegRequest, SimOrderType, TimeInForce } from './order-types.js';
import type { Params } from '../rest/params.js';
import { badRequest } from '../sim-error.js';
import type { SymbolSpec } from '../market/symbols.js';

/**
 * `POST /api/v3/order`'s options beyond price and quantity: `icebergQty`, the peg parameters,
 * `selfTradePreventionMode`, `strategyId` and `strategyType`, read and checked with Binance's
 * codes and messages (errors.md) before the order reaches the engine.
 */

/** The STP modes every simulated symbol allows (exchangeInfo's `allowedSelfTradePreventionModes`). */
export const ALLOWED_STP_MODES: readonly string[] = STP_MODES;
/** The mode an order sent without one gets (exchangeInfo's `defaultSelfTradePreventionMode`). */
export const DEFAULT_STP_MODE = 'NONE';
/** ICEBERG_PARTS: the most parts an iceberg may have (CHANGELOG: 100 for all symbols since 2026-03-12). */
export const ICEBERG_PARTS_LIMIT = 100;

/** The options of a parsed order. */
export interface ParsedOrderOptions {
  readonly selfTradePreventionMode: string;
  readonly icebergSteps: number | undefined;
  readonly peg: PegRequest | undefined;
  readonly strategyId: number | undefined;
  readonly strategyType: number | undefined;
}

function rejected(message: string): never {
  throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, message);
}

/** True when the request asks for a pegged price, which makes `price` optional. */
export function asksForPeg(params: Params): boolean {
  return params.has('pegPriceType');
}

/**
 * The peg of an order of `type` (undefined when none): -1210/-1211 for unknown peg or offset
 * types, -1128 for an offset without its pair, -2010 for a type that cannot be pegged, a
 * LIMIT_MAKER pegged to the other side, or a PRIMARY_PEG LIMIT that is not GTC.
 */
function parsePeg(params: Params, type: SimOrderType, timeInForce: TimeInForce | undefined, sentPriceTicks: number | undefined): PegRequest | undefined {
  const priceType = params.optional('pegPriceType');
  const offsetType = params.optional('pegOffsetType');
  const offsetValue = params.integer('pegOffsetValue');
  if (priceType === undefined) {
    if (offsetType !== undefined || offsetValue !== undefined) {
      throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
    }
    return undefined;
  }
  if (!(PEG_PRICE_TYPES as readonly string[]).includes(priceType)) {
    throw badRequest(OrderOptionErrorCode.INVALID_PEG_PRICE_TYPE, OrderOptionMessage.invalidPegPriceType);
  }
  if (offsetType !== undefined && !(PEG_OFFSET_TYPES as readonly string[]).includes(offsetType)) {
    throw badRequest(OrderOptionErrorCode.INVALID_PEG_OFFSET_TYPE, OrderOptionMessage.invalidPegOffsetType);
  }
  if ((offsetType === undefined) !== (offsetValue === undefined)) {
    throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
  }
  if (offsetValue !== undefined && (offsetValue < 0 || offsetValue > MAX_PEG_OFFSET_VALUE)) {
    throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter(params.nameOf('pegOffsetValue')));
  }
  if (!takesPeg(type)) rejected(OrderOptionMessage.pegNotForType);
  const conflict = pegConflict(type, priceType as PegPriceType, timeInForce);
  if (conflict === 'PEG_TYPE') rejected(OrderOptionMessage.pegNotWithType);
  if (conflict === 'TIME_IN_FORCE') rejected(OrderOptionMessage.unsupportedCombination);
  return { priceType: priceType as PegPriceType, offsetLevels: offsetValue, sentPriceTicks: sentPriceTicks ?? 0 };
}

/** The iceberg part in steps (undefined when none), checked against the type, GTC, the quantity and ICEBERG_PARTS. */
function parseIceberg(params: Params, spec: SymbolSpec, type: SimOrderType, timeInForce: TimeInForce | undefined, quantitySteps: number | undefined): number | undefined {
  const iceberg = params.decimal('icebergQty');
  if (iceberg === undefined || iceberg.eq(0)) return undefined;
  if (!takesIceberg(type) || (timeInForce !== undefined && timeInForce !== 'GTC')) rejected(OrderOptionMessage.unsupportedCombination);
  const steps = decimalToSteps(spec, iceberg);
  if (steps === undefined || steps <= 0) throw badRequest(BinanceErrorCode.INVALID_MESSAGE, BinanceMessage.filterFailure('LOT_SIZE'));
  if (quantitySteps !== undefined && steps >= quantitySteps) rejected(OrderOptionMessage.icebergExceedsQty);
  if (quantitySteps !== undefined && Math.ceil(quantitySteps / steps) > ICEBERG_PARTS_LIMIT) {
    throw badRequest(BinanceErrorCode.INVALID_MESSAGE, BinanceMessage.filterFailure('ICEBERG_PARTS'));
  }
  return steps;
}

/** Reads and checks the options of an order of `type`. */
export function parseOrderOptions(
  params: Params, spec: SymbolSpec,
  order: { type: SimOrderType; timeInForce: TimeInForce | undefined; quantitySteps: number | undefined; priceTicks: number | undefined },
): ParsedOrderOptions {
  const stp = params.optional('selfTradePreventionMode') ?? DEFAULT_STP_MODE;
  if (!(STP_MODES as readonly string[]).includes(stp)) throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter(params.nameOf('selfTradePreventionMode')));
  if (!ALLOWED_STP_MODES.includes(stp)) throw badRequest(BinanceErrorCode.INVALID_MESSAGE, OrderOptionMessage.stpModeNotAllowed);
  const strategyType = params.integer('strategyType');
  if (strategyType !== undefined && strategyType < MIN_STRATEGY_TYPE) throw badRequest(OrderOptionErrorCode.BAD_STRATEGY_TYPE, OrderOptionMessage.badStrategyType);
  return {
    selfTradePreventionMode: stp,
    icebergSteps: parseIceberg(params, spec, order.type, order.timeInForce, order.quantitySteps),
    peg: parsePeg(params, order.type, order.timeInForce, order.priceTicks),
    strategyId: params.integer('strategyId'),
    strategyType,
  };
}
