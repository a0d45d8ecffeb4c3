/**
 * autotrader-connectors: the connector factory, the Binance Spot connector, its models, errors and
 * configuration helpers. Every name here is a promise kept across versions, so the list is written
 * out; building blocks for other exchange connectors are in `autotrader-connectors/framework`.
 */
import './binance/register.js';

export { ConnectorFactory } from './core/factory.js';
export type { ConnectorRegistry } from './core/factory.js';
export type { ExchangeConnector } from './core/connector.js';

export { BinanceConnector } from './binance/connector.js';
export type { BinanceConnectorOptions, OrderEntry } from './binance/options.js';
export type { BinanceEnvironment } from './binance/environments.js';
export type { BinanceMetrics } from './binance/metrics.js';
export type { OrderBookOptions, StreamMetrics } from './binance/streams/binance-streams.js';
export type { SymbolInfo } from './binance/exchange-info.js';
export type { AllTickersOptions } from './binance/market-data.js';

export {
  AuthenticationError, ConfigurationError, ConnectionError, ExchangeError, ExchangeUnavailableError, InsufficientFundsError,
  InvalidArgumentError, InvalidOrderError, MalformedResponseError, NotConnectedError, OrderError, OrderNotFoundError,
  OrderStatusUnknownError, RateLimitError, ResponseTooLargeError, TimeoutError,
} from './core/errors.js';
export type { ExchangeErrorDetails } from './core/errors.js';
export { StreamOverflowError } from './core/stream/stream-errors.js';

export { Decimal, toDecimal } from './core/decimal.js';
export type { DecimalInput } from './core/decimal.js';
export type {
  AccountTrade, AccountTradeQuery, CandleQuery, Candlestick, Fill, Interval, Order, OrderBook, OrderList, OrderListQuery,
  OrderListRequest, OrderRequest, OrderSide, OrderStatus, OrderType, Position, PriceLevel, Ticker, TimeInForce, Trade,
} from './core/models.js';
export type { AmendOptions, ReplacementOrderRequest, ReplaceOptions, ReplaceResult } from './core/models.js';
export type { CommissionRates, CommissionRateSet, OrderRateLimit } from './core/models.js';
export type { PegPriceType, SelfTradePreventionMode } from './core/models.js';
export type {
  AggregateTrade, AggregateTradeQuery, AveragePrice, BookTicker, MarketTicker, MarketTickerWindow, RecentTrade,
} from './core/models.js';
export type {
  BalanceUpdate, OrderBookUpdate, OrderExecution, OrderListUpdate, OrderUpdate, ProtectionLossReason, ProtectionLost, StreamStateChange, StreamSubscription, UserDataEvent,
  UserStreamNotice,
} from './core/stream/events.js';

export { decryptSecret, encryptSecret } from './core/secrets-crypto.js';
export { loadConfig, readPrivateKey, saveConfigFile } from './core/config.js';
export type { ConnectorConfig, LoadConfigOptions } from './core/config.js';
export { createLogger } from './core/logger.js';
export type { Logger } from './core/logger.js';
