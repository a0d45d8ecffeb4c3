import type { CandleQuery, Candlestick, Interval } from '../core/models.js';
import { fixedLengthMs, type KlineInterval } from '../spec/binance/intervals.js';
import { PAGE_LIMITS } from '../spec/binance/page-limits.js';

/**
 * Core's exchange-agnostic `Interval` and Binance's kline intervals must be the same set: the
 * connector hands one to Binance as the other. This fails to compile when either list changes alone.
 */
type SameIntervals = [Interval] extends [KlineInterval] ? ([KlineInterval] extends [Interval] ? true : false) : false;
const SAME_INTERVALS: SameIntervals = true;
void SAME_INTERVALS;

/** Binance's largest klines page. */
export const KLINES_PAGE_SIZE = PAGE_LIMITS['GET /api/v3/klines'].max;

/** Binance's default number of klines when no start time is given. */
export const KLINES_DEFAULT_LIMIT = 500;

/** Length of an interval in ms; undefined for `1M`, whose months differ in length. */
export function intervalMs(interval: Interval): number | undefined {
  return fixedLengthMs(interval);
}

/** One klines request. */
export interface CandlePageQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

/** Fetches one page of candles, in time order. */
export type FetchCandlePage = (query: CandlePageQuery) => Promise<Candlestick[]>;

/**
 * Splits `[startTime, endTime]` into page windows of `pageSize` intervals each. Any window of
 * `pageSize × interval` ms holds at most `pageSize` candle open times, so every page fits one request.
 */
export function planCandlePages(startTime: number, endTime: number, stepMs: number, pageSize = KLINES_PAGE_SIZE): Required<CandlePageQuery>[] {
  const pages: Required<CandlePageQuery>[] = [];
  const span = stepMs * pageSize;
  for (let start = startTime; start <= endTime; start += span) {
    pages.push({ startTime: start, endTime: Math.min(endTime, start + span - 1), limit: pageSize });
  }
  return pages;
}

/** Maps `items` with at most `concurrency` calls in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Concatenates pages in order, keeping each open time once. */
function joinPages(pages: readonly Candlestick[][]): Candlestick[] {
  const out: Candlestick[] = [];
  let last = -Infinity;
  for (const page of pages) {
    for (const candle of page) {
      if (candle.openTime <= last) continue;
      out.push(candle);
      last = candle.openTime;
    }
  }
  return out;
}

/** Pages forward from `startTime` one request at a time, for intervals of varying length. */
async function fetchForward(fetchPage: FetchCandlePage, startTime: number, endTime: number | undefined, limit: number): Promise<Candlestick[]> {
  const pages: Candlestick[][] = [];
  let from = startTime;
  let count = 0;
  while (count < limit) {
    const want = Math.min(KLINES_PAGE_SIZE, limit - count);
    const page = await fetchPage({ startTime: from, ...(endTime === undefined ? {} : { endTime }), limit: want });
    pages.push(page);
    count += page.length;
    const tail = page.at(-1);
    if (tail === undefined || page.length < want) break;
    from = tail.openTime + 1;
  }
  return joinPages(pages).slice(0, limit);
}

/** Pages backward from `endTime` (or now), for "the last N candles". */
async function fetchBackward(fetchPage: FetchCandlePage, endTime: number | undefined, limit: number): Promise<Candlestick[]> {
  const pages: Candlestick[][] = [];
  let to = endTime;
  let count = 0;
  while (count < limit) {
    const want = Math.min(KLINES_PAGE_SIZE, limit - count);
    const page = await fetchPage({ ...(to === undefined ? {} : { endTime: to }), limit: want });
    pages.unshift(page);
    count += page.length;
    const first = page[0];
    if (first === undefined || page.length < want) break;
    to = first.openTime - 1;
  }
  const all = joinPages(pages);
  return all.slice(Math.max(0, all.length - limit));
}

/** What a range fetch needs besides the query. */
export interface CandleRangeOptions {
  /** Server-aligned now, for ranges that end at the present. */
  now: number;
  /** Pages fetched at once. */
  concurrency: number;
}

/**
 * Candles for any range, in order, without duplicates. With both ends known (an explicit
 * `endTime`, or one implied by `limit` or the present) and a fixed-length interval, the page
 * windows are computed up front and fetched `concurrency` at a time; otherwise pages follow one
 * another. Without `startTime` the result is the last `limit` candles (default 500) up to `endTime`.
 */
