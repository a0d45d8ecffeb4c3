import type { AccountTrade, CandleQuery, Candlestick, Interval, Order, OrderBook, OrderList, Position, Ticker, Trade } from '../../core/models.js';
import type { AggregateTrade, BookTicker, MarketTicker, MarketTickerWindow } from '../../core/models.js';
import { allTickersStream, parseAggregateTradeEvent, parseAllTickersEvent, parseBookTickerEvent } from './market-stream-parsers.js';
import type { OrderBookUpdate, StreamStateChange, StreamSubscription, UserDataEvent } from '../../core/stream/events.js';
import { guardListener, logListenerError } from '../../core/stream/listener-guard.js';
import type { SocketMetrics } from '../../core/stream/socket-types.js';
import { TypedEvents } from '../../core/stream/typed-events.js';
import type { UnresolvedPlacement } from '../order-placement.js';
import type { RestHandler } from '../rest/types.js';
import { CandleFeed } from './candle-feed.js';
import { DecodedPayload } from './decoded-payload.js';
import { MarketStreamManager, type StreamSignal } from './market-stream-manager.js';
import { OrderBookSync } from './order-book-sync.js';
import type { StreamContext } from './stream-options.js';
import { parseTickerEvent, parseTradeEvent } from './stream-parsers.js';
import { WsApiClient } from './ws-api-client.js';
import { createWsApiHandler, type WsApiSigning } from './ws-api-handler.js';
import { UserDataStream } from './user-data-stream.js';

/** What the streams need from the connector: URLs, signing and a few REST reads. */
export interface StreamHost {
  wsStreamUrl: string;
  wsApiUrl: string;
  signing: WsApiSigning;
  getCandles(symbol: string, interval: Interval, query: CandleQuery): Promise<Candlestick[]>;
  getOrderBook(symbol: string, limit: number): Promise<OrderBook>;
  openOrders(): Promise<Order[]>;
  getOrder(orderId: string, symbol: string): Promise<Order>;
  getOrderByClientId(clientOrderId: string, symbol: string): Promise<Order>;
  /** The account's non-zero balances (`GET /api/v3/account`). */
  getPositions(): Promise<Position[]>;
  /** An order's fills with their fees (`GET /api/v3/myTrades?orderId=`, weight 5). */
  orderTrades(orderId: string, symbol: string): Promise<AccountTrade[]>;
  /** Open order lists of every symbol. */
  openOrderLists(): Promise<OrderList[]>;
  /** One order list by id. */
  getOrderList(orderListId: string): Promise<OrderList>;
}

/** Options of `subscribeOrderBook`. */
export interface OrderBookOptions {
  /** Levels of each side delivered. @default 100 */
  depth?: number;
  /** Snapshot size fetched over REST, up to 5000. @default 1000 */
  snapshotLimit?: number;
}

/** Stream counters, part of the connector's metrics. */
export interface StreamMetrics {
  /** Market stream connections open now, and the WebSocket API connection when one exists. */
  connections: { market: SocketMetrics[]; wsApi: SocketMetrics | undefined };
  /** Reconnects started on every stream connection, in total and per reason. */
  reconnects: number;
  reconnectsByReason: Record<string, number>;
  /** State transitions of every stream connection. */
  stateChanges: number;
  /** Candle backfills run after a reconnect or a skipped candle, and the closed candles they delivered. */
  candleBackfills: number;
  backfilledCandles: number;
  /** Stream candles dropped because they were already delivered. */
  duplicateCandles: number;
  /** Local order books discarded and rebuilt. */
  orderBookResyncs: number;
  /** User-data recoveries run, and the order updates they rebuilt. */
  orderRecoveries: number;
  recoveredOrderUpdates: number;
}

/**
 * Every stream of one connector: market streams through one manager, user data and WebSocket
 * API order entry over one WebSocket API connection, and the feeds that turn raw payloads into
 * models with their delivery guarantees. Created on the first subscription, closed by disconnect.
 */
