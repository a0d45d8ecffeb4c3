import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

/**
 * Trade ids of a symbol increase with time across the generated trades and users' trades, so that
 * `fromId` paging (historicalTrades, aggTrades, myTrades), ours and every peer's, reads every trade
 * once, in order.
 */

const START = Date.UTC(2026, 4, 20, 15, 42, 10, 0);
const KEY = { secret: DEMO_API_SECRET };

interface PublicTrade { id: number; time: number }
interface AggTrade { a: number; f: number; l: number; T: number }

/** Every trade from `fromId` up to now, 1000 a page, each page from the last id read plus one. */
async function pageAll<T>(sim: SimulatorHandle, path: string, fromId: number, id: (trade: T) => number): Promise<T[]> {
  const all: T[] = [];
  for (let next = fromId; ;) {
    const page = (await call(`${sim.restUrl}${path}&fromId=${next}&limit=1000`)).body as T[];
    all.push(...page);
    if (page.length < 1000) return all;
    next = id(page.at(-1)!) + 1;
  }
}

/** A step of a session: the clock moves on, then a market order or a resting limit order a little off the book. */
const steps = fc.array(fc.record({
  waitMs: fc.integer({ min: 0, max: 2500 }),
  kind: fc.constantFrom('market', 'limit'),
  side: fc.constantFrom('BUY', 'SELL'),
}), { minLength: 1, maxLength: 12 });

describe('trade ids', () => {
  test('paging from an id never goes backwards or skips, whatever users trade and when', async () => {
    await fc.assert(fc.asyncProperty(steps, fc.integer({ min: 1, max: 1000 }), async (session, seed) => {
      let now = START;
      const sim = await startSimulator({ seed, clock: { now: () => now }, limits: { rateLimits: [] } });
      try {
        const [first] = (await call(`${sim.restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1`)).body as PublicTrade[];
        for (const step of session) {
          now += step.waitMs;
          const book = (await call(`${sim.restUrl}/api/v3/ticker/bookTicker?symbol=BTCUSDT`)).body as { bidPrice: string; askPrice: string };
          const params: Record<string, string | number> = step.kind === 'market'
            ? { symbol: 'BTCUSDT', side: step.side, type: 'MARKET', quantity: '0.001' }
            : {
                symbol: 'BTCUSDT', side: step.side, type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001',
                price: (step.side === 'BUY' ? Number(book.bidPrice) - 0.5 : Number(book.askPrice) + 0.5).toFixed(2),
              };
          const placed = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, KEY, params, { timestamp: now });
          expect(placed.status, JSON.stringify(placed.body)).toBe(200);
        }
        now += 3000;
        const trades = await pageAll<PublicTrade>(sim, '/api/v3/historicalTrades?symbol=BTCUSDT', first!.id, (t) => t.id);
        for (let i = 1; i < trades.length; i += 1) {
          expect(trades[i]!.id, `after ${JSON.stringify(trades[i - 1])}`).toBeGreaterThan(trades[i - 1]!.id);
          expect(trades[i]!.time, `after ${JSON.stringify(trades[i - 1])}`).toBeGreaterThanOrEqual(trades[i - 1]!.time);
        }
        // Every fill of the account is among them.
        const mine = (await signed(sim.restUrl, 'GET', '/api/v3/myTrades', DEMO_API_KEY, KEY, { symbol: 'BTCUSDT' }, { timestamp: now })).body as { id: number }[];
        const ids = new Set(trades.map((t) => t.id));
        expect(mine.filter((t) => !ids.has(t.id))).toEqual([]);
        // The same trades, the same ids, through aggTrades and recent trades.
        const aggregates = await pageAll<AggTrade>(sim, '/api/v3/aggTrades?symbol=BTCUSDT', first!.id, (t) => t.a);
        expect(aggregates.map((t) => [t.a, t.T])).toEqual(trades.map((t) => [t.id, t.time]));
        const recent = (await call(`${sim.restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1000`)).body as PublicTrade[];
        const tail = recent.filter((t) => t.id >= first!.id).map((t) => t.id);
        expect(tail).toEqual(trades.slice(-tail.length).map((t) => t.id));
      } finally {
        await sim.close();
      }
    }), { numRuns: 15 });
  }, 120_000);
});
