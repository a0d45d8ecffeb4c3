import { BaseConnector } from '../core/base-connector.js';
import type { ExchangeConnector } from '../core/connector.js';
import type { Decimal, DecimalInput } from '../core/decimal.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/silent-logger.js';
import type { OrderBookUpdate, StreamStateChange, StreamSubscription, UserDataEvent } from '../core/stream/events.js';
import { fromSubscription, type AsyncQueue } from '../core/stream/async-queue.js';
import {
  type AccountTrade, type AccountTradeQuery, type CandleQuery, type Candlestick, type Interval, type Order, type OrderBook,
  type OrderList, type OrderListQuery, type OrderListRequest, type OrderRequest, type Position, type Ticker, type Trade,
  type AmendOptions, type ReplaceOptions, type ReplaceResult, type ReplacementOrderRequest,
  type AggregateTrade, type AggregateTradeQuery, type AveragePrice, type BookTicker, type MarketTicker, type RecentTrade,
} from '../core/models.js';
import { pagedCandles } from './paged-candles-fast.js';
import type { CommissionRates, OrderRateLimit } from '../core/models.js';
import { parseExchangeInfo, type ExchangeInfo, type SymbolInfo } from './exchange-info.js';
import { ExchangeInfoSource } from './exchange-info-source.js';
import type { BinanceEnvironment } from './environments.js';
import type { BinanceMetrics } from './metrics.js';
import { resolveOptions, type BinanceConnectorOptions, type ResolvedBinanceOptions } from './options.js';
import { parseServerTime } from './parsers.js';
import { isLiveTarget } from './rest/live-guard.js';
import type { OrderBookOptions } from './streams/binance-streams.js';
import type { StreamBufferOptions } from './streams/connector-streams.js';
import type { WireExchangeInfo, WireServerTime } from './wire-types.js';
import { Orders, type OrderEntryDeps } from './orders.js';
import { OrderLists } from './order-lists.js';
import { AccountReads } from './account.js';
import { RestConnection } from './connection.js';
import { StreamSubscriptions } from './subscriptions.js';
import { MarketDataReads, type AllTickersOptions } from './market-data.js';

/**
 * Binance Spot over REST: market data, account and orders for the simulator, Spot Testnet, Demo
 * Mode or (opt-in) production. Requests go through a pipeline of small policies (sign, rate
 * limit, error mapping, retry); orders are validated against exchangeInfo before sending and are
 * never sent twice.
 */
export class BinanceConnector extends BaseConnector implements ExchangeConnector {
  readonly name = 'binance';
  /** The environment this connector talks to. */
  readonly environment: BinanceEnvironment;
  readonly #options: ResolvedBinanceOptions;
  readonly #logger: Logger;
  readonly #exchangeInfo: ExchangeInfoSource;
  readonly #orders: Orders;
  readonly #orderLists: OrderLists;
  readonly #account: AccountReads;
  readonly #marketData: MarketDataReads;
  readonly #lastPrices = new Map<string, Decimal>();
  readonly #connection: RestConnection;
  readonly #subscriptions: StreamSubscriptions;