export class BinanceStreams {
  readonly #host: StreamHost;
  readonly #context: StreamContext;
  readonly #market: MarketStreamManager;
  readonly #events: TypedEvents<{ state: StreamStateChange }>;
  #client: WsApiClient | undefined;
  #userData: UserDataStream | undefined;
  #orderTransport: RestHandler | undefined;
  readonly #counters = {
    stateChanges: 0, candleBackfills: 0, backfilledCandles: 0, duplicateCandles: 0,
    orderBookResyncs: 0, orderRecoveries: 0, recoveredOrderUpdates: 0,
  };
  readonly #stoppers = new Set<() => void>();

  constructor(host: StreamHost, context: StreamContext) {
    this.#host = host;
    this.#context = context;
    this.#events = new TypedEvents<{ state: StreamStateChange }>(logListenerError(context.logger, { stream: 'state' }));
    this.#market = new MarketStreamManager({
      ...context,
      wsStreamUrl: host.wsStreamUrl,
      onStateChange: ({ connection, from, to }) => this.#state({ stream: 'market', connection, from, to }),
    });
  }

  /** Listens to state changes of every stream connection; returns a function that removes the listener. */
  onStreamState(listener: (change: StreamStateChange) => void): () => void {
    return this.#events.on('state', listener);
  }

  /** Live candles; closed ones in order, none missed across reconnects, none twice. */
  async subscribeCandlesticks(symbol: string, interval: Interval, callback: (candle: Candlestick) => void): Promise<StreamSubscription> {
    const feed = new CandleFeed(interval, callback, {
      fetchSince: (startTime) => this.#host.getCandles(symbol, interval, { startTime }),
      retryDelaysMs: this.#context.recoveryDelaysMs,
      clock: this.#context.clock,
      logger: this.#context.logger,
      onBackfill: (delivered) => {
        this.#counters.candleBackfills += 1;
        this.#counters.backfilledCandles += delivered;
      },
      onDuplicate: () => {
        this.#counters.duplicateCandles += 1;
      },
    });
    return this.#subscribeMarket(`${symbol.toLowerCase()}@kline_${interval}`, (signal) => feed.handle(signal), () => feed.stop());
  }

  /** Live 24-hour ticker. */
  subscribeTicker(symbol: string, callback: (ticker: Ticker) => void): Promise<StreamSubscription> {
    return this.#subscribeParsed(`${symbol.toLowerCase()}@ticker`, parseTickerEvent, callback);
  }

  /** Live public trades, one callback per trade. */
  subscribeTrades(symbol: string, callback: (trade: Trade) => void): Promise<StreamSubscription> {
    return this.#subscribeParsed(`${symbol.toLowerCase()}@trade`, parseTradeEvent, callback);
  }

  /** Best bid and ask as they change (`<symbol>@bookTicker`). */
  subscribeBookTicker(symbol: string, callback: (ticker: BookTicker) => void): Promise<StreamSubscription> {
    return this.#subscribeParsed(`${symbol.toLowerCase()}@bookTicker`, parseBookTickerEvent, callback);
  }

  /** Live aggregate trades (`<symbol>@aggTrade`). */
  subscribeAggregateTrades(symbol: string, callback: (trade: AggregateTrade) => void): Promise<StreamSubscription> {
    return this.#subscribeParsed(`${symbol.toLowerCase()}@aggTrade`, parseAggregateTradeEvent, callback);
  }

  /** The tickers of every symbol that changed, about once a second (`!miniTicker@arr` or `!ticker_<window>@arr`). */
  subscribeAllTickers(window: MarketTickerWindow, callback: (tickers: MarketTicker[]) => void): Promise<StreamSubscription> {
    return this.#subscribeParsed(allTickersStream(window), (payload) => parseAllTickersEvent(payload, window), callback);
  }

  /** A local order book kept in sync from the diff stream; the first book comes once the stream is subscribed. */
  async subscribeOrderBook(symbol: string, callback: (book: OrderBookUpdate) => void, options: OrderBookOptions = {}): Promise<StreamSubscription> {
    const sync = new OrderBookSync(symbol, callback, {
      fetchSnapshot: (limit) => this.#host.getOrderBook(symbol, limit),
      clock: this.#context.clock,
      logger: this.#context.logger,
      depth: options.depth,
      snapshotLimit: options.snapshotLimit,
      onResync: () => {
        this.#counters.orderBookResyncs += 1;
      },
    });
    const subscription = await this.#subscribeMarket(`${symbol.toLowerCase()}@depth@100ms`, (signal) => sync.handle(signal), () => sync.stop());
    // Subscribed now, so a snapshot covers every diff to come; waiting for a diff would stall a quiet book.
    sync.start();
    return subscription;
  }

  /** Order and balance updates of the account. */
  async subscribeOrderUpdates(callback: (event: UserDataEvent) => void): Promise<StreamSubscription> {
    const remove = await this.#userDataStream().subscribe(callback);
    return { unsubscribe: remove };
  }

  /** Connects the WebSocket API now (order entry over it fails early when it is unreachable). */
  async connectWsApi(): Promise<void> {
    await this.#wsApi().connect();
  }

  /** The WebSocket API as a transport, the innermost handler of the connector's request pipeline. */
  orderHandler(): RestHandler {
    this.#orderTransport ??= createWsApiHandler(this.#wsApi(), () => this.#context.clock.now());
    return this.#orderTransport;
  }

  /** Order-update recovery passes so far: read before sending an order request, handed back to {@link trackOrder}. */
  orderRecoveryEpoch(): number {
    return this.#userData?.recoveryEpoch ?? 0;
  }

  /** Remembers an order placed or canceled through the connector, for recovery after a reconnect (see `UserDataStream.track`). */
  trackOrder(order: Order, epochAtSend: number): void {
    this.#userData?.track(order, epochAtSend);
  }

  /** Remembers an order list placed or cancelled through the connector, and its orders, for recovery after a reconnect. */
  trackOrderList(list: OrderList, epochAtSend: number): void {
    this.#userData?.trackList(list, epochAtSend);
  }

  /** The order as the user-data stream last delivered it, while one is subscribed. */
  lastDeliveredOrder(orderId: string): Order | undefined {
    return this.#userData?.lastDelivered(orderId);
  }

  /** Remembers a placement that ended unknown, so recoveries look it up by its client order id (see `UserDataStream.trackUnresolved`). */
  trackUnresolved(placement: UnresolvedPlacement, epochAtSend: number): void {
    this.#userData?.trackUnresolved(placement, epochAtSend);
  }

  /** Stream counters. */
  metrics(): StreamMetrics {
    const market = this.#market.metrics();
    const wsApi = this.#client?.metrics;
    const byReason: Record<string, number> = {};
    let reconnects = 0;
    for (const m of [...market, ...(wsApi === undefined ? [] : [wsApi])]) {
      reconnects += m.reconnects;
      for (const [reason, n] of Object.entries(m.reconnectsByReason)) byReason[reason] = (byReason[reason] ?? 0) + n;
    }
    return { connections: { market, wsApi }, reconnects, reconnectsByReason: byReason, ...this.#counters };
  }

  /** Closes every connection and clears every timer. */
  async close(): Promise<void> {
    for (const stop of this.#stoppers) stop();
    this.#stoppers.clear();
    this.#userData?.close();
    await Promise.all([this.#market.close(), this.#client?.close()]);
    this.#events.clear();
  }

  async #subscribeMarket(stream: string, listener: (signal: StreamSignal) => void, stop: () => void = () => undefined): Promise<StreamSubscription> {
    // Listeners are guarded where they are called; what is caught here is a payload that could not be read.
    const remove = await this.#market.subscribe(stream, (signal) => {
      try {
        listener(signal);
      } catch (error) {
        this.#context.logger.error({ stream, err: (error as Error).message }, 'stream event could not be handled');
      }
    });
    this.#stoppers.add(stop);
    return {
      unsubscribe: async () => {
        stop();
        this.#stoppers.delete(stop);
        await remove();
      },
    };
  }

  /** A stream whose every payload is parsed into one value for `callback` (or was already, by a frame decoder). */
  #subscribeParsed<T>(stream: string, parse: (payload: unknown) => T, callback: (value: T) => void): Promise<StreamSubscription> {
    const deliver = this.#guard(callback, stream);
    return this.#subscribeMarket(stream, (signal) => {
      if (signal.kind !== 'data') return;
      const { payload } = signal;
      deliver(payload instanceof DecodedPayload ? payload.value as T : parse(payload));
    });
  }

  /** `callback`, wrapped so that what it throws is logged instead of reaching the stream's own code. */
  #guard<T>(callback: (value: T) => void, stream: string): (value: T) => void {
    return guardListener(callback, logListenerError(this.#context.logger, { stream }));
  }

  #wsApi(): WsApiClient {
    if (this.#client === undefined) {
      this.#client = new WsApiClient({ ...this.#context, url: this.#host.wsApiUrl });
      this.#client.on('state', ({ from, to }) => this.#state({ stream: 'user-data', connection: 0, from, to }));
    }
    return this.#client;
  }

  #userDataStream(): UserDataStream {
    this.#userData ??= new UserDataStream({
      client: this.#wsApi(),
      signing: this.#host.signing,
      host: {
        openOrders: () => this.#host.openOrders(),
        getOrder: (id, symbol) => this.#host.getOrder(id, symbol),
        getOrderByClientId: (id, symbol) => this.#host.getOrderByClientId(id, symbol),
        positions: () => this.#host.getPositions(),
        orderTrades: (id, symbol) => this.#host.orderTrades(id, symbol),
        openOrderLists: () => this.#host.openOrderLists(),
        getOrderList: (id) => this.#host.getOrderList(id),
      },
      clock: this.#context.clock,
      logger: this.#context.logger,
      maxResubscribeFailures: this.#context.maxResubscribeFailures,
      retryDelaysMs: this.#context.recoveryDelaysMs,
      onRecovery: (recovered) => {
        this.#counters.orderRecoveries += 1;
        this.#counters.recoveredOrderUpdates += recovered;
      },
    });
    return this.#userData;
  }

  #state(change: StreamStateChange): void {
    this.#counters.stateChanges += 1;
    this.#events.emit('state', change);
  }
}
