import type { Clock, TimerHandle } from '../core/clock.js';
import { InvalidArgumentError, InvalidOrderError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { SYMBOL_FILTER_FIELDS } from '../spec/binance/filters.js';
import { ExchangeInfoCache, type ExchangeInfo, type SymbolInfo } from './exchange-info.js';
import { OPTION_STATE_RULES } from './order-options.js';
import { normalizeSymbol } from './validation.js';

/** The least time between two exchangeInfo reads made to check a local refusal (weight 20 each). */
const REFRESH_MIN_MS = 10_000;
/** How often exchangeInfo is read again while connected. */
const REFRESH_EVERY_MS = 10 * 60_000;
/**
 * The local refusals a fresh exchangeInfo could lift: the symbol's listing, status, order types,
 * permissions (quote-quantity orders, trailing stops, order lists, icebergs, pegs, STP modes) and filters. A missing field or a malformed
 * value is refused as it is, without a read.
 */
const EXCHANGE_STATE_RULES: ReadonlySet<string> = new Set([
  'UNKNOWN_SYMBOL', 'SYMBOL_STATUS', 'ORDER_TYPE', 'QUOTE_ORDER_QTY', 'TRAILING_STOP', 'ORDER_LIST', 'PRECISION', ...OPTION_STATE_RULES, ...Object.keys(SYMBOL_FILTER_FIELDS),
]);

/** What an ExchangeInfoSource reads with. */
export interface ExchangeInfoSourceOptions {
  /** One `GET /api/v3/exchangeInfo`, parsed (and its rate limits applied by the caller). */
  read: () => Promise<ExchangeInfo>;
  clock: Clock;
  logger: Logger;
}

/**
 * The exchangeInfo a connected connector holds, kept current: read on connect, again every 10
 * minutes, and before a local refusal a fresh read could lift (at most once in 10 s, one read
 * shared by the callers of the moment).
 */
export class ExchangeInfoSource {
  /** The info held now. */
  readonly cache = new ExchangeInfoCache();
  readonly #o: ExchangeInfoSourceOptions;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<ExchangeInfo> | undefined;
  #timer: TimerHandle | undefined;

  constructor(options: ExchangeInfoSourceOptions) {
    this.#o = options;
  }

  /** Reads exchangeInfo and holds it; then reads it again every 10 minutes until `stop()`. */
  async start(): Promise<ExchangeInfo> {
    const info = await this.#read();
    this.#timer ??= this.#o.clock.setInterval(() => {
      void this.refresh().catch((error: unknown) => this.#o.logger.warn({ err: (error as Error).message }, 'could not refresh exchangeInfo'));
    }, REFRESH_EVERY_MS);
    return info;
  }

  /** Stops the periodic reads, waits for one under way, and forgets the info. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) this.#o.clock.clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#reading?.catch(() => undefined);
    this.cache.clear();
    this.#readAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Reads exchangeInfo again unless it was read less than 10 s ago; callers at the same time share
   * one read. Resolves true when the held info is fresh from it.
   */
  refresh(): Promise<boolean> {
    if (this.#reading === undefined) {
      if (this.#o.clock.now() - this.#readAt < REFRESH_MIN_MS) return Promise.resolve(false);
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
      });
    }
    return this.#reading.then(() => true);
  }

  /**
   * Runs a local check; when it refuses on the exchange's state (listing, status, order types,
   * filters), reads exchangeInfo again (unless it was read moments ago) and runs the check once
   * more, so nothing is refused on a rule that has changed since. A refresh that fails leaves the
   * first refusal standing.
   */
  async checkedFresh<T>(check: () => T): Promise<T> {
    try {
      return check();
    } catch (error) {
      const rule = error instanceof InvalidArgumentError || error instanceof InvalidOrderError ? error.rule : undefined;
      if (rule === undefined || !EXCHANGE_STATE_RULES.has(rule)) throw error;
      const refreshed = await this.refresh().catch((failure: unknown) => {
        this.#o.logger.warn({ err: (failure as Error).message }, 'could not read exchangeInfo again before a local refusal');
        return false;
      });
      if (!refreshed) throw error;
      return check();
    }
  }

  /** The symbol's rules, after the one symbol check (normalised, then known to exchangeInfo). */
  symbol(symbol: string): SymbolInfo | undefined {
    return this.cache.lookup(normalizeSymbol(symbol));
  }

  /**
   * The normalised symbol name, checked against exchangeInfo: the name every request sends. A
   * symbol the held exchangeInfo does not list (a new listing) is looked up again in a fresh read
   * before it is refused.
   */
  async symbolName(symbol: string): Promise<string> {
    const name = normalizeSymbol(symbol);
    await this.checkedFresh(() => this.cache.lookup(name));
    return name;
  }

  async #read(): Promise<ExchangeInfo> {
    const info = await this.#o.read();
    this.cache.set(info);
    this.#readAt = this.#o.clock.now();
    return info;
  }
}
