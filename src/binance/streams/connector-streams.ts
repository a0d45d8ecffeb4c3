import type { ExchangeConnector } from '../../core/connector.js';
import type { Logger } from '../../core/logger.js';
import type { AccountTrade, AccountTradeQuery, Order, OrderList } from '../../core/models.js';
import type { StreamStateChange } from '../../core/stream/events.js';
import type { AsyncQueueOptions } from '../../core/stream/async-queue.js';
import type { ResolvedBinanceOptions } from '../options.js';
import { BinanceStreams } from './binance-streams.js';

/** Buffering of the async-iterator forms of the subscriptions. */
export type StreamBufferOptions = Omit<AsyncQueueOptions, 'onClose'>;

/** The REST reads of a connector that streams fall back on (backfill, snapshots, order and balance recovery). */
export type StreamReads = Pick<ExchangeConnector, 'getCandles' | 'getOrderBook' | 'getOrders' | 'getOrder' | 'getPositions'>
  & {
    getOrderByClientId(clientOrderId: string, symbol: string): Promise<Order>;
    getTrades(symbol: string, query: AccountTradeQuery): Promise<AccountTrade[]>;
    getOpenOrderLists(): Promise<OrderList[]>;
    getOrderList(orderListId: string): Promise<OrderList>;
  };

/** What else the streams take from the connector. */
export interface ConnectorStreamParts {
  /** Server-aligned now, for signatures. */
  serverNow: () => number;
  /** Measures the clock offset again (after a -1021). */
  resyncClock: () => Promise<unknown>;
  logger: Logger;
  onState: (change: StreamStateChange) => void;
}

/** The streams of one connected session of a connector. */
export function createConnectorStreams(options: ResolvedBinanceOptions, reads: StreamReads, parts: ConnectorStreamParts): BinanceStreams {
  const { endpoints, signer, recvWindow, apiKey, clock, random } = options;
  const streams = new BinanceStreams({
    wsStreamUrl: endpoints.wsStreamUrl,
    wsApiUrl: endpoints.wsApiUrl,
    signing: { apiKey: () => apiKey?.reveal(), signer, recvWindow, serverNow: parts.serverNow, resync: parts.resyncClock },
    getCandles: (symbol, interval, query) => reads.getCandles(symbol, interval, query),
    getOrderBook: (symbol, limit) => reads.getOrderBook(symbol, limit),
    openOrders: () => reads.getOrders(),
    getOrder: (orderId, symbol) => reads.getOrder(orderId, symbol),
    getOrderByClientId: (clientOrderId, symbol) => reads.getOrderByClientId(clientOrderId, symbol),
    getPositions: () => reads.getPositions(),
    orderTrades: (orderId, symbol) => reads.getTrades(symbol, { orderId }),
    openOrderLists: () => reads.getOpenOrderLists(),
    getOrderList: (orderListId) => reads.getOrderList(orderListId),
  }, { ...options.streams, clock, random, logger: parts.logger });
  streams.onStreamState(parts.onState);
  return streams;
}
