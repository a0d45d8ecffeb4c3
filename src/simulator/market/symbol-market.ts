import type { Candle } from './candle.js';
import { CandleSource } from './candle-source.js';
import { LegRatio } from './cross-pair.js';
import { TRADE_ID_STRIDE } from './candle-tree.js';
import { cellKey, unitAt } from './hash.js';
import { RecentMemo } from './recent-memo.js';
import { levelParts, shownSteps } from '../engine/iceberg.js';
import type { SimOrder } from '../engine/order-types.js';
import { SyntheticBook, type BookLevel } from './synthetic-book.js';
import type { SymbolSpec } from './symbols.js';
import { splitProportional } from './units.js';

/** A public trade in integer units. */
export interface PublicTrade {
  readonly id: number;
  readonly priceTicks: number;
  readonly steps: number;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

/** Liquidity a taker can match: a user order, or (order undefined) a synthetic level. */
export interface LiquidityEntry {
  readonly priceTicks: number;
  readonly steps: number;
  readonly order?: SimOrder;
}

/** Levels that changed since the last publication (0 steps = removed). */
export interface BookChange {
  readonly updateId: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

const USER_TRADES_KEPT = 1000;
/** Seconds whose synthetic trades are kept: the current one and the one before. */
const SECONDS_OF_TRADES_KEPT = 2;

/** Resting orders as a taker meets them: price by price, each level's orders and iceberg parts in queue order. */
function queuedParts(orders: readonly SimOrder[]): LiquidityEntry[] {
  const entries: LiquidityEntry[] = [];
  for (let i = 0; i < orders.length;) {
    let end = i + 1;
    while (end < orders.length && orders[end]!.priceTicks === orders[i]!.priceTicks) end++;
    for (const part of levelParts(orders.slice(i, end), Number.POSITIVE_INFINITY)) {
      entries.push({ priceTicks: part.order.priceTicks, steps: part.steps, order: part.order });
    }
    i = end;
  }
  return entries;
}

/** Levels of a side from price → steps, best first. */
function sortedLevels(side: 'bids' | 'asks', totals: ReadonlyMap<number, number>): BookLevel[] {
  const levels = [...totals].map(([priceTicks, steps]) => ({ priceTicks, steps }));
  return levels.sort((a, b) => (side === 'bids' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks));
}

/**
 * The live state of one symbol: its computed market, the synthetic book, the resting user orders
 * (kept in price-time priority), the order-book update id and the public trades users made.
 */
export class SymbolMarket {
  readonly source: CandleSource;
  readonly synthetic: SyntheticBook;
  /** Resting user BUY orders, best price first, then oldest first. */
  readonly bids: SimOrder[] = [];
  /** Resting user SELL orders, best price first, then oldest first. */
  readonly asks: SimOrder[] = [];
  /** Increments on every book change, as Binance's `lastUpdateId`. */
  updateId: number;
  /** The last whole second the market was advanced to. */
  lastSecond: number;
  private published = { bids: new Map<number, number>(), asks: new Map<number, number>() };
  private readonly userTrades: PublicTrade[] = [];
  /** Per minute, the times at which its user trades were numbered, in order (see `recordUserTrade`). */
  private readonly userTradeTimes = new Map<number, number[]>();
  /** The latest time a user trade was numbered at: numbering never goes back, even when the clock does. */
  private lastUserTradeAt = Number.NEGATIVE_INFINITY;
  private readonly tradesKept = new RecentMemo<number, readonly PublicTrade[]>(SECONDS_OF_TRADES_KEPT);

  /** Cross pairs priced over this market (see cross-pair.ts): their paths follow this one's re-pricings. */
  private readonly crosses: SymbolMarket[] = [];

  /** Creates the live market of `spec` at `now`; a cross pair's over the markets of its `legs` (see cross-pair.ts). */
  constructor(readonly spec: SymbolSpec, seed: number, now: number, readonly legs?: { readonly base: SymbolMarket; readonly quote: SymbolMarket }) {
    if (legs === undefined) {
      this.source = new CandleSource(spec, seed);
      this.synthetic = new SyntheticBook(this.source, seed);
    } else {
      this.source = new CandleSource(spec, seed, { base: legs.base.source, quote: legs.quote.source });
      const ratio = new LegRatio(spec, { base: legs.base.spec, quote: legs.quote.spec });
      this.synthetic = new SyntheticBook(this.source, seed, { base: legs.base.synthetic, quote: legs.quote.synthetic, ratio });
      legs.base.crosses.push(this);
      legs.quote.crosses.push(this);
    }
    this.lastSecond = Math.floor(now / 1000);
    // Start from a large id, as a real book that has been running for years does.
    this.updateId = Math.floor(now / 1000) * 10;
    this.published = this.snapshot(now);
  }

