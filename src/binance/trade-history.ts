import type { AccountTrade, AccountTradeQuery } from '../core/models.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../spec/binance/page-limits.js';

/** The largest `myTrades` page. */
const PAGE_SIZE = PAGE_LIMITS['GET /api/v3/myTrades'].max;
/** The longest time range one `myTrades` request may ask for. */
const WINDOW_MS = TIME_WINDOW_LIMITS_MS['GET /api/v3/myTrades'];

/**
 * The account's fills of one symbol from `startTime` to `endTime`, a page at a time, oldest first.
 * Binance answers at most 24 hours per request and does not combine `fromId` with a time range, so
 * the range is walked in windows of 24 hours; a window that fills a whole page goes on by trade id
 * (`fromId`, which no window bounds) until the range's end. The account's oldest and newest fills
 * (two requests of one fill) first narrow the range to where fills can be, so a range that starts
 * years before the first fill costs no empty windows. Pages are read one after another, so the
 * weight (20 a page) is spent at the pace the rate limiter allows, never in a burst.
 */
export async function* tradeHistoryPages(
  fetchPage: (query: AccountTradeQuery) => Promise<AccountTrade[]>,
  range: { startTime: number; endTime: number },
  pageSize = PAGE_SIZE,
): AsyncGenerator<AccountTrade[], void, undefined> {
  const [oldest] = await fetchPage({ fromId: 0, limit: 1 });
  if (oldest === undefined) return;
  const [newest] = await fetchPage({ limit: 1 });
  const endTime = Math.min(range.endTime, newest?.time ?? range.endTime);
  for (let from = Math.max(range.startTime, oldest.time); from <= endTime;) {
    const to = Math.min(from + WINDOW_MS, endTime);
    const page = await fetchPage({ startTime: from, endTime: to, limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) {
      from = to + 1;
      continue;
    }
    for (let last = page.at(-1)!; ;) {
      const next = await fetchPage({ fromId: last.tradeId + 1, limit: pageSize });
      const inRange = next.filter((trade) => trade.time <= range.endTime);
      if (inRange.length > 0) yield inRange;
      if (next.length < pageSize || inRange.length < next.length) return;
      last = next.at(-1)!;
    }
  }
}

/** The fills of `tradeHistoryPages`, one at a time. */
export async function* tradeHistory(
  fetchPage: (query: AccountTradeQuery) => Promise<AccountTrade[]>,
  range: { startTime: number; endTime: number },
): AsyncGenerator<AccountTrade, void, undefined> {
  for await (const page of tradeHistoryPages(fetchPage, range)) yield* page;
}
