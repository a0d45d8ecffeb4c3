import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { CancelRestrictionValue, ExpiryReason } from '../../spec/binance/enums.js';
import { ZERO, type Decimal } from '../../core/decimal.js';
import { balanceOf, type SimAccount } from './accounts.js';
import { fixed8, stepsToDecimal, ticksToDecimal } from './amounts.js';
import type { EngineEvents, Execution, EngineExecutionType } from './engine-events.js';
import { EventHub } from './events.js';
import { clientOrderId } from './client-ids.js';
import { Ledger } from './ledger.js';
import { settleFill } from './settlement.js';
import { executesAs, isLive, isOpen, isStopType, openSteps, type Fill, type NewOrder, type PlaceResult, type SimOrder } from './order-types.js';
import { showNextPart, useShownPart } from './iceberg.js';
import { peggedPriceTicks, withPeggedPrice } from './pegs.js';
import { PreventedMatches } from './self-trade.js';
import { applyPrevention } from './prevention.js';
import { OrderRecords, type OrderLookup } from './order-records.js';
import { fundingAsset, fundsNeeded, planMatches, plannedSteps, type PlannedMatch } from './order-plan.js';
import { stopLock, waitingCondition } from './stop-orders.js';
import { amendInPlace } from './order-amend.js';
import { TriggerBook } from './triggers.js';
import { badRequest, SimError } from '../sim-error.js';
import { crossLegs } from '../market/cross-pair.js';
import { SymbolMarket } from '../market/symbol-market.js';
import type { SymbolSpec } from '../market/symbols.js';

/**
 * The matching engine: places, matches and cancels user orders against resting user orders
 * (price-time priority) and the synthetic book, settles balances with commissions, fills resting
 * orders when the market moves through them, and publishes every change as an event.
 */

/**
 * What the orders of a list tell their list, as it happens: a waiting order about to work, a fill,
 * an order that ended. A list reacts at once (an OCO's other order expires) or, for work that
 * trades, through `defer`.
 */
export interface ListHooks {
  activating(order: SimOrder, time: number): void;
  filled(order: SimOrder, time: number): void;
  ended(order: SimOrder, time: number): void;
}

/** Most seconds replayed one by one when the clock jumps; older ones are treated as one span. */
const MAX_REPLAYED_SECONDS = 120;
/**
 * How much of a jump before the replayed seconds still fills resting orders the price crossed. An
 * older part of a longer jump (a clock-skew fault, a suspended process) is skipped, so catching up
 * costs the same bounded work however far the clock moved.
 */
const MAX_SPANNED_SECONDS = 3600;

/** `needed`, when the account has that much free of what the order spends; -2010 otherwise. */
function requireFunds(account: SimAccount, order: Pick<NewOrder, 'side' | 'spec'>, needed: Decimal): Decimal {
  if (balanceOf(account, fundingAsset(order)).free.lt(needed)) {
    throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.insufficientBalance);
  }
  return needed;
}

/** The exchange's order-handling core. */
export class MatchingEngine {
  /** Book diffs, public trades, order updates and balance changes. */
  readonly events = new EventHub<EngineEvents>();
  private readonly markets = new Map<string, SymbolMarket>();
  private readonly accounts = new Map<number, SimAccount>();
  /** Every account's orders and fills, for lookups and the order and trade queries. */
  readonly records: OrderRecords;
  private readonly ledger = new Ledger();
  /** Stops waiting for their trigger; what fires queues in `fired` until the current operation ends. */
  private readonly triggers = new TriggerBook<SimOrder>({
    triggered: (order, _price, time) => this.fired.push({ order, time }),
    trailingStarted: (order, time) => { order.trailingTime = time; },
  });
  private readonly fired: { order: SimOrder; time: number }[] = [];
  /** Work the order lists asked for, run once the current operation reaches a safe point. */
  private readonly deferred: (() => void)[] = [];
  /** The order lists' hooks, once an exchange keeps lists. */
  private lists: ListHooks | undefined;
  /** Each symbol's last trade price in ticks, generated or a user's, in the order the engine processed them. */
  private readonly lastTrades = new Map<string, number>();
  /** Every symbol's prevented self-trades, for `myPreventedMatches`. */
  readonly preventedMatches = new PreventedMatches();
  private nextOrderId = 1;
  private sequence = 0;
  private executionId = 1;
  private generatedIds = 0;