  /** Inserts a resting order behind older orders at its price. */
  addOrder(order: SimOrder): void {
    const side = order.side === 'BUY' ? this.bids : this.asks;
    const better = order.side === 'BUY'
      ? (o: SimOrder): boolean => o.priceTicks >= order.priceTicks
      : (o: SimOrder): boolean => o.priceTicks <= order.priceTicks;
    let index = 0;
    while (index < side.length && better(side[index]!)) index++;
    side.splice(index, 0, order);
  }

  /** Removes an order from the book (filled, canceled or expired). */
  removeOrder(order: SimOrder): void {
    const side = order.side === 'BUY' ? this.bids : this.asks;
    const index = side.indexOf(order);
    if (index >= 0) side.splice(index, 1);
  }

  /** Synthetic levels that do not cross the best resting user order on the other side (the first `max`). */
  private visibleSynthetic(side: 'bids' | 'asks', now: number, max?: number): BookLevel[] {
    if (side === 'bids') return this.synthetic.bids(now, this.asks[0]?.priceTicks ?? Number.POSITIVE_INFINITY, max);
    return this.synthetic.asks(now, this.bids[0]?.priceTicks ?? 0, max);
  }

  /** The aggregated book side, best first: user orders (an iceberg's part on show) and synthetic levels summed per price. */
  bookSide(side: 'bids' | 'asks', now: number): BookLevel[] {
    const totals = new Map<number, number>();
    for (const level of this.visibleSynthetic(side, now)) totals.set(level.priceTicks, level.steps);
    for (const order of side === 'bids' ? this.bids : this.asks) {
      totals.set(order.priceTicks, (totals.get(order.priceTicks) ?? 0) + shownSteps(order));
    }
    return sortedLevels(side, totals);
  }

  /**
   * The book side as last published, best first: the state its `updateId` names. A snapshot reads
   * this rather than the book at its own time, which differs after the clock stepped back (the
   * market publishes nothing until it passes the last second it showed).
   */
  publishedSide(side: 'bids' | 'asks'): BookLevel[] {
    return sortedLevels(side, this.published[side]);
  }

  /**
   * The best level of a side, as `bookSide(side, now)[0]` has it, from the best synthetic level and
   * the best user orders alone: a level above the best visible synthetic one holds no synthetic steps.
   */
  bestLevel(side: 'bids' | 'asks', now: number): BookLevel | undefined {
    const synthetic = this.visibleSynthetic(side, now, 1)[0];
    const users = side === 'bids' ? this.bids : this.asks;
    const bestUser = users[0]?.priceTicks;
    if (bestUser === undefined) return synthetic;
    const priceTicks = synthetic === undefined ? bestUser
      : side === 'bids' ? Math.max(bestUser, synthetic.priceTicks) : Math.min(bestUser, synthetic.priceTicks);
    let steps = synthetic?.priceTicks === priceTicks ? synthetic.steps : 0;
    for (let i = 0; i < users.length && users[i]!.priceTicks === priceTicks; i++) steps += shownSteps(users[i]!);
    return { priceTicks, steps };
  }

  /** What a taker on `takerSide` can match, best price first; user orders before synthetic ones. */
  liquidity(takerSide: 'BUY' | 'SELL', now: number): LiquidityEntry[] {
    const bookSide = takerSide === 'BUY' ? 'asks' : 'bids';
    const users = queuedParts(takerSide === 'BUY' ? this.asks : this.bids);
    const synthetic = this.visibleSynthetic(bookSide, now);
    const entries: LiquidityEntry[] = [];
    let u = 0;
    let s = 0;
    const better = (a: number, b: number): boolean => (takerSide === 'BUY' ? a <= b : a >= b);
    while (u < users.length || s < synthetic.length) {
      const user = users[u];
      const level = synthetic[s];
      if (user !== undefined && (level === undefined || better(user.priceTicks, level.priceTicks))) {
        entries.push(user);
        u++;
      } else if (level !== undefined) {
        entries.push(level);
        s++;
      }
    }
    return entries;
  }

