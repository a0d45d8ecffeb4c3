import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KLINE_INTERVALS, fixedLengthMs, type KlineInterval } from '../../src/spec/binance/intervals.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { call, type JsonResponse } from './support.js';

/**
 * What a market request costs, counted in the one-minute candles the simulator computes (every
 * answer is built from them), never timed: a request costs what its rows cover, however far its
 * times are from now or from the epoch.
 */

const NOW = Date.UTC(2026, 4, 20, 15, 42, 17, 345);
const MINUTE = 60_000;
/** The longest row: a 31-day month. */
const MONTH_MINUTES = 31 * 1440;

function minutesComputed(sim: SimulatorHandle): number {
  return sim.exchange.engine.allMarkets().reduce((sum, market) => sum + market.source.minutesComputed, 0);
}

/** The answer to `path` and the minutes computed to give it. */
async function measured(sim: SimulatorHandle, path: string): Promise<JsonResponse & { work: number }> {
  const before = minutesComputed(sim);
  const response = await call(`${sim.restUrl}${path}`);
  return { ...response, work: minutesComputed(sim) - before };
}

type Row = [number, string, string, string, string, string, number, string, number, string, string, string];

/** Minutes a finished kline row covers, from its open (or the listing) to its close. */
function coveredMinutes(row: Row, listedAt: number): number {
  return (row[6] + 1 - Math.max(row[0], listedAt)) / MINUTE;
}

