import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { aggregateCandles } from '../../../src/simulator/market/candle.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../src/simulator/index.js';
import { CandleSource } from '../../../src/simulator/market/candle-source.js';
import { DEFAULT_SYMBOLS } from '../../../src/simulator/market/symbols.js';
import { call, signed, type JsonResponse } from '../support.js';
import { closeClients, connect, ManualClock, type Json, type TestClient } from '../ws-support.js';

/**
 * The market moves when users trade, and on purpose: a user's trade sets the price the generated
 * market continues from, `sim.market.moveTo()` and `POST /sim/market` take it anywhere, and
 * candles, tickers, trades and depth follow alike over REST and streams.
 */

const START = Date.UTC(2026, 11, 3, 12, 0, 10, 250);
const SECOND = 1_000;
const MINUTE = 60_000;
const SEED = 42;
const BTCUSDT = DEFAULT_SYMBOLS[0]!;
const TICKS = 100;

type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

let sim: SimulatorHandle;
let clock: ManualClock;

afterEach(async () => {
  closeClients();
  await sim.close();
});

async function start(options: SimulatorOptions = {}): Promise<void> {
  clock = new ManualClock(START);
  sim = await startSimulator({
    seed: SEED, clock, ...options,
    timing: { klineUpdateMs: 50, secondKlineUpdateMs: 50, tickerUpdateMs: 50, depthUpdateMs: 50, incomingMessagesPerSecond: 100 },
  });
}

async function rest<T>(path: string): Promise<T> {
  const response = await call(`${sim.restUrl}${path}`);
  expect(response.status).toBe(200);
  return response.body as T;
}

function klines(interval: string, startTime: number, limit: number): Promise<KlineRow[]> {
  return rest<KlineRow[]>(`/api/v3/klines?symbol=BTCUSDT&interval=${interval}&startTime=${startTime}&limit=${limit}`);
}

function order(apiKey: string, params: Record<string, string>): Promise<JsonResponse> {
  return signed(sim.restUrl, 'POST', '/api/v3/order', apiKey, { secret: `${apiKey}-secret` }, { symbol: 'BTCUSDT', ...params }, { timestamp: clock.time });
}

function ticks(price: string): number {
  return Math.round(Number(price) * TICKS);
}

/** A closed kline message as the REST row it must equal. */
function rowOf(message: Json): KlineRow {
  const k = message.k as { t: number; o: string; h: string; l: string; c: string; v: string; T: number; q: string; n: number; V: string; Q: string; B: string };
  return [k.t, k.o, k.h, k.l, k.c, k.v, k.T, k.q, k.n, k.V, k.Q, k.B];
}

/** The closed klines `client` received for the buckets opening at `opens`, as REST rows. */
async function streamedRows(client: TestClient, opens: readonly number[]): Promise<KlineRow[]> {
  const rows: KlineRow[] = [];
  for (const open of opens) rows.push(rowOf(await client.next((m) => (m.k as Json).x === true && (m.k as Json).t === open)));
  return rows;
}

/** Moves the server clock second by second, so streams see every second go by. */
function walk(toTime: number): void {
  clock.time = toTime;
}

const secondOf = (time: number): number => Math.floor(time / SECOND) * SECOND;

