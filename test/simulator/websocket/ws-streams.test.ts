import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';
import { closeClients, connect, ManualClock, refusedUpgrade, sleep, type Json } from '../ws-support.js';

/** Market stream payloads, checked field by field against what REST returns for the same data. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
let sim: SimulatorHandle;
let clock: ManualClock;

async function start(): Promise<void> {
  clock = new ManualClock(START);
  sim = await startSimulator({
    seed: 11, clock,
    timing: { klineUpdateMs: 50, secondKlineUpdateMs: 50, tickerUpdateMs: 50, depthUpdateMs: 50, incomingMessagesPerSecond: 100 },
  });
}

afterEach(async () => {
  closeClients();
  await sim.close();
});

async function rest<T>(path: string): Promise<T> {
  return (await call(`${sim.restUrl}${path}`)).body as T;
}

const order = (params: Record<string, string>) =>
  signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET }, { symbol: 'BTCUSDT', ...params }, { timestamp: clock.time });

type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

function expectedKline(row: KlineRow, interval: string, closed: boolean, now: number, firstId: number): Json {
  return {
    e: 'kline', E: now, s: 'BTCUSDT',
    k: {
      t: row[0], T: row[6], s: 'BTCUSDT', i: interval, f: firstId, L: firstId + row[8] - 1, o: row[1], c: row[4], h: row[2], l: row[3],
      v: row[5], n: row[8], x: closed, q: row[7], V: row[9], Q: row[10], B: '0',
    },
  };
}

/**
 * A rolling-window ticker event over Binance's window: open time on the whole minute at or before
 * `windowMs` ago, close time now, the first trade and the open price from that minute on, the last
 * price and trade as REST's ticker of the same moment (`sameMoment`), more trades than its window.
 */
async function expectMinuteWindow(event: Json, symbol: string, windowMs: number, sameMoment: Json): Promise<void> {
  const openTime = Math.floor((START - windowMs) / 60_000) * 60_000;
  expect(Object.keys(event)).toEqual(['e', 'E', 's', 'p', 'P', 'o', 'h', 'l', 'c', 'w', 'v', 'q', 'O', 'C', 'F', 'L', 'n']);
  expect([event.E, event.s, event.O, event.C]).toEqual([START, symbol, openTime, START]);
  const [firstTrade] = await rest<Json[]>(`/api/v3/aggTrades?symbol=${symbol}&startTime=${openTime}&limit=1`);
  // The open is the window's first minute's open. It is not always the first trade's price: a
  // second with one trade prices it at the second's close (SIMULATOR.md, "The market").
  const [firstMinute] = await rest<unknown[][]>(`/api/v3/klines?symbol=${symbol}&interval=1m&startTime=${openTime}&limit=1`);
  expect([event.F, event.o, event.c, event.L]).toEqual([firstTrade!.a, firstMinute![1], sameMoment.lastPrice, sameMoment.lastId]);
  expect(event.n as number).toBeGreaterThan(sameMoment.count as number);
}