  /** Creates the engine for `specs` and `accounts`, its market starting at `now`. */
  constructor(specs: readonly SymbolSpec[], private readonly seed: number, accounts: readonly SimAccount[], now: number) {
    // Plain pairs first: a cross pair's market stands on its legs' (see cross-pair.ts).
    const legsOf = new Map(specs.map((spec) => [spec, crossLegs(specs, spec)]));
    const plain = new Map<string, SymbolMarket>();
    for (const spec of specs) if (legsOf.get(spec) === undefined) plain.set(spec.symbol, new SymbolMarket(spec, seed, now));
    for (const spec of specs) {
      const legs = legsOf.get(spec);
      const market = legs === undefined ? plain.get(spec.symbol)!
        : new SymbolMarket(spec, seed, now, { base: plain.get(legs.base.symbol)!, quote: plain.get(legs.quote.symbol)! });
      this.markets.set(spec.symbol, market);
    }
    for (const account of accounts) this.accounts.set(account.id, account);
    this.records = new OrderRecords(accounts);
  }

  /** The live market of `symbol`. */
  market(symbol: string): SymbolMarket | undefined {
    return this.markets.get(symbol);
  }

  /** Every live market, in listing order. */
  allMarkets(): SymbolMarket[] {
    return [...this.markets.values()];
  }

  /** Lets the order lists follow their orders. */
  useLists(hooks: ListHooks): void {
    this.lists = hooks;
  }

  /** Runs `work` once the current operation reaches a safe point (see `settleDeferred` outside one). */
  defer(work: () => void): void {
    this.deferred.push(work);
  }

  /** Runs what was deferred outside any operation, then publishes the book and balances of `symbol`. */
  settleDeferred(symbol: string, now: number): void {
    this.settle(this.markets.get(symbol)!, now);
  }

  /** The next order id, for an order recorded outside placement (a seeded fill history). */
  allocateOrderId(): number {
    return this.nextOrderId++;
  }

  /** A Binance-looking client order id (22 characters), for orders and cancels sent without one. */
  generateClientOrderId(): string {
    return clientOrderId(this.seed, this.generatedIds++);
  }

  /** Moves every market forward to `now`: resting orders the price moved through get filled. */
  advance(now: number): void {
    const second = Math.floor(now / 1000);
    for (const market of this.markets.values()) {
      if (second <= market.lastSecond) continue;
      let from = market.lastSecond + 1;
      if (second - from >= MAX_REPLAYED_SECONDS) {
        const skippedTo = second - MAX_REPLAYED_SECONDS + 1;
        const spanFrom = Math.max(from, skippedTo - MAX_SPANNED_SECONDS);
        const span = market.source.span(spanFrom * 1000, skippedTo * 1000, spanFrom * 1000, skippedTo * 1000 - 1);
        if (span !== undefined) this.fillResting(market, span.low, span.high, span.volume, skippedTo * 1000 - 1);
        this.runTriggered();
        from = skippedTo;
      }
      for (let s = from; s <= second; s++) {
        const candle = market.source.second(s * 1000);
        if (this.events.hasListeners('trade') || this.triggers.has(market.spec.symbol)) {
          for (const trade of market.syntheticTrades(candle)) {
            this.emitTrade(market, trade.id, trade.priceTicks, trade.steps, trade.time, trade.isBuyerMaker);
            this.runTriggered();
          }
        }
        this.lastTrades.set(market.spec.symbol, candle.close);
        // Filled when the second ends, or now for the second under way: a trade never has a time still to come.
        this.fillResting(market, candle.low, candle.high, candle.volume, Math.min(s * 1000 + 999, now));
        this.runTriggered();
      }
      market.lastSecond = second;
      this.publish(market, now);
    }
    this.flushBalances(now);
  }

