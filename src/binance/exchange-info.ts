import { InvalidOrderError } from '../core/errors.js';
import { parseSymbolFilters, type SymbolRules } from './protocol/filters.js';
import { INTERVAL_MS, type RateLimitRule } from './protocol/weights.js';
import type { WireExchangeInfo, WireRateLimit, WireSymbolInfo } from './wire-types.js';

/** What the connector knows about one symbol from exchangeInfo. */
export interface SymbolInfo extends SymbolRules {
  status: string;
  baseAsset: string;
  quoteAsset: string;
  orderTypes: readonly string[];
  quoteOrderQtyMarketAllowed: boolean;
}

/** Parsed exchangeInfo: symbols by name and the rate-limit rules. */
export interface ExchangeInfo {
  serverTime: number;
  symbols: ReadonlyMap<string, SymbolInfo>;
  rateLimits: readonly RateLimitRule[];
}

function parseSymbol(wire: WireSymbolInfo): SymbolInfo {
  return {
    symbol: wire.symbol,
    status: wire.status,
    baseAsset: wire.baseAsset,
    quoteAsset: wire.quoteAsset,
    baseAssetPrecision: wire.baseAssetPrecision,
    // quoteAssetPrecision is the current field; quotePrecision is its legacy twin.
    quoteAssetPrecision: wire.quoteAssetPrecision ?? wire.quotePrecision ?? 8,
    orderTypes: wire.orderTypes ?? [],
    quoteOrderQtyMarketAllowed: wire.quoteOrderQtyMarketAllowed ?? false,
    filters: parseSymbolFilters(wire.filters ?? []),
  };
}

function isRateLimitRule(wire: WireRateLimit): boolean {
  return ['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS'].includes(wire.rateLimitType)
    && Object.hasOwn(INTERVAL_MS, wire.interval)
    && Number.isInteger(wire.intervalNum) && wire.intervalNum > 0
    && Number.isInteger(wire.limit) && wire.limit > 0;
}

/** `GET /api/v3/exchangeInfo` → ExchangeInfo; rate-limit entries of unknown kinds are skipped. */
export function parseExchangeInfo(wire: WireExchangeInfo): ExchangeInfo {
  const symbols = new Map<string, SymbolInfo>();
  for (const symbol of wire.symbols ?? []) symbols.set(symbol.symbol, parseSymbol(symbol));
  return {
    serverTime: wire.serverTime,
    symbols,
    rateLimits: (wire.rateLimits ?? []).filter(isRateLimitRule) as RateLimitRule[],
  };
}

/** Holds the latest exchangeInfo so orders and symbols are checked without a request. */
export class ExchangeInfoCache {
  #info: ExchangeInfo | undefined;

  /** Replaces the cached info. */
  set(info: ExchangeInfo): void {
    this.#info = info;
  }

  /** Forgets the cached info (on disconnect). */
  clear(): void {
    this.#info = undefined;
  }

  /** True once exchangeInfo has been loaded. */
  get loaded(): boolean {
    return this.#info !== undefined;
  }

  /** Every symbol name known. */
  symbols(): string[] {
    return [...(this.#info?.symbols.keys() ?? [])];
  }

  /** The symbol's info, or undefined when exchangeInfo is not loaded. Throws InvalidOrderError for a symbol the exchange does not list. */
  lookup(symbol: string): SymbolInfo | undefined {
    if (this.#info === undefined) return undefined;
    const info = this.#info.symbols.get(symbol);
    if (info === undefined) {
      throw new InvalidOrderError(`symbol: unknown symbol ${JSON.stringify(symbol)} (not listed in exchangeInfo)`, {
        exchange: 'binance', field: 'symbol', rule: 'UNKNOWN_SYMBOL',
      });
    }
    return info;
  }
}