  constructor(options: BinanceConnectorOptions) {
    super();
    this.#options = resolveOptions(options);
    this.environment = this.#options.environment;
    this.#logger = (this.#options.logger ?? silentLogger()).child({ exchange: 'binance', environment: this.environment });
    this.#connection = new RestConnection({
      options: this.#options, logger: this.#logger, ensureConnected: () => this.ensureConnected(), wsApi: (req) => this.#subscriptions.open().orderHandler()(req),
    });
    this.#exchangeInfo = new ExchangeInfoSource({ read: () => this.#readInfo(), clock: this.#options.clock, logger: this.#logger });
    this.#subscriptions = new StreamSubscriptions({
      options: this.#options, logger: this.#logger, exchangeInfo: this.#exchangeInfo, reads: this,
      serverNow: () => this.#connection.serverNow(), resyncClock: () => this.#connection.session?.timeSync.sync() ?? Promise.resolve(),
    });
    const orderEntry: OrderEntryDeps = {
      signed: (method, path, params, idempotent) => this.#connection.call(method, path, params, 'signed', idempotent),
      placement: () => this.#connection.placement(),
      streams: () => this.#subscriptions.current,
      exchangeInfo: this.#exchangeInfo,
      random: this.#options.random,
    };
    this.#orders = new Orders({ ...orderEntry, lastPrices: this.#lastPrices, logger: this.#logger });
    this.#orderLists = new OrderLists(orderEntry);
    this.#marketData = new MarketDataReads({
      get: (path, params) => this.#connection.call('GET', path, params, 'public'), symbolName: (symbol) => this.#exchangeInfo.symbolName(symbol),
      serverNow: () => this.#connection.serverNow(), lastPrices: this.#lastPrices, candleConcurrency: this.#options.candleConcurrency,
    });
    this.#account = new AccountReads({
      get: (path, params) => this.#connection.call('GET', path, params, 'signed'), exchangeInfo: this.#exchangeInfo, serverNow: () => this.#connection.serverNow(),
    });
    if (options.marketDataFallback === true && this.#options.marketDataUrl === undefined) {
      this.#logger.warn({ restUrl: this.restUrl }, 'marketDataFallback is off: production market data is not this exchange\'s (set marketDataUrl to a host that serves it)');
    }
  }

  /** The REST origin in use. */
  get restUrl(): string {
    return this.#options.endpoints.restUrl;
  }

  /**
   * True when this connector's orders would trade real funds: `environment: 'live'`, or an order
   * host (REST, or the WebSocket API with `orderEntry: 'ws-api'`) that is not loopback, the Spot
   * Testnet, Demo Mode or one of `nonLiveHosts`. Such orders need `allowLiveTrading: true`.
   */
  get tradesLive(): boolean {
    const { endpoints, orderEntry } = this.#options;
    return isLiveTarget(this.#options, endpoints.restUrl) || (orderEntry === 'ws-api' && isLiveTarget(this.#options, endpoints.wsApiUrl));
  }

  /** Stream and WebSocket API URLs, for the streaming layer. */
  get endpoints(): Readonly<ResolvedBinanceOptions['endpoints']> {
    return this.#options.endpoints;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  protected async testConnectivity(): Promise<void> {
    const session = this.#connection.open();
    await session.send({ method: 'GET', path: '/api/v3/ping', params: [], security: 'public', idempotent: true });
  }

  protected async onConnect(): Promise<void> {
    const session = this.#connection.open();
    await session.timeSync.sync();
    const info = await this.#exchangeInfo.start();
    session.timeSync.start();
    if (this.#options.orderEntry === 'ws-api') await this.#subscriptions.open().connectWsApi();
    this.#logger.info({ restUrl: this.restUrl, symbols: info.symbols.size, offsetMs: session.timeSync.offsetMs }, 'connected to Binance');
  }

  protected async onDisconnect(): Promise<void> {
    await this.#subscriptions.close();
    await this.#exchangeInfo.stop();
    await this.#connection.close();
  }

  // ---- exchangeInfo ----------------------------------------------------------------------

  /** One exchangeInfo read; the rate limits it declares replace the limiter's. */
  async #readInfo(): Promise<ExchangeInfo> {
    const info = parseExchangeInfo(await this.#connection.call<WireExchangeInfo>('GET', '/api/v3/exchangeInfo', [], 'public'));
    if (info.rateLimits.length > 0) this.#connection.session?.limits.applyRules(info.rateLimits);
    return info;
  }

  // ---- market data -----------------------------------------------------------------------

  /** Checks `GET /api/v3/ping`. */
  async ping(): Promise<void> {
    this.ensureConnected();
    await this.#connection.call('GET', '/api/v3/ping', [], 'public');
  }

  /** The exchange's clock (`GET /api/v3/time`), epoch ms. */
  async getServerTime(): Promise<number> {
    this.ensureConnected();
    return parseServerTime(await this.#connection.call<WireServerTime>('GET', '/api/v3/time', [], 'public'));
  }

  /** Server time minus local time, as last measured (ms). */
  timeOffsetMs(): number {
    return this.#connection.session?.timeSync.offsetMs ?? 0;
  }

  /** A symbol's trading rules from the cached exchangeInfo. */
  getSymbolInfo(symbol: string): SymbolInfo {
    this.ensureConnected();
    return this.#exchangeInfo.symbol(symbol)!;
  }

  /**
   * Candles of any range: pages of 1000 from `startTime`, fetched in parallel (bounded) when both
   * ends are known, returned in order without duplicates. Without `startTime`, the last `limit`
   * candles (default 500) up to `endTime` or now.
   */
  async getCandles(symbol: string, interval: Interval, query: CandleQuery = {}): Promise<Candlestick[]> {
    this.ensureConnected();
    return this.#marketData.candles(symbol, interval, query);
  }

  /** Streams the candles of `[startTime, endTime]` (end defaults to now) in order, one page at a time, in flat memory. */
  candleHistory(symbol: string, interval: Interval, range: { startTime: number; endTime?: number }): AsyncGenerator<Candlestick, void, undefined> {
    return pagedCandles(this.#candleHistoryPages(symbol, interval, range));
  }

  /** The pages behind `candleHistory()`; checks the arguments when the first candle is asked for. */
  async *#candleHistoryPages(symbol: string, interval: Interval, range: { startTime: number; endTime?: number }): AsyncGenerator<Candlestick[], void, undefined> {
    this.ensureConnected();
    yield* this.#marketData.candleHistoryPages(symbol, interval, range);
  }

  /** 24-hour ticker (`GET /api/v3/ticker/24hr`). */
  async getTicker(symbol: string): Promise<Ticker> {
    this.ensureConnected();
    return this.#marketData.ticker(symbol);
  }

  /** Order book snapshot (`GET /api/v3/depth`), `limit` levels a side (1–5000, default 100). */
  async getOrderBook(symbol: string, limit = 100): Promise<OrderBook> {
    this.ensureConnected();
    return this.#marketData.orderBook(symbol, limit);
  }

  // ---- account ---------------------------------------------------------------------------

  /** Free amount of every asset whose free amount is not zero. */
  async getBalance(): Promise<Map<string, Decimal>> {
    this.ensureConnected();
    return this.#account.balance();
  }

  /** Every asset with a non-zero free or locked amount. */
  async getPositions(): Promise<Position[]> {
    this.ensureConnected();
    return this.#account.positions();
  }

  // ---- orders ----------------------------------------------------------------------------

  /**
   * Validates the order against exchangeInfo, then places it once. A lost answer (timeout, 5xx,
   * -1006/-1007, an answer that cannot be read) is resolved by querying the order by its client
   * order id, taking only an order created after sending that matches the request; if that cannot
   * tell, OrderStatusUnknownError carries the id to look it up later.
   */
  async placeOrder(request: OrderRequest): Promise<Order> {
    this.ensureConnected();
    return this.#orders.place(request);
  }

  /**
   * Cancels an open order by the id Binance assigned. A lost answer (as for a placement, an
   * unreadable one included) is resolved by reading the order on the placement's schedule and
   * returning it as the exchange holds it, cancelling again while it is still open;
   * OrderStatusUnknownError when the reads cannot tell.
   */
  async cancelOrder(orderId: string, symbol: string): Promise<Order> {
    this.ensureConnected();
    return this.#orders.cancel(orderId, symbol);
  }

  /** One order by the id Binance assigned. */
  async getOrder(orderId: string, symbol: string): Promise<Order> {
    this.ensureConnected();
    return this.#orders.get(orderId, symbol);
  }

  /** One order by its client order id, such as the one an OrderStatusUnknownError carries. */
  async getOrderByClientId(clientOrderId: string, symbol: string): Promise<Order> {
    this.ensureConnected();
    return this.#orders.getByClientId(clientOrderId, symbol);
  }

  /** Open orders of one symbol, or of all symbols (weight 80). */
  async getOrders(symbol?: string): Promise<Order[]> {
    this.ensureConnected();
    return this.#orders.open(symbol);
  }

  /** Every order of a symbol, open or not (`GET /api/v3/allOrders`), oldest first. */
  async getAllOrders(symbol: string, query: { startTime?: number; endTime?: number; limit?: number } = {}): Promise<Order[]> {
    this.ensureConnected();
    return this.#orders.all(symbol, query);
  }

  // ---- order lists -----------------------------------------------------------------------

  /**
   * Places an OCO, OTO, OTOCO, OPO or OPOCO over Binance's current endpoints (`POST
   * /api/v3/orderList/oco`, `/oto`, `/otoco`, `/opo`, `/opoco`), each order with its options and
   * the list with its STP mode. Every order of the list is checked as `placeOrder` checks one (an error
   * names the order: `below.stopPrice`); the list and each order get a client id, and a lost
   * answer is resolved by reading the list back by its `listClientOrderId`, never by sending it
   * again (OrderStatusUnknownError, with the list client id, when the reads cannot tell).
   */
  async placeOrderList(request: OrderListRequest): Promise<OrderList> {
    this.ensureConnected();
    return this.#orderLists.place(request);
  }

  /** Cancels a whole order list (`DELETE /api/v3/orderList`); a lost answer is resolved by reading the list. */
  async cancelOrderList(orderListId: string, symbol: string): Promise<OrderList> {
    this.ensureConnected();
    return this.#orderLists.cancel(orderListId, symbol);
  }

  /** One order list by the id Binance assigned (`GET /api/v3/orderList`, weight 4): ids of its orders, not their states. */
  async getOrderList(orderListId: string): Promise<OrderList> {
    this.ensureConnected();
    return this.#orderLists.get(orderListId);
  }

  /**
   * One order list by its list client id, such as the one an OrderStatusUnknownError carries. Binance
   * looks it up across the account; a list of another symbol is OrderNotFoundError.
   */
  async getOrderListByClientId(listClientOrderId: string, symbol: string): Promise<OrderList> {
    this.ensureConnected();
    return this.#orderLists.getByClientId(listClientOrderId, symbol);
  }

  /** Every open order list of the account (`GET /api/v3/openOrderList`, weight 6). */
  async getOpenOrderLists(): Promise<OrderList[]> {
    this.ensureConnected();
    return this.#orderLists.open();
  }

  /**
   * The account's order lists (`GET /api/v3/allOrderList`, weight 20), oldest first: a time range of
   * at most 24 hours, or the lists from `fromId`; Binance does not combine the two.
   */
  async getAllOrderLists(query: OrderListQuery = {}): Promise<OrderList[]> {
    this.ensureConnected();
    return this.#orderLists.all(query);
  }

  /**
   * Cancels every open order of a symbol, order lists included (`DELETE /api/v3/openOrders`): the
   * kill switch. Returns the orders it cancelled, a list's orders among them; an empty list when
   * nothing was open (Binance's -2011). Cancelling everything is safe to repeat, so a lost answer
   * is sent again; the orders the lost request cancelled are then not in the result
   * (`getAllOrders` shows them).
   */
  async cancelAllOrders(symbol: string): Promise<Order[]> {
    this.ensureConnected();
    return this.#orders.cancelAll(symbol);
  }

  /**
   * The account's own fills of one symbol (`GET /api/v3/myTrades`: weight 20, 5 with `orderId`),
   * oldest first, each with the fee it paid. Without a query, the most recent 500. Binance allows
   * at most 24 hours between `startTime` and `endTime`, and neither `fromId` nor `orderId` with a
   * time range; anything else is an InvalidArgumentError before any request. For longer ranges,
   * `tradeHistory`.
   */
  async getTrades(symbol: string, query: AccountTradeQuery = {}): Promise<AccountTrade[]> {
    this.ensureConnected();
    return this.#account.trades(symbol, query);
  }

  /**
   * Every fill of a symbol from `startTime` to `endTime` (default: now), oldest first, read a page
   * at a time as the loop asks for more: by trade id from the account's first page, 1000 fills a
   * page (a range that starts after that page finds its first fill in 24-hour windows). Pages go
   * one after another within the weight budget (20 each). The arguments are checked when the first
   * fill is asked for.
   */
  async *tradeHistory(symbol: string, range: { startTime: number; endTime?: number }): AsyncGenerator<AccountTrade, void, undefined> {
    // Checked when the first fill is asked for, as candleHistory() is.
    this.ensureConnected();
    yield* this.#account.tradeHistory(symbol, range);
  }

  /**
   * What a filled or part-filled order left in the account of the symbol's base asset: its executed
   * quantity less the fees paid in that asset. A BUY whose fee was taken in the base asset holds
   * less than it bought, and a protective SELL of the full quantity would be refused for
   * insufficient balance (-2010). Fees are read from the order's fills, or from `myTrades` (weight 5)
   * when the order carries none (an order read back, or placed with an ACK answer); never guessed.
   */
  async netQuantity(order: Order): Promise<Decimal> {
    this.ensureConnected();
    return this.#account.netQuantity(order);
  }

  // ---- streams ---------------------------------------------------------------------------

  /** Live candles; closed ones arrive in order, none missed across reconnects (backfilled over REST), none twice. */
  async subscribeCandlesticks(symbol: string, interval: Interval, callback: (candle: Candlestick) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.candlesticks(symbol, interval, callback);
  }

  /** Live 24-hour ticker (`<symbol>@ticker`). */
  async subscribeTicker(symbol: string, callback: (ticker: Ticker) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.ticker(symbol, callback);
  }

  /**
   * Live public trades (`<symbol>@trade`), one callback per trade. Binance-only: trades missed
   * while a connection was down are not replayed.
   */
  async subscribeTrades(symbol: string, callback: (trade: Trade) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.trades(symbol, callback);
  }

  /** A local order book synced from the diff stream and a REST snapshot, delivered after every change. */
  async subscribeOrderBook(symbol: string, callback: (book: OrderBookUpdate) => void, options: OrderBookOptions = {}): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.orderBook(symbol, callback, options);
  }

  /** Order and balance updates over the WebSocket API; after a reconnect, missed changes arrive as `recovered` updates. */
  async subscribeOrderUpdates(callback: (event: UserDataEvent) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.orderUpdates(callback);
  }

  /** `subscribeCandlesticks` as an async iterator; leaving the loop unsubscribes. */
  streamCandlesticks(symbol: string, interval: Interval, options?: StreamBufferOptions): AsyncQueue<Candlestick> {
    return fromSubscription((push) => this.subscribeCandlesticks(symbol, interval, push), options);
  }

  /** `subscribeTicker` as an async iterator. */
  streamTicker(symbol: string, options?: StreamBufferOptions): AsyncQueue<Ticker> {
    return fromSubscription((push) => this.subscribeTicker(symbol, push), options);
  }

  /** `subscribeTrades` as an async iterator. */
  streamTrades(symbol: string, options?: StreamBufferOptions): AsyncQueue<Trade> {
    return fromSubscription((push) => this.subscribeTrades(symbol, push), options);
  }

  /** `subscribeOrderBook` as an async iterator. */
  streamOrderBook(symbol: string, options?: StreamBufferOptions & OrderBookOptions): AsyncQueue<OrderBookUpdate> {
    return fromSubscription((push) => this.subscribeOrderBook(symbol, push, options), options);
  }

  /** `subscribeOrderUpdates` as an async iterator; a consumer that falls behind gets an error rather than a silent loss. */
  streamOrderUpdates(options?: StreamBufferOptions): AsyncQueue<UserDataEvent> {
    return fromSubscription((push) => this.subscribeOrderUpdates(push), { overflow: 'error', ...options });
  }

  /** Listens to state changes of every stream connection; returns a function that removes the listener. */
  onStreamState(listener: (change: StreamStateChange) => void): () => void {
    return this.#subscriptions.onStreamState(listener);
  }

  // ---- observability ---------------------------------------------------------------------

  /** Request counts, retries, rate-limit answers and window usage, time offset, stream counters. */
  metrics(): BinanceMetrics {
    return this.#connection.metrics(this.#subscriptions.metrics());
  }

  // ---- changing and replacing orders -------------------------------------------------------

  /**
   * Lowers an open order's quantity and keeps its place in the queue (`PUT
   * /api/v3/order/amend/keepPriority`, weight 4). The order keeps its client order id (Binance
   * would give it a new random one): the one the user-data stream last showed, else the one a
   * query reads (weight 4), unless `options.clientOrderId` sets another. Returns the order as
   * amended; a lost answer is resolved by reading the order (see `amendOrderOnce`).
   */
  async amendOrder(orderId: string, symbol: string, newQuantity: DecimalInput, options: AmendOptions = {}): Promise<Order> {
    this.ensureConnected();
    return this.#orders.amend(orderId, symbol, newQuantity, options);
  }

  /**
   * Cancels an order and places a new one on its symbol in one request (`POST
   * /api/v3/order/cancelReplace`). The new order is checked as `placeOrder` checks one and always
   * carries a client order id. Binance's partial outcomes (HTTP 409 with -2021, 400 with -2022) are
   * the result, not an error: it says which half happened, and `orderLost` flags a cancel whose new
   * order failed (a warning is logged). A lost answer is resolved by reading the orders back, never
   * by sending again (see `replaceOrderOnce`).
   */
  async replaceOrder(orderId: string, symbol: string, newOrder: ReplacementOrderRequest, options: ReplaceOptions = {}): Promise<ReplaceResult> {
    this.ensureConnected();
    return this.#orders.replace(orderId, symbol, newOrder, options);
  }

  // ---- commission rates and order rate limits --------------------------------------------

  /** The account's commission rates on `symbol` (`GET /api/v3/account/commission`, weight 20). */
  async getCommissionRates(symbol: string): Promise<CommissionRates> {
    this.ensureConnected();
    return this.#account.commissionRates(symbol);
  }

  /** The account's unfilled order count in each ORDERS window (`GET /api/v3/rateLimit/order`, weight 40). */
  async getOrderRateLimits(): Promise<OrderRateLimit[]> {
    this.ensureConnected();
    return this.#account.orderRateLimits();
  }

  // ---- market data: trades, aggregate trades, book tickers, several tickers, average price ----

  /** The last `limit` public trades of a symbol (`GET /api/v3/trades`, weight 25; default 500, at most 1000), oldest first. */
  async getRecentTrades(symbol: string, limit?: number): Promise<RecentTrade[]> {
    this.ensureConnected();
    return this.#marketData.recentTrades(symbol, limit);
  }

  /**
   * Aggregate trades (`GET /api/v3/aggTrades`, weight 4), oldest first: from `fromId`, or by time
   * (`startTime` and/or `endTime`), never both; with neither, the most recent.
   */
  async getAggregateTrades(symbol: string, query: AggregateTradeQuery = {}): Promise<AggregateTrade[]> {
    this.ensureConnected();
    return this.#marketData.aggregateTrades(symbol, query);
  }

  /** Best bid and ask of one symbol (`GET /api/v3/ticker/bookTicker`, weight 2). */
  async getBookTicker(symbol: string): Promise<BookTicker> {
    this.ensureConnected();
    return this.#marketData.bookTicker(symbol);
  }

  /** Best bid and ask of several symbols in one request, or of every symbol without `symbols` (weight 4). */
  async getBookTickers(symbols?: readonly string[]): Promise<BookTicker[]> {
    this.ensureConnected();
    return this.#marketData.bookTickers(symbols);
  }

  /**
   * 24-hour tickers of several symbols in one request (`symbols=["A","B"]`; weight 2 up to 20
   * symbols, 40 up to 100, 80 beyond), or of every symbol without `symbols` (weight 80).
   */
  async getTickers(symbols?: readonly string[]): Promise<Ticker[]> {
    this.ensureConnected();
    return this.#marketData.tickers(symbols);
  }

  /** The exchange's 5-minute average price of a symbol (`GET /api/v3/avgPrice`, weight 2). */
  async getAveragePrice(symbol: string): Promise<AveragePrice> {
    this.ensureConnected();
    return this.#marketData.averagePrice(symbol);
  }

  /** Best bid and ask of a symbol as they change (`<symbol>@bookTicker`, real time). Updates missed while a connection was down are not replayed. */
  async subscribeBookTicker(symbol: string, callback: (ticker: BookTicker) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.bookTicker(symbol, callback);
  }

  /** Live aggregate trades (`<symbol>@aggTrade`); ones missed while a connection was down are not replayed (`getAggregateTrades` reads them). */
  async subscribeAggregateTrades(symbol: string, callback: (trade: AggregateTrade) => void): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.aggregateTrades(symbol, callback);
  }

  /**
   * The whole market's tickers, about once a second: each update lists only the symbols that changed
   * (see MarketTicker for what it carries). `window` `24h` (default) is Binance's `!miniTicker@arr`,
   * `1h`, `4h` or `1d` the rolling-window `!ticker_<window>@arr`. (`!ticker@arr`, with bid and ask, was
   * retired by Binance on 2026-03-26.)
   */
  async subscribeAllTickers(callback: (tickers: MarketTicker[]) => void, options: AllTickersOptions = {}): Promise<StreamSubscription> {
    this.ensureConnected();
    return this.#subscriptions.allTickers(callback, options);
  }

  /** `subscribeBookTicker` as an async iterator. */
  streamBookTicker(symbol: string, options?: StreamBufferOptions): AsyncQueue<BookTicker> {
    return fromSubscription((push) => this.subscribeBookTicker(symbol, push), options);
  }

  /** `subscribeAggregateTrades` as an async iterator. */
  streamAggregateTrades(symbol: string, options?: StreamBufferOptions): AsyncQueue<AggregateTrade> {
    return fromSubscription((push) => this.subscribeAggregateTrades(symbol, push), options);
  }

  /** `subscribeAllTickers` as an async iterator, one array of changed tickers per update. */
  streamAllTickers(options?: StreamBufferOptions & AllTickersOptions): AsyncQueue<MarketTicker[]> {
    return fromSubscription((push) => this.subscribeAllTickers(push, options), options);
  }
}
