import { describe, expect, test } from 'vitest';
import { aggregateCandles, type Candle } from '../../../src/simulator/market/candle.js';
import { CandleSource } from '../../../src/simulator/market/candle-source.js';
import { bucketOpen, nextBucketOpen, parseTimeZone } from '../../../src/simulator/market/intervals.js';
import { klineRow, selectKlines } from '../../../src/simulator/market/klines.js';
import { SPOT_SYMBOLS } from '../../../src/simulator/market/spot-symbols.js';
import { DEFAULT_SYMBOLS, type SymbolSpec } from '../../../src/simulator/market/symbols.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12, 30, 15, 500);

function spec(symbol: string): SymbolSpec {
  return DEFAULT_SYMBOLS.find((s) => s.symbol === symbol)!;
}

function minutes(source: CandleSource, from: number, count: number): Candle[] {
  return Array.from({ length: count }, (_, i) => source.minute(from / MINUTE + i));
}

describe('deterministic market', () => {
  test('the same seed gives the same candles, another seed different ones', () => {
    const a = new CandleSource(spec('BTCUSDT'), 7);
    const b = new CandleSource(spec('BTCUSDT'), 7);
    const c = new CandleSource(spec('BTCUSDT'), 8);
    const minute = Date.UTC(2024, 2, 1) / MINUTE;
    expect(b.minute(minute)).toEqual(a.minute(minute));
    expect(c.minute(minute).close).not.toBe(a.minute(minute).close);
  });

  test('pins the first 2024 candle of BTCUSDT under seed 42, so market changes are deliberate', () => {
    const source = new CandleSource(spec('BTCUSDT'), 42);
    expect(klineRow(source, source.minute(Date.UTC(2024, 0, 1) / MINUTE))).toMatchInlineSnapshot(`
      [
        1704067200000,
        "74312.41000000",
        "74330.13000000",
        "74260.91000000",
        "74267.44000000",
        "9.44409000",
        1704067259999,
        "711106.53240000",
        780,
        "3.04037000",
        "228982.41910000",
        "0",
      ]
    `);
  });

  test('one minute closes where the next opens', () => {
    const source = new CandleSource(spec('ETHUSDT'), 42);
    const candles = minutes(source, Date.UTC(2025, 0, 1), 500);
    for (let i = 1; i < candles.length; i++) expect(candles[i]!.open).toBe(candles[i - 1]!.close);
  });

  test.each(SPOT_SYMBOLS.map((s) => [s.symbol, s] as const))('%s stays near its realistic price over years', (_name, s) => {
    const source = new CandleSource(s, 42);
    const tick = 10 ** -s.tickDecimals;
    for (let day = Date.UTC(2018, 0, 1); day < Date.UTC(2026, 0, 1); day += 37 * DAY) {
      const price = source.minute(day / MINUTE).open * tick;
      expect(price).toBeGreaterThan(s.basePrice * 0.55);
      expect(price).toBeLessThan(s.basePrice * 1.8);
    }
  });

  test.each(SPOT_SYMBOLS.map((s) => [s.symbol, s] as const))('%s: a month of volume and quote volume stays a safe integer', (_name, s) => {
    const source = new CandleSource(s, 42);
    const month = source.candle(Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 1) - 1, Date.UTC(2026, 1, 1))!;
    expect(month.volume).toBeLessThan(Number.MAX_SAFE_INTEGER / 4);
    expect(month.quoteVolume).toBeLessThan(Number.MAX_SAFE_INTEGER / 4);
    expect(month.trades).toBeGreaterThan(31 * 1440 * 60 - 1);
  });

  test('candles are consistent: low <= open, close <= high and amounts positive', () => {
    const source = new CandleSource(spec('BNBUSDT'), 3);
    for (const c of minutes(source, Date.UTC(2025, 6, 1), 2000)) {
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.volume).toBeGreaterThanOrEqual(60);
      expect(c.takerBuyVolume).toBeLessThanOrEqual(c.volume);
      expect(c.lastTradeId - c.firstTradeId + 1).toBe(c.trades);
    }
  });
});

