import { Decimal, toDecimal, toPlainString, type DecimalInput } from '../core/decimal.js';
import { type OrderRequest, type PegOffsetType, type PegPriceType, type SelfTradePreventionMode } from '../core/models.js';
import { STP_MODES } from '../spec/binance/enums.js';
import {
  MAX_PEG_OFFSET_VALUE, MIN_STRATEGY_TYPE, PEG_OFFSET_TYPES, PEG_PRICE_TYPES, pegConflict, takesIceberg, takesPeg,
} from '../spec/binance/order-options.js';
import type { SymbolInfo } from './exchange-info.js';
import type { Params } from './rest/types.js';
import { invalidOrder } from './validation.js';

/**
 * The order options beyond price and quantity (iceberg, peg, self-trade prevention, strategy
 * labels): checked for shape before anything is sent, checked against the symbol's permissions,
 * and written as Binance's parameters.
 */

/** The options of an order after validation; undefined fields are not sent. */
export interface PreparedOrderOptions {
  icebergQuantity: Decimal | undefined;
  selfTradePreventionMode: SelfTradePreventionMode | undefined;
  strategyId: number | undefined;
  strategyType: number | undefined;
  pegPriceType: PegPriceType | undefined;
  pegOffsetType: PegOffsetType | undefined;
  pegOffsetValue: number | undefined;
}

/** The option fields as untyped JavaScript may have set them. */
type LooseOptions = Readonly<Partial<Record<
  'icebergQuantity' | 'selfTradePreventionMode' | 'strategyId' | 'strategyType' | 'pegPriceType' | 'pegOffsetType' | 'pegOffsetValue' | 'timeInForce',
  unknown
>>>;

const NONE: PreparedOrderOptions = {
  icebergQuantity: undefined, selfTradePreventionMode: undefined, strategyId: undefined, strategyType: undefined,
  pegPriceType: undefined, pegOffsetType: undefined, pegOffsetValue: undefined,
};

function quoted(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown, field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw invalidOrder(field, 'ENUM', `must be one of ${values.join(', ')}, got ${quoted(value)}`);
  }
  return value as T;
}

function integer(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
    throw invalidOrder(field, 'INTEGER', `must be ${range}, got ${quoted(value)}`);
  }
  return value;
}

function icebergAmount(value: unknown): Decimal | undefined {
  if (value === undefined) return undefined;
  let parsed: Decimal;
  try {
    if (typeof value === 'number') throw new TypeError('icebergQuantity must be a decimal or a decimal string, not a number');
    parsed = toDecimal(value as DecimalInput, 'icebergQuantity');
  } catch (error) {
    throw invalidOrder('icebergQuantity', 'DECIMAL', (error as Error).message);
  }
  if (parsed.lte(0)) throw invalidOrder('icebergQuantity', 'POSITIVE', `must be greater than 0, got ${toPlainString(parsed)}`);
  return parsed;
}

/** True when the request asks for a pegged price (then its `price` may be absent). */
export function isPegged(request: OrderRequest): boolean {
  return (request as LooseOptions).pegPriceType !== undefined;
}

/**
 * Validates the options' shape as Binance's "New order" rules state them, for requests the type
 * checker did not see (JSON): each value's type and range, an iceberg only on the limit types with
 * GTC and below the quantity, a peg only on the limit types (LIMIT_MAKER to its own side, a
 * PRIMARY_PEG LIMIT only GTC), the two offset fields together.
 */