  /** Fills resting orders the market traded through, at their own price, up to half the volume. */
  private fillResting(market: SymbolMarket, low: number, high: number, volume: number, time: number): void {
    let budget = Math.max(1, Math.floor(volume / 2));
    for (const side of [market.bids, market.asks]) {
      for (const order of [...side]) {
        if (budget <= 0) return;
        const crossed = order.side === 'BUY' ? low < order.priceTicks : high > order.priceTicks;
        if (!crossed) break;
        const steps = Math.min(budget, openSteps(order));
        budget -= steps;
        const trade = market.recordUserTrade(time, order.priceTicks, steps, order.side === 'BUY');
        this.emitTrade(market, trade.id, order.priceTicks, steps, time, order.side === 'BUY');
        this.fillOrder(order, order.priceTicks, steps, true, trade.id, time);
        this.afterMakerChange(market, order, steps);
      }
    }
  }

  /** Publishes a trade and shows its price to the waiting stops, which trigger on the last trade price. */
  private emitTrade(market: SymbolMarket, id: number, priceTicks: number, steps: number, time: number, isBuyerMaker: boolean): void {
    if (this.events.hasListeners('trade')) {
      this.events.emit('trade', {
        symbol: market.spec.symbol, id, time, isBuyerMaker,
        price: fixed8(ticksToDecimal(market.spec, priceTicks)), qty: fixed8(stepsToDecimal(market.spec, steps)),
      });
    }
    this.lastTrades.set(market.spec.symbol, priceTicks);
    this.triggers.observe(market.spec.symbol, priceTicks, time);
  }

  private publish(market: SymbolMarket, now: number): void {
    const change = market.publishChanges(now);
    if (change === undefined) return;
    const level = (l: { priceTicks: number; steps: number }): [string, string] => [
      fixed8(ticksToDecimal(market.spec, l.priceTicks)), fixed8(stepsToDecimal(market.spec, l.steps)),
    ];
    this.events.emit('depth', {
      symbol: market.spec.symbol, time: now, firstUpdateId: change.updateId, lastUpdateId: change.updateId,
      bids: change.bids.map(level), asks: change.asks.map(level),
    });
  }

  private flushBalances(now: number): void {
    for (const event of this.ledger.flush(now)) this.events.emit('balance', event);
  }

  private emitOrder(
    order: SimOrder, type: EngineExecutionType, time: number, fill?: Omit<Execution, 'executionType' | 'executionId' | 'time' | 'origClientOrderId' | 'lastPreventedQty'>,
    origClientOrderId = '', lastPreventedQty?: Decimal,
  ): number {
    const execution: Execution = {
      executionType: type, executionId: this.executionId++, time, origClientOrderId, lastPreventedQty,
      lastQty: fill?.lastQty ?? ZERO, lastPrice: fill?.lastPrice ?? ZERO, lastQuoteQty: fill?.lastQuoteQty ?? ZERO,
      commission: fill?.commission ?? ZERO, commissionAsset: fill?.commissionAsset ?? null,
      tradeId: fill?.tradeId ?? -1, isMaker: fill?.isMaker ?? false,
    };
    this.events.emit('order', { accountId: order.accountId, order: { ...order }, execution });
    return execution.executionId;
  }

  /** Applies one fill to a user order: settles its balances, records the account's trade, reports it. */
  private fillOrder(order: SimOrder, priceTicks: number, steps: number, isMaker: boolean, tradeId: number, now: number): Fill {
    const account = this.accounts.get(order.accountId)!;
    const { spec } = order;
    const price = ticksToDecimal(spec, priceTicks);
    const qty = stepsToDecimal(spec, steps);
    const { quote, commission, commissionAsset } = settleFill(this.ledger, account, order, priceTicks, steps, isMaker, now);
    order.executedSteps += steps;
    order.cummulativeQuote = order.cummulativeQuote.plus(quote);
    order.updateTime = now;
    order.status = openSteps(order) <= 0 ? 'FILLED' : 'PARTIALLY_FILLED';
    this.records.addTrade({
      id: tradeId, accountId: account.id, symbol: spec.symbol, orderId: order.orderId, price, qty, quoteQty: quote,
      commission, commissionAsset, time: now, isBuyer: order.side === 'BUY', isMaker, orderListId: order.orderListId,
    });
    this.emitOrder(order, 'TRADE', now, { lastQty: qty, lastPrice: price, lastQuoteQty: quote, commission, commissionAsset, tradeId, isMaker });
    if (order.orderListId >= 0) this.lists?.filled(order, now);
    return { price, qty, commission, commissionAsset, tradeId };
  }