describe('cross-interval consistency', () => {
  const source = new CandleSource(spec('BTCUSDT'), 42);

  test('a minute is exactly the aggregate of its 60 one-second candles', () => {
    for (const minute of [Date.UTC(2025, 3, 2, 10, 0) / MINUTE, Date.UTC(2019, 11, 31, 23, 59) / MINUTE]) {
      const seconds = source.seconds(minute);
      expect(seconds).toHaveLength(60);
      const whole = source.minute(minute);
      expect(aggregateCandles(seconds, whole.openTime, whole.closeTime)).toEqual(whole);
    }
  });

  test('an hour from the klines equals the aggregate of its 60 one-minute klines', () => {
    const open = Date.UTC(2025, 7, 9, 14);
    const [hour] = selectKlines(source, { interval: '1h', startTime: open, limit: 1, offsetMs: 0 }, NOW);
    const ones = selectKlines(source, { interval: '1m', startTime: open, endTime: open + HOUR - 1, limit: 1000, offsetMs: 0 }, NOW);
    expect(ones).toHaveLength(60);
    expect(hour!.candle).toEqual(aggregateCandles(ones.map((k) => k.candle), open, open + HOUR - 1));
  });

  test('a day equals its 24 hours, a week its 7 days, a month its days', () => {
    const day = Date.UTC(2025, 1, 3);
    const [d] = selectKlines(source, { interval: '1d', startTime: day, limit: 1, offsetMs: 0 }, NOW);
    const hours = selectKlines(source, { interval: '1h', startTime: day, limit: 24, offsetMs: 0 }, NOW);
    expect(d!.candle).toEqual(aggregateCandles(hours.map((k) => k.candle), day, day + DAY - 1));
    const [w] = selectKlines(source, { interval: '1w', startTime: day, limit: 1, offsetMs: 0 }, NOW);
    expect(new Date(w!.candle.openTime).getUTCDay()).toBe(1);
    const days = selectKlines(source, { interval: '1d', startTime: w!.candle.openTime, limit: 7, offsetMs: 0 }, NOW);
    expect(w!.candle).toEqual(aggregateCandles(days.map((k) => k.candle), w!.candle.openTime, w!.candle.closeTime));
    const [m] = selectKlines(source, { interval: '1M', startTime: Date.UTC(2024, 1, 1), limit: 1, offsetMs: 0 }, NOW);
    expect(m!.candle.closeTime).toBe(Date.UTC(2024, 2, 1) - 1);
    const feb = selectKlines(source, { interval: '1d', startTime: Date.UTC(2024, 1, 1), limit: 29, offsetMs: 0 }, NOW);
    expect(m!.candle).toEqual(aggregateCandles(feb.map((k) => k.candle), Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1) - 1));
  });

  test('a 4h candle in a +05:45 time zone aggregates the minutes it covers', () => {
    const offsetMs = parseTimeZone('05:45')!;
    expect(offsetMs).toBe(345 * MINUTE);
    const [k] = selectKlines(source, { interval: '4h', startTime: Date.UTC(2025, 0, 1), limit: 1, offsetMs }, NOW);
    // Local midnight in UTC+05:45 is 18:15 UTC, so 4h buckets open at 22:15, 02:15, 06:15 UTC.
    expect(k!.candle.openTime).toBe(Date.UTC(2025, 0, 1, 2, 15));
    const ones = selectKlines(source, { interval: '1m', startTime: k!.candle.openTime, limit: 240, offsetMs: 0 }, NOW);
    expect(k!.candle).toEqual(aggregateCandles(ones.map((o) => o.candle), k!.candle.openTime, k!.candle.closeTime));
  });
});

describe('kline selection', () => {
  const source = new CandleSource(spec('ETHBTC'), 1);

  test('startTime selects open times at or after it, limit caps the count', () => {
    const klines = selectKlines(source, { interval: '5m', startTime: Date.UTC(2024, 0, 1, 0, 3), limit: 3, offsetMs: 0 }, NOW);
    expect(klines.map((k) => k.candle.openTime)).toEqual([5, 10, 15].map((m) => Date.UTC(2024, 0, 1, 0, m)));
  });

  test('endTime alone gives the last candles opening at or before it', () => {
    const klines = selectKlines(source, { interval: '1h', endTime: Date.UTC(2024, 0, 1, 5, 0), limit: 2, offsetMs: 0 }, NOW);
    expect(klines.map((k) => k.candle.openTime)).toEqual([Date.UTC(2024, 0, 1, 4), Date.UTC(2024, 0, 1, 5)]);
  });

  test('no times gives the latest candles, the last one unfinished and not closed', () => {
    const klines = selectKlines(source, { interval: '1m', limit: 3, offsetMs: 0 }, NOW);
    expect(klines.map((k) => k.candle.openTime)).toEqual([28, 29, 30].map((m) => Date.UTC(2026, 5, 15, 12, m)));
    expect(klines.map((k) => k.closed)).toEqual([true, true, false]);
    const current = klines[2]!.candle;
    const seconds = source.seconds(current.openTime / MINUTE).slice(0, 16);
    expect(current).toEqual(aggregateCandles(seconds, current.openTime, current.closeTime));
    expect(current.close).toBe(source.lastPrice(NOW));
  });

  test('nothing before the listing and nothing after now', () => {
    expect(selectKlines(source, { interval: '1d', startTime: 0, limit: 2, offsetMs: 0 }, NOW)[0]!.candle.openTime)
      .toBe(spec('ETHBTC').listedAt);
    expect(selectKlines(source, { interval: '1m', startTime: NOW + MINUTE, limit: 5, offsetMs: 0 }, NOW)).toEqual([]);
  });

  test('bucket boundaries: weeks on Monday, months on the first, 3d on the 2017-08-17 grid', () => {
    expect(new Date(bucketOpen('1w', Date.UTC(2025, 4, 15))).toISOString()).toBe('2025-05-12T00:00:00.000Z');
    expect(new Date(nextBucketOpen('1M', Date.UTC(2024, 11, 1))).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect((bucketOpen('3d', Date.UTC(2017, 7, 18)) - Date.UTC(2017, 7, 17)) % (3 * DAY)).toBe(0);
    expect(bucketOpen('1d', Date.UTC(2025, 0, 1, 3), 8 * HOUR)).toBe(Date.UTC(2024, 11, 31, 16));
  });
});

test('pages through a year of 1m klines with no gap and no duplicate', () => {
  const source = new CandleSource(spec('BTCUSDT'), 99);
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2026, 0, 1);
  let count = 0;
  let previous = start - MINUTE;
  let gaps = 0;
  let cursor = start;
  for (;;) {
    const page = selectKlines(source, { interval: '1m', startTime: cursor, endTime: end - 1, limit: 1000, offsetMs: 0 }, NOW);
    if (page.length === 0) break;
    for (const k of page) {
      if (k.candle.openTime !== previous + MINUTE) gaps += 1;
      previous = k.candle.openTime;
    }
    JSON.stringify(page.map((k) => klineRow(source, k.candle)));
    count += page.length;
    cursor = page[page.length - 1]!.candle.openTime + MINUTE;
  }
  expect(count).toBe(525_600);
  expect(gaps).toBe(0);
  expect(previous).toBe(end - MINUTE);
});
