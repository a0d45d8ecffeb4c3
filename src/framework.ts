/**
 * autotrader-connectors/framework: what an author of another exchange connector builds on. The
 * connector contract, models and errors come from the package root; here are the policies and
 * stream machinery the Binance connector is made of. The list is written out: each name is a promise.
 */
export { BaseConnector } from './core/base-connector.js';
export type { ConnectorCreator, ConnectorOf, ConnectorOptionsOf, ConnectorRegistryEntry } from './core/factory.js';
export type { ConfigurationSpec, EnvVariable, OptionIssue } from './core/options.js';
export type { ExchangeConfigOptions } from './core/config.js';

export { delay, systemClock } from './core/clock.js';
export type { Clock, TimerHandle } from './core/clock.js';
export { parseDecimal, toPlainString, ZERO } from './core/decimal.js';
export { FINAL_ORDER_STATUSES, INTERVALS, ORDER_LIST_TYPES, ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE } from './core/models.js';
export type {
  LimitMakerOrderRequest, LimitOrderRequest, ListOrderRequest, MarketOrderRequest, MarketQuoteOrderRequest, OcoLegRequest,
  OcoOrderListRequest, OrderListEntry, OrderListOrderStatus, OrderListStatusType, OrderTrigger, OtoOrderListRequest,
  OtocoOrderListRequest, PendingOrderRequest, ReportedOrderType, StopLimitOrderRequest, StopOrderRequest, WorkingOrderRequest,
} from './core/models.js';
export type { OpocoOrderListRequest, OpoOrderListRequest, OpoPendingOrderRequest, OpoWorkingOrderRequest } from './core/models.js';
export { SELF_TRADE_PREVENTION_MODES } from './core/models.js';
export type { OrderOptions, PegInstructions, PegOffsetType } from './core/models.js';
export type {
  BalanceDeltaUpdate, BalanceLevel, BalancePositionUpdate, UserStreamEnded, UserStreamFailed, UserStreamRefused,
  UserStreamResubscribed,
} from './core/stream/events.js';

export { RateLimiter } from './core/rate-limiter.js';
export type { RateLimiterOptions, RateLimiterSnapshot, RateLimitWindow, RateLimitWindowUsage } from './core/rate-limiter.js';
export { createRetryPolicy, decideRetry, DEFAULT_RETRY_POLICY, NO_RETRY } from './core/retry-policy.js';
export type { RetryContext, RetryDecision, RetryPolicy, RetryPolicyInput } from './core/retry-policy.js';

export { AsyncQueue, fromSubscription } from './core/stream/async-queue.js';
export type { AsyncQueueOptions, OverflowPolicy, Unsubscribe } from './core/stream/async-queue.js';
export { DEFAULT_BACKOFF, reconnectDelay } from './core/stream/backoff.js';
export type { BackoffOptions } from './core/stream/backoff.js';
export { ReconnectingSocket } from './core/stream/reconnecting-socket.js';
export type {
  ReconnectingSocketEvents, ReconnectingSocketOptions, ReconnectReason, SocketMetrics, SocketSender, SocketState,
} from './core/stream/socket-types.js';
export { SubscriptionRegistry } from './core/stream/subscription-registry.js';
export type { StreamHandle, StreamListener, SubscriptionRegistryOptions } from './core/stream/subscription-registry.js';
export { MessageThrottle } from './core/stream/throttle.js';
export type { ThrottleOptions } from './core/stream/throttle.js';
export { TypedEvents } from './core/stream/typed-events.js';
export type { Listener } from './core/stream/typed-events.js';
