import type { Decimal } from './decimal.js';
import type {
  CandleQuery, Candlestick, Interval, Order, OrderBook, OrderRequest, Position, Ticker,
} from './models.js';
import type { OrderBookUpdate, StreamSubscription, UserDataEvent } from './stream/events.js';

/** What every exchange connector offers. Methods other than `connect()` need a connected connector. */
export interface ExchangeConnector {
  /** Exchange name, such as `binance`. */
  readonly name: string;
  /** Tests connectivity, runs the exchange's start-up work (time sync, exchange info), then marks connected. */
  connect(): Promise<void>;
  /** Releases every socket and timer. Safe to call twice. */
  disconnect(): Promise<void>;
  /** True between a successful `connect()` and `disconnect()`. */
  isConnected(): boolean;
  /** Candles for any range; pages through the exchange's page size. */
  getCandles(symbol: string, interval: Interval, query?: CandleQuery): Promise<Candlestick[]>;
  /** 24-hour ticker. */
  getTicker(symbol: string): Promise<Ticker>;
  /** Order book snapshot. */
  getOrderBook(symbol: string, limit?: number): Promise<OrderBook>;
  /** Free amount of every asset whose free amount is not zero. */
  getBalance(): Promise<Map<string, Decimal>>;
  /** Every asset held, free or locked. */
  getPositions(): Promise<Position[]>;
  /** Places an order; at most one order reaches the exchange per call. */
  placeOrder(request: OrderRequest): Promise<Order>;
  /** Cancels an open order. */
  cancelOrder(orderId: string, symbol: string): Promise<Order>;
  /** One order by id. */
  getOrder(orderId: string, symbol: string): Promise<Order>;
  /** Open orders, of one symbol or all. */
  getOrders(symbol?: string): Promise<Order[]>;
  /** Live candles of one symbol and interval; closed candles are never missed nor repeated across reconnects. */
  subscribeCandlesticks(symbol: string, interval: Interval, callback: (candle: Candlestick) => void): Promise<StreamSubscription>;
  /** Live 24-hour ticker of one symbol. */
  subscribeTicker(symbol: string, callback: (ticker: Ticker) => void): Promise<StreamSubscription>;
  /** Order and balance updates of the account, with a notice when the stream is recovered. */
  subscribeOrderUpdates(callback: (event: UserDataEvent) => void): Promise<StreamSubscription>;
  /** A local order book kept in sync with the exchange, delivered after every change. */
  subscribeOrderBook(symbol: string, callback: (book: OrderBookUpdate) => void): Promise<StreamSubscription>;
}