describe('a klines page', () => {
  const ETHBTC_LISTED = Date.UTC(2017, 7, 17);
  const PAGES = [
    'interval=1M&startTime=0&limit=3',
    'interval=1M&startTime=-86400000&limit=3',
    'interval=1M&startTime=1704067200000&limit=3',
    'interval=1M&endTime=1704067199999&limit=3',
    'interval=1w&startTime=0&limit=3',
    'interval=1w&startTime=1704067200000&limit=3',
    'interval=3d&startTime=0&limit=3',
    'interval=1d&timeZone=05:45&startTime=1704067200000&limit=3',
    'interval=1h&startTime=0&limit=3',
    'interval=1m&startTime=0&limit=3',
    'interval=1d&endTime=1779148800000&limit=3',
  ];

  test.each(PAGES)('%s computes exactly the minutes its finished rows cover', async (query) => {
    const sim = await startSimulator({ clock: { now: () => NOW } });
    try {
      const page = await measured(sim, `/api/v3/klines?symbol=ETHBTC&${query}`);
      const rows = page.body as Row[];
      expect(page.status).toBe(200);
      expect(rows.length).toBeGreaterThan(0);
      expect(page.work).toBe(rows.reduce((sum, row) => sum + coveredMinutes(row, ETHBTC_LISTED), 0));
    } finally {
      await sim.close();
    }
  });

  test('costs the same after the clock jumped a month as after it jumped two hours', async () => {
    const workAfterJump = async (jumpMs: number): Promise<number> => {
      const clock = { now: NOW };
      const sim = await startSimulator({ clock: { now: () => clock.now } });
      try {
        expect((await call(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
        clock.now += jumpMs;
        const page = await measured(sim, '/api/v3/klines?symbol=ETHBTC&interval=1m&limit=1');
        expect((page.body as Row[]).length).toBe(1);
        return page.work;
      } finally {
        await sim.close();
      }
    };
    expect(await workAfterJump(30 * 86_400_000)).toBe(await workAfterJump(2 * 3_600_000));
  });
});

/** Time parameters as clients send them: any long, far past and far future, and text that is no number. */
const timeText = fc.oneof(
  // Mostly inside the market's life (2017 to now), where answers have rows.
  { arbitrary: fc.integer({ min: 1_500_000_000_000, max: NOW + 86_400_000 }).map(String), weight: 4 },
  fc.integer({ min: -4_000_000_000_000, max: 4_000_000_000_000 }).map(String),
  fc.maxSafeInteger().map(String),
  fc.constantFrom(
    '0', '-0', '-1', '99999999999999999999', '-99999999999999999999', '123456789012345678901', 'NaN', 'Infinity',
    '1e12', '0x10', ' 5', '+5', '', '1.5', '١٢',
  ),
);

/** Binance's error body, with a code Binance gives to a malformed or contradictory parameter. */
function expectParameterError(response: JsonResponse, codes: readonly number[]): void {
  expect(response.status).toBe(400);
  const body = response.body as { code: unknown; msg: unknown };
  expect(Object.keys(body).sort()).toEqual(['code', 'msg']);
  expect(codes).toContain(body.code);
  expect(typeof body.msg).toBe('string');
}

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(defined).toString();
}

const DECIMAL = /^[0-9]+\.[0-9]{8}$/;

describe('market endpoints fuzzed over their time parameters', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ clock: { now: () => NOW }, limits: { rateLimits: [] } });
  });
  afterAll(async () => {
    await sim.close();
  });

  test('klines and uiKlines answer Binance-shaped rows or errors, at a cost bounded by the rows', async () => {
    const params = fc.record({
      path: fc.constantFrom('klines', 'uiKlines'),
      interval: fc.constantFrom(...KLINE_INTERVALS),
      startTime: optional(timeText),
      endTime: optional(timeText),
      timeZone: optional(fc.constantFrom('0', '8', '-5:30', '05:45', '14:00', '-12:00')),
      limit: fc.integer({ min: 1, max: 3 }),
    });
    let answersWithRows = 0;
    await fc.assert(fc.asyncProperty(params, async ({ path, interval, startTime, endTime, timeZone, limit }) => {
      const sent = query({ symbol: 'ETHBTC', interval, startTime, endTime, timeZone, limit: String(limit) });
      const response = await measured(sim, `/api/v3/${path}?${sent}`);
      if (response.status !== 200) {
        expectParameterError(response, [-1100, -1105, -1023]);
        expect(response.work).toBe(0);
        return;
      }
      const rows = response.body as Row[];
      if (rows.length > 0) answersWithRows += 1;
      expect(rows.length).toBeLessThanOrEqual(limit);
      const length = fixedLengthMs(interval as KlineInterval);
      const perRow = length === undefined ? MONTH_MINUTES : Math.max(1, length / MINUTE);
      // The current second's minute may be computed once more for the unfinished row.
      expect(response.work).toBeLessThanOrEqual(rows.length * perRow + 1);
      let previousOpen = Number.NEGATIVE_INFINITY;
      for (const row of rows) {
        expect(row).toHaveLength(12);
        const [openTime, open, high, low, close, volume, closeTime, quote, trades, takerBase, takerQuote, ignore] = row;
        expect(Number.isSafeInteger(openTime) && Number.isSafeInteger(closeTime) && Number.isSafeInteger(trades)).toBe(true);
        for (const amount of [open, high, low, close, volume, quote, takerBase, takerQuote]) expect(amount).toMatch(DECIMAL);
        expect(ignore).toBe('0');
        expect(openTime).toBeGreaterThan(previousOpen);
        expect(closeTime).toBeGreaterThan(openTime);
        expect(openTime).toBeLessThanOrEqual(NOW);
        if (startTime !== undefined) expect(openTime).toBeGreaterThanOrEqual(Number(startTime));
        if (endTime !== undefined) expect(openTime).toBeLessThanOrEqual(Number(endTime));
        previousOpen = openTime;
      }
    }), { numRuns: 150 });
    // The runs reach the market's life, not only empty answers.
    expect(answersWithRows).toBeGreaterThan(10);
  });

  test('trade lists answer Binance-shaped trades or errors, at a cost bounded by the trades', async () => {
    const params = fc.record({
      path: fc.constantFrom('aggTrades', 'historicalTrades'),
      startTime: optional(timeText),
      endTime: optional(timeText),
      fromId: optional(timeText),
      limit: fc.integer({ min: 1, max: 20 }),
    });
    let answersWithTrades = 0;
    await fc.assert(fc.asyncProperty(params, async ({ path, startTime, endTime, fromId, limit }) => {
      const sent = path === 'aggTrades'
        ? query({ symbol: 'ETHBTC', startTime, endTime, fromId, limit: String(limit) })
        : query({ symbol: 'ETHBTC', fromId, limit: String(limit) });
      const response = await measured(sim, `/api/v3/${path}?${sent}`);
      if (response.status !== 200) {
        expectParameterError(response, [-1100, -1105, -1127, -1128]);
        return;
      }
      const trades = response.body as Record<string, unknown>[];
      if (trades.length > 0) answersWithTrades += 1;
      expect(trades.length).toBeLessThanOrEqual(limit);
      // Every second holds a trade, so `limit` trades span at most `limit` seconds: a minute or two.
      expect(response.work).toBeLessThanOrEqual(3);
      const times = trades.map((trade) => (path === 'aggTrades' ? trade.T : trade.time) as number);
      for (const time of times) {
        expect(Number.isSafeInteger(time) && time <= NOW).toBe(true);
        if (path === 'aggTrades' && startTime !== undefined) expect(time).toBeGreaterThanOrEqual(Number(startTime));
        if (path === 'aggTrades' && endTime !== undefined) expect(time).toBeLessThanOrEqual(Number(endTime));
      }
      const expectedKeys = path === 'aggTrades'
        ? ['M', 'T', 'a', 'f', 'l', 'm', 'p', 'q'] : ['id', 'isBestMatch', 'isBuyerMaker', 'price', 'qty', 'quoteQty', 'time'];
      for (const trade of trades) expect(Object.keys(trade).sort()).toEqual(expectedKeys);
    }), { numRuns: 150 });
    expect(answersWithTrades).toBeGreaterThan(10);
  });

  test('rolling tickers, avgPrice and depth cost no more than their window', async () => {
    const windowSize = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('m', 'h', 'd')).map(([n, unit]) => `${n}${unit}`),
      fc.constantFrom('', '1w', '7D', '1.5h', '-1d', '0x1d', '1M'),
    );
    await fc.assert(fc.asyncProperty(windowSize, async (size) => {
      const ticker = await measured(sim, `/api/v3/ticker?${query({ symbol: 'ETHBTC', windowSize: size })}`);
      const match = /^([0-9]{1,2})([mhd])$/.exec(size);
      const minutes = match === null ? 0 : Number(match[1]) * { m: 1, h: 60, d: 1440 }[match[2] as 'm' | 'h' | 'd'];
      if (ticker.status !== 200) {
        expectParameterError(ticker, [-1105, -1130]);
        expect(ticker.work).toBe(0);
        return;
      }
      // The window's minutes, the second before it and the current second's minute.
      expect(ticker.work).toBeLessThanOrEqual(minutes + 3);
      const body = ticker.body as { openTime: number; closeTime: number };
      expect(body.closeTime - body.openTime).toBe(minutes * MINUTE);
    }), { numRuns: 60 });
    const average = await measured(sim, '/api/v3/avgPrice?symbol=ETHBTC');
    expect(average.work).toBeLessThanOrEqual(5 + 1);
    const depth = await measured(sim, '/api/v3/depth?symbol=ETHBTC&limit=5000');
    expect([depth.status, depth.work]).toEqual([200, 0]);
  });
});
