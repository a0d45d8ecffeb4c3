import type { DepthEvent, TradeEvent } from '../engine/engine-events.js';
import type { Exchange } from '../exchange.js';
import { bucketOpen, nextBucketOpen } from '../market/intervals.js';
import type { StreamSpec } from './stream-names.js';
import {
  aggTradePayload, avgPricePayload, bookTickerPayload, klinePayload, miniTickerPayload, partialDepthPayload,
  rollingTickerPayload, tickerPayload, tradePayload,
} from './stream-payloads.js';
import type { ResolvedTiming } from './stream-timing.js';
import type { SymbolMarket } from '../market/symbol-market.js';

/**
 * The producers behind market streams. Event-driven feeds (trades, book ticker, diff depth) listen
 * to the matching engine; periodic ones (klines, tickers, partial depth) compute from the market on
 * their cadence. One feed serves every connection subscribed to its stream name.
 */

/** A running producer of one stream. */
export interface Feed {
  /** Called on every hub tick with the server time and a monotonic wall clock. */
  tick(now: number, wallMs: number): void;
  /** Releases its engine listeners. */
  stop(): void;
}

/** What a feed needs. */
export interface FeedContext {
  readonly exchange: Exchange;
  readonly timing: ResolvedTiming;
  emit(payload: unknown): void;
}

/** Fires once per period of wall time; the first tick fires at once. */
class Cadence {
  private next: number;

  constructor(private readonly periodMs: number, wallMs: number) {
    this.next = wallMs;
  }

  due(wallMs: number): boolean {
    if (wallMs < this.next) return false;
    this.next += this.periodMs;
    // After a long pause the missed periods are skipped rather than sent in a burst.
    if (this.next <= wallMs) this.next = wallMs + this.periodMs;
    return true;
  }
}

const IDLE: Omit<Feed, 'stop'> = { tick: () => undefined };

/**
 * Trades are generated a second at a time with their own times inside that second; they are
 * held back until the server clock reaches them, so the stream runs in real time. A user trade made
 * meanwhile takes its place among them, and the generated trades after it move up one id: each is
 * sent with the id it has when its time comes, the one REST serves.
 */
function tradeFeed(context: FeedContext, market: SymbolMarket, build: (t: TradeEvent, now: number) => unknown): Feed {
  const pending: { trade: TradeEvent; usersBefore: number }[] = [];
  const release = (now: number): void => {
    while (pending.length > 0 && pending[0]!.trade.time <= now) {
      const { trade, usersBefore } = pending.shift()!;
      const moved = market.userTradesBefore(trade.time) - usersBefore;
      context.emit(build(moved === 0 ? trade : { ...trade, id: trade.id + moved }, now));
    }
  };
  const off = context.exchange.engine.events.on('trade', (trade) => {
    if (trade.symbol !== market.spec.symbol) return;
    let index = pending.length;
    while (index > 0 && pending[index - 1]!.trade.time > trade.time) index--;
    pending.splice(index, 0, { trade, usersBefore: market.userTradesBefore(trade.time) });
    release(context.exchange.now());
  });
  return { tick: (now) => release(now), stop: off };
}

function bookTickerFeed(context: FeedContext, market: SymbolMarket): Feed {
  let last = '';
  const off = context.exchange.engine.events.on('depth', (event: DepthEvent) => {
    if (event.symbol !== market.spec.symbol) return;
    const payload = bookTickerPayload(market, event.lastUpdateId, context.exchange.now());
    const key = JSON.stringify([payload.b, payload.B, payload.a, payload.A]);
    if (key === last) return;
    last = key;
    context.emit(payload);
  });
  return { ...IDLE, stop: off };
}

