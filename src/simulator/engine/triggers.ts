/**
 * Stop and take-profit triggers, as Binance's rest-api.md and trailing-stop FAQ define them: a
 * waiting order watches the last trade price of its symbol and fires once, on the first trade
 * that meets its condition. Prices are integer ticks; the trailing delta is in basis points.
 */

/** Basis points in one whole. */
const BIPS = 10_000n;

/** What a waiting order waits for. */
export interface TriggerCondition {
  /** BUY waits for a rise after its low, SELL for a fall after its high (trailing only). */
  readonly side: 'BUY' | 'SELL';
  /** True when the stop price lies above the market (STOP_LOSS BUY, TAKE_PROFIT SELL), false when below. */
  readonly stopAbove: boolean;
  /** The stop price (or, with a trailing delta, the activation price); undefined when not given. */
  readonly stopPriceTicks?: number | undefined;
  /** The trailing delta in basis points; undefined for a plain stop. */
  readonly trailingDelta?: number | undefined;
}

/** Where a waiting order stands: its best price since trailing started (undefined before). */
export interface TriggerState {
  best: number | undefined;
}

/** True when the trade price reaches the stop price from the side the market was on. */
export function stopReached(condition: TriggerCondition, priceTicks: number): boolean {
  const stop = condition.stopPriceTicks;
  if (stop === undefined) return false;
  return condition.stopAbove ? priceTicks >= stop : priceTicks <= stop;
}

/** True when `priceTicks` has moved back from `best` by the trailing delta or more. */
export function retraced(condition: TriggerCondition, best: number, priceTicks: number): boolean {
  const delta = BigInt(condition.trailingDelta ?? 0);
  const price = BigInt(priceTicks) * BIPS;
  return condition.side === 'SELL' ? price <= BigInt(best) * (BIPS - delta) : price >= BigInt(best) * (BIPS + delta);
}

/**
 * The state a new waiting order starts in, placed while the last price is `lastTicks`: a trailing
 * order without a stop price trails from that price at once; anything else waits.
 */
export function initialState(condition: TriggerCondition, lastTicks: number): TriggerState {
  const trailsAtOnce = condition.trailingDelta !== undefined && condition.stopPriceTicks === undefined;
  return { best: trailsAtOnce ? lastTicks : undefined };
}

/** What one trade did to a waiting order. */
export type TriggerStep = 'waiting' | 'trailing-started' | 'triggered';

/**
 * Applies one trade at `priceTicks` to a waiting order, updating `state`. A plain stop triggers
 * on the first trade at or past its stop price. A trailing order starts trailing on that trade
 * (which sets its best price), then keeps the best price (highest for SELL, lowest for BUY) and
 * triggers on the first trade that moves back from it by the delta or more.
 */
export function stepTrigger(condition: TriggerCondition, state: TriggerState, priceTicks: number): TriggerStep {
  if (condition.trailingDelta === undefined) return stopReached(condition, priceTicks) ? 'triggered' : 'waiting';
  if (state.best === undefined) {
    if (!stopReached(condition, priceTicks)) return 'waiting';
    state.best = priceTicks;
    return 'trailing-started';
  }
  if (retraced(condition, state.best, priceTicks)) return 'triggered';
  state.best = condition.side === 'SELL' ? Math.max(state.best, priceTicks) : Math.min(state.best, priceTicks);
  return 'waiting';
}

/** What the book tells its owner about its waiting items. */
export interface TriggerHooks<T> {
  /** `item` fired on a trade at `priceTicks` at `time`; it has left the book. */
  readonly triggered: (item: T, priceTicks: number, time: number) => void;
  /** `item` started trailing at `time`. */
  readonly trailingStarted?: (item: T, time: number) => void;
}

interface Waiting<T> {
  readonly item: T;
  readonly condition: TriggerCondition;
  readonly state: TriggerState;
}

/**
 * Waiting orders of every symbol, in arrival order, fed with the trades of their symbol. Items are
 * whatever the owner keeps (single orders now, order-list legs later); the book only decides when
 * each one fires.
 */
export class TriggerBook<T> {
  private readonly waiting = new Map<string, Waiting<T>[]>();
  /** Items one trade fired whose hooks have not run yet; a `remove` meanwhile still stops them. */
  private readonly firing = new Set<T>();

  /** Creates a book that reports to `hooks`. */
  constructor(private readonly hooks: TriggerHooks<T>) {}

  /** Starts watching `item` on `symbol`, placed while the last price is `lastTicks`. */
  add(symbol: string, item: T, condition: TriggerCondition, lastTicks: number): void {
    let list = this.waiting.get(symbol);
    if (list === undefined) {
      list = [];
      this.waiting.set(symbol, list);
    }
    list.push({ item, condition, state: initialState(condition, lastTicks) });
  }

  /** Stops watching `item` (a cancel); false when it was not waiting. */
  remove(symbol: string, item: T): boolean {
    if (this.firing.delete(item)) return true;
    const list = this.waiting.get(symbol);
    const index = list?.findIndex((w) => w.item === item) ?? -1;
    if (list === undefined || index < 0) return false;
    list.splice(index, 1);
    if (list.length === 0) this.waiting.delete(symbol);
    return true;
  }

  /** Whether anything waits on `symbol` (the owner skips feeding trades otherwise). */
  has(symbol: string): boolean {
    return this.waiting.has(symbol);
  }

  /** Feeds one trade of `symbol`; items it fires leave the book before their hook runs. */
  observe(symbol: string, priceTicks: number, time: number): void {
    const list = this.waiting.get(symbol);
    if (list === undefined) return;
    const fired: Waiting<T>[] = [];
    for (const waiting of list) {
      const step = stepTrigger(waiting.condition, waiting.state, priceTicks);
      if (step === 'trailing-started') this.hooks.trailingStarted?.(waiting.item, time);
      else if (step === 'triggered') fired.push(waiting);
    }
    if (fired.length === 0) return;
    const rest = list.filter((w) => !fired.includes(w));
    if (rest.length === 0) this.waiting.delete(symbol);
    else this.waiting.set(symbol, rest);
    for (const waiting of fired) this.firing.add(waiting.item);
    // A hook may cancel another item the same trade fired (the other leg of an order list).
    for (const waiting of fired) if (this.firing.delete(waiting.item)) this.hooks.triggered(waiting.item, priceTicks, time);
  }
}