export function checkOrderOptions(request: OrderRequest, quantity: Decimal | undefined): PreparedOrderOptions {
  const loose = request as LooseOptions;
  const type: string = request.type;
  const timeInForce = typeof loose.timeInForce === 'string' ? loose.timeInForce : undefined;
  const icebergQuantity = icebergAmount(loose.icebergQuantity);
  if (icebergQuantity !== undefined) {
    if (!takesIceberg(type)) throw invalidOrder('icebergQuantity', 'NOT_ALLOWED', `a ${type} order takes no icebergQuantity`);
    if (timeInForce !== undefined && timeInForce !== 'GTC') {
      throw invalidOrder('icebergQuantity', 'ICEBERG_TIME_IN_FORCE', `an iceberg order must have timeInForce GTC, got ${timeInForce}`);
    }
    if (quantity !== undefined && icebergQuantity.gte(quantity)) {
      throw invalidOrder('icebergQuantity', 'ICEBERG_QUANTITY', `must be less than the quantity ${toPlainString(quantity)}, got ${toPlainString(icebergQuantity)}`);
    }
  }
  const pegPriceType = oneOf(PEG_PRICE_TYPES, loose.pegPriceType, 'pegPriceType');
  const pegOffsetType = oneOf(PEG_OFFSET_TYPES, loose.pegOffsetType, 'pegOffsetType');
  const pegOffsetValue = integer(loose.pegOffsetValue, 'pegOffsetValue', 0, MAX_PEG_OFFSET_VALUE);
  if (pegPriceType === undefined) {
    const stray = pegOffsetType !== undefined ? 'pegOffsetType' : pegOffsetValue !== undefined ? 'pegOffsetValue' : undefined;
    if (stray !== undefined) throw invalidOrder(stray, 'NOT_ALLOWED', `${stray} needs pegPriceType`);
  } else {
    if (!takesPeg(type)) throw invalidOrder('pegPriceType', 'NOT_ALLOWED', `a ${type} order cannot be pegged`);
    const conflict = pegConflict(type, pegPriceType, timeInForce);
    if (conflict === 'PEG_TYPE') throw invalidOrder('pegPriceType', 'PEG_TYPE', `a ${type} order takes only PRIMARY_PEG, got ${pegPriceType}`);
    if (conflict === 'TIME_IN_FORCE') throw invalidOrder('timeInForce', 'PEG_TIME_IN_FORCE', `a PRIMARY_PEG ${type} order takes only GTC, got ${timeInForce ?? ''}`);
    if ((pegOffsetType === undefined) !== (pegOffsetValue === undefined)) {
      throw invalidOrder(pegOffsetType === undefined ? 'pegOffsetType' : 'pegOffsetValue', 'REQUIRED', 'pegOffsetType and pegOffsetValue go together');
    }
  }
  const options: PreparedOrderOptions = {
    icebergQuantity,
    selfTradePreventionMode: checkStpMode(loose.selfTradePreventionMode),
    strategyId: integer(loose.strategyId, 'strategyId', Number.MIN_SAFE_INTEGER),
    strategyType: integer(loose.strategyType, 'strategyType', MIN_STRATEGY_TYPE),
    pegPriceType,
    pegOffsetType,
    pegOffsetValue,
  };
  return Object.values(options).every((value) => value === undefined) ? NONE : options;
}

/**
 * The symbol's own refusals of the options, from its exchangeInfo: iceberg orders
 * (`icebergAllowed`, ICEBERG_PARTS), pegged orders (`pegInstructionsAllowed`) and the STP modes
 * it allows. A refusal here is one a fresh exchangeInfo could lift, so it is read again first.
 */
export function checkSymbolAllowsOptions(options: PreparedOrderOptions, symbol: SymbolInfo, quantity: Decimal | undefined): void {
  if (options.icebergQuantity !== undefined) {
    if (!symbol.icebergAllowed) throw invalidOrder('icebergQuantity', 'ICEBERG', `iceberg orders are not allowed on ${symbol.symbol} (icebergAllowed is false)`);
    const limit = symbol.filters.icebergParts;
    if (limit !== undefined && limit > 0 && quantity !== undefined) {
      const parts = Number(quantity.div(options.icebergQuantity).round(0, Decimal.roundUp).toFixed(0));
      if (parts > limit) {
        throw invalidOrder('icebergQuantity', 'ICEBERG_PARTS', `the order would show in ${parts} parts, more than the ${limit} ICEBERG_PARTS allows`);
      }
    }
  }
  if (options.pegPriceType !== undefined && !symbol.pegInstructionsAllowed) {
    throw invalidOrder('pegPriceType', 'PEG', `pegged orders are not allowed on ${symbol.symbol} (pegInstructionsAllowed is false)`);
  }
  checkSymbolAllowsStpMode(options.selfTradePreventionMode, symbol);
}

/** A `selfTradePreventionMode` as untyped JavaScript may have set it (an order's, or an order list's): one of Binance's modes. */
export function checkStpMode(value: unknown): SelfTradePreventionMode | undefined {
  return oneOf(STP_MODES, value, 'selfTradePreventionMode');
}

/** The symbol's refusal of an STP mode it does not allow (`allowedSelfTradePreventionModes`). */
export function checkSymbolAllowsStpMode(mode: SelfTradePreventionMode | undefined, symbol: SymbolInfo): void {
  const allowed = symbol.allowedSelfTradePreventionModes;
  if (mode !== undefined && allowed !== undefined && !allowed.includes(mode)) {
    throw invalidOrder('selfTradePreventionMode', 'STP_MODE', `${mode} is not allowed on ${symbol.symbol} (allowed: ${allowed.join(', ')})`);
  }
}

/** The local refusals of options that a fresh exchangeInfo could lift. */
export const OPTION_STATE_RULES = ['ICEBERG', 'PEG', 'STP_MODE'] as const;

/** The options asked for, as Binance's parameters in the order of its "New order" table; none when none was. */
export function orderOptionParams(options: PreparedOrderOptions): Params {
  if (options === NONE) return [];
  const int = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value));
  const params: Params = [
    ['strategyId', int(options.strategyId)],
    ['strategyType', int(options.strategyType)],
    ['icebergQty', options.icebergQuantity === undefined ? undefined : toPlainString(options.icebergQuantity)],
    ['selfTradePreventionMode', options.selfTradePreventionMode],
    ['pegPriceType', options.pegPriceType],
    ['pegOffsetValue', int(options.pegOffsetValue)],
    ['pegOffsetType', options.pegOffsetType],
  ];
  return params.filter(([, value]) => value !== undefined);
}
