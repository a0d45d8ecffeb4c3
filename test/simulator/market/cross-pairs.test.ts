import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { SPOT_SYMBOLS } from '../../../src/simulator/market/spot-symbols.js';
import { call } from '../support.js';

/** The simulator's default standard taker rate (0.1 %), which every account without rates pays. */
const TAKER_FEE = 0.001;

/** Every listed pair not quoted in USDT whose two assets both trade against USDT, with those legs. */
const TRIANGLES = SPOT_SYMBOLS
  .filter((s) => s.quoteAsset !== 'USDT')
  .map((s) => ({ cross: s.symbol, base: `${s.baseAsset}USDT`, quote: `${s.quoteAsset}USDT` }))
  .filter((t) => SPOT_SYMBOLS.some((s) => s.symbol === t.base) && SPOT_SYMBOLS.some((s) => s.symbol === t.quote));

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const starts = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2026, 11, 1) });
/** Clock steps, each after an optional move of a leg by a factor (every plain pair is some cross pair's leg). */
const steps = fc.array(fc.record({
  wait: fc.integer({ min: 1, max: 90_000 }),
  move: fc.option(fc.record({
    symbol: fc.constantFrom(...new Set(TRIANGLES.flatMap((t) => [t.base, t.quote]))),
    factor: fc.double({ min: 0.5, max: 2, noNaN: true }),
  })),
}), { minLength: 1, maxLength: 3 });

async function lastPrice(url: string, symbol: string): Promise<number> {
  return Number(((await call(`${url}/api/v3/ticker/price?symbol=${symbol}`)).body as { price: string }).price);
}

/** `symbol`'s last price times `factor`, on its tick grid. */
async function movedPrice(url: string, symbol: string, factor: number): Promise<string> {
  const decimals = SPOT_SYMBOLS.find((s) => s.symbol === symbol)!.tickDecimals;
  return Math.max(10 ** -decimals, (await lastPrice(url, symbol)) * factor).toFixed(decimals);
}

interface Touch {
  readonly bid: number;
  readonly ask: number;
}

async function touch(url: string, symbol: string): Promise<Touch> {
  const book = (await call(`${url}/api/v3/depth?symbol=${symbol}&limit=5`)).body as { bids: string[][]; asks: string[][] };
  return { bid: Number(book.bids[0]![0]), ask: Number(book.asks[0]![0]) };
}

type Step = { wait: number; move: { symbol: string; factor: number } | null };

/** What one check sees: the simulator, a triangle, the clock, and the best prices of its three books. */
interface TriangleView {
  readonly sim: SimulatorHandle;
  readonly triangle: (typeof TRIANGLES)[number];
  readonly now: number;
  readonly b: Touch;
  readonly q: Touch;
  readonly x: Touch;
}

/** Runs a simulator under `seed` from `start` through `path` (moving legs as it says) and checks every triangle after each step. */
async function walkTriangles(seed: number, start: number, path: readonly Step[], check: (view: TriangleView) => Promise<void>): Promise<void> {
  let now = start;
  const sim = await startSimulator({ seed, symbols: SPOT_SYMBOLS, clock: { now: () => now } });
  try {
    for (const { wait, move } of path) {
      if (move !== null) sim.market.moveTo(move.symbol, await movedPrice(sim.restUrl, move.symbol, move.factor));
      now += wait;
      for (const triangle of TRIANGLES) {
        const [b, q, x] = [await touch(sim.restUrl, triangle.base), await touch(sim.restUrl, triangle.quote), await touch(sim.restUrl, triangle.cross)];
        await check({ sim, triangle, now, b, q, x });
      }
    }
  } finally {
    await sim.close();
  }
}

describe('cross pairs and their legs', () => {
  test('the listing has the triangles this checks (ETHBTC over ETHUSDT and BTCUSDT among them)', () => {
    expect(TRIANGLES).toContainEqual({ cross: 'ETHBTC', base: 'ETHUSDT', quote: 'BTCUSDT' });
    expect(TRIANGLES.length).toBe(8);
  });

  test('no triangular round trip through the books, at their best prices and with the taker fee, ends with more than it started', async () => {
    await fc.assert(fc.asyncProperty(seeds, starts, steps, (seed, start, path) => walkTriangles(seed, start, path, ({ triangle, now, b, q, x }) => {
      const keep = 1 - TAKER_FEE;
      // Quote leg → base asset → quote asset of the cross → back: buy base, sell it for the cross's quote, sell that.
      const forward = (((1 / b.ask) * keep * x.bid) * keep * q.bid) * keep;
      // The other way: buy the cross's quote asset, buy base with it, sell base.
      const backward = (((1 / q.ask) * keep / x.ask) * keep * b.bid) * keep;
      expect({ cross: triangle.cross, now, forward: forward <= 1, backward: backward <= 1 })
        .toEqual({ cross: triangle.cross, now, forward: true, backward: true });
      return Promise.resolve();
    })), { numRuns: 12 });
  }, 120_000);

  test('the books bracket the legs\' ratio even without fees, and the cross pair trades at that ratio', async () => {
    await fc.assert(fc.asyncProperty(seeds, starts, steps, (seed, start, path) => walkTriangles(seed, start, path, async ({ sim, triangle, now, b, q, x }) => {
      const tick = 10 ** -SPOT_SYMBOLS.find((s) => s.symbol === triangle.cross)!.tickDecimals;
      const ratio = (await lastPrice(sim.restUrl, triangle.base)) / (await lastPrice(sim.restUrl, triangle.quote));
      const last = await lastPrice(sim.restUrl, triangle.cross);
      // Decimal prices read as doubles: a bound met exactly may read a rounding error (1e-12) over.
      expect({
        cross: triangle.cross, now, ratio, last,
        bidAtMostImplied: x.bid <= (b.ask / q.bid) * (1 + 1e-12),
        askAtLeastImplied: x.ask >= (b.bid / q.ask) * (1 - 1e-12),
        lastWithinTwoTicks: Math.abs(last - ratio) <= 2 * tick,
      }).toEqual({ cross: triangle.cross, now, ratio, last, bidAtMostImplied: true, askAtLeastImplied: true, lastWithinTwoTicks: true });
    })), { numRuns: 8 });
  }, 120_000);

  test('a cross pair cannot be moved on its own: its legs set its price', async () => {
    const sim = await startSimulator({ seed: 3, clock: { now: () => Date.UTC(2025, 0, 1) } });
    try {
      expect(() => sim.market.moveTo('ETHBTC', '0.05')).toThrow(new TypeError(
        "invalid move: Data sent for parameter 'symbol' is not valid: a symbol priced on its own is expected (ETHBTC follows ETHUSDT and BTCUSDT: move those).",
      ));
    } finally {
      await sim.close();
    }
  });
});
