import { InvalidArgumentError, MalformedResponseError } from '../core/errors.js';
import { parseSymbolFilters, type SymbolRules, type WireFilter } from './filters.js';
import { INTERVAL_MS, type RateLimitRule } from '../spec/binance/rate-limits.js';
import { int, list, malformed, record, text } from './wire-fields.js';

/** What the connector knows about one symbol from exchangeInfo. */
export interface SymbolInfo extends SymbolRules {
  status: string;
  baseAsset: string;
  quoteAsset: string;
  orderTypes: readonly string[];
  quoteOrderQtyMarketAllowed: boolean;
  /** Whether trailing stops (`trailingDelta`) are allowed; true when exchangeInfo does not say, leaving it to the exchange. */
  allowTrailingStop: boolean;
  /** Whether OCO lists are allowed (an OTOCO's pending pair too); true when exchangeInfo does not say. */
  ocoAllowed: boolean;
  /** Whether OTO lists are allowed (OTOCO too); true when exchangeInfo does not say. */
  otoAllowed: boolean;
  /** Whether cancel-replace is allowed; allowed unless false (exchangeInfo not saying leaves it to the exchange). */
  cancelReplaceAllowed?: boolean;
  /** Whether Order Amend Keep Priority is allowed; allowed unless false. */
  amendAllowed?: boolean;
  /** Whether OPO lists are allowed (OPOCO too); true when exchangeInfo does not say. */
  opoAllowed: boolean;
  /** Whether iceberg orders are allowed; true when exchangeInfo does not say. */
  icebergAllowed: boolean;
  /** Whether pegged orders are allowed; true when exchangeInfo does not say. */
  pegInstructionsAllowed: boolean;
  /** The self-trade prevention modes orders may ask for; undefined when exchangeInfo does not say. */
  allowedSelfTradePreventionModes: readonly string[] | undefined;
  /** The mode an order without one gets; undefined when exchangeInfo does not say. */
  defaultSelfTradePreventionMode: string | undefined;
}

/** Parsed exchangeInfo: symbols by name and the rate-limit rules. */
export interface ExchangeInfo {
  serverTime: number;
  symbols: ReadonlyMap<string, SymbolInfo>;
  rateLimits: readonly RateLimitRule[];
}

const W = 'exchangeInfo';

/** A precision: the number of decimals, a small non-negative integer. */
function precision(value: unknown, field: string): number {
  const places = int(value, W, field);
  if (!Number.isInteger(places) || places < 0 || places > 30) throw malformed(W, field, value);
  return places;
}

/** An optional boolean field of a symbol. */
function flag(wire: Readonly<Record<string, unknown>>, name: string, at: string): boolean | undefined {
  const value = wire[name];
  if (value !== undefined && typeof value !== 'boolean') throw malformed(W, `${at}.${name}`, value);
  return value;
}

/** One entry of `symbols` (the shape of WireSymbolInfo); every field the connector relies on is checked. */
function parseSymbol(entry: unknown, i: number): SymbolInfo {
  const at = `symbols[${i}]`;
  const wire = record(entry, W, at);
  const symbol = text(wire.symbol, W, `${at}.symbol`);
  // quoteAssetPrecision is the current field; quotePrecision is its legacy twin.
  const quotePrecision = wire.quoteAssetPrecision ?? wire.quotePrecision;
  const orderTypes = wire.orderTypes === undefined ? [] : list(wire.orderTypes, W, `${at}.orderTypes`);
  if (!orderTypes.every((type) => typeof type === 'string')) throw malformed(W, `${at}.orderTypes`, orderTypes);
  const allowQuote = flag(wire, 'quoteOrderQtyMarketAllowed', at);
  const allowTrailing = flag(wire, 'allowTrailingStop', at);
  const allowOco = flag(wire, 'ocoAllowed', at);
  const allowOto = flag(wire, 'otoAllowed', at);
  const allowCancelReplace = flag(wire, 'cancelReplaceAllowed', at);
  const allowAmend = flag(wire, 'amendAllowed', at);
  const allowOpo = flag(wire, 'opoAllowed', at);
  const stpModes = wire.allowedSelfTradePreventionModes === undefined ? undefined : list(wire.allowedSelfTradePreventionModes, W, `${at}.allowedSelfTradePreventionModes`);
  if (stpModes !== undefined && !stpModes.every((mode) => typeof mode === 'string')) throw malformed(W, `${at}.allowedSelfTradePreventionModes`, stpModes);
  return {
    symbol,
    status: text(wire.status, W, `${at}.status`),
    baseAsset: text(wire.baseAsset, W, `${at}.baseAsset`),
    quoteAsset: text(wire.quoteAsset, W, `${at}.quoteAsset`),
    baseAssetPrecision: precision(wire.baseAssetPrecision, `${at}.baseAssetPrecision`),
    quoteAssetPrecision: quotePrecision === undefined ? 8 : precision(quotePrecision, `${at}.quoteAssetPrecision`),
    orderTypes: orderTypes as string[],
    quoteOrderQtyMarketAllowed: allowQuote ?? false,
    allowTrailingStop: allowTrailing ?? true,
    ocoAllowed: allowOco ?? true,
    otoAllowed: allowOto ?? true,
    cancelReplaceAllowed: allowCancelReplace ?? true,
    amendAllowed: allowAmend ?? true,
    opoAllowed: allowOpo ?? true,
    icebergAllowed: flag(wire, 'icebergAllowed', at) ?? true,
    pegInstructionsAllowed: flag(wire, 'pegInstructionsAllowed', at) ?? true,
    allowedSelfTradePreventionModes: stpModes as string[] | undefined,
    defaultSelfTradePreventionMode: wire.defaultSelfTradePreventionMode === undefined ? undefined : text(wire.defaultSelfTradePreventionMode, W, `${at}.defaultSelfTradePreventionMode`),
    filters: parseFilters(wire.filters, at, symbol),
  };
}

