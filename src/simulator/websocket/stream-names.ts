import { isKlineInterval, isStreamTickerWindow, type KlineInterval, type StreamTickerWindow } from '../../spec/binance/intervals.js';
import { parseTimeZone } from '../market/intervals.js';
import type { SymbolSpec } from '../market/symbols.js';

/**
 * Market stream names, parsed. Symbols are lowercase in stream names, as on Binance; a name that
 * does not parse (an uppercase symbol, a typo) is still accepted by SUBSCRIBE but never carries
 * data, which is what Binance does too.
 */

/** Rolling-window ticker streams' window sizes. */
export type TickerWindow = StreamTickerWindow;

/** What one stream carries. */
export type StreamSpec =
  | { readonly kind: 'trade' | 'aggTrade' | 'bookTicker' | 'ticker' | 'miniTicker' | 'avgPrice'; readonly spec: SymbolSpec }
  | { readonly kind: 'kline'; readonly spec: SymbolSpec; readonly interval: KlineInterval; readonly offsetMs: number }
  | { readonly kind: 'partialDepth'; readonly spec: SymbolSpec; readonly levels: 5 | 10 | 20; readonly fast: boolean }
  | { readonly kind: 'diffDepth'; readonly spec: SymbolSpec; readonly fast: boolean }
  | { readonly kind: 'rollingTicker'; readonly spec: SymbolSpec; readonly window: TickerWindow }
  | { readonly kind: 'allMiniTickers' }
  | { readonly kind: 'allRollingTickers'; readonly window: TickerWindow };

/** The stream every market stream connection can receive without subscribing. */
export const SERVER_SHUTDOWN_STREAM = '!serverShutdown';

const SIMPLE = new Set(['trade', 'aggTrade', 'bookTicker', 'ticker', 'miniTicker', 'avgPrice'] as const);
type SimpleKind = typeof SIMPLE extends Set<infer K> ? K : never;

function isSimple(value: string): value is SimpleKind {
  return (SIMPLE as Set<string>).has(value);
}

/** Parses a stream name; undefined when it names nothing the simulator publishes. */
export function parseStreamName(name: string, symbols: readonly SymbolSpec[]): StreamSpec | undefined {
  if (name === '!miniTicker@arr') return { kind: 'allMiniTickers' };
  // `!ticker@arr` (retired 2026-03-26) is not among them: like any name that parses to nothing, it never carries data.
  const allRolling = /^!ticker_(\w+)@arr$/.exec(name);
  if (allRolling !== null) return isStreamTickerWindow(allRolling[1]!) ? { kind: 'allRollingTickers', window: allRolling[1] } : undefined;
  const [symbolPart, type, ...rest] = name.split('@');
  if (symbolPart === undefined || type === undefined) return undefined;
  // Only the lowercase form names a symbol: "BTCUSDT@trade" is silently empty on Binance.
  const spec = symbols.find((s) => s.symbol.toLowerCase() === symbolPart);
  if (spec === undefined) return undefined;
  if (isSimple(type)) return rest.length === 0 ? { kind: type, spec } : undefined;
  if (type.startsWith('kline_')) {
    const interval = type.slice('kline_'.length);
    if (!isKlineInterval(interval) || rest.length > 1) return undefined;
    // `@kline_1h@+08:00` buckets in UTC+8; it is the only offset Binance documents.
    if (rest.length === 1 && rest[0] !== '+08:00') return undefined;
    const offsetMs = rest.length === 1 ? parseTimeZone(rest[0]!) ?? 0 : 0;
    return { kind: 'kline', spec, interval, offsetMs };
  }
  if (type.startsWith('ticker_')) {
    const window = type.slice('ticker_'.length);
    if (!isStreamTickerWindow(window) || rest.length > 0) return undefined;
    return { kind: 'rollingTicker', spec, window };
  }
  const depth = /^depth(5|10|20)?$/.exec(type);
  if (depth === null) return undefined;
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== '100ms')) return undefined;
  const fast = rest.length === 1;
  if (depth[1] === undefined) return { kind: 'diffDepth', spec, fast };
  return { kind: 'partialDepth', spec, levels: Number(depth[1]) as 5 | 10 | 20, fast };
}
