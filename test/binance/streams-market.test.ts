import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import { MarketStreamManager, type StreamSignal } from '../../src/binance/streams/market-stream-manager.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Candlestick, Ticker } from '../../src/core/models.js';
import type { StreamStateChange } from '../../src/core/stream/events.js';
import { FakeClock, tickUntil } from '../support/fake-clock.js';
import { startLocalExchange, type Handler, type LocalExchange } from './support/local-exchange.js';
import { startWsExchange, type WsExchange } from './support/ws-exchange.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MINUTE = 60_000;

/** The same price formula as the local exchange's klines, so stream and REST candles agree. */
function priceAt(openTime: number): string {
  return (20_000 + (openTime / MINUTE) % 1000).toFixed(2);
}

function klineEvent(openTime: number, closed: boolean, close = priceAt(openTime)): Record<string, unknown> {
  const p = priceAt(openTime);
  return {
    e: 'kline', E: openTime + 1, s: 'BTCUSDT',
    k: { t: openTime, T: openTime + MINUTE - 1, s: 'BTCUSDT', i: '1m', f: 1, L: 3, o: p, c: close, h: p, l: p, v: '1.00000000', n: 3, x: closed, q: p, V: '0', Q: '0', B: '0' },
  };
}

async function setup(handler?: Handler, options: Partial<BinanceConnectorOptions> = {}): Promise<{ rest: LocalExchange; ws: WsExchange; c: BinanceConnector }> {
  const rest = await startLocalExchange(handler);
  cleanups.push(() => rest.close());
  const ws = await startWsExchange();
  cleanups.push(() => ws.close());
  const c = new BinanceConnector({
    environment: 'sim', restUrl: rest.url, wsStreamUrl: ws.origin, wsApiUrl: ws.apiUrl, apiKey: 'k', apiSecret: 's',
    streams: { backoff: { initialMs: 5, maxMs: 20 } }, ...options,
  });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return { rest, ws, c };
}

