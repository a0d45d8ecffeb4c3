import type { AccountTrade, AccountTradeQuery } from '../core/models.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../spec/binance/page-limits.js';

/** The largest `myTrades` page. */
const PAGE_SIZE = PAGE_LIMITS['GET /api/v3/myTrades'].max;
/** The longest time range one `myTrades` request may ask for. */
const WINDOW_MS = TIME_WINDOW_LIMITS_MS['GET /api/v3/myTrades'];

/**
 * The account's fills of one symbol from `startTime` to `endTime`, a page at a time, oldest first.
 * Trade ids rise with time, so pages go by trade id (`fromId`, which no window bounds) until a
 * fill is past the range's end: a page holds a full `pageSize` of fills whatever their spacing in
 * time. The walk starts with the account's first page (`fromId` 0), which is the range's first
 * page when the range starts before it ends. A range that starts later has its first fill found
 * by time, in windows of 24 hours (Binance answers at most 24 hours per request and does not
 * combine `fromId` with a time range), after the account's newest fill has cut the range's end, so
 * no empty window after the last fill is read. Pages are read one after another, so the weight
 * (20 a page) is spent at the pace the rate limiter allows, never in a burst.
 */
export async function* tradeHistoryPages(
  fetchPage: (query: AccountTradeQuery) => Promise<AccountTrade[]>,
  range: { startTime: number; endTime: number },
  pageSize = PAGE_SIZE,
): AsyncGenerator<AccountTrade[], void, undefined> {
  let page = await fetchPage({ fromId: 0, limit: pageSize });
  if (page.length === 0) return;
  if (page.at(-1)!.time < range.startTime) {
    if (page.length < pageSize) return;
    const [newest] = await fetchPage({ limit: 1 });
    const endTime = Math.min(range.endTime, newest?.time ?? range.endTime);
    page = [];
    for (let from = range.startTime; page.length === 0 && from <= endTime; from += WINDOW_MS + 1) {
      page = await fetchPage({ startTime: from, endTime: Math.min(from + WINDOW_MS, endTime), limit: pageSize });
    }
    if (page.length === 0) return;
  }
  for (;;) {
    const inRange = page.filter((trade) => trade.time >= range.startTime && trade.time <= range.endTime);
    if (inRange.length > 0) yield inRange;
    if (page.length < pageSize || page.at(-1)!.time > range.endTime) return;
    page = await fetchPage({ fromId: page.at(-1)!.tradeId + 1, limit: pageSize });
  }
}

/** The fills of `tradeHistoryPages`, one at a time. */
export async function* tradeHistory(
  fetchPage: (query: AccountTradeQuery) => Promise<AccountTrade[]>,
  range: { startTime: number; endTime: number },
): AsyncGenerator<AccountTrade, void, undefined> {
  for await (const page of tradeHistoryPages(fetchPage, range)) yield* page;
}
