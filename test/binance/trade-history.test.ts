import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tradeHistory, tradeHistoryPages } from '../../src/binance/trade-history.js';
import { Decimal } from '../../src/core/decimal.js';
import type { AccountTrade, AccountTradeQuery } from '../../src/core/models.js';

/**
 * The history walk against a model of `GET /api/v3/myTrades` as Binance documents it: at most
 * `limit` fills, oldest first, from `fromId` on, or within `startTime`..`endTime`, which may be at
 * most 24 hours apart and never combine with `fromId`, or without either the most recent ones.
 * The model refuses any other request.
 */

const DAY_MS = 86_400_000;

function trade(tradeId: number, time: number): AccountTrade {
  const one = new Decimal(1);
  return {
    tradeId, orderId: String(tradeId), orderListId: undefined, symbol: 'BTCUSDT', side: 'BUY', price: one, quantity: one,
    quoteQuantity: one, commission: one, commissionAsset: 'BTC', isMaker: false, isBuyer: true, time,
  };
}

/** Binance's answer to one query over `trades` (ids ascending), and a record of every query. */
function binance(trades: readonly AccountTrade[], pageSize: number): { fetch: (q: AccountTradeQuery) => Promise<AccountTrade[]>; queries: AccountTradeQuery[] } {
  const queries: AccountTradeQuery[] = [];
  const fetch = (query: AccountTradeQuery): Promise<AccountTrade[]> => {
    queries.push(query);
    const timed = query.startTime !== undefined || query.endTime !== undefined;
    if (timed && query.fromId !== undefined) throw new Error('fromId with a time range');
    if (query.startTime !== undefined && query.endTime !== undefined && query.endTime - query.startTime > DAY_MS) throw new Error('window over 24 hours');
    if (query.limit === undefined || query.limit > pageSize) throw new Error(`limit ${String(query.limit)}`);
    const selected = trades.filter((t) => (query.fromId === undefined || t.tradeId >= query.fromId)
      && (query.startTime === undefined || t.time >= query.startTime) && (query.endTime === undefined || t.time <= query.endTime));
    // Without fromId or startTime, Binance answers the most recent fills.
    const recent = query.fromId === undefined && query.startTime === undefined;
    return Promise.resolve(recent ? selected.slice(Math.max(0, selected.length - query.limit)) : selected.slice(0, query.limit));
  };
  return { fetch, queries };
}

const history = fc.record({
  firstId: fc.integer({ min: 0, max: 1_000_000 }),
  // Gaps from none (many fills in one millisecond) to three days.
  gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 3 * DAY_MS })), { maxLength: 120 }),
  pageSize: fc.integer({ min: 1, max: 7 }),
  from: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
  span: fc.double({ min: 0, max: 1.2, noNaN: true }),
});

describe('tradeHistoryPages', () => {
  it('yields exactly the fills in the range, oldest first and each once, asking only what Binance allows', async () => {
    await fc.assert(fc.asyncProperty(history, async ({ firstId, gaps, pageSize, from, span }) => {
      const start = Date.UTC(2026, 0, 1);
      let time = start;
      const trades = gaps.map((gap, i) => trade(firstId + i, (time += gap)));
      const total = Math.max(1, time - start);
      const range = { startTime: Math.max(0, Math.round(start + from * total)), endTime: 0 };
      range.endTime = range.startTime + Math.round(span * total);
      const model = binance(trades, pageSize);
      const seen: AccountTrade[] = [];
      for await (const page of tradeHistoryPages(model.fetch, range, pageSize)) {
        expect(page.length).toBeGreaterThan(0);
        seen.push(...page);
      }
      expect(seen.map((t) => t.tradeId)).toEqual(trades.filter((t) => t.time >= range.startTime && t.time <= range.endTime).map((t) => t.tradeId));
    }), { numRuns: 300, seed: 20261203 });
  });

  it('starts with the account\'s first page when the range begins before it ends, and reads full pages whatever the days between fills', async () => {
    const start = Date.UTC(2026, 0, 1);
    // Five fills, days apart: pages of two by trade id, where 24-hour windows would take a request a day.
    const spread = Array.from({ length: 5 }, (_, i) => trade(10 + i, start + 3 * DAY_MS + i * 2 * DAY_MS));
    const model = binance(spread, 2);
    const seen: number[] = [];
    for await (const page of tradeHistoryPages(model.fetch, { startTime: start, endTime: start + 30 * DAY_MS }, 2)) seen.push(...page.map((t) => t.tradeId));
    expect(seen).toEqual([10, 11, 12, 13, 14]);
    expect(model.queries).toEqual([{ fromId: 0, limit: 2 }, { fromId: 12, limit: 2 }, { fromId: 14, limit: 2 }]);
  });

  it('finds the first fill of a range that starts after the account\'s first page by 24-hour windows up to the newest fill, then goes on by trade id; an account without fills costs one request', async () => {
    const start = Date.UTC(2026, 0, 1);
    const model = binance([trade(1, start), trade(2, start + 2 * DAY_MS + 5), trade(3, start + 2 * DAY_MS + 6)], 1);
    const seen: number[] = [];
    for await (const page of tradeHistoryPages(model.fetch, { startTime: start + 1, endTime: start + 9 * DAY_MS }, 1)) seen.push(...page.map((t) => t.tradeId));
    expect(seen).toEqual([2, 3]);
    expect(model.queries).toEqual([
      { fromId: 0, limit: 1 },
      { limit: 1 },
      { startTime: start + 1, endTime: start + DAY_MS + 1, limit: 1 },
      { startTime: start + DAY_MS + 2, endTime: start + 2 * DAY_MS + 2, limit: 1 },
      { startTime: start + 2 * DAY_MS + 3, endTime: start + 2 * DAY_MS + 6, limit: 1 },
      { fromId: 3, limit: 1 },
      { fromId: 4, limit: 1 },
    ]);
    const empty = binance([], 3);
    for await (const page of tradeHistoryPages(empty.fetch, { startTime: 0, endTime: start }, 3)) seen.push(...page.map((t) => t.tradeId));
    expect(empty.queries).toEqual([{ fromId: 0, limit: 3 }]);
  });

  it('flattens to single fills for tradeHistory', async () => {
    const start = Date.UTC(2026, 0, 1);
    const model = binance([trade(1, start), trade(2, start + 1)], 1000);
    const seen: number[] = [];
    for await (const t of tradeHistory(model.fetch, { startTime: start, endTime: start + 1 })) seen.push(t.tradeId);
    expect(seen).toEqual([1, 2]);
  });
});
