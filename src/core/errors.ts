/** Where an error came from and what the exchange said, kept on every framework error. */
export interface ExchangeErrorDetails {
  /** The exchange's own error code, such as Binance's -2010. */
  exchangeCode?: number | undefined;
  /** HTTP status of the response, when there was one. */
  httpStatus?: number | undefined;
  /** The exchange name, such as `binance`. */
  exchange?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/** Details of an error about one field of a request: which field, and which rule it broke. */
export type FieldErrorDetails = ExchangeErrorDetails & { field?: string | undefined; rule?: string | undefined };

/** Base class of every error the connectors throw. `code` is stable and safe to switch on. */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
  /** Stable machine-readable code, such as `ERR_RATE_LIMIT`. */
  readonly code: string = 'ERR_EXCHANGE';
  /** The exchange's own error code, such as Binance's -2010; undefined when it gave none. */
  readonly exchangeCode: number | undefined;
  /** HTTP status of the response; undefined when no response arrived. */
  readonly httpStatus: number | undefined;
  /** The exchange name, such as `binance`. */
  readonly exchange: string | undefined;

  constructor(message: string, details: ExchangeErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.exchangeCode = details.exchangeCode;
    this.httpStatus = details.httpStatus;
    this.exchange = details.exchange;
  }
}

/** The network failed or the request timed out before the exchange answered. */
export class ConnectionError extends ExchangeError {
  override name = 'ConnectionError';
  override readonly code: string = 'ERR_CONNECTION';
}

/** The exchange gave no answer within the time allowed (a request, a connection, a subscription). */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
  override readonly code: string = 'ERR_TIMEOUT';
}

/**
 * An argument a method cannot take (a malformed or unknown symbol, a bad interval, limit, time or
 * id), found before any request or refused by the exchange for a read. Nothing was sent or
 * changed; fix the call. Order content has its own class, {@link InvalidOrderError}.
 */
export class InvalidArgumentError extends ExchangeError {
  override name = 'InvalidArgumentError';
  override readonly code: string = 'ERR_INVALID_ARGUMENT';
  /** The argument or parameter at fault, when known (such as `symbol` or `limit`). */
  readonly field: string | undefined;
  /** The rule it broke, such as `FORMAT` or `RANGE`. */
  readonly rule: string | undefined;

  constructor(message: string, details: FieldErrorDetails = {}) {
    super(message, details);
    this.field = details.field;
    this.rule = details.rule;
  }
}

/** Bad API key, bad signature, missing permission, or a timestamp outside recvWindow. */
export class AuthenticationError extends ExchangeError {
  override name = 'AuthenticationError';
  override readonly code: string = 'ERR_AUTHENTICATION';
}

/** The exchange rejected an order request; it was not executed (a lost answer is OrderStatusUnknownError, not this). */
export class OrderError extends ExchangeError {
  override name = 'OrderError';
  override readonly code: string = 'ERR_ORDER';
}

/** The account lacks the balance the order needs. */
export class InsufficientFundsError extends OrderError {
  override name = 'InsufficientFundsError';
  override readonly code: string = 'ERR_INSUFFICIENT_FUNDS';
}

/** The order does not exist (or no longer can be cancelled). */
export class OrderNotFoundError extends OrderError {
  override name = 'OrderNotFoundError';
  override readonly code: string = 'ERR_ORDER_NOT_FOUND';
}

/** The order breaks a rule (filter, precision, parameter); sending it again will not help. */
export class InvalidOrderError extends OrderError {
  override name = 'InvalidOrderError';
  override readonly code: string = 'ERR_INVALID_ORDER';
  /** The request field at fault, when known (such as `price` or `quantity`). */
  readonly field: string | undefined;
  /** The rule it broke, such as the filter name `LOT_SIZE`. */
  readonly rule: string | undefined;

  constructor(message: string, details: FieldErrorDetails = {}) {
    super(message, details);
    this.field = details.field;
    this.rule = details.rule;
  }
}

/** Too many requests: a rate limit or an IP ban. `retryAfterMs` says how long to wait. */
export class RateLimitError extends ExchangeError {
  override name = 'RateLimitError';
  override readonly code: string = 'ERR_RATE_LIMIT';
  /** Milliseconds to wait before sending again. */
  readonly retryAfterMs: number | undefined;
  /** True for an IP ban (HTTP 418). */
  readonly banned: boolean;