/** A symbol's filters; a garbage limit fails naming the symbol, the filter and the field. */
function parseFilters(value: unknown, at: string, symbol: string): SymbolInfo['filters'] {
  const filters = value === undefined ? [] : list(value, W, `${at}.filters`);
  const checked = filters.map((filter, j) => {
    const wire = record(filter, W, `${at}.filters[${j}]`);
    text(wire.filterType, W, `${at}.filters[${j}].filterType`);
    return wire as WireFilter;
  });
  try {
    return parseSymbolFilters(checked);
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw error;
    throw new MalformedResponseError(`Malformed Binance ${W}: ${at} (${symbol}) ${error.message}`, { exchange: 'binance', cause: error });
  }
}

function isRateLimitRule(entry: unknown): entry is RateLimitRule {
  if (typeof entry !== 'object' || entry === null) return false;
  const wire = entry as Partial<Record<keyof RateLimitRule, unknown>>;
  return typeof wire.rateLimitType === 'string' && ['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS'].includes(wire.rateLimitType)
    && typeof wire.interval === 'string' && Object.hasOwn(INTERVAL_MS, wire.interval)
    && Number.isInteger(wire.intervalNum) && (wire.intervalNum as number) > 0
    && Number.isInteger(wire.limit) && (wire.limit as number) > 0;
}

/**
 * `GET /api/v3/exchangeInfo` (the shape of WireExchangeInfo) → ExchangeInfo. A body without its
 * symbols list, or with a symbol or filter that cannot be read, fails with MalformedResponseError:
 * a connector must not start with no symbols or with a rule quietly turned off. Rate-limit
 * entries of unknown kinds are skipped.
 */
export function parseExchangeInfo(body: unknown): ExchangeInfo {
  const wire = record(body, W);
  const symbols = new Map<string, SymbolInfo>();
  for (const [i, entry] of list(wire.symbols, W, 'symbols').entries()) {
    const symbol = parseSymbol(entry, i);
    symbols.set(symbol.symbol, symbol);
  }
  return {
    serverTime: int(wire.serverTime, W, 'serverTime'),
    symbols,
    rateLimits: (wire.rateLimits === undefined ? [] : list(wire.rateLimits, W, 'rateLimits')).filter(isRateLimitRule),
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

  /** The symbol's info, or undefined when exchangeInfo is not loaded. Throws InvalidArgumentError for a symbol the exchange does not list. */
  lookup(symbol: string): SymbolInfo | undefined {
    if (this.#info === undefined) return undefined;
    const info = this.#info.symbols.get(symbol);
    if (info === undefined) {
      throw new InvalidArgumentError(`symbol: unknown symbol ${JSON.stringify(symbol)} (not listed in exchangeInfo)`, {
        exchange: 'binance', field: 'symbol', rule: 'UNKNOWN_SYMBOL',
      });
    }
    return info;
  }
}
