import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type {
  AggregateTrade, BookTicker, Candlestick, Interval, MarketTicker, Ticker, Trade,
} from '../core/models.js';
import type { OrderBookUpdate, StreamStateChange, StreamSubscription, UserDataEvent } from '../core/stream/events.js';
import { callListener, logListenerError } from '../core/stream/listener-guard.js';
import type { ExchangeInfoSource } from './exchange-info-source.js';
import { checkTickerWindow, type AllTickersOptions } from './market-data.js';
import { emptyStreamMetrics } from './metrics.js';
import type { ResolvedBinanceOptions } from './options.js';
import type { BinanceStreams, OrderBookOptions, StreamMetrics } from './streams/binance-streams.js';
import { createConnectorStreams, type ConnectorStreamParts, type StreamReads } from './streams/connector-streams.js';
import { checkCallback, checkInterval } from './validation.js';

/**
 * The connector's streams: opened on the first subscription (or on connect for WebSocket API
 * order entry), closed on disconnect; each subscription's arguments checked before anything is
 * sent, and stream state changes passed on to the connector's listeners.
 */

/** What the subscriptions take from the connector. */
export interface SubscriptionDeps extends Pick<ConnectorStreamParts, 'serverNow' | 'resyncClock'> {
  options: ResolvedBinanceOptions;
  logger: Logger;
  exchangeInfo: ExchangeInfoSource;
  /** The REST reads the streams fall back on (backfill, snapshots, recovery). */
  reads: StreamReads;
}

/** The streams of one connector, across its sessions. */
export class StreamSubscriptions {
  readonly #deps: SubscriptionDeps;
  #streams: BinanceStreams | undefined;
  /** Stream counters of the last session, kept for metrics() after disconnect. */
  #streamTotals = emptyStreamMetrics();
  readonly #stateListeners = new Set<(change: StreamStateChange) => void>();

  constructor(deps: SubscriptionDeps) {
    this.#deps = deps;
  }

  /** The streams while they are open. */
  get current(): BinanceStreams | undefined {
    return this.#streams;
  }

  /** The streams, opened if they are not. */
  open(): BinanceStreams {
    const { options, logger } = this.#deps;
    this.#streams ??= createConnectorStreams(options, this.#deps.reads, {
      serverNow: this.#deps.serverNow,
      resyncClock: this.#deps.resyncClock,
      logger,
      onState: (change) => {
        for (const listener of this.#stateListeners) callListener(listener, change, logListenerError(logger, { stream: 'state' }));
      },
    });
    return this.#streams;
  }

  /** Closes the streams, keeping their counters for `metrics()`. */
  async close(): Promise<void> {
    const streams = this.#streams;
    this.#streams = undefined;
    if (streams !== undefined) this.#streamTotals = streams.metrics();
    await streams?.close();
  }

  /** Stream counters of the open streams, else of the last ones. */
  metrics(): StreamMetrics {
    return this.#streams?.metrics() ?? this.#streamTotals;
  }

  /** Adds a state listener; returns a function that removes it. */
  onStreamState(listener: (change: StreamStateChange) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** `<symbol>@kline_<interval>`, with backfill. */
  async candlesticks(symbol: string, interval: Interval, callback: (candle: Candlestick) => void): Promise<StreamSubscription> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    checkInterval(interval);
    checkCallback(callback);
    return this.open().subscribeCandlesticks(name, interval, callback);
  }

  /** `<symbol>@ticker`. */
  async ticker(symbol: string, callback: (ticker: Ticker) => void): Promise<StreamSubscription> {
    return this.#onSymbol(symbol, callback, (streams, name) => streams.subscribeTicker(name, callback));
  }

  /** `<symbol>@trade`. */
  async trades(symbol: string, callback: (trade: Trade) => void): Promise<StreamSubscription> {
    return this.#onSymbol(symbol, callback, (streams, name) => streams.subscribeTrades(name, callback));
  }

  /** A local order book kept in sync from the diff stream. */
  async orderBook(symbol: string, callback: (book: OrderBookUpdate) => void, options: OrderBookOptions): Promise<StreamSubscription> {
    return this.#onSymbol(symbol, callback, (streams, name) => streams.subscribeOrderBook(name, callback, options));
  }

  /** Order and balance updates over the WebSocket API, which needs a key that signs. */
  async orderUpdates(callback: (event: UserDataEvent) => void): Promise<StreamSubscription> {
    checkCallback(callback);
    if (this.#deps.options.signer === undefined) throw new ConfigurationError('subscribeOrderUpdates needs apiKey with apiSecret or privateKey');
    return this.open().subscribeOrderUpdates(callback);
  }

  /** `<symbol>@bookTicker`. */
  async bookTicker(symbol: string, callback: (ticker: BookTicker) => void): Promise<StreamSubscription> {
    return this.#onSymbol(symbol, callback, (streams, name) => streams.subscribeBookTicker(name, callback));
  }

  /** `<symbol>@aggTrade`. */
  async aggregateTrades(symbol: string, callback: (trade: AggregateTrade) => void): Promise<StreamSubscription> {
    return this.#onSymbol(symbol, callback, (streams, name) => streams.subscribeAggregateTrades(name, callback));
  }

  /** The all-market ticker array of the window in `options`. */
  async allTickers(callback: (tickers: MarketTicker[]) => void, options: AllTickersOptions): Promise<StreamSubscription> {
    checkCallback(callback);
    return this.open().subscribeAllTickers(checkTickerWindow(options), callback);
  }

  /** A subscription on one symbol: the symbol checked against exchangeInfo, then the callback, then the streams opened. */
  async #onSymbol(
    symbol: string, callback: unknown, subscribe: (streams: BinanceStreams, name: string) => Promise<StreamSubscription>,
  ): Promise<StreamSubscription> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    checkCallback(callback);
    return subscribe(this.open(), name);
  }
}
