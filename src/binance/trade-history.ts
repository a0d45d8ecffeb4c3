import type { AccountTrade, AccountTradeQuery } from '../core/models.js';
import { PAGE_LIMITS, TIME_WINDOW_LIMITS_MS } from '../spec/binance/page-limits.js';

/** The largest `myTrades` page. */
const PAGE_SIZE = PAGE_LIMITS['GET /api/v3/myTrades'].max;
/** The longest time range one `myTrades` request may ask for. */
const WINDOW_MS = TIME_WINDOW_LIMITS_MS['GET /api/v3/myTrades'];

/**
 * The account's fills of one symbol from `startTime` to `endTime`, a page at a time, oldest first.
 * Trade ids rise with time, so from the first fill of the range on, pages go by trade id (`fromId`,
 * which no window bounds) until a fill is past the range's end: a page holds a full `pageSize` of
 * fills whatever their spacing in time. The first fill of the range is found with the account's
 * oldest fill when the range starts before it; otherwise by time, in windows of 24 hours (Binance
 * answers at most 24 hours per request and does not combine `fromId` with a time range). The
 * account's newest fill first cuts the range's end, so a range that ends after the last fill costs
 * no empty windows. Pages are read one after another, so the weight (20 a page) is spent at the
 * pace the rate limiter allows, never in a burst.
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
  let fromId: number | undefined = range.startTime <= oldest.time ? oldest.tradeId : undefined;
  for (let from = range.startTime; fromId === undefined && from <= endTime;) {
    const to = Math.min(from + WINDOW_MS, endTime);
    const page = await fetchPage({ startTime: from, endTime: to, limit: pageSize });
    if (page.length === 0) {
      from = to + 1;
      continue;
    }
    yield page;
    fromId = page.at(-1)!.tradeId + 1;
  }
  if (fromId === undefined || oldest.time > endTime) return;
  for (;;) {
    const next = await fetchPage({ fromId, limit: pageSize });
    const inRange = next.filter((trade) => trade.time <= range.endTime);
    if (inRange.length > 0) yield inRange;
    if (next.length < pageSize || inRange.length < next.length) return;
    fromId = next.at(-1)!.tradeId + 1;
  }
}

/** The fills of `tradeHistoryPages`, one at a time. */
export async function* tradeHistory(
  fetchPage: (query: AccountTradeQuery) => Promise<AccountTrade[]>,
  range: { startTime: number; endTime: number },
): AsyncGenerator<AccountTrade, void, undefined> {
  for await (const page of tradeHistoryPages(fetchPage, range)) yield* page;
}