  /** Places a validated order for `account`; throws SimError when the engine rejects it. */
  placeOrder(account: SimAccount, request: NewOrder, now: number): PlaceResult {
    const { spec } = request;
    const market = this.markets.get(spec.symbol)!;
    if (this.records.hasLiveClientId(account, request.clientOrderId)) throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.duplicateOrder);
    return this.start(account, request, market, now);
  }


  /**
   * Records an order of a list that waits for its turn (an OTO's pending orders): PENDING_NEW, off
   * the book, holding nothing, until `startPending` puts it to work.
   */
  addPending(account: SimAccount, request: NewOrder, now: number): SimOrder {
    const order = this.createOrder(account, request, request.quantitySteps ?? 0, now);
    order.status = 'PENDING_NEW';
    order.workingTime = -1;
    this.emitOrder(order, 'NEW', now);
    return order;
  }

  /** Puts a pending order to work as if placed now; one the engine refuses expires with reason REJECTED. */
  startPending(order: SimOrder, now: number, heldByPair = false): void {
    const market = this.markets.get(order.spec.symbol)!;
    try {
      this.start(this.accounts.get(order.accountId)!, {
        spec: order.spec, side: order.side, type: order.type, timeInForce: order.timeInForce, quantitySteps: order.origSteps,
        priceTicks: executesAs(order.type) === 'MARKET' || order.peg !== undefined ? undefined : order.priceTicks, clientOrderId: order.clientOrderId,
        stopPriceTicks: order.stopPriceTicks === 0 ? undefined : order.stopPriceTicks, trailingDelta: order.trailingDelta === 0 ? undefined : order.trailingDelta,
        selfTradePreventionMode: order.selfTradePreventionMode, orderListId: order.orderListId, heldByPair,
        icebergSteps: order.icebergSteps > 0 ? order.icebergSteps : undefined, peg: order.peg, strategyId: order.strategyId, strategyType: order.strategyType,
      }, market, now, order);
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      this.expire(order, market, now, 'REJECTED');
      this.settle(market, now);
    }
  }

  /** Starts an order: a new one, or the pending order `pending` when its turn came. */
  private start(account: SimAccount, sent: NewOrder, market: SymbolMarket, now: number, pending?: SimOrder): PlaceResult {
    const { spec } = sent;
    if (isStopType(sent.type)) return { order: this.placeStop(account, sent, market, now, pending), fills: [] };
    // A pegged order takes its price from the book now, once.
    const request = withPeggedPrice(market, sent, now);
    const matches = planMatches(market, { ...request, stp: { accountId: account.id, selfTradePreventionMode: request.selfTradePreventionMode } }, now);
    if (request.type === 'LIMIT_MAKER' && matches.length > 0) {
      throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.wouldMatchAndTake);
    }
    if (request.quoteOrderQty !== undefined && plannedSteps(matches) === 0) {
      throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.liquidityBelowLotSize);
    }
    const origSteps = request.quantitySteps ?? plannedSteps(matches);
    const needed = requireFunds(account, request, fundsNeeded(spec, request, origSteps, matches));
    const order = pending === undefined ? this.createOrder(account, request, origSteps, now) : ready(pending, origSteps, now, now);
    order.priceTicks = request.priceTicks ?? 0;
    if (request.type !== 'MARKET') this.lock(order, needed, now);
    this.emitOrder(order, 'NEW', now);
    const fills = this.execute(order, market, matches, now);
    this.settle(market, now);
    return { order, fills };
  }

  private createOrder(account: SimAccount, request: NewOrder, origSteps: number, now: number): SimOrder {
    const order: SimOrder = {
      accountId: account.id, spec: request.spec, orderId: this.nextOrderId++, clientOrderId: request.clientOrderId,
      side: request.side, type: request.type, timeInForce: request.timeInForce ?? 'GTC', priceTicks: request.priceTicks ?? 0,
      stopPriceTicks: request.stopPriceTicks ?? 0, trailingDelta: request.trailingDelta ?? 0,
      // A trailing order without a stop price trails from the moment it is placed.
      trailingTime: request.trailingDelta !== undefined && request.stopPriceTicks === undefined ? now : -1,
      origSteps, executedSteps: 0, cummulativeQuote: ZERO, origQuoteOrderQty: request.quoteOrderQty ?? ZERO,
      status: 'NEW', time: now, updateTime: now, workingTime: isStopType(request.type) ? -1 : now,
      selfTradePreventionMode: request.selfTradePreventionMode, locked: ZERO, sequence: this.sequence++,
      orderListId: request.orderListId ?? -1,
      icebergSteps: request.icebergSteps ?? 0, shownSteps: 0, preventedSteps: 0, preventedMatchId: -1,
      peg: request.peg, strategyId: request.strategyId, strategyType: request.strategyType,
    };
    this.records.addOrder(order);
    return order;
  }

  /** Reserves `amount` of what the order spends (quote for BUY, base for SELL). */
  private lock(order: SimOrder, amount: Decimal, now: number): void {
    order.locked = amount;
    this.ledger.lock(this.accounts.get(order.accountId)!, fundingAsset(order), amount, now);
  }

  /** Places a stop off the book: refused when it would trigger at once, its funds locked while it waits. */
  private placeStop(account: SimAccount, request: NewOrder, market: SymbolMarket, now: number, pending?: SimOrder): SimOrder {
    const last = this.lastPrice(market, now);
    const condition = waitingCondition(request, last);
    const needed = requireFunds(account, request, request.heldByPair === true ? ZERO : stopLock(request));
    const order = pending === undefined ? this.createOrder(account, request, request.quantitySteps ?? 0, now) : ready(pending, pending.origSteps, -1, now);
    this.lock(order, needed, now);
    this.emitOrder(order, 'NEW', now);
    this.triggers.add(market.spec.symbol, order, condition, last);
    this.flushBalances(now);
    return order;
  }

  /**
   * Puts a triggered stop to work at `time`: its waiting lock is released, a NEW report says it
   * now works, and it trades as a MARKET or LIMIT order would (refused funds expire it as REJECTED).
   */
  private activate(order: SimOrder, time: number): void {
    const market = this.markets.get(order.spec.symbol)!;
    if (order.orderListId >= 0) this.lists?.activating(order, time);
    this.release(order, time);
    if (order.peg !== undefined && order.priceTicks === 0) {
      // A pegged stop-limit takes its price from the book when it triggers (pegged_orders.md).
      try {
        order.priceTicks = peggedPriceTicks(market, order.side, order.peg, time);
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        this.expire(order, market, time, 'REJECTED');
        return;
      }
    }
    order.workingTime = time;
    order.updateTime = time;
    this.emitOrder(order, 'NEW', time);
    const terms = { side: order.side, quantitySteps: order.origSteps, priceTicks: executesAs(order.type) === 'LIMIT' ? order.priceTicks : undefined, stp: order };
    const matches = planMatches(market, terms, time);
    const needed = fundsNeeded(order.spec, terms, order.origSteps, matches);
    if (balanceOf(this.accounts.get(order.accountId)!, fundingAsset(order)).free.lt(needed)) {
      this.expire(order, market, time, 'REJECTED');
      return;
    }
    if (terms.priceTicks !== undefined) this.lock(order, needed, time);
    this.execute(order, market, matches, time);
  }

  /** Runs the stops that trades fired, in the order they fired (those still open); their own trades may fire more. */
  private runTriggered(): void {
    for (;;) {
      const next = this.fired.shift();
      if (next !== undefined) {
        if (isOpen(next.order)) this.activate(next.order, next.time);
        continue;
      }
      const work = this.deferred.shift();
      if (work === undefined) return;
      work();
    }
  }

  /** The symbol's last trade price in ticks, as stops are checked against it. */
  lastPrice(market: SymbolMarket, now: number): number {
    return this.lastTrades.get(market.spec.symbol) ?? market.source.lastPrice(now);
  }

  /** Trades a working order's planned matches, then rests what is left or expires it as its type says. */
  private execute(order: SimOrder, market: SymbolMarket, planned: PlannedMatch[], now: number): Fill[] {
    const kind = executesAs(order.type);
    const matches = order.timeInForce === 'FOK' && plannedSteps(planned) < order.origSteps ? [] : planned;
    const fills: Fill[] = [];
    for (const match of matches) {
      if (match.prevention === undefined) fills.push(this.take(market, order, match, now));
      else this.prevent(market, order, match, now);
    }
    if (openSteps(order) > 0) {
      if (kind === 'LIMIT_MAKER' || (kind === 'LIMIT' && order.timeInForce === 'GTC')) {
        showNextPart(order);
        market.addOrder(order);
      } else {
        this.expire(order, market, now, order.timeInForce === 'FOK' ? 'UNFILLED_FOK_ORDER_EXPIRED'
          : kind === 'MARKET' ? 'INSUFFICIENT_LIQUIDITY' : 'UNFILLED_IOC_QUANTITY_EXPIRED');
      }
    }
    return fills;
  }

  /** Ends one operation: stops its trades fired run, then the book and balances are published. */
  private settle(market: SymbolMarket, now: number): void {
    this.runTriggered();
    this.publish(market, now);
    this.flushBalances(now);
  }

  /** Executes one planned match of a taker order against a user order or a synthetic level. */
  private take(market: SymbolMarket, taker: SimOrder, match: PlannedMatch, now: number): Fill {
    const { entry, steps } = match;
    const trade = market.recordUserTrade(now, entry.priceTicks, steps, taker.side === 'SELL');
    this.emitTrade(market, trade.id, entry.priceTicks, steps, now, taker.side === 'SELL');
    const maker = entry.order;
    if (maker !== undefined) {
      this.fillOrder(maker, entry.priceTicks, steps, true, trade.id, now);
      this.afterMakerChange(market, maker, steps);
    } else {
      market.synthetic.consume(taker.side === 'BUY' ? 'asks' : 'bids', entry.priceTicks, steps, now);
    }
    return this.fillOrder(taker, entry.priceTicks, steps, false, trade.id, now);
  }

  /** A resting order lost `steps` (filled or prevented): off the book once done; an iceberg whose part ran out shows its next part at the back of its level. */
  private afterMakerChange(market: SymbolMarket, maker: SimOrder, steps: number): void {
    if (!isOpen(maker)) {
      market.removeOrder(maker);
    } else if (useShownPart(maker, steps)) {
      market.removeOrder(maker);
      market.addOrder(maker);
    }
  }

  /** Carries out one prevented self-trade between `taker` and the resting order of the match. */
  private prevent(market: SymbolMarket, taker: SimOrder, match: PlannedMatch, now: number): void {
    const maker = match.entry.order!;
    applyPrevention({ taker, maker, prevention: match.prevention!, priceTicks: match.entry.priceTicks, now, matches: this.preventedMatches }, {
      unlock: (order, amount) => {
        order.locked = order.locked.minus(amount);
        this.ledger.lock(this.accounts.get(order.accountId)!, fundingAsset(order), amount.neg(), now);
      },
      report: (order, lastPrevented) => this.emitOrder(order, 'TRADE_PREVENTION', now, undefined, '', lastPrevented),
      ended: (order) => {
        this.release(order, now);
        if (order !== taker) market.removeOrder(order);
        if (order.orderListId >= 0) this.lists?.ended(order, now);
      },
    });
    if (isOpen(maker)) this.afterMakerChange(market, maker, match.prevention!.makerSteps);
  }

  /** Ends an order that cannot rest, releasing what it still had reserved. */
  private expire(order: SimOrder, market: SymbolMarket, now: number, reason: ExpiryReason): void {
    this.release(order, now);
    order.status = 'EXPIRED';
    order.expiryReason = reason;
    order.updateTime = now;
    market.removeOrder(order);
    this.triggers.remove(order.spec.symbol, order);
    this.emitOrder(order, 'EXPIRED', now);
    if (order.orderListId >= 0) this.lists?.ended(order, now);
  }

  /** Expires an open or pending order of a list for `reason` (an OCO's other order, an OTO's pending order). */
  expireListOrder(order: SimOrder, reason: ExpiryReason, now: number): void {
    this.expire(order, this.markets.get(order.spec.symbol)!, now, reason);
  }

  private release(order: SimOrder, now: number): void {
    if (order.locked.eq(0)) return;
    this.ledger.lock(this.accounts.get(order.accountId)!, fundingAsset(order), order.locked.neg(), now);
    order.locked = ZERO;
  }

  /**
   * Cancels an open order; throws -2011 "Unknown order sent." when there is none (or the client
   * id does not match the order id), and the cancel-restrictions message when `restriction` forbids it.
   */
  cancelOrder(
    account: SimAccount, symbol: string, lookup: OrderLookup, cancelClientId: string, now: number,
    restriction?: CancelRestrictionValue,
  ): SimOrder {
    const order = this.records.findOrder(account, symbol, lookup);
    if (order === undefined || !isLive(order)
      || (lookup.clientOrderId !== undefined && order.clientOrderId !== lookup.clientOrderId)) {
      throw badRequest(BinanceErrorCode.CANCEL_REJECTED, BinanceMessage.unknownOrder);
    }
    if (restriction !== undefined && order.status !== (restriction === 'ONLY_NEW' ? 'NEW' : 'PARTIALLY_FILLED')) {
      throw badRequest(BinanceErrorCode.CANCEL_REJECTED, BinanceMessage.cancelRestrictions);
    }
    return this.cancelFound(order, cancelClientId, now);
  }

  /** Cancels an order that can still trade or is pending: CANCELED, its funds released, with the cancel's client id. */
  cancelFound(order: SimOrder, cancelClientId: string, now: number): SimOrder {
    const { symbol } = order.spec;
    const market = this.markets.get(symbol)!;
    this.triggers.remove(symbol, order);
    this.release(order, now);
    order.status = 'CANCELED';
    order.updateTime = now;
    market.removeOrder(order);
    this.emitOrder(order, 'CANCELED', now, undefined, cancelClientId);
    if (order.orderListId >= 0) this.lists?.ended(order, now);
    this.publish(market, now);
    this.flushBalances(now);
    return order;
  }

  /** Amends a live order's quantity down in place, keeping its queue position (engine/order-amend.ts); returns the execution id. */
  amendOrder(order: SimOrder, newSteps: number, newClientId: string, now: number): number {
    const market = this.markets.get(order.spec.symbol)!;
    return amendInPlace(order, newSteps, newClientId, now, {
      release: (o, amount, t) => {
        o.locked = o.locked.minus(amount);
        this.ledger.lock(this.accounts.get(o.accountId)!, fundingAsset(o), amount.neg(), t);
      },
      report: (o, origClientOrderId, t) => this.emitOrder(o, 'REPLACED', t, undefined, origClientOrderId),
      expire: (o, t) => this.expire(o, market, t, 'NONE'),
      settle: (t) => this.settle(market, t),
    });
  }
}

/** A pending order made ready to work at `now`: NEW, with its quantity; `workingTime` -1 for a stop that waits. */
function ready(order: SimOrder, origSteps: number, workingTime: number, now: number): SimOrder {
  order.status = 'NEW';
  order.origSteps = origSteps;
  order.workingTime = workingTime;
  order.updateTime = now;
  return order;
}