export async function fetchCandleRange(
  fetchPage: FetchCandlePage,
  interval: Interval,
  query: CandleQuery,
  options: CandleRangeOptions,
): Promise<Candlestick[]> {
  const { startTime, endTime } = query;
  const step = intervalMs(interval);
  if (startTime === undefined) {
    const limit = query.limit ?? KLINES_DEFAULT_LIMIT;
    if (limit <= KLINES_PAGE_SIZE) return fetchPage({ ...(endTime === undefined ? {} : { endTime }), limit });
    return fetchBackward(fetchPage, endTime, limit);
  }
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  if (step === undefined) return fetchForward(fetchPage, startTime, endTime, limit);
  const byLimit = Number.isFinite(limit) ? startTime + limit * step - 1 : Number.POSITIVE_INFINITY;
  const end = Math.min(endTime ?? options.now, options.now + step, byLimit);
  // A range that runs to the present ends at the exchange's present, which `now` only estimates
  // (a clock step not measured yet leaves it behind): the last page asks without an end, and paging
  // goes on while the exchange has more.
  const toPresent = endTime === undefined && options.now + step < byLimit;
  if (end < startTime && !toPresent) return [];
  const pages: CandlePageQuery[] = planCandlePages(startTime, Math.max(end, startTime), step);
  if (toPresent) pages[pages.length - 1] = { startTime: pages.at(-1)!.startTime!, limit: KLINES_PAGE_SIZE };
  const results = await mapConcurrent(pages, options.concurrency, fetchPage);
  const tail = results.at(-1)!;
  if (toPresent && tail.length === KLINES_PAGE_SIZE) {
    const count = results.reduce((sum, page) => sum + page.length, 0);
    results.push(await fetchForward(fetchPage, tail.at(-1)!.openTime + 1, undefined, limit - count));
  }
  const joined = joinPages(results);
  return Number.isFinite(limit) ? joined.slice(0, limit) : joined;
}

/**
 * Yields the pages of candles of `[startTime, endTime]` in order, one page in memory plus the
 * next one being fetched, so a year of 1m candles streams in flat memory. Pages may overlap at
 * their edges; `pagedCandles` drops the repeats.
 */
export async function* iterateCandlePages(
  fetchPage: FetchCandlePage,
  range: { startTime: number; endTime: number },
  planned?: { stepMs: number; now: number; depth: number },
): AsyncGenerator<Candlestick[], void, undefined> {
  if (planned !== undefined) {
    yield* iteratePlanned(fetchPage, range, planned);
    return;
  }
  let pending: Promise<Candlestick[]> | undefined = fetchPage({ startTime: range.startTime, endTime: range.endTime, limit: KLINES_PAGE_SIZE });
  while (pending !== undefined) {
    const page = await pending;
    const tail = page.at(-1);
    pending = undefined;
    if (tail !== undefined && page.length === KLINES_PAGE_SIZE && tail.openTime < range.endTime) {
      // Prefetch the next page while the caller consumes this one.
      pending = fetchPage({ startTime: tail.openTime + 1, endTime: range.endTime, limit: KLINES_PAGE_SIZE });
      // A rejected prefetch must not go unhandled if the caller stops early.
      pending.catch(() => undefined);
    }
    yield page;
  }
}

/**
 * For fixed-length intervals: the page windows are known up front (as in fetchCandleRange), so
 * `depth` pages are kept in flight while the caller consumes the oldest; memory stays at `depth`
 * pages whatever the range.
 */
async function* iteratePlanned(
  fetchPage: FetchCandlePage,
  range: { startTime: number; endTime: number },
  { stepMs, now, depth }: { stepMs: number; now: number; depth: number },
): AsyncGenerator<Candlestick[], void, undefined> {
  const end = Math.min(range.endTime, now + stepMs);
  if (end < range.startTime) return;
  const pages = planCandlePages(range.startTime, end, stepMs);
  const inFlight: Promise<Candlestick[]>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < pages.length && inFlight.length < depth) {
      const pending = fetchPage(pages[next]!);
      // A rejected prefetch must not go unhandled if the caller stops early.
      pending.catch(() => undefined);
      inFlight.push(pending);
      next += 1;
    }
  };
  fill();
  while (inFlight.length > 0) {
    const page = await inFlight.shift()!;
    fill();
    yield page;
  }
}