  private snapshot(now: number): { bids: Map<number, number>; asks: Map<number, number> } {
    const toMap = (levels: BookLevel[]): Map<number, number> => new Map(levels.map((l) => [l.priceTicks, l.steps]));
    return { bids: toMap(this.bookSide('bids', now)), asks: toMap(this.bookSide('asks', now)) };
  }

  /** Compares the book with the last publication; on a change, bumps the update id and returns the diff. */
  publishChanges(now: number): BookChange | undefined {
    const next = this.snapshot(now);
    const diff = (before: Map<number, number>, after: Map<number, number>): BookLevel[] => {
      const changed: BookLevel[] = [];
      for (const [priceTicks, steps] of after) if (before.get(priceTicks) !== steps) changed.push({ priceTicks, steps });
      for (const priceTicks of before.keys()) if (!after.has(priceTicks)) changed.push({ priceTicks, steps: 0 });
      return changed;
    };
    const bids = diff(this.published.bids, next.bids);
    const asks = diff(this.published.asks, next.asks);
    this.published = next;
    if (bids.length === 0 && asks.length === 0) return undefined;
    this.updateId += 1;
    return { updateId: this.updateId, bids, asks };
  }

  /** The first whole second (epoch ms) whose candles can still change: none has been replayed or read yet. */
  nextOpenSecond(now: number): number {
    return (Math.max(Math.floor(now / 1000), this.lastSecond) + 1) * 1000;
  }

  /**
   * Moves the market's trade price to `priceTicks`, at once or over `overMs`, from the next whole
   * second on (the current second's trades are already out); returns when the move starts and the
   * end of the second in which the price arrives.
   */
  moveTo(priceTicks: number, overMs: number, now: number): { startTime: number; endTime: number } {
    const startTime = this.nextOpenSecond(now);
    const endTime = this.source.moveTo(startTime, priceTicks, overMs);
    this.repriceCrosses(startTime);
    return { startTime, endTime };
  }

  /** Re-prices the cross pairs over this market from `from` on, after this one's path was. */
  private repriceCrosses(from: number): void {
    for (const cross of this.crosses) cross.source.followLegs(from);
  }

  /**
   * Records a user trade at `time` and gives it the next id in time order: a symbol's trades,
   * generated and users', are numbered as they happen, as Binance numbers them, so `fromId` paging
   * reads each once, in order. Within a minute, the trade takes the index after every trade before
   * it; the generated trades after it move up by one (none of them has been served yet: only trades
   * up to now are). A trade a user makes sets the price the market continues from at the next
   * second; a resting order filled while the market is replayed through a second it has not
   * reached yet (past `lastSecond`) is the market's own move and leaves its path alone.
   */
  recordUserTrade(time: number, priceTicks: number, steps: number, isBuyerMaker: boolean): PublicTrade {
    if (Math.floor(time / 1000) <= this.lastSecond) {
      const from = this.nextOpenSecond(time);
      if (this.source.continueAt(from, priceTicks)) this.repriceCrosses(from);
    }
    // The exchange's clock can step back (a clock-skew fault cleared): the trade is numbered at the
    // latest time used, so ids never go back.
    const at = Math.max(time, this.lastUserTradeAt);
    this.lastUserTradeAt = at;
    const minute = Math.floor(at / 60_000);
    let times = this.userTradeTimes.get(minute);
    if (times === undefined) {
      this.userTradeTimes.set(minute, times = []);
      // Only minutes whose trades can still be served with these ids are kept.
      for (const kept of this.userTradeTimes.keys()) if (kept < minute - 60 * 24) this.userTradeTimes.delete(kept);
    }
    const index = Math.min(this.syntheticTradesUpTo(minute, at) + times.length, TRADE_ID_STRIDE - 1);
    times.push(at);
    const trade = { id: minute * TRADE_ID_STRIDE + index, priceTicks, steps, time, isBuyerMaker };
    this.userTrades.push(trade);
    if (this.userTrades.length > USER_TRADES_KEPT) this.userTrades.shift();
    return trade;
  }

  /** How many generated trades of `minute` happen at or before `at`. */
  private syntheticTradesUpTo(minute: number, at: number): number {
    const minuteStart = minute * 60_000;
    for (let second = Math.floor(at / 1000) * 1000; second >= minuteStart; second -= 1000) {
      let last = -1;
      for (const trade of this.rawSyntheticTrades(this.source.second(second))) if (trade.time <= at) last = trade.id;
      if (last >= 0) return last - minute * TRADE_ID_STRIDE + 1;
    }
    return 0;
  }