describe('market streams through the connector', () => {
  it('opens a combined stream with the subscription in the URL and delivers exact candles', async () => {
    const { ws, c } = await setup();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1m', (candle) => candles.push(candle));
    expect(ws.connections.map((conn) => conn.url)).toEqual(['/stream?streams=btcusdt@kline_1m']);
    const t = Math.floor(Date.now() / MINUTE) * MINUTE;
    ws.publish('btcusdt@kline_1m', klineEvent(t, false, '20123.45000001'));
    await ws.until(() => candles.length === 1);
    expect(candles[0]).toMatchObject({ symbol: 'BTCUSDT', interval: '1m', openTime: t, closeTime: t + MINUTE - 1, trades: 3, closed: false });
    expect(candles[0]!.close.toFixed()).toBe('20123.45000001');
  });

  it('adds and removes streams with acknowledged SUBSCRIBE and UNSUBSCRIBE, and closes the connection when none is left', async () => {
    const { ws, c } = await setup();
    const tickers: Ticker[] = [];
    const first = await c.subscribeCandlesticks('BTCUSDT', '1m', () => undefined);
    const second = await c.subscribeTicker('BTCUSDT', (ticker) => tickers.push(ticker));
    expect(ws.control).toEqual([{ connection: 0, method: 'SUBSCRIBE', params: ['btcusdt@ticker'], id: expect.any(Number) }]);
    ws.publish('btcusdt@ticker', {
      e: '24hrTicker', E: 1, s: 'BTCUSDT', p: '1', P: '0.01', w: '1', x: '1', c: '100.10', Q: '1', b: '100.00', B: '1', a: '100.20', A: '1',
      o: '99.0', h: '101', l: '98', v: '10', q: '1000.5', O: 0, C: 86_400_000, F: 0, L: 1, n: 2,
    });
    await ws.until(() => tickers.length === 1);
    expect(tickers[0]!.bidPrice.toFixed()).toBe('100');
    expect(tickers[0]!.quoteVolume.toFixed()).toBe('1000.5');
    expect(tickers[0]!.closeTime).toBe(86_400_000);
    await second.unsubscribe();
    expect(ws.control.at(-1)).toMatchObject({ method: 'UNSUBSCRIBE', params: ['btcusdt@ticker'] });
    await first.unsubscribe();
    await ws.until(() => ws.open('market').length === 0);
    expect(c.metrics().streams.connections.market).toEqual([]);
  });

  it('moves to a new connection on serverShutdown before closing the old one, without delivering twice', async () => {
    const { ws, c } = await setup();
    const states: StreamStateChange[] = [];
    c.onStreamState((change) => states.push(change));
    const tickers: Ticker[] = [];
    await c.subscribeTicker('BTCUSDT', (ticker) => tickers.push(ticker));
    const old = ws.open('market')[0]!;
    old.socket.send(JSON.stringify({ stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1 } }));
    await ws.until(() => ws.connections.length === 2 && ws.open('market').length === 1);
    expect(ws.connections[1]!.url).toBe('/stream?streams=btcusdt@ticker');
    expect(c.metrics().streams.reconnectsByReason).toEqual({ serverShutdown: 1 });
    expect(states.map((s) => s.to)).toEqual(['connecting', 'open']);
  });

  it('reconnects after a drop with its streams in the URL and reports the state changes', async () => {
    const { ws, c } = await setup();
    const states: string[] = [];
    c.onStreamState((change) => states.push(`${change.stream}:${change.to}`));
    await c.subscribeTicker('BTCUSDT', () => undefined);
    await c.subscribeCandlesticks('BTCUSDT', '5m', () => undefined);
    ws.dropAll();
    // The server sees the new connection before the client has promoted it, so wait for both.
    await ws.until(() => ws.open('market').length === 1 && states.length === 4);
    expect(ws.connections[1]!.url).toBe('/stream?streams=btcusdt@ticker/btcusdt@kline_5m');
    expect(states).toEqual(['market:connecting', 'market:open', 'market:reconnecting', 'market:open']);
    expect(c.metrics().streams.reconnectsByReason).toEqual({ dropped: 1 });
  });

  it('tells every state listener of each change, even when an earlier listener throws', async () => {
    const { c } = await setup();
    c.onStreamState(() => {
      throw new Error('listener bug');
    });
    const states: string[] = [];
    c.onStreamState((change) => states.push(change.to));
    await c.subscribeTicker('BTCUSDT', () => undefined);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('backfills the closed candles missed during a drop over REST, in order and without duplicates', async () => {
    const { ws, rest, c } = await setup();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1m', (candle) => candles.push(candle));
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const t0 = now - 5 * MINUTE;
    ws.publish('btcusdt@kline_1m', klineEvent(t0, false));
    ws.publish('btcusdt@kline_1m', klineEvent(t0, true));
    await ws.until(() => candles.length === 2);
    ws.dropAll();
    await ws.until(() => ws.open('market').length === 1);
    await ws.until(() => rest.count('GET /api/v3/klines') === 1);
    // Live candles already backfilled are dropped; the open one after them is delivered.
    ws.publish('btcusdt@kline_1m', klineEvent(now - 2 * MINUTE, true));
    ws.publish('btcusdt@kline_1m', klineEvent(now - MINUTE, true));
    ws.publish('btcusdt@kline_1m', klineEvent(now, false));
    await ws.until(() => candles.some((candle) => candle.openTime === now));
    const closed = candles.filter((candle) => candle.closed).map((candle) => (candle.openTime - t0) / MINUTE);
    expect(closed).toEqual([0, 1, 2, 3, 4]);
    expect(candles.at(-1)).toMatchObject({ openTime: now, closed: false });
    const backfilled = candles.find((candle) => candle.openTime === t0 + MINUTE)!;
    expect(backfilled.close.toFixed(2)).toBe(priceAt(t0 + MINUTE));
    expect(c.metrics().streams).toMatchObject({ candleBackfills: 1, backfilledCandles: 4, duplicateCandles: 2 });
  });

  it('a listener that throws on closed candles gets each backfilled candle once, and the backfill reads REST once', async () => {
    const { ws, rest, c } = await setup();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1m', (candle) => {
      candles.push(candle);
      if (candle.closed) throw new Error('listener bug');
    });
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const t0 = now - 5 * MINUTE;
    ws.publish('btcusdt@kline_1m', klineEvent(t0, true));
    await ws.until(() => candles.length === 1);
    ws.dropAll();
    await ws.until(() => candles.length === 5);
    ws.publish('btcusdt@kline_1m', klineEvent(now, false));
    await ws.until(() => candles.some((candle) => candle.openTime === now));
    expect(candles.map((candle) => [(candle.openTime - t0) / MINUTE, candle.closed])).toEqual([[0, true], [1, true], [2, true], [3, true], [4, true], [5, false]]);
    expect(rest.count('GET /api/v3/klines')).toBe(1);
    expect(c.metrics().streams).toMatchObject({ candleBackfills: 1, backfilledCandles: 4 });
  });

  it('does not mark a REST candle closed when it ended only while its answer was on the way', async () => {
    const { c } = await setup((req) => {
      if (req.path !== '/api/v3/klines') return undefined;
      const closeTime = Date.now() + 100;
      const p = '20000.00';
      return { body: [[closeTime - MINUTE + 1, p, p, p, p, '1.00000000', closeTime, p, 3, '0', '0', '0']], delayMs: 300 };
    });
    const [candle] = await c.getCandles('BTCUSDT', '1m', { startTime: Date.now() - MINUTE });
    expect(candle?.closed).toBe(false);
  });

  /**
   * A 1m candle subscription whose first backfill read is answered while the candle `t` still
   * forms (`firstAnswer` publishes on the stream meanwhile); later reads use `later`, or the defaults.
   */
  async function slowBackfill(t: number, firstAnswer: (ws: WsExchange) => void, later?: Handler): Promise<{ ws: WsExchange; candles: Candlestick[] }> {
    // The handler publishes on the stream server, which exists only once setup() returns.
    const link: { ws?: WsExchange } = {};
    let reads = 0;
    const { ws, c } = await setup(async (req) => {
      const server = link.ws;
      if (req.path !== '/api/v3/klines' || server === undefined) return undefined;
      reads += 1;
      if (reads > 1) return later?.(req);
      const body = [[t, priceAt(t), priceAt(t), priceAt(t), '12345.00', '0.50000000', t + MINUTE - 1, priceAt(t), 1, '0', '0', '0']];
      firstAnswer(server);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { body };
    });
    link.ws = ws;
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1m', (candle) => candles.push(candle));
    ws.publish('btcusdt@kline_1m', klineEvent(t - MINUTE, true));
    await ws.until(() => candles.length === 1);
    ws.dropAll();
    return { ws, candles };
  }

  it('never takes a REST candle answered before it ended as closed, even when the stream moved on while the answer travelled', async () => {
    const t = Math.floor(Date.now() / MINUTE) * MINUTE;
    const { ws, candles } = await slowBackfill(t, (server) => server.publish('btcusdt@kline_1m', klineEvent(t + MINUTE, false)));
    await ws.until(() => candles.some((candle) => candle.openTime === t + MINUTE));
    ws.publish('btcusdt@kline_1m', klineEvent(t, true));
    await ws.until(() => candles.filter((candle) => candle.closed).length === 2);
    const closed = candles.filter((candle) => candle.closed);
    expect(closed.map((candle) => [(candle.openTime - t) / MINUTE, candle.close.toFixed(2)])).toEqual([[-1, priceAt(t - MINUTE)], [0, priceAt(t)]]);
  });

  it('fetches the candle the buffer skipped when the stream closed the next one while a backfill answer travelled', async () => {
    const t = Math.floor(Date.now() / MINUTE) * MINUTE;
    const { ws, candles } = await slowBackfill(t, (server) => {
      server.publish('btcusdt@kline_1m', klineEvent(t + MINUTE, false));
      server.publish('btcusdt@kline_1m', klineEvent(t + MINUTE, true));
    }, () => ({
      // Later reads see both candles ended.
      body: [t, t + MINUTE].map((o) => [o, priceAt(o), priceAt(o), priceAt(o), priceAt(o), '1.00000000', o + MINUTE - 1, priceAt(o), 3, '0', '0', '0']),
    }));
    await ws.until(() => candles.filter((candle) => candle.closed).length === 3);
    expect(candles.filter((candle) => candle.closed).map((candle) => [(candle.openTime - t) / MINUTE, candle.volume.toFixed()])).toEqual([[-1, '1'], [0, '1'], [1, '1']]);
  });

  it('fetches a closed candle the stream skipped without any reconnect', async () => {
    const { ws, c } = await setup();
    const candles: Candlestick[] = [];
    await c.subscribeCandlesticks('BTCUSDT', '1m', (candle) => candles.push(candle));
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    ws.publish('btcusdt@kline_1m', klineEvent(now - 2 * MINUTE, false));
    ws.publish('btcusdt@kline_1m', klineEvent(now - MINUTE, false));
    await ws.until(() => candles.length === 3);
    // REST says the skipped candle closed, and so did the one whose open update arrived (its end is past).
    expect(candles.map((candle) => [(now - candle.openTime) / MINUTE, candle.closed])).toEqual([[2, false], [2, true], [1, true]]);
  });

  it('serves the same feed as an async iterator that unsubscribes when the loop ends', async () => {
    const { ws, c } = await setup();
    const t = Math.floor(Date.now() / MINUTE) * MINUTE;
    const received: Candlestick[] = [];
    const feed = c.streamCandlesticks('BTCUSDT', '1m');
    await ws.until(() => ws.open('market').length === 1);
    ws.publish('btcusdt@kline_1m', klineEvent(t, false));
    ws.publish('btcusdt@kline_1m', klineEvent(t, true));
    for await (const candle of feed) {
      received.push(candle);
      if (candle.closed) break;
    }
    expect(received.map((candle) => candle.closed)).toEqual([false, true]);
    await ws.until(() => ws.open('market').length === 0);
  });

  it('rejects a subscription to an unknown symbol before opening anything', async () => {
    const { ws, c } = await setup();
    await expect(c.subscribeTicker('NOPE', () => undefined)).rejects.toMatchObject({ field: 'symbol', rule: 'UNKNOWN_SYMBOL' });
    expect(ws.connections).toEqual([]);
  });

  it('closes every stream connection on disconnect', async () => {
    const { ws, c } = await setup();
    await c.subscribeTicker('BTCUSDT', () => undefined);
    await c.disconnect();
    await ws.until(() => ws.open('market').length === 0);
  });
});