/** Book changes merged over one period: `U` is the first update id, `u` the last. */
function diffDepthFeed(context: FeedContext, market: SymbolMarket, fast: boolean): Feed {
  const { timing } = context;
  const cadence = new Cadence(fast ? timing.fastDepthUpdateMs : timing.depthUpdateMs, context.exchange.timers.now());
  let first: number | undefined;
  let last = 0;
  let bids = new Map<string, string>();
  let asks = new Map<string, string>();
  const off = context.exchange.engine.events.on('depth', (event) => {
    if (event.symbol !== market.spec.symbol) return;
    first ??= event.firstUpdateId;
    last = event.lastUpdateId;
    for (const [price, qty] of event.bids) bids.set(price, qty);
    for (const [price, qty] of event.asks) asks.set(price, qty);
  });
  const levels = (side: Map<string, string>, descending: boolean): [string, string][] =>
    [...side].sort((a, b) => (descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
  return {
    tick(now, wallMs) {
      if (!cadence.due(wallMs) || first === undefined) return;
      context.emit({ e: 'depthUpdate', E: now, s: market.spec.symbol, U: first, u: last, b: levels(bids, true), a: levels(asks, false) });
      first = undefined;
      bids = new Map();
      asks = new Map();
    },
    stop: off,
  };
}

function periodicFeed(periodMs: number, build: (now: number) => unknown, context: FeedContext): Feed {
  const cadence = new Cadence(periodMs, context.exchange.timers.now());
  return {
    tick(now, wallMs) {
      if (cadence.due(wallMs)) context.emit(build(now));
    },
    stop: () => undefined,
  };
}

/**
 * Closed candles one tick sends after the clock stepped past many buckets at once (a late tick, a
 * cleared clock skew); a longer step leaves the rest to the client's REST backfill, as a gap would.
 */
const MAX_CLOSES_PER_TICK = 120;

/**
 * The current candle on the cadence, and the final one (`x: true`) of every bucket from the
 * subscription's on as soon as it ends, each bucket closed even when one tick steps past several.
 */
function klineFeed(context: FeedContext, market: SymbolMarket, spec: Extract<StreamSpec, { kind: 'kline' }>): Feed {
  const { interval, offsetMs } = spec;
  const { timing } = context;
  const cadence = new Cadence(interval === '1s' ? timing.secondKlineUpdateMs : timing.klineUpdateMs, context.exchange.timers.now());
  // The bucket under way at subscription: every bucket from it on is closed on the stream, even
  // when the clock steps past some before the first tick.
  let open = bucketOpen(interval, context.exchange.now(), offsetMs);
  const send = (openTime: number, now: number, closed: boolean): void => {
    const candle = market.source.candle(openTime, nextBucketOpen(interval, openTime, offsetMs) - 1, now);
    if (candle !== undefined) context.emit(klinePayload(market, interval, candle, closed, now));
  };
  return {
    tick(now, wallMs) {
      const current = bucketOpen(interval, now, offsetMs);
      for (let bucket = open, sent = 0; bucket < current && sent < MAX_CLOSES_PER_TICK; sent += 1) {
        send(bucket, now, true);
        bucket = nextBucketOpen(interval, bucket, offsetMs);
      }
      open = current;
      if (cadence.due(wallMs)) send(current, now, false);
    },
    stop: () => undefined,
  };
}

/** `!miniTicker@arr` and `!ticker_<window>@arr`: only the symbols whose ticker changed since the last push. */
function allTickersFeed(context: FeedContext, build: (market: SymbolMarket, now: number) => Record<string, unknown>): Feed {
  const last = new Map<string, string>();
  return periodicFeed(context.timing.tickerUpdateMs, (now) => {
    const changed: unknown[] = [];
    for (const market of context.exchange.engine.allMarkets()) {
      const payload = build(market, now);
      // Times move every second; a ticker changed when anything else did.
      const key = JSON.stringify({ ...payload, E: 0, C: 0, O: 0 });
      if (last.get(market.spec.symbol) === key) continue;
      last.set(market.spec.symbol, key);
      changed.push(payload);
    }
    return changed.length === 0 ? undefined : changed;
  }, { ...context, emit: (payload) => { if (payload !== undefined) context.emit(payload); } });
}

/** Starts the producer of `spec`. */
export function createFeed(spec: StreamSpec, context: FeedContext): Feed {
  if (spec.kind === 'allMiniTickers') return allTickersFeed(context, miniTickerPayload);
  if (spec.kind === 'allRollingTickers') return allTickersFeed(context, (market, now) => rollingTickerPayload(market, spec.window, now));
  const market = context.exchange.engine.market(spec.spec.symbol)!;
  const { timing } = context;
  switch (spec.kind) {
    case 'trade': return tradeFeed(context, market, tradePayload);
    case 'aggTrade': return tradeFeed(context, market, aggTradePayload);
    case 'bookTicker': return bookTickerFeed(context, market);
    case 'diffDepth': return diffDepthFeed(context, market, spec.fast);
    case 'partialDepth':
      return periodicFeed(spec.fast ? timing.fastDepthUpdateMs : timing.depthUpdateMs, () => partialDepthPayload(market, spec.levels), context);
    case 'kline': return klineFeed(context, market, spec);
    case 'ticker': return periodicFeed(timing.tickerUpdateMs, (now) => tickerPayload(market, now), context);
    case 'miniTicker': return periodicFeed(timing.tickerUpdateMs, (now) => miniTickerPayload(market, now), context);
    case 'rollingTicker': return periodicFeed(timing.tickerUpdateMs, (now) => rollingTickerPayload(market, spec.window, now), context);
    case 'avgPrice': return periodicFeed(timing.tickerUpdateMs, (now) => avgPricePayload(market, now), context);
  }
}