describe('trades', () => {
  test('trade and aggTrade carry every trade of the second with the values REST trades returns, once their time has come', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@trade/btcusdt@aggTrade`);
    clock.time = Date.UTC(2026, 6, 1, 8, 0, 31, 999);
    const trades = (await rest<Json[]>('/api/v3/trades?symbol=BTCUSDT&limit=1000'))
      .filter((t) => (t.time as number) >= Date.UTC(2026, 6, 1, 8, 0, 31));
    expect(trades.length).toBeGreaterThan(1);
    for (const t of trades) {
      const message = await client.next((m) => m.stream === 'btcusdt@trade');
      expect(Object.keys(message.data as Json)).toEqual(['e', 'E', 's', 't', 'p', 'q', 'T', 'm', 'M']);
      expect(message).toEqual({
        stream: 'btcusdt@trade',
        data: { e: 'trade', E: clock.time, s: 'BTCUSDT', t: t.id, p: t.price, q: t.qty, T: t.time, m: t.isBuyerMaker, M: true },
      });
    }
    for (const t of trades) {
      expect(await client.next((m) => m.stream === 'btcusdt@aggTrade')).toEqual({
        stream: 'btcusdt@aggTrade',
        data: { e: 'aggTrade', E: clock.time, s: 'BTCUSDT', a: t.id, p: t.price, q: t.qty, f: t.id, l: t.id, T: t.time, m: t.isBuyerMaker, M: true },
      });
    }
  });
});

describe('klines', () => {
  test('a 1m kline streams the open candle, then a final x:true message equal to the REST kline of that minute', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@kline_1m`);
    const minute = Date.UTC(2026, 6, 1, 8, 0);
    const firstId = ((await rest<Json[]>(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${minute}&limit=1`))[0]!.a) as number;
    const open = await client.next();
    const [live] = await rest<KlineRow[]>('/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1');
    expect(Object.keys(open)).toEqual(['e', 'E', 's', 'k']);
    expect(Object.keys(open.k as Json)).toEqual(['t', 'T', 's', 'i', 'f', 'L', 'o', 'c', 'h', 'l', 'v', 'n', 'x', 'q', 'V', 'Q', 'B']);
    expect(open).toEqual(expectedKline(live!, '1m', false, START, firstId));

    clock.time = Date.UTC(2026, 6, 1, 8, 1, 0, 200);
    const final = await client.next((m) => (m.k as Json).x === true);
    const [closed] = await rest<KlineRow[]>(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${minute}&limit=1`);
    expect(final).toEqual(expectedKline(closed!, '1m', true, clock.time, firstId));
    const next = await client.next((m) => (m.k as Json).x === false && (m.k as Json).t === minute + 60_000);
    expect((next.k as Json).T).toBe(minute + 119_999);
  });

  test('a 1s kline closes every second with the REST 1s kline', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@kline_1s`);
    await client.next();
    clock.time = Date.UTC(2026, 6, 1, 8, 0, 31, 100);
    const final = await client.next((m) => (m.k as Json).x === true);
    const second = Date.UTC(2026, 6, 1, 8, 0, 30);
    const [row] = await rest<KlineRow[]>(`/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${second}&limit=1`);
    const firstId = ((await rest<Json[]>(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${second}&limit=1`))[0]!.a) as number;
    expect(final).toEqual(expectedKline(row!, '1s', true, clock.time, firstId));
  });

  test('when the clock steps past several buckets at once, every one of them closes, in order', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@kline_1s`);
    await client.next();
    // A step of 3.6 s: the candles of 30, 31 and 32 s all end on the same tick.
    clock.time = Date.UTC(2026, 6, 1, 8, 0, 34, 100);
    const closed: number[] = [];
    while (closed.length < 4) {
      const message = await client.next((m) => (m.k as Json).x === true);
      closed.push(((message.k as Json).t as number) - Date.UTC(2026, 6, 1, 8, 0, 0));
    }
    expect(closed).toEqual([30_000, 31_000, 32_000, 33_000]);
  });
});

describe('tickers', () => {
  test('ticker, miniTicker, ticker_1h and avgPrice carry the REST values of the same moment', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@ticker/btcusdt@miniTicker/btcusdt@ticker_1h/btcusdt@avgPrice`);
    const full = await rest<Record<string, unknown>>('/api/v3/ticker/24hr?symbol=BTCUSDT');
    const ticker = await client.next((m) => m.stream === 'btcusdt@ticker');
    expect(ticker.data).toEqual({
      e: '24hrTicker', E: START, s: 'BTCUSDT', p: full.priceChange, P: full.priceChangePercent, w: full.weightedAvgPrice,
      x: full.prevClosePrice, c: full.lastPrice, Q: full.lastQty, b: full.bidPrice, B: full.bidQty, a: full.askPrice, A: full.askQty,
      o: full.openPrice, h: full.highPrice, l: full.lowPrice, v: full.volume, q: full.quoteVolume,
      O: START - 86_400_000, C: START, F: full.firstId, L: full.lastId, n: full.count,
    });
    expect(Object.keys(ticker.data as Json)).toEqual(['e', 'E', 's', 'p', 'P', 'w', 'x', 'c', 'Q', 'b', 'B', 'a', 'A', 'o', 'h', 'l', 'v', 'q', 'O', 'C', 'F', 'L', 'n']);
    expect((await client.next((m) => m.stream === 'btcusdt@miniTicker')).data).toEqual({
      e: '24hrMiniTicker', E: START, s: 'BTCUSDT', c: full.lastPrice, o: full.openPrice, h: full.highPrice, l: full.lowPrice,
      v: full.volume, q: full.quoteVolume,
    });
    // web-socket-streams.md: the rolling window's open time "always starts on a minute" and its close
    // time is the update's, so the window may be up to 59 999 ms wider than 1h.
    const hour = await rest<Record<string, unknown>>('/api/v3/ticker?symbol=BTCUSDT&windowSize=1h');
    const rolling = (await client.next((m) => m.stream === 'btcusdt@ticker_1h')).data as Json;
    await expectMinuteWindow(rolling, 'BTCUSDT', 3_600_000, hour);
    const avg = await rest<{ price: string }>('/api/v3/avgPrice?symbol=BTCUSDT');
    const [lastTrade] = await rest<Json[]>('/api/v3/trades?symbol=BTCUSDT&limit=1');
    expect((await client.next((m) => m.stream === 'btcusdt@avgPrice')).data).toEqual({
      e: 'avgPrice', E: START, s: 'BTCUSDT', i: '5m', w: avg.price, T: lastTrade!.time,
    });
  });

  test('!miniTicker@arr sends every symbol first, then only the tickers that changed', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/!miniTicker@arr`);
    const first = await client.next<Json[]>(() => true);
    const minis = await rest<Json[]>('/api/v3/ticker/24hr?type=MINI');
    expect(first).toEqual(minis.map((t) => ({
      e: '24hrMiniTicker', E: START, s: t.symbol, c: t.lastPrice, o: t.openPrice, h: t.highPrice, l: t.lowPrice, v: t.volume, q: t.quoteVolume,
    })));
    // The clock stands still, so nothing changes and nothing more is sent.
    await sleep(200);
    expect(client.pending()).toEqual([]);
  });
});

describe('the all-market streams Binance serves today', () => {
  test('!ticker_4h@arr sends every symbol\'s 4hTicker first, each over the window from a whole minute to now', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/!ticker_4h@arr`);
    const first = await client.next<Json[]>(() => true);
    const hours = await rest<Json[]>('/api/v3/ticker?symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22,%22BNBUSDT%22,%22ETHBTC%22%5D&windowSize=4h');
    expect(first.map((t) => [t.e, t.s])).toEqual(hours.map((t) => ['4hTicker', t.symbol]));
    for (const [i, ticker] of first.entries()) await expectMinuteWindow(ticker, hours[i]!.symbol as string, 14_400_000, hours[i]!);
    await sleep(200);
    expect(client.pending()).toEqual([]);
  });

  test('!ticker@arr, retired on 2026-03-26, is acknowledged and never carries data', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream?streams=!ticker@arr`);
    client.send({ method: 'SUBSCRIBE', params: ['!miniTicker@arr', '!ticker@arr'], id: 1 });
    expect(await client.reply(1)).toEqual({ result: null, id: 1 });
    await client.next((m) => m.stream === '!miniTicker@arr');
    clock.time += 2000;
    await client.next((m) => m.stream === '!miniTicker@arr');
    expect(client.pending().filter((m) => (m as Json).stream === '!ticker@arr')).toEqual([]);
  });
});

describe('timeUnit in the stream URL', () => {
  test('timeUnit=MICROSECOND gives every time field in microseconds, on that connection only', async () => {
    await start();
    const streams = 'btcusdt@trade/btcusdt@kline_1m/btcusdt@ticker';
    const micro = await connect(`${sim.wsStreamUrl}/stream?streams=${streams}&timeUnit=MICROSECOND`);
    const lower = await connect(`${sim.wsStreamUrl}/ws/btcusdt@aggTrade?timeUnit=microsecond`);
    const milli = await connect(`${sim.wsStreamUrl}/stream?streams=${streams}`);
    clock.time = Date.UTC(2026, 6, 1, 8, 0, 31, 999);
    for (const name of ['btcusdt@trade', 'btcusdt@kline_1m', 'btcusdt@ticker']) {
      const [m, u] = [(await milli.next((x) => x.stream === name)).data as Json, (await micro.next((x) => x.stream === name)).data as Json];
      expect(u.E).toBe((m.E as number) * 1000);
      if (name === 'btcusdt@trade') expect([u.T, u.t]).toEqual([(m.T as number) * 1000, m.t]);
      if (name === 'btcusdt@ticker') expect([u.O, u.C, u.F, u.L]).toEqual([(m.O as number) * 1000, (m.C as number) * 1000, m.F, m.L]);
      if (name === 'btcusdt@kline_1m') {
        const [mk, uk] = [m.k as Json, u.k as Json];
        expect([uk.t, uk.T, uk.f, uk.L]).toEqual([(mk.t as number) * 1000, (mk.T as number) * 1000 + 999, mk.f, mk.L]);
      }
    }
    const aggregate = await lower.next(() => true);
    expect([aggregate.E, aggregate.T].every((time) => (time as number) > 1e15)).toBe(true);
    const refused = await refusedUpgrade(sim.restUrl, '/ws/btcusdt@trade?timeUnit=NANOSECOND');
    expect([refused.status, refused.body]).toEqual([400, { code: -1194, msg: 'Invalid time unit provided.' }]);
  });
});

describe('books', () => {
  test('@depth5 is the REST depth with limit 5, and bookTicker follows a change of the best bid', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@depth5/btcusdt@bookTicker`);
    const snapshot = await rest<{ lastUpdateId: number; bids: [string, string][] }>('/api/v3/depth?symbol=BTCUSDT&limit=5');
    const partial = await client.next((m) => m.stream === 'btcusdt@depth5');
    expect(partial.data).toEqual(snapshot);
    expect(Object.keys(partial.data as Json)).toEqual(['lastUpdateId', 'bids', 'asks']);

    const placed = await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: snapshot.bids[0]![0], quantity: '0.01' });
    expect(placed.status).toBe(200);
    const book = await rest<Json>('/api/v3/ticker/bookTicker?symbol=BTCUSDT');
    const { lastUpdateId } = await rest<{ lastUpdateId: number }>('/api/v3/depth?symbol=BTCUSDT&limit=5');
    expect((await client.next((m) => m.stream === 'btcusdt@bookTicker')).data).toEqual({
      u: lastUpdateId, s: 'BTCUSDT', b: book.bidPrice, B: book.bidQty, a: book.askPrice, A: book.askQty,
    });
    expect(Number(book.bidQty)).toBeCloseTo(Number(snapshot.bids[0]![1]) + 0.01, 8);
  });

  test('diff depth applied to a REST snapshot by the documented algorithm rebuilds the later REST snapshot exactly', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@depth@100ms`);
    type Book = { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    const first = await rest<Book>('/api/v3/depth?symbol=BTCUSDT&limit=5000');
    const bid = Number(first.bids[0]![0]);
    const ask = Number(first.asks[0]![0]);
    const resting = await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: (bid - 0.05).toFixed(2), quantity: '0.01' });
    clock.time += 1_000;
    await sleep(150);
    await order({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: (ask + 0.07).toFixed(2), quantity: '0.02' });
    await order({ side: 'BUY', type: 'MARKET', quantity: '0.05' });
    await signed(sim.restUrl, 'DELETE', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET },
      { symbol: 'BTCUSDT', orderId: String((resting.body as Json).orderId) }, { timestamp: clock.time });
    clock.time += 2_000;
    await sleep(150);
    const last = await rest<Book>('/api/v3/depth?symbol=BTCUSDT&limit=5000');
    expect(last.lastUpdateId).toBeGreaterThan(first.lastUpdateId + 3);

    const events: Json[] = [];
    while (events.length === 0 || (events[events.length - 1]!.u as number) < last.lastUpdateId) events.push(await client.next());
    for (let i = 1; i < events.length; i++) expect(events[i]!.U).toBe((events[i - 1]!.u as number) + 1);
    expect(Object.keys(events[0]!)).toEqual(['e', 'E', 's', 'U', 'u', 'b', 'a']);
    expect(events[0]).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT' });

    const bids = new Map(first.bids);
    const asks = new Map(first.asks);
    let bookId = first.lastUpdateId;
    const applicable = events.filter((e) => (e.u as number) > bookId);
    expect(applicable[0]!.U as number).toBeLessThanOrEqual(bookId + 1);
    for (const event of applicable) {
      expect(event.U as number).toBeLessThanOrEqual(bookId + 1);
      for (const [side, levels] of [[bids, event.b], [asks, event.a]] as const) {
        for (const [price, qty] of levels as [string, string][]) {
          if (Number(qty) === 0) side.delete(price);
          else side.set(price, qty);
        }
      }
      bookId = event.u as number;
    }
    expect(bookId).toBe(last.lastUpdateId);
    const sorted = (side: Map<string, string>, descending: boolean): [string, string][] =>
      [...side].sort((a, b) => (descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    expect(sorted(bids, true)).toEqual(last.bids);
    expect(sorted(asks, false)).toEqual(last.asks);
  });
});