describe('a kline stream', () => {
  test('closes every bucket from its subscription on, even when the clock steps past some before its first tick', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@kline_1s`);
    const subscribed = secondOf(START);
    walk(subscribed + 3 * SECOND + 500);
    const opens = [0, 1, 2].map((i) => subscribed + i * SECOND);
    const rows = await klines('1s', subscribed, 3);
    expect(await streamedRows(client, opens)).toEqual(rows);
  });
});

describe('a user trade', () => {
  test('sets the price the market continues from: the next second opens at its last fill, in REST and streams alike', async () => {
    await start({
      accounts: [
        { apiKey: 'maker', apiSecret: 'maker-secret', balances: { USDT: '1000000' } },
        { apiKey: 'taker', apiSecret: 'taker-secret', balances: { BTC: '100' } },
      ],
    });
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@kline_1s`);
    const seeded = new CandleSource(BTCUSDT, SEED);
    const tradeSecond = secondOf(START);
    // A bid rests 10% under the market; a sale larger than the synthetic bids reaches it.
    const farPrice = (Math.round(seeded.lastPrice(START) * 0.9) / TICKS).toFixed(2);
    expect((await order('maker', { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.5', price: farPrice })).status).toBe(200);
    const book = await rest<{ bids: [string, string][] }>('/api/v3/depth?symbol=BTCUSDT&limit=100');
    const synthetic = book.bids.filter(([price]) => ticks(price) > ticks(farPrice)).reduce((sum, [, qty]) => sum + Math.round(Number(qty) * 1e5), 0);
    const sold = await order('taker', { side: 'SELL', type: 'MARKET', quantity: ((synthetic + 10_000) / 1e5).toFixed(5) });
    expect(sold.status).toBe(200);
    const fills = (sold.body as { fills: { price: string }[] }).fills;
    expect(fills[fills.length - 1]!.price).toBe(`${farPrice}000000`);

    walk(tradeSecond + 3 * SECOND + 500);
    const rows = await klines('1s', tradeSecond, 4);
    expect(rows.map((row) => row[0])).toEqual([0, 1, 2, 3].map((i) => tradeSecond + i * SECOND));
    // The second of the trade had traded already and stays as served; the next opens at the fill.
    expect(rows[0]![1]).toBe((seeded.second(tradeSecond).open / TICKS).toFixed(8));
    expect(rows[1]![1]).toBe(`${farPrice}000000`);
    for (let i = 2; i < rows.length; i++) expect(rows[i]![1]).toBe(rows[i - 1]![4]);
    for (const row of rows.slice(1)) expect(Math.abs(ticks(row[4]) / ticks(farPrice) - 1)).toBeLessThan(0.002);
    expect(await streamedRows(client, rows.slice(0, 3).map((row) => row[0]))).toEqual(rows.slice(0, 3));

    // Last price, the 24h ticker and the synthetic book around it agree with the current second.
    const now = await klines('1s', secondOf(clock.time), 1);
    const last = now[0]![4];
    expect((await rest<{ price: string }>('/api/v3/ticker/price?symbol=BTCUSDT')).price).toBe(last);
    expect((await rest<{ lastPrice: string }>('/api/v3/ticker/24hr?symbol=BTCUSDT')).lastPrice).toBe(last);
    const after = await rest<{ bids: [string, string][]; asks: [string, string][] }>('/api/v3/depth?symbol=BTCUSDT&limit=5');
    expect([after.bids[0]![0], after.asks[0]![0]]).toEqual([last, ((ticks(last) + 1) / TICKS).toFixed(8)]);
    const trades = await rest<{ price: string; time: number }[]>('/api/v3/trades?symbol=BTCUSDT&limit=20');
    for (const trade of trades.filter((t) => t.time >= tradeSecond + SECOND)) {
      expect(Math.abs(ticks(trade.price) / ticks(farPrice) - 1)).toBeLessThan(0.002);
    }
  });
});

describe('a MARKET order that walks the book', () => {
  test('leaves the market at its last fill, not at its first one beyond the touch', async () => {
    await start({ accounts: [{ apiKey: 'taker', apiSecret: 'taker-secret', balances: { USDT: '1000000' } }] });
    // Nine levels one tick apart: every fill after the touch moves the market one tick further.
    const book = await rest<{ asks: [string, string][] }>('/api/v3/depth?symbol=BTCUSDT&limit=9');
    const steps = book.asks.reduce((sum, [, qty]) => sum + Math.round(Number(qty) * 1e5), 0);
    const bought = await order('taker', { side: 'BUY', type: 'MARKET', quantity: (steps / 1e5).toFixed(5) });
    const fills = (bought.body as { fills: { price: string }[] }).fills;
    expect(fills.map((fill) => fill.price)).toEqual(book.asks.map(([price]) => price));
    walk(START + 2 * SECOND);
    const [next] = await klines('1s', secondOf(START) + SECOND, 1);
    expect(next![1]).toBe(book.asks[8]![0]);
  });
});

describe('a user trade at the touch', () => {
  test('leaves the market on its path: the market already stood at that price', async () => {
    await start({ accounts: [{ apiKey: 'taker', apiSecret: 'taker-secret', balances: { USDT: '1000' } }] });
    const bought = await order('taker', { side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect((bought.body as { status: string }).status).toBe('FILLED');
    walk(START + 3 * SECOND);
    expect(await klines('1s', secondOf(START), 4)).toEqual(await klinesOfSeeded(secondOf(START), 4));
  });
});

describe('sim.market.moveTo', () => {
  test('at once: the next second trades from where the market stood to the price, and the market continues from there', async () => {
    await start();
    const seeded = new CandleSource(BTCUSDT, SEED);
    const target = Math.round(seeded.lastPrice(START) * 0.8);
    const state = sim.market.moveTo('BTCUSDT', target / TICKS);
    const from = secondOf(START) + SECOND;
    expect(state).toEqual({
      symbol: 'BTCUSDT', price: (target / TICKS).toFixed(8), lastPrice: (seeded.lastPrice(START) / TICKS).toFixed(8),
      startTime: from, endTime: from + SECOND,
    });
    walk(from + 5 * SECOND);
    const rows = await klines('1s', from - SECOND, 6);
    // Until the move, the seeded market; then each second opens where the one before closed.
    expect(rows[0]).toEqual((await klinesOfSeeded(from - SECOND, 1))[0]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]![1]).toBe(rows[i - 1]![4]);
    // The move's second spans the way down, through the price asked for.
    expect(ticks(rows[1]![2])).toBeGreaterThanOrEqual(ticks(rows[0]![4]));
    expect(ticks(rows[1]![3])).toBeLessThanOrEqual(target);
    // After it, the seeded market's shape re-priced: every price scaled by target / the seeded price at the move.
    for (const row of rows.slice(2)) {
      const base = seeded.second(row[0]);
      expect([row[1], row[2], row[3], row[4]].map(ticks)).toEqual([base.open, base.high, base.low, base.close].map((p) => Math.round((p / seeded.second(from).open) * target)));
      expect(row[5]).toBe((base.volume / 1e5).toFixed(8));
    }
  });

  test('over 10 s of the simulator clock: ten even steps, each second through its step, none before the move starts', async () => {
    await start();
    const seeded = new CandleSource(BTCUSDT, SEED);
    const before = seeded.lastPrice(START);
    const target = Math.round(before * 1.25);
    const from = secondOf(START) + SECOND;
    expect(sim.market.moveTo('BTCUSDT', (target / TICKS).toFixed(2), { over: 10_000 })).toMatchObject({ startTime: from, endTime: from + 10 * SECOND });
    walk(from + 12 * SECOND);
    const rows = await klines('1s', from - SECOND, 13);
    expect(rows[0]).toEqual((await klinesOfSeeded(from - SECOND, 1))[0]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]![1]).toBe(rows[i - 1]![4]);
    for (let step = 1; step <= 10; step++) {
      const row = rows[step]!;
      const price = step === 10 ? target : Math.round(before + ((target - before) * step) / 10);
      expect([step, ticks(row[3]) <= price && price <= ticks(row[2])]).toEqual([step, true]);
      expect(ticks(row[4])).toBeGreaterThan(ticks(rows[step - 1]![4]));
    }
    for (const row of rows.slice(11)) expect(Math.abs(ticks(row[4]) / target - 1)).toBeLessThan(0.002);
  });

  test('the trade stream carries the move\'s trades as REST lists them, from the old price through the new one', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@trade`);
    const target = Math.round(new CandleSource(BTCUSDT, SEED).lastPrice(START) * 0.8);
    const { startTime, endTime } = sim.market.moveTo('BTCUSDT', (target / TICKS).toFixed(2), { over: 2_000 });
    walk(endTime + SECOND);
    const listed = await rest<{ a: number; p: string; q: string; T: number }[]>(
      `/api/v3/aggTrades?symbol=BTCUSDT&startTime=${startTime}&endTime=${endTime + SECOND - 1}&limit=1000`);
    expect(listed.length).toBeGreaterThan(2);
    const streamed: { a: number; p: string; q: string; T: number }[] = [];
    for (const trade of listed) {
      const message = await client.next((m) => m.t === trade.a);
      streamed.push({ a: message.t as number, p: message.p as string, q: message.q as string, T: message.T as number });
    }
    expect(streamed).toEqual(listed.map(({ a, p, q, T }) => ({ a, p, q, T })));
    const prices = listed.map((trade) => ticks(trade.p));
    const [moved] = await klines('1s', startTime, 1);
    // The first trade of the move is where the market stood; the move trades down through the target.
    expect([prices[0], Math.min(...prices) <= target]).toEqual([ticks(moved![1]), true]);
    expect(ticks(moved![1])).toBeGreaterThan(target * 1.2);
  });

  test('fills a resting LIMIT order the move crosses, at its own price, and the market goes on from the move', async () => {
    await start({ accounts: [{ apiKey: 'maker', apiSecret: 'maker-secret', balances: { USDT: '1000000', BTC: '10' } }] });
    const seeded = new CandleSource(BTCUSDT, SEED);
    const below = (Math.round(seeded.lastPrice(START) * 0.95) / TICKS).toFixed(2);
    const above = (Math.round(seeded.lastPrice(START) * 1.05) / TICKS).toFixed(2);
    const bid = await order('maker', { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: below });
    const ask = await order('maker', { side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: above });
    expect([bid.body, ask.body]).toMatchObject([{ status: 'NEW' }, { status: 'NEW' }]);
    const query = async (placed: JsonResponse): Promise<unknown> => (await signed(sim.restUrl, 'GET', '/api/v3/order', 'maker', { secret: 'maker-secret' },
      { symbol: 'BTCUSDT', orderId: (placed.body as { orderId: number }).orderId }, { timestamp: clock.time })).body;

    const target = Math.round(seeded.lastPrice(START) * 0.9);
    const { endTime } = sim.market.moveTo('BTCUSDT', (target / TICKS).toFixed(2), { over: 3_000 });
    walk(endTime + 3 * SECOND);
    // The fill is the market's own move through the order: the market goes on from where it was moved.
    for (const row of await klines('1s', endTime, 3)) expect(Math.abs(ticks(row[4]) / target - 1)).toBeLessThan(0.002);
    expect([await query(bid), await query(ask)]).toMatchObject([
      { status: 'FILLED', executedQty: '0.01000000', cummulativeQuoteQty: (Number(below) * 0.01).toFixed(8) },
      { status: 'NEW', executedQty: '0.00000000' },
    ]);
    const up = Math.round(seeded.lastPrice(START) * 1.1);
    const at = sim.market.moveTo('BTCUSDT', (up / TICKS).toFixed(2));
    walk(at.endTime + 3 * SECOND);
    for (const row of await klines('1s', at.endTime, 3)) expect(Math.abs(ticks(row[4]) / up - 1)).toBeLessThan(0.002);
    expect(await query(ask)).toMatchObject({ status: 'FILLED', executedQty: '0.01000000', cummulativeQuoteQty: (Number(above) * 0.01).toFixed(8) });
  });

  test('refuses an unknown symbol, a price off the tick grid, outside PRICE_FILTER or not positive, and a bad duration, moving nothing', async () => {
    await start();
    const cases: [() => unknown, string, string][] = [
      [() => sim.market.moveTo('BTCEUR', '100'), 'symbol', 'a listed symbol is expected'],
      [() => sim.market.moveTo('BTCUSDT', '100.001'), 'price', 'a multiple of the tick size 0.01 is expected'],
      [() => sim.market.moveTo('BTCUSDT', '1000000.01'), 'price', 'a price from 0.01 to 1000000 is expected'],
      [() => sim.market.moveTo('BTCUSDT', 0), 'price', 'a positive decimal is expected'],
      [() => sim.market.moveTo('BTCUSDT', '-5'), 'price', 'a positive decimal is expected'],
      [() => sim.market.moveTo('BTCUSDT', Number.NaN), 'price', 'a positive decimal is expected'],
      [() => sim.market.moveTo('BTCUSDT', '100', { over: 1.5 }), 'overMs', 'an integer from 0 to 86400000 is expected'],
      [() => sim.market.moveTo('BTCUSDT', '100', { over: 86_400_001 }), 'overMs', 'an integer from 0 to 86400000 is expected'],
    ];
    for (const [move, field, expected] of cases) {
      expect(move).toThrow(new TypeError(`invalid move: Data sent for parameter '${field}' is not valid: ${expected}.`));
    }
    walk(START + 3 * SECOND);
    expect(await klines('1s', secondOf(START), 4)).toEqual(await klinesOfSeeded(secondOf(START), 4));
  });

  test('refuses a price more than ten times the generated one, naming the highest, which it accepts', async () => {
    await start();
    const refusal = ((): string => {
      try {
        sim.market.moveTo('ETHUSDT', '900000');
        return 'moved';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const highest = /^invalid move: Data sent for parameter 'price' is not valid: at most 10 times the generated price, ([0-9.]+), is expected\.$/.exec(refusal)?.[1];
    expect([refusal, highest === undefined]).toEqual([refusal, false]);
    const over = (Math.round(Number(highest) * 1e2) + 1) / 1e2;
    expect(() => sim.market.moveTo('ETHUSDT', over.toFixed(2))).toThrow(/at most 10 times/);
    expect(sim.market.moveTo('ETHUSDT', highest!).price).toBe(Number(highest).toFixed(8));
  });
});

/** The 1s klines of the unmoved market under the same seed, from a simulator of its own. */
async function klinesOfSeeded(startTime: number, limit: number): Promise<KlineRow[]> {
  const other = await startSimulator({ seed: SEED, clock });
  try {
    return (await call(`${other.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${startTime}&limit=${limit}`)).body as KlineRow[];
  } finally {
    await other.close();
  }
}

describe('POST /sim/market', () => {
  const json = { 'Content-Type': 'application/json' };

  test('moves the market as moveTo does and answers the move', async () => {
    await start();
    const seeded = new CandleSource(BTCUSDT, SEED);
    const from = secondOf(START) + SECOND;
    const response = await call(`${sim.restUrl}/sim/market`, {
      method: 'POST', headers: json, body: JSON.stringify({ symbol: 'BTCUSDT', price: '50000.00', overMs: 2_000 }),
    });
    expect([response.status, response.body]).toEqual([200, {
      symbol: 'BTCUSDT', price: '50000.00000000', lastPrice: (seeded.lastPrice(START) / TICKS).toFixed(8), startTime: from, endTime: from + 2 * SECOND,
    }]);
    walk(from + 4 * SECOND);
    const rows = await klines('1s', from + 2 * SECOND, 1);
    expect(Math.abs(ticks(rows[0]![4]) / 5_000_000 - 1)).toBeLessThan(0.002);
  });

  test('refuses a request from another origin, a body that is not JSON, and other methods, moving nothing', async () => {
    await start();
    const body = JSON.stringify({ symbol: 'BTCUSDT', price: '50000' });
    const refused = await call(`${sim.restUrl}/sim/market`, { method: 'POST', headers: { ...json, Origin: 'http://evil.example' }, body });
    expect([refused.status, refused.body]).toEqual([403, { code: -1002, msg: 'Cross-origin requests to the simulator are refused.' }]);
    const form = await call(`${sim.restUrl}/sim/market`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
    expect([form.status, form.body]).toEqual([415, { code: -1135, msg: 'Content-Type must be application/json.' }]);
    expect((await call(`${sim.restUrl}/sim/market`)).status).toBe(405);
    walk(START + 3 * SECOND);
    expect(await klines('1s', secondOf(START), 4)).toEqual(await klinesOfSeeded(secondOf(START), 4));
  });

  test('needs the control token when one is set', async () => {
    await start({ controlToken: 'let-me-in' });
    const body = JSON.stringify({ symbol: 'BTCUSDT', price: '50000' });
    const without = await call(`${sim.restUrl}/sim/market`, { method: 'POST', headers: json, body });
    expect(without.status).toBe(401);
    const withToken = await call(`${sim.restUrl}/sim/market`, { method: 'POST', headers: { ...json, Authorization: 'Bearer let-me-in' }, body });
    expect(withToken.status).toBe(200);
  });

  test('answers 400 -1130 naming the field, and -1135 for malformed JSON', async () => {
    await start();
    const post = (body: string): Promise<JsonResponse> => call(`${sim.restUrl}/sim/market`, { method: 'POST', headers: json, body });
    const cases: [unknown, string, string][] = [
      [{ symbol: 'NOPE', price: '1' }, 'symbol', 'a listed symbol is expected'],
      [{ symbol: 'BTCUSDT', price: '1.001' }, 'price', 'a multiple of the tick size 0.01 is expected'],
      [{ symbol: 'BTCUSDT', price: true }, 'price', 'a positive decimal is expected'],
      [{ symbol: 'BTCUSDT', price: '1', overMs: -1 }, 'overMs', 'an integer from 0 to 86400000 is expected'],
      [{ symbol: 'BTCUSDT', price: '1', over: 5 }, 'over', 'a move takes symbol, price, overMs only'],
      [['BTCUSDT', '1'], 'body', 'an object with symbol and price is expected'],
    ];
    for (const [body, field, expected] of cases) {
      const response = await post(JSON.stringify(body));
      expect([response.status, response.body]).toEqual([400, { code: -1130, msg: `Data sent for parameter '${field}' is not valid: ${expected}.` }]);
    }
    const malformed = await post('{');
    expect(malformed.status).toBe(400);
    expect((malformed.body as { code: number }).code).toBe(-1135);
  });
});

describe('klines through any sequence of moves', () => {
  const move = fc.record({
    afterSeconds: fc.integer({ min: 1, max: 8 }),
    factor: fc.double({ min: 0.5, max: 2, noNaN: true }),
    overMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6_000 })),
  });

  test('REST answers what the 1s and 1m streams sent, and each minute is the aggregate of its seconds', async () => {
    await fc.assert(fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 4 }), async (moves) => {
      await start();
      try {
        const client = await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@kline_1s/btcusdt@kline_1m`);
        // Streams send klines from their first tick on.
        for (const stream of ['btcusdt@kline_1s', 'btcusdt@kline_1m']) await client.next((m) => m.stream === stream);
        for (const { afterSeconds, factor, overMs } of moves) {
          const last = ticks((await rest<{ price: string }>('/api/v3/ticker/price?symbol=BTCUSDT')).price);
          sim.market.moveTo('BTCUSDT', (Math.max(1, Math.round(last * factor)) / TICKS).toFixed(2), { over: overMs });
          walk(clock.time + afterSeconds * SECOND);
        }
        // Past the end of the last minute touched, so its final kline is sent too.
        const end = Math.floor(clock.time / MINUTE) * MINUTE + MINUTE;
        walk(end + SECOND);
        const first = secondOf(START);
        const seconds = await klines('1s', first, (end - first) / SECOND);
        const streamed = async (stream: string, open: number): Promise<KlineRow> =>
          rowOf((await client.next((m) => m.stream === stream && ((m.data as Json).k as Json).x === true && ((m.data as Json).k as Json).t === open)).data as Json);
        for (const row of seconds) expect(await streamed('btcusdt@kline_1s', row[0])).toEqual(row);
        const minutes = await klines('1m', Math.floor(first / MINUTE) * MINUTE, (end - Math.floor(first / MINUTE) * MINUTE) / MINUTE);
        for (const row of minutes) {
          expect(await streamed('btcusdt@kline_1m', row[0])).toEqual(row);
          const inside = (await klines('1s', row[0], 60)).map(candleOf);
          expect(candleOf(row)).toEqual(aggregateCandles(inside, row[0], row[6]));
        }
      } finally {
        closeClients();
        await sim.close();
      }
    }), { numRuns: 6 });
    // The hook closes the simulator of each test; this one closed each of its own.
    await start();
  });
});

/** A kline row as the candle fields `aggregateCandles` sums, in units of the row's last decimals. */
function candleOf(row: KlineRow): ReturnType<typeof aggregateCandles> & object {
  const units = (text: string): number => Math.round(Number(text) * 1e8);
  return {
    openTime: row[0], closeTime: row[6], open: units(row[1]), high: units(row[2]), low: units(row[3]), close: units(row[4]),
    volume: units(row[5]), quoteVolume: units(row[7]), trades: row[8], takerBuyVolume: units(row[9]), takerBuyQuoteVolume: units(row[10]),
    firstTradeId: -1, lastTradeId: -1,
  };
}