  constructor(message: string, details: ExchangeErrorDetails & { retryAfterMs?: number; banned?: boolean } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
    this.banned = details.banned ?? false;
  }
}

/** The exchange is down, overloaded or in maintenance. */
export class ExchangeUnavailableError extends ExchangeError {
  override name = 'ExchangeUnavailableError';
  override readonly code: string = 'ERR_EXCHANGE_UNAVAILABLE';
}

/**
 * An order was sent (or a cancel asked for) but the answer was lost (timeout, 5xx, -1007, an
 * answer that cannot be read) and reconciliation could not tell what the exchange holds. The
 * order must not be sent again blindly; query it by `clientOrderId`. Deliberately not an
 * OrderError: a handler that takes every OrderError for a refusal must not take this for one.
 */
export class OrderStatusUnknownError extends ExchangeError {
  override name = 'OrderStatusUnknownError';
  override readonly code: string = 'ERR_ORDER_STATUS_UNKNOWN';
  /** The client order id the order was sent with: query the order by it. Undefined for a cancel whose order could not be read, and for an order list. */
  readonly clientOrderId: string | undefined;
  /** The exchange's order id, for a cancel (which names the order by it). */
  readonly orderId: string | undefined;
  /** The order's symbol. */
  readonly symbol: string;
  /** For an order list: the list client id it was sent with (query the list by it). */
  readonly listClientOrderId: string | undefined;
  /** For an order list cancel: the list id the exchange assigned. */
  readonly orderListId: string | undefined;

  constructor(message: string, details: ExchangeErrorDetails & {
    clientOrderId?: string | undefined; orderId?: string | undefined; symbol: string;
    listClientOrderId?: string | undefined; orderListId?: string | undefined;
  }) {
    super(message, details);
    this.clientOrderId = details.clientOrderId;
    this.orderId = details.orderId;
    this.symbol = details.symbol;
    this.listClientOrderId = details.listClientOrderId;
    this.orderListId = details.orderListId;
  }
}

/**
 * The exchange answered, but the answer cannot be read: a body that is not the JSON the endpoint
 * documents (truncated, malformed, the wrong shape, a garbage field). For an order placement or a
 * cancel this is a lost answer, handled like a timeout: the order is looked up, never re-sent.
 */
export class MalformedResponseError extends ExchangeError {
  override name = 'MalformedResponseError';
  override readonly code: string = 'ERR_MALFORMED_RESPONSE';
}

/** A response body grew past the configured size cap; reading stopped and the connection was dropped. */
export class ResponseTooLargeError extends MalformedResponseError {
  override name = 'ResponseTooLargeError';
  override readonly code: string = 'ERR_RESPONSE_TOO_LARGE';
  /** The cap that was exceeded, in bytes. */
  readonly limitBytes: number;

  constructor(message: string, details: ExchangeErrorDetails & { limitBytes: number }) {
    super(message, details);
    this.limitBytes = details.limitBytes;
  }
}

/** Invalid configuration or options; the message names the field and the rule. */
export class ConfigurationError extends ExchangeError {
  override name = 'ConfigurationError';
  override readonly code: string = 'ERR_CONFIGURATION';
  /** The option or setting at fault, when one is (such as `allowLiveTrading` or `AUTOTRADER_MASTER_KEY`). */
  readonly field: string | undefined;

  constructor(message: string, details: ExchangeErrorDetails & { field?: string | undefined } = {}) {
    super(message, details);
    this.field = details.field;
  }
}

/** The connector was used before `connect()` or after `disconnect()`. */
export class NotConnectedError extends ExchangeError {
  override name = 'NotConnectedError';
  override readonly code: string = 'ERR_NOT_CONNECTED';
}

/** True when `error` is any framework error. */
export function isExchangeError(error: unknown): error is ExchangeError {
  return error instanceof ExchangeError;
}

/** True when `error` is a rate limit or ban. */
export function isRateLimitError(error: unknown): error is RateLimitError {
  return error instanceof RateLimitError;
}
