import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KLINE_INTERVALS, fixedLengthMs, type KlineInterval } from '../../../src/spec/binance/intervals.js';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, type JsonResponse } from '../support.js';

/**
 * What a market request costs, counted in the candles the simulator generates at any level (days,
 * hours, minutes, seconds; every answer is built from them), never timed: a request costs what its
 * rows are, however far its times are from now or from the epoch and however long each row is.
 */

const NOW = Date.UTC(2026, 4, 20, 15, 42, 17, 345);
const MINUTE = 60_000;
const DAY = 86_400_000;
/** The longest row: a 31-day month. */
const MONTH_DAYS = 31;
/**
 * What one end of a span that is not a whole day costs at most: its day, the day's 24 hours, one
 * hour's 60 minutes and one minute's 60 seconds.
 */
const PARTIAL_END = 1 + 24 + 60 + 60;

function candlesGenerated(sim: SimulatorHandle): number {
  return sim.exchange.engine.allMarkets().reduce((sum, market) => sum + market.source.candlesGenerated, 0);
}

/** The answer to `path` and the candles generated to give it. */
async function measured(sim: SimulatorHandle, path: string): Promise<JsonResponse & { work: number }> {
  const before = candlesGenerated(sim);
  const response = await call(`${sim.restUrl}${path}`);
  return { ...response, work: candlesGenerated(sim) - before };
}

type Row = [number, string, string, string, string, string, number, string, number, string, string, string];

/** Days a kline row of whole days covers, from its open (or the listing) to its close. */
function coveredDays(row: Row, listedAt: number): number {
  return (row[6] + 1 - Math.max(row[0], listedAt)) / DAY;
}

/** Days in a row of `interval` at most. */
function daysPerRow(interval: KlineInterval): number {
  const length = fixedLengthMs(interval);
  return length === undefined ? MONTH_DAYS : Math.ceil(length / DAY);
}

async function withSimulator<T>(use: (sim: SimulatorHandle) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ clock: { now: () => NOW }, limits: { rateLimits: [] } });
  try {
    return await use(sim);
  } finally {
    await sim.close();
  }
}

const ETHUSDT_LISTED = Date.UTC(2017, 7, 17);

