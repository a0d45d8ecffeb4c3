import type { RateLimitRule } from '../../spec/binance/rate-limits.js';
import { symbolFilters, type FilterJson } from '../engine/filters.js';
import { ALLOWED_STP_MODES, DEFAULT_STP_MODE } from '../engine/order-options.js';
import { ASSET_PRECISION, type SymbolSpec } from '../market/symbols.js';

/** The `GET /api/v3/exchangeInfo` document, shaped as Binance's. */

/** Order types the simulator executes, as exchangeInfo lists them. */
export const SUPPORTED_ORDER_TYPES = [
  'LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT',
] as const;

/** One symbol entry of exchangeInfo. */
export interface ExchangeInfoSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  baseAssetPrecision: number;
  quoteAsset: string;
  quotePrecision: number;
  quoteAssetPrecision: number;
  baseCommissionPrecision: number;
  quoteCommissionPrecision: number;
  orderTypes: string[];
  icebergAllowed: boolean;
  ocoAllowed: boolean;
  otoAllowed: boolean;
  opoAllowed: boolean;
  quoteOrderQtyMarketAllowed: boolean;
  allowTrailingStop: boolean;
  cancelReplaceAllowed: boolean;
  amendAllowed: boolean;
  pegInstructionsAllowed: boolean;
  isSpotTradingAllowed: boolean;
  isMarginTradingAllowed: boolean;
  filters: FilterJson[];
  permissions: string[];
  permissionSets?: string[][];
  defaultSelfTradePreventionMode: string;
  allowedSelfTradePreventionModes: string[];
}

/** The symbol's exchangeInfo entry; `showPermissionSets=false` drops `permissionSets`. */
export function symbolInfo(spec: SymbolSpec, showPermissionSets = true): ExchangeInfoSymbol {
  const info: ExchangeInfoSymbol = {
    symbol: spec.symbol, status: 'TRADING',
    baseAsset: spec.baseAsset, baseAssetPrecision: ASSET_PRECISION,
    quoteAsset: spec.quoteAsset, quotePrecision: ASSET_PRECISION, quoteAssetPrecision: ASSET_PRECISION,
    baseCommissionPrecision: ASSET_PRECISION, quoteCommissionPrecision: ASSET_PRECISION,
    orderTypes: [...SUPPORTED_ORDER_TYPES],
    icebergAllowed: true, ocoAllowed: true, otoAllowed: true, opoAllowed: true,
    quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, cancelReplaceAllowed: true, amendAllowed: true,
    pegInstructionsAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    filters: symbolFilters(spec),
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: DEFAULT_STP_MODE,
    allowedSelfTradePreventionModes: [...ALLOWED_STP_MODES],
  };
  if (!showPermissionSets) delete info.permissionSets;
  return info;
}

/** The whole exchangeInfo document for the given symbols. */
export function exchangeInfo(specs: readonly SymbolSpec[], rateLimits: readonly RateLimitRule[], serverTime: number, showPermissionSets = true): object {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: rateLimits.map((rule) => ({ ...rule })),
    exchangeFilters: [],
    symbols: specs.map((spec) => symbolInfo(spec, showPermissionSets)),
  };
}