  /** User trades of the minute of `time` numbered before `time`: how far a generated trade at `time` moves up. */
  userTradesBefore(time: number): number {
    const times = this.userTradeTimes.get(Math.floor(time / 60_000));
    if (times === undefined) return 0;
    let count = 0;
    while (count < times.length && times[count]! < time) count += 1;
    return count;
  }

  /**
   * The synthetic trades of one second (its one-second candle): prices run from the open through
   * the high and low to the close, quantities sum to the second's volume. The current second's are
   * kept, as every ticker and recent-trades request within it reads them.
   */
  syntheticTrades(candle: Candle): readonly PublicTrade[] {
    const trades = this.rawSyntheticTrades(candle);
    if (!this.userTradeTimes.has(Math.floor(candle.openTime / 60_000))) return trades;
    // Numbered after the user trades before them in their minute.
    return trades.map((trade) => {
      const shift = this.userTradesBefore(trade.time);
      return shift === 0 ? trade : { ...trade, id: trade.id + shift };
    });
  }

  /** The second's generated trades numbered as if no user had traded. */
  private rawSyntheticTrades(candle: Candle): readonly PublicTrade[] {
    return this.tradesKept.get(candle.openTime, () => this.computeSyntheticTrades(candle));
  }

  private computeSyntheticTrades(candle: Candle): PublicTrade[] {
    const cell = cellKey(this.source.key ^ 0x7ade, candle.openTime);
    const count = candle.trades;
    const highFirst = unitAt(cell, 0) < 0.5;
    const waypoints = [candle.open, highFirst ? candle.high : candle.low, highFirst ? candle.low : candle.high, candle.close];
    const weights = Array.from({ length: count }, (_, i) => 1 + Math.floor(unitAt(cell, 10 + i) * 20));
    const quantities = splitProportional(candle.volume, weights);
    const buyShare = candle.volume > 0 ? candle.takerBuyVolume / candle.volume : 0.5;
    const trades: PublicTrade[] = [];
    for (let i = 0; i < count; i++) {
      const position = count === 1 ? 3 : (i / (count - 1)) * 3;
      const segment = Math.min(2, Math.floor(position));
      const from = waypoints[segment]!;
      const to = waypoints[segment + 1]!;
      trades.push({
        id: candle.firstTradeId + i,
        priceTicks: Math.round(from + (to - from) * (position - segment)),
        steps: quantities[i]!,
        time: candle.openTime + Math.floor((i * 1000) / count),
        isBuyerMaker: unitAt(cell, 5000 + i) >= buyShare,
      });
    }
    return trades;
  }

  /** Public trades from `startTime` on (at most `limit`, none after `now`) that `accept` keeps, oldest first. */
  tradesFrom(startTime: number, now: number, limit: number, accept: (trade: PublicTrade) => boolean = () => true): PublicTrade[] {
    const collected: PublicTrade[] = [];
    let second = Math.floor(Math.max(startTime, this.spec.listedAt) / 1000);
    const last = Math.floor(now / 1000);
    for (; second <= last && collected.length < limit; second++) {
      for (const trade of this.syntheticTrades(this.source.second(second * 1000))) {
        if (trade.time >= startTime && trade.time <= now && accept(trade)) collected.push(trade);
      }
    }
    const until = second * 1000;
    for (const trade of this.userTrades) {
      if (trade.time >= startTime && trade.time < until && trade.time <= now && accept(trade)) collected.push(trade);
    }
    collected.sort((a, b) => a.id - b.id);
    return collected.slice(0, limit);
  }

  /** The most recent public trades (synthetic and user), oldest first, none after `now`. */
  recentTrades(now: number, limit: number): PublicTrade[] {
    const collected: PublicTrade[] = [];
    const second = Math.floor(now / 1000);
    const oldestUser = this.userTrades[0]?.time ?? now;
    for (let s = second; collected.length < limit && s * 1000 >= this.spec.listedAt; s--) {
      const candle = this.source.second(s * 1000);
      for (const trade of this.syntheticTrades(candle)) if (trade.time <= now) collected.push(trade);
      if (s * 1000 < oldestUser && collected.length >= limit) break;
    }
    const cutoff = collected.reduce((min, t) => Math.min(min, t.time), now);
    for (const trade of this.userTrades) if (trade.time >= cutoff && trade.time <= now) collected.push(trade);
    collected.sort((a, b) => a.id - b.id);
    return collected.slice(Math.max(0, collected.length - limit));
  }
}
