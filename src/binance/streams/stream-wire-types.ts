/**
 * Binance WebSocket payloads exactly as they arrive (decimals as strings), kept apart from the
 * framework models the stream parsers turn them into.
 */

/** `<symbol>@kline_<interval>`. */
export interface WireKlineEvent {
  e: 'kline';
  E: number;
  s: string;
  k: {
    t: number; T: number; s: string; i: string; f: number; L: number;
    o: string; c: string; h: string; l: string; v: string; n: number; x: boolean; q: string; V: string; Q: string;
  };
}

/** `<symbol>@trade`: `m` is true when the buyer was the maker; `M` is ignored. */
export interface WireTradeEvent {
  e: 'trade';
  E: number;
  s: string;
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
  M: boolean;
}

/** `<symbol>@ticker`. */
export interface WireTickerEvent {
  e: '24hrTicker';
  E: number;
  s: string;
  p: string; P: string; w: string; x: string; c: string; Q: string; b: string; B: string; a: string; A: string;
  o: string; h: string; l: string; v: string; q: string; O: number; C: number; F: number; L: number; n: number;
}

/** `<symbol>@depth[@100ms]`: levels are absolute quantities, `"0"` removes the level. */
export interface WireDepthEvent {
  e: 'depthUpdate';
  E: number;
  s: string;
  /** First update id in the event. */
  U: number;
  /** Final update id in the event. */
  u: number;
  b: [string, string][];
  a: [string, string][];
}

/** `executionReport` (fields the connector reads). */
export interface WireExecutionReport {
  e: 'executionReport';
  E: number; s: string; c: string; S: string; o: string; f: string; q: string; p: string;
  C: string; x: string; X: string; r: string; i: number; l: string; z: string; L: string; n: string;
  N: string | null; T: number; t: number; w: boolean; m: boolean; O: number; Z: string; Y: string; Q: string;
}

/** `outboundAccountPosition`. */
export interface WireAccountPosition {
  e: 'outboundAccountPosition';
  E: number;
  u: number;
  B: { a: string; f: string; l: string }[];
}

/** `balanceUpdate`. */
export interface WireBalanceUpdate {
  e: 'balanceUpdate';
  E: number;
  a: string;
  d: string;
  T: number;
}

/** `eventStreamTerminated`. */
export interface WireStreamTerminated {
  e: 'eventStreamTerminated';
  E: number;
}

/** A WebSocket API response frame. */
export interface WireWsApiResponse {
  id: string | number | null;
  status: number;
  result?: unknown;
  error?: { code: number; msg: string; data?: { retryAfter?: number; serverTime?: number } };
  rateLimits?: WireWsApiRateLimit[];
}

/** One `rateLimits` entry of a WebSocket API response. */
export interface WireWsApiRateLimit {
  rateLimitType: string;
  interval: string;
  intervalNum: number;
  limit: number;
  count: number;
}
