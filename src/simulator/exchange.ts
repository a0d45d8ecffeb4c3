import { systemClock, type Clock } from '../core/clock.js';
import { Decimal } from '../core/decimal.js';
import { decimalToSteps, fixed8 } from './engine/amounts.js';
import { balanceOf, createAccount, type AccountOptions, type SimAccount } from './engine/accounts.js';
import { FaultState } from './control/faults.js';
import { checkFillHistory, seedFillHistory } from './engine/fill-history.js';
import { MatchingEngine } from './engine/matching-engine.js';
import { OrderListStore } from './engine/order-lists.js';
import { Contingencies } from './engine/contingencies.js';
import { AmendmentLog } from './engine/order-amend.js';
import { UsageLimits, type LimitsOptions } from './limits/usage-limits.js';
import { DEFAULT_SYMBOLS, type SymbolSpec } from './market/symbols.js';

/**
 * Everything the simulated exchange holds, independent of any transport: symbols, accounts,
 * engine, limits, faults and the server clock (the injected clock plus any clock-skew fault).
 */

/** Options of the exchange core. */
export interface ExchangeOptions {
  readonly seed?: number;
  /** Listed symbols, in exchangeInfo order. @default DEFAULT_SYMBOLS */
  readonly symbols?: readonly SymbolSpec[];
  readonly accounts?: readonly AccountOptions[];
  readonly limits?: LimitsOptions;
  /**
   * The server's clock. A full `Clock` drives the simulator's timers too (stream cadences, pings,
   * latency, connection lifetime), so a test can move time by hand; a clock with `now` only
   * leaves the timers on real time.
   */
  readonly clock?: Clock | Pick<Clock, 'now'>;
}

/**
 * The timers of `clock` when it has them. A clock with `now` only sets the server's time, and the
 * timers keep real time: cadences and latency are measured on the clock their timers run on.
 */
function timersOf(clock: Clock | Pick<Clock, 'now'>): Clock {
  return 'setTimeout' in clock ? clock : systemClock;
}

/** The exchange state shared by the REST front and the stream layers. */
export class Exchange {
  readonly seed: number;
  readonly specs: readonly SymbolSpec[];
  readonly accounts: readonly SimAccount[];
  /** The accounts by API key, without a key revoked by the `revoke-key` fault. */
  readonly accountsByKey: ReadonlyMap<string, SimAccount>;
  readonly engine: MatchingEngine;
  readonly limiter: UsageLimits;
  readonly faults = new FaultState();
  /** Every account's order lists (their orders are the engine's). */
  readonly orderLists = new OrderListStore();
  /** What order lists do with their orders. */
  readonly lists: Contingencies;
  /** Every order's amendments (Order Amend Keep Priority). */
  readonly amendments = new AmendmentLog();
  private readonly clock: Pick<Clock, 'now'>;
  /** Timers and the time they run on (the injected clock, without any clock-skew fault). */
  readonly timers: Clock;

  /** Builds the exchange; with no accounts it creates the documented demo account. */
  constructor(options: ExchangeOptions = {}) {
    this.seed = options.seed ?? 42;
    this.clock = options.clock ?? systemClock;
    this.timers = timersOf(this.clock);
    this.specs = checkSymbols(options.symbols ?? DEFAULT_SYMBOLS);
    const start = this.clock.now();
    const quoteAssets = [...new Set(this.specs.flatMap((s) => [s.quoteAsset, s.baseAsset]))];
    const accountOptions = options.accounts ?? [{}];
    this.accounts = accountOptions.map((o, i) => createAccount(o, i, this.seed, quoteAssets, start));
    const byKey = new Map<string, SimAccount>();
    for (const account of this.accounts) {
      if (byKey.has(account.apiKey)) throw new TypeError(`accounts[${account.id}].apiKey is used by two accounts`);
      byKey.set(account.apiKey, account);
    }
    this.accountsByKey = byKey;
    // A revoked key is simply unknown, so every front answers it -2015 as Binance does.
    const restoreKeys = (): void => {
      for (const account of this.accounts) byKey.set(account.apiKey, account);
    };
    this.faults.events.on('inject', (fault) => {
      if (fault.kind !== 'revoke-key') return;
      restoreKeys();
      byKey.delete(fault.apiKey);
    });
    this.faults.events.on('clear', restoreKeys);
    this.limiter = new UsageLimits(options.limits);
    accountOptions.forEach((o, i) => {
      if (o.fillHistory !== undefined) checkFillHistory(o.fillHistory, `accounts[${i}].fillHistory`, this.specs.map((spec) => spec.symbol));
    });
    this.engine = new MatchingEngine(this.specs, this.seed, this.accounts, start);
    accountOptions.forEach((o, i) => {
      if (o.fillHistory !== undefined) seedFillHistory(this.engine, this.accounts[i]!, o.fillHistory, start);
    });
    this.lists = new Contingencies(this.engine, this.orderLists);
    // An order's first fill takes it out of the unfilled-order count, as Binance does.
    this.engine.events.on('order', ({ accountId, order, execution }) => {
      if (execution.executionType === 'TRADE' && decimalToSteps(order.spec, execution.lastQty) === order.executedSteps) {
        this.limiter.orderFilled(accountId, execution.time);
      }
    });
  }

  /**
   * Deposits (positive) or withdraws (negative) `amount` of `asset` for the account of `apiKey`,
   * announced as `balanceUpdate` then `outboundAccountPosition`. Throws TypeError when the key is
   * unknown, the amount malformed or the free balance too small.
   */
  transfer(apiKey: string, asset: string, amount: string): void {
    const account = this.accountsByKey.get(apiKey);
    if (account === undefined) throw new TypeError('transfer: no account has this API key');
    if (!/^-?[0-9]+(\.[0-9]{1,8})?$/.test(amount)) throw new TypeError(`transfer: amount must be a decimal string, got "${amount}"`);
    if (!/^[A-Z0-9]{1,20}$/.test(asset)) throw new TypeError(`transfer: asset must be 1 to 20 capital letters or digits, got "${asset}"`);
    const delta = new Decimal(amount);
    const balance = balanceOf(account, asset);
    if (balance.free.plus(delta).lt(0)) throw new TypeError(`transfer: ${asset} free balance ${fixed8(balance.free)} is below ${amount.slice(1)}`);
    const now = this.now();
    balance.free = balance.free.plus(delta);
    account.updateTime = now;
    this.engine.events.emit('transfer', { accountId: account.id, asset, delta: fixed8(delta), time: now });
    this.engine.events.emit('balance', { accountId: account.id, time: now, balances: [{ asset, free: balance.free, locked: balance.locked }] });
  }

  /** Server time: the clock plus the clock-skew fault. */
  now(): number {
    return this.clock.now() + this.faults.skewMs();
  }
}

/** The listing, checked: at least one symbol, each named once as Binance writes names. */
function checkSymbols(specs: readonly SymbolSpec[]): readonly SymbolSpec[] {
  if (specs.length === 0) throw new TypeError('symbols must list at least one symbol');
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!/^[A-Z0-9]{2,20}$/.test(spec.symbol)) throw new TypeError(`symbols: "${spec.symbol}" must be 2 to 20 capital letters or digits`);
    if (seen.has(spec.symbol)) throw new TypeError(`symbols: ${spec.symbol} is listed twice`);
    seen.add(spec.symbol);
  }
  return specs;
}