describe('a klines page', () => {
  const DAY_PAGES = [
    'interval=1M&startTime=0&limit=3',
    'interval=1M&startTime=-86400000&limit=3',
    'interval=1M&startTime=1704067200000&limit=3',
    'interval=1M&endTime=1704067199999&limit=3',
    'interval=1w&startTime=0&limit=3',
    'interval=1w&startTime=1704067200000&limit=3',
    'interval=3d&startTime=0&limit=3',
    'interval=1d&startTime=1704067200000&limit=3',
    'interval=1d&endTime=1779148800000&limit=3',
  ];

  test.each(DAY_PAGES)('%s generates exactly the days its rows cover', async (query) => {
    await withSimulator(async (sim) => {
      const page = await measured(sim, `/api/v3/klines?symbol=ETHUSDT&${query}`);
      const rows = page.body as Row[];
      expect(page.status).toBe(200);
      expect(rows).toHaveLength(3);
      expect(page.work).toBe(rows.reduce((sum, row) => sum + coveredDays(row, ETHUSDT_LISTED), 0));
    });
  });

  test('a cross pair\'s rows cost their days three times: its own, and each of its legs\' (ETHUSDT and BTCUSDT)', async () => {
    await withSimulator(async (sim) => {
      const page = await measured(sim, '/api/v3/klines?symbol=ETHBTC&interval=1d&startTime=1704067200000&limit=3');
      expect([(page.body as Row[]).length, page.work]).toEqual([3, 3 * 3]);
    });
  });

  test.each([
    // The listing day, its 24 hours, then the first hour's 60 minutes.
    ['interval=1h&startTime=0&limit=3', 1 + 24],
    ['interval=1m&startTime=0&limit=3', 1 + 24 + 60],
    // Local days run from 18:15 to 18:15 UTC: three rows cut four UTC days, and the hour 18:00 of each.
    ['interval=1d&timeZone=05:45&startTime=1704067200000&limit=3', 4 + 4 * 24 + 4 * 60],
  ])('%s generates the days, hours and minutes it cuts', async (query, expected) => {
    await withSimulator(async (sim) => {
      const page = await measured(sim, `/api/v3/klines?symbol=ETHUSDT&${query}`);
      expect((page.body as Row[]).length).toBe(3);
      expect(page.work).toBe(expected);
    });
  });

  test.each(['1M', '1w', '3d', '1d'] as const)(
    '%s from startTime=0 with limit=1000 costs at most the days of its rows, wherever it starts',
    async (interval) => {
      const cost = async (startTime: number): Promise<{ rows: number; work: number }> => withSimulator(async (sim) => {
        const page = await measured(sim, `/api/v3/klines?symbol=ETHUSDT&interval=${interval}&startTime=${startTime}&limit=1000`);
        expect(page.status).toBe(200);
        return { rows: (page.body as Row[]).length, work: page.work };
      });
      const fromEpoch = await cost(0);
      expect(fromEpoch.rows).toBeGreaterThan(100);
      // The unfinished row reaches down to the current second.
      expect(fromEpoch.work).toBeLessThanOrEqual(fromEpoch.rows * daysPerRow(interval) + PARTIAL_END);
      // Whole rows cost their days, in 2018 as in 2024.
      for (const startTime of [Date.UTC(2018, 0, 1), Date.UTC(2024, 0, 1)]) {
        await withSimulator(async (sim) => {
          const page = await measured(sim, `/api/v3/klines?symbol=ETHUSDT&interval=${interval}&startTime=${startTime}&limit=12`);
          const rows = page.body as Row[];
          expect(rows).toHaveLength(12);
          expect(page.work).toBe(rows.reduce((sum, row) => sum + coveredDays(row, ETHUSDT_LISTED), 0));
        });
      }
    },
  );

  test('costs the same after the clock jumped a month as after it jumped two days', async () => {
    const workAfterJump = async (jumpMs: number): Promise<number> => {
      const clock = { now: NOW };
      const sim = await startSimulator({ clock: { now: () => clock.now } });
      try {
        expect((await call(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
        clock.now += jumpMs;
        const page = await measured(sim, '/api/v3/klines?symbol=ETHUSDT&interval=1m&limit=1');
        expect((page.body as Row[]).length).toBe(1);
        return page.work;
      } finally {
        await sim.close();
      }
    };
    expect(await workAfterJump(30 * DAY)).toBe(await workAfterJump(2 * DAY));
  });
});

describe('a moved market', () => {
  /** Most steps of a move (candle-source.ts): each cuts at most one minute into seconds and one hour into minutes. */
  const MOVE_STEPS = 60;

  test.each([3_600_000, 86_400_000])('a day of klines across a move over %i ms costs its steps, not its length', async (overMs) => {
    const clock = { now: NOW };
    const sim = await startSimulator({ clock: { now: () => clock.now }, limits: { rateLimits: [] } });
    try {
      sim.market.moveTo('ETHUSDT', '3500', { over: overMs });
      clock.now += overMs + 2_000;
      // The market catches up with the jump first (a bounded span, then the last seconds one by one).
      expect((await call(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
      const startTime = Math.floor(NOW / DAY) * DAY;
      for (const interval of ['1d', '1h', '1m']) {
        const page = await measured(sim, `/api/v3/klines?symbol=ETHUSDT&interval=${interval}&startTime=${startTime}&limit=1000`);
        expect(page.status).toBe(200);
        const rows = page.body as Row[];
        const days = Math.ceil((rows[rows.length - 1]![6] + 1 - startTime) / DAY);
        expect([interval, page.work <= MOVE_STEPS * (60 + 60) + days * PARTIAL_END + rows.length]).toEqual([interval, true]);
      }
    } finally {
      await sim.close();
    }
  });
});

describe('rolling windows', () => {
  test.each(['1d', '2d', '7d', '23h', '59m', '5m'])('a %s ticker costs its days and its two partial ends', async (size) => {
    await withSimulator(async (sim) => {
      const ticker = await measured(sim, `/api/v3/ticker?symbol=ETHUSDT&windowSize=${size}`);
      expect(ticker.status).toBe(200);
      const body = ticker.body as { openTime: number; closeTime: number };
      expect(ticker.work).toBeLessThanOrEqual(Math.ceil((body.closeTime - body.openTime) / DAY) + 2 * PARTIAL_END);
    });
  });

  test('the 24h ticker of every symbol costs at most two partial ends and a day each', async () => {
    await withSimulator(async (sim) => {
      const symbols = sim.exchange.engine.allMarkets().length;
      const ticker = await measured(sim, '/api/v3/ticker/24hr');
      expect(ticker.status).toBe(200);
      expect(ticker.work).toBeLessThanOrEqual(symbols * (1 + 2 * PARTIAL_END));
    });
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
      const sent = query({ symbol: 'ETHUSDT', interval, startTime, endTime, timeZone, limit: String(limit) });
      const response = await measured(sim, `/api/v3/${path}?${sent}`);
      if (response.status !== 200) {
        expectParameterError(response, [-1100, -1105, -1023]);
        expect(response.work).toBe(0);
        return;
      }
      const rows = response.body as Row[];
      if (rows.length > 0) answersWithRows += 1;
      expect(rows.length).toBeLessThanOrEqual(limit);
      // A row costs its days, or the partial days, hours and minutes at its two ends.
      const perRow = daysPerRow(interval as KlineInterval) + 2 * PARTIAL_END;
      expect(response.work).toBeLessThanOrEqual(rows.length * perRow);
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
        ? query({ symbol: 'ETHUSDT', startTime, endTime, fromId, limit: String(limit) })
        : query({ symbol: 'ETHUSDT', fromId, limit: String(limit) });
      const response = await measured(sim, `/api/v3/${path}?${sent}`);
      if (response.status !== 200) {
        expectParameterError(response, [-1100, -1105, -1127, -1128]);
        return;
      }
      const trades = response.body as Record<string, unknown>[];
      if (trades.length > 0) answersWithTrades += 1;
      expect(trades.length).toBeLessThanOrEqual(limit);
      // Every second holds a trade, so `limit` trades span at most `limit` seconds: a minute or two.
      expect(response.work).toBeLessThanOrEqual(2 * PARTIAL_END);
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
      const ticker = await measured(sim, `/api/v3/ticker?${query({ symbol: 'ETHUSDT', windowSize: size })}`);
      const match = /^([0-9]{1,2})([mhd])$/.exec(size);
      const minutes = match === null ? 0 : Number(match[1]) * { m: 1, h: 60, d: 1440 }[match[2] as 'm' | 'h' | 'd'];
      if (ticker.status !== 200) {
        expectParameterError(ticker, [-1105, -1130]);
        expect(ticker.work).toBe(0);
        return;
      }
      // The window's days, the partial days at its two ends and the second before it.
      expect(ticker.work).toBeLessThanOrEqual(Math.ceil(minutes / 1440) + 3 * PARTIAL_END);
      const body = ticker.body as { openTime: number; closeTime: number };
      expect(body.closeTime - body.openTime).toBe(minutes * MINUTE);
    }), { numRuns: 60 });
    const average = await measured(sim, '/api/v3/avgPrice?symbol=ETHUSDT');
    expect(average.work).toBeLessThanOrEqual(2 * PARTIAL_END);
    const depth = await measured(sim, '/api/v3/depth?symbol=ETHUSDT&limit=5000');
    expect([depth.status, depth.work]).toEqual([200, 0]);
  });
});
