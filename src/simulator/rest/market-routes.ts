import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { EncodedBody } from './encoded-body.js';
import { exchangeInfo } from './exchange-info.js';
import { isKlineInterval } from '../../spec/binance/intervals.js';
import { parseTimeZone } from '../market/intervals.js';
import { klineRow, selectKlines } from '../market/klines.js';
import { klinesJson } from '../market/klines-json-fast.js';
import { TRADE_ID_STRIDE } from '../market/candle-tree.js';
import { aggTradeViews, averagePrice, bookTicker, depth, priceTicker, rollingTicker, ticker24h, tradeViews } from '../market/market-data.js';
import type { PublicTrade } from '../market/symbol-market.js';
import type { Route, RouteContext } from './route.js';
import { badRequest } from '../sim-error.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import type { SymbolSpec } from '../market/symbols.js';
import { PAGE_LIMITS } from '../../spec/binance/page-limits.js';

/** Public market-data endpoints. */

function marketOf(context: RouteContext, spec: SymbolSpec): SymbolMarket {
  return context.exchange.engine.market(spec.symbol)!;
}

/** `symbolStatus`, checked: TRADING, HALT or BREAK, else -1122; undefined when not sent. */
function symbolStatus(context: RouteContext): string | undefined {
  const status = context.params.optional('symbolStatus');
  if (status !== undefined && !['TRADING', 'HALT', 'BREAK'].includes(status)) {
    throw badRequest(BinanceErrorCode.INVALID_SYMBOLSTATUS, BinanceMessage.invalidSymbolStatus);
  }
  return status;
}

/**
 * The symbols a ticker request names: one object for `symbol`, an array for `symbols` or none.
 * With `symbolStatus`, a single symbol of another status is -1220 and several leave it out
 * (every simulated symbol is TRADING).
 */
function tickerTargets(context: RouteContext): { single: boolean; specs: readonly SymbolSpec[] } {
  const { params, exchange } = context;
  if (params.has('symbol') && params.has('symbols')) {
    throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
  }
  const single = params.optionalSymbol(exchange.specs);
  const status = symbolStatus(context);
  const matches = status === undefined || status === 'TRADING';
  if (single !== undefined) {
    if (!matches) throw badRequest(BinanceErrorCode.SYMBOL_DOES_NOT_MATCH_STATUS, BinanceMessage.symbolStatusMismatch);
    return { single: true, specs: [single] };
  }
  const listed = params.symbolList(exchange.specs) ?? exchange.specs;
  return { single: false, specs: matches ? listed : [] };
}

function perSymbol<T>(context: RouteContext, build: (market: SymbolMarket) => T): T | T[] {
  const { single, specs } = tickerTargets(context);
  const results = specs.map((spec) => build(marketOf(context, spec)));
  return single ? results[0]! : results;
}

function klines(context: RouteContext): EncodedBody {
  const { params, exchange, now } = context;
  const spec = params.symbol(exchange.specs);
  const intervalText = params.required('interval');
  if (!isKlineInterval(intervalText)) throw badRequest(BinanceErrorCode.BAD_INTERVAL, BinanceMessage.invalidInterval);
  const startTime = params.integer('startTime');
  const endTime = params.integer('endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    // -1023 START_TIME_GREATER_THAN_END_TIME is not in the shared error table.
    throw badRequest(-1023, 'Start time is greater than end time.');
  }
  const zoneText = params.optional('timeZone') ?? '0';
  const offsetMs = parseTimeZone(zoneText);
  if (offsetMs === undefined) throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter('timeZone'));
  const source = marketOf(context, spec).source;
  const selected = selectKlines(source, { interval: intervalText, startTime, endTime, limit: params.limit(PAGE_LIMITS['GET /api/v3/klines']), offsetMs }, now);
  return new EncodedBody(() => selected.map((k) => klineRow(source, k.candle)), (microseconds) => klinesJson(source, selected, microseconds));
}

/** Trades from an id on: they are generated from the minute the id belongs to. */
function tradesFromId(market: SymbolMarket, fromId: number, now: number, limit: number): PublicTrade[] {
  const minuteStart = Math.floor(fromId / TRADE_ID_STRIDE) * 60_000;
  return market.tradesFrom(minuteStart, now, limit, (trade) => trade.id >= fromId);
}

function aggTrades(context: RouteContext): unknown {
  const { params, exchange, now } = context;
  const market = marketOf(context, params.symbol(exchange.specs));
  const limit = params.limit(PAGE_LIMITS['GET /api/v3/aggTrades']);
  const fromId = params.integer('fromId');
  const startTime = params.integer('startTime');
  const endTime = params.integer('endTime');
  if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) {
    throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
  }
  // startTime and endTime each work alone and with no window limit (CHANGELOG 2026-02-12).
  let trades: PublicTrade[];
  if (fromId !== undefined) trades = tradesFromId(market, fromId, now, limit);
  else if (startTime !== undefined) trades = market.tradesFrom(startTime, Math.min(now, endTime ?? now), limit);
  else trades = market.recentTrades(Math.min(now, endTime ?? now), limit);
  return aggTradeViews(market, trades);
}

