import type { Clock } from '../core/clock.js';
import { decimalToSteps } from './amounts.js';
import { createAccount, type AccountOptions, type SimAccount } from './accounts.js';
import { FaultState } from './faults.js';
import { MatchingEngine } from './matching-engine.js';
import { RateLimiter, type LimitsOptions } from './rate-limiter.js';
import { DEFAULT_SYMBOLS, type SymbolSpec } from './symbols.js';

/**
 * Everything the simulated exchange holds, independent of any transport: symbols, accounts,
 * engine, limits, faults and the server clock (the injected clock plus any clock-skew fault).
 */

/** Options of the exchange core. */
export interface ExchangeOptions {
  readonly seed?: number;
  readonly accounts?: readonly AccountOptions[];
  readonly limits?: LimitsOptions;
  readonly clock?: Pick<Clock, 'now'>;
}

/** The exchange state shared by the REST front and the stream layers. */
export class Exchange {
  readonly seed: number;
  readonly specs: readonly SymbolSpec[] = DEFAULT_SYMBOLS;
  readonly accounts: readonly SimAccount[];
  readonly accountsByKey: ReadonlyMap<string, SimAccount>;
  readonly engine: MatchingEngine;
  readonly limiter: RateLimiter;
  readonly faults = new FaultState();
  private readonly clock: Pick<Clock, 'now'>;

  /** Builds the exchange; with no accounts it creates the documented demo account. */
  constructor(options: ExchangeOptions = {}) {
    this.seed = options.seed ?? 42;
    this.clock = options.clock ?? { now: () => Date.now() };
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
    this.limiter = new RateLimiter(options.limits);
    this.engine = new MatchingEngine(this.specs, this.seed, this.accounts, start);
    // An order's first fill takes it out of the unfilled-order count, as Binance does.
    this.engine.events.on('order', ({ accountId, order, execution }) => {
      if (execution.executionType === 'TRADE' && decimalToSteps(order.spec, execution.lastQty) === order.executedSteps) {
        this.limiter.orderFilled(accountId, order.time, execution.time);
      }
    });
  }

  /** Server time: the clock plus the clock-skew fault. */
  now(): number {
    return this.clock.now() + this.faults.skewMs();
  }
}