describe('MarketStreamManager', () => {
  it('spreads streams over connections of at most maxStreamsPerConnection and batches SUBSCRIBE', async () => {
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const manager = new MarketStreamManager({
      wsStreamUrl: ws.origin, clock: systemClock, random: () => 0.5, logger: createLogger(),
      maxStreamsPerConnection: 3, maxUrlStreams: 1, maxParamsPerMessage: 2,
    });
    cleanups.push(() => manager.close());
    const seen: StreamSignal[] = [];
    const removers = await Promise.all(['a@ticker', 'b@ticker', 'c@ticker', 'd@ticker'].map((s) => manager.subscribe(s, (signal) => seen.push(signal))));
    expect(ws.open('market').map((conn) => [...conn.streams].sort())).toEqual([['a@ticker', 'b@ticker', 'c@ticker'], ['d@ticker']]);
    ws.dropAll();
    // The server sees the replayed SUBSCRIBE before the client has read its ack, so wait for both.
    await ws.until(() => ws.open('market').length === 2
      && ws.open('market').every((conn) => conn.streams.size === (conn.url.includes('d@') ? 1 : 3))
      && seen.filter((s) => s.kind === 'resumed').length >= 4);
    const replay = ws.control.filter((m) => m.connection >= 2);
    expect(replay.map((m) => m.params)).toEqual([['b@ticker', 'c@ticker']]);
    expect(seen.filter((s) => s.kind === 'resumed')).toHaveLength(4);
    for (const remove of removers) await remove();
  });

  it('survives a drop while a SUBSCRIBE waits for the throttle: no unhandled rejection, no early reconnect, the stream comes back', async () => {
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const manager = new MarketStreamManager({
      wsStreamUrl: ws.origin, clock: systemClock, random: () => 0.5, logger: createLogger(), maxUrlStreams: 1,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    cleanups.push(() => manager.close());
    for (const s of ['a@ticker', 'b@ticker', 'c@ticker', 'd@ticker', 'e@ticker']) await manager.subscribe(s, () => undefined);
    expect(ws.control.map((m) => m.params)).toEqual([['b@ticker'], ['c@ticker'], ['d@ticker'], ['e@ticker']]);
    // Four SUBSCRIBEs fill the throttle's window, so this one waits in it when the connection drops.
    const late = manager.subscribe('f@ticker', () => undefined);
    ws.dropAll();
    await late;
    await ws.until(() => ws.open('market').length === 1
      && ['a', 'b', 'c', 'd', 'e', 'f'].every((name) => ws.open('market')[0]!.streams.has(`${name}@ticker`)));
    expect(manager.metrics()[0]!.reconnectsByReason).toEqual({ dropped: 1 });
  });

  it('stops waiting for a replayed SUBSCRIBE\'s answer once the connection it was sent on closes, and keeps no timer after close', async () => {
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const clock = new FakeClock(Date.now());
    const manager = new MarketStreamManager({
      wsStreamUrl: ws.origin, clock, random: () => 0.5, logger: createLogger(), maxUrlStreams: 1, requestTimeoutMs: 60_000,
      backoff: { initialMs: 5, maxMs: 5 },
    });
    cleanups.push(() => manager.close());
    for (const s of ['a@ticker', 'b@ticker']) await manager.subscribe(s, () => undefined);
    /** Answer waits of the request timeout still pending. */
    const answerWaits = (): number => clock.pending().filter((timer) => timer.delayMs === 60_000).length;
    ws.ackSubscriptions = false;
    ws.dropAll();
    // Each new connection carries a@ticker in its URL and replays b@ticker with a SUBSCRIBE left unanswered.
    await tickUntil(clock, () => ws.control.length === 2);
    expect(answerWaits()).toBe(1);
    ws.dropAll();
    await tickUntil(clock, () => ws.control.length === 3);
    expect(answerWaits()).toBe(1);
    await manager.close();
    expect(clock.pending()).toEqual([]);
  });

  it('gives up on an unanswered SUBSCRIBE by reconnecting, and the new connection carries the stream', async () => {
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const manager = new MarketStreamManager({
      wsStreamUrl: ws.origin, clock: systemClock, random: () => 0.5, logger: createLogger(), requestTimeoutMs: 400, maxUrlStreams: 10,
    });
    cleanups.push(() => manager.close());
    await manager.subscribe('a@ticker', () => undefined);
    ws.ackSubscriptions = false;
    await manager.subscribe('b@ticker', () => undefined);
    await ws.until(() => ws.open('market').length === 1 && ws.open('market')[0]!.url.includes('b@ticker'));
    expect(manager.metrics()[0]!.reconnectsByReason).toEqual({ 'ack-timeout': 1 });
  });
});