function tickerType(context: RouteContext): 'FULL' | 'MINI' {
  const type = context.params.optional('type') ?? 'FULL';
  if (type !== 'FULL' && type !== 'MINI') throw badRequest(BinanceErrorCode.INVALID_TICKER_TYPE, 'Invalid ticker type.');
  return type;
}

const WINDOW_UNITS: Readonly<Record<string, { ms: number; max: number }>> = {
  m: { ms: 60_000, max: 59 }, h: { ms: 3_600_000, max: 23 }, d: { ms: 86_400_000, max: 7 },
};

/** `windowSize` of the rolling ticker: 1m..59m, 1h..23h, 1d..7d; default 1d. */
function windowSize(context: RouteContext): number {
  const text = context.params.optional('windowSize') ?? '1d';
  const match = /^([0-9]{1,2})([mhd])$/.exec(text);
  const unit = match === null ? undefined : WINDOW_UNITS[match[2]!];
  const count = Number(match?.[1]);
  if (unit === undefined || count < 1 || count > unit.max) {
    throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter('windowSize'));
  }
  return count * unit.ms;
}

/** The public routes. */
export const marketRoutes: readonly Route[] = [
  { method: 'GET', path: '/api/v3/ping', security: 'NONE', handle: () => ({ body: {} }) },
  { method: 'GET', path: '/api/v3/time', security: 'NONE', handle: ({ now }) => ({ body: { serverTime: now } }) },
  {
    method: 'GET', path: '/api/v3/exchangeInfo', security: 'NONE',
    handle: (context) => {
      const { params, exchange, now } = context;
      const combined = [params.has('symbol'), params.has('symbols'), params.has('permissions')].filter(Boolean).length;
      if (combined > 1) throw badRequest(BinanceErrorCode.OPTIONAL_PARAMS_BAD_COMBO, BinanceMessage.optionalParamsBadCombo);
      let specs = exchange.specs;
      const single = params.optionalSymbol(exchange.specs);
      if (single !== undefined) specs = [single];
      specs = params.symbolList(exchange.specs) ?? specs;
      const permissions = params.optional('permissions');
      if (permissions !== undefined && !permissions.includes('SPOT')) specs = [];
      const status = symbolStatus(context);
      if (status !== undefined && status !== 'TRADING') specs = [];
      const showPermissionSets = params.boolean('showPermissionSets') ?? true;
      return { body: exchangeInfo(specs, exchange.limiter.rules, now, showPermissionSets) };
    },
  },
  { method: 'GET', path: '/api/v3/klines', security: 'NONE', handle: (c) => ({ body: klines(c) }) },
  { method: 'GET', path: '/api/v3/uiKlines', security: 'NONE', handle: (c) => ({ body: klines(c) }) },
  {
    method: 'GET', path: '/api/v3/depth', security: 'NONE',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      return { body: depth(marketOf(context, spec), context.params.limit(PAGE_LIMITS['GET /api/v3/depth'])) };
    },
  },
  {
    method: 'GET', path: '/api/v3/trades', security: 'NONE',
    handle: (context) => {
      const spec = context.params.symbol(context.exchange.specs);
      const market = marketOf(context, spec);
      return { body: tradeViews(market, market.recentTrades(context.now, context.params.limit(PAGE_LIMITS['GET /api/v3/trades']))) };
    },
  },
  {
    method: 'GET', path: '/api/v3/historicalTrades', security: 'NONE',
    handle: (context) => {
      const market = marketOf(context, context.params.symbol(context.exchange.specs));
      const limit = context.params.limit(PAGE_LIMITS['GET /api/v3/historicalTrades']);
      const fromId = context.params.integer('fromId');
      const trades = fromId === undefined ? market.recentTrades(context.now, limit) : tradesFromId(market, fromId, context.now, limit);
      return { body: tradeViews(market, trades) };
    },
  },
  { method: 'GET', path: '/api/v3/aggTrades', security: 'NONE', handle: (c) => ({ body: aggTrades(c) }) },
  {
    method: 'GET', path: '/api/v3/avgPrice', security: 'NONE',
    handle: (context) => ({ body: averagePrice(marketOf(context, context.params.symbol(context.exchange.specs)), context.now) }),
  },
  {
    method: 'GET', path: '/api/v3/ticker/24hr', security: 'NONE',
    handle: (context) => {
      const type = tickerType(context);
      return { body: perSymbol(context, (market) => ticker24h(market, context.now, type)) };
    },
  },
  {
    method: 'GET', path: '/api/v3/ticker', security: 'NONE',
    handle: (context) => {
      if (!context.params.has('symbol') && !context.params.has('symbols')) {
        throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.eitherParam('symbol', 'symbols'));
      }
      const type = tickerType(context);
      const windowMs = windowSize(context);
      return { body: perSymbol(context, (market) => rollingTicker(market, context.now, windowMs, type)) };
    },
  },
  { method: 'GET', path: '/api/v3/ticker/price', security: 'NONE', handle: (c) => ({ body: perSymbol(c, (m) => priceTicker(m, c.now)) }) },
  { method: 'GET', path: '/api/v3/ticker/bookTicker', security: 'NONE', handle: (c) => ({ body: perSymbol(c, (m) => bookTicker(m, c.now)) }) },
];
