import {
  AuthenticationError, ConnectionError, ExchangeError, ExchangeUnavailableError, InsufficientFundsError, InvalidArgumentError,
  InvalidOrderError, OrderError, OrderNotFoundError, RateLimitError, TimeoutError,
} from '../core/errors.js';
import { BinanceErrorCode as C } from '../spec/binance/error-codes.js';

/** What is known about a failed Binance response. */
export interface BinanceFailure {
  /** Binance's `code` from the error body, when the body had one. */
  code?: number | undefined;
  /** Binance's `msg`, or a description of the failure. */
  message: string;
  /** HTTP status, when a response arrived. */
  httpStatus?: number | undefined;
  /** Milliseconds from the `Retry-After` header (which Binance gives in seconds). */
  retryAfterMs?: number | undefined;
  /** The underlying error. */
  cause?: unknown;
  /**
   * True when the request placed, changed or cancelled orders (a TRADE endpoint): a parameter it
   * got wrong is then order content (InvalidOrderError); for any other request it is an argument
   * (InvalidArgumentError).
   */
  orderRequest?: boolean | undefined;
}

type ErrorFactory = (failure: BinanceFailure, text: string) => ExchangeError;

/** One row: which failures it matches and the framework error it becomes. The first matching row wins. */
interface ErrorRule {
  codes?: readonly number[];
  /** Inclusive HTTP status range. */
  status?: readonly [number, number];
  /** Matched against Binance's message. */
  message?: RegExp;
  create: ErrorFactory;
}

const EXCHANGE = 'binance';

function details(f: BinanceFailure): { exchange: string; exchangeCode: number | undefined; httpStatus: number | undefined; cause: unknown } {
  return { exchange: EXCHANGE, exchangeCode: f.code, httpStatus: f.httpStatus, cause: f.cause };
}

/** The parameter a Binance message names, as in "Parameter 'price' has too much precision.". */
export function fieldFromMessage(message: string): string | undefined {
  return /(?:parameter|param) '([^']+)'/i.exec(message)?.[1] ?? /^'([^']+)'/.exec(message)?.[1];
}

/** The filter a "-1013 Filter failure: LOT_SIZE" message names. */
export function filterFromMessage(message: string): string | undefined {
  return /Filter failure: ([A-Z_]+)/.exec(message)?.[1];
}

/** The order field each exchange filter constrains. */
const FILTER_FIELD: Readonly<Record<string, string>> = {
  PRICE_FILTER: 'price',
  PERCENT_PRICE: 'price',
  PERCENT_PRICE_BY_SIDE: 'price',
  LOT_SIZE: 'quantity',
  MARKET_LOT_SIZE: 'quantity',
  MIN_NOTIONAL: 'notional',
  NOTIONAL: 'notional',
  ICEBERG_PARTS: 'icebergQty',
  MAX_POSITION: 'quantity',
  TRAILING_DELTA: 'trailingDelta',
};

/** Codes whose field follows from the code itself rather than the message. */
const CODE_FIELD: Readonly<Record<number, string>> = {
  [C.INVALID_TIF]: 'timeInForce',
  [C.TIF_NOT_REQUIRED]: 'timeInForce',
  [C.INVALID_ORDER_TYPE]: 'type',
  [C.INVALID_SIDE]: 'side',
  [C.EMPTY_NEW_CL_ORD_ID]: 'clientOrderId',
  [C.EMPTY_ORG_CL_ORD_ID]: 'clientOrderId',
  [C.BAD_INTERVAL]: 'interval',
  [C.BAD_SYMBOL]: 'symbol',
  [C.INVALID_SYMBOLSTATUS]: 'symbol',
};

const CODE_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(C).map(([name, code]) => [code, name]),
);

function invalidParameter(f: BinanceFailure, text: string, field: string | undefined, rule: string | undefined): InvalidOrderError | InvalidArgumentError {
  return new (f.orderRequest === true ? InvalidOrderError : InvalidArgumentError)(text, {
    ...details(f),
    ...(field === undefined ? {} : { field }),
    ...(rule === undefined ? {} : { rule }),
  });
}

const invalidRequest: ErrorFactory = (f, text) => invalidParameter(
  f,
  text,
  (f.code === undefined ? undefined : CODE_FIELD[f.code]) ?? fieldFromMessage(f.message),
  f.code === undefined ? undefined : CODE_NAME[f.code],
);

const filterFailure: ErrorFactory = (f, text) => {
  const filter = filterFromMessage(f.message);
  return invalidParameter(f, text, filter === undefined ? fieldFromMessage(f.message) : FILTER_FIELD[filter], filter ?? 'INVALID_MESSAGE');
};

const rateLimited = (banned: boolean): ErrorFactory => (f, text) =>
  new RateLimitError(text, { ...details(f), banned, ...(f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs }) });

const unavailable: ErrorFactory = (f, text) => new ExchangeUnavailableError(text, details(f));
const authentication: ErrorFactory = (f, text) => new AuthenticationError(text, details(f));
const orderRejected: ErrorFactory = (f, text) => new OrderError(text, details(f));
const notFound: ErrorFactory = (f, text) => new OrderNotFoundError(text, details(f));
const insufficientFunds: ErrorFactory = (f, text) => new InsufficientFundsError(text, details(f));
const generic: ErrorFactory = (f, text) => new ExchangeError(text, details(f));

/** Engine rejections that break a rule of the symbol or order: sending the same order again cannot succeed. */
const RULE_REJECTIONS = /not supported for this symbol|not support for this symbol|would immediately match and take|Price \* QTY is zero or less|IcebergQty exceeds QTY|Unsupported order combination|not permitted for this account|restricted for this account/;

/**
 * Binance failures and the framework errors they become, as data. Order matters: specific
 * message rows come before the catch-all row of the same code, status rows come last.
 */
export const ERROR_RULES: readonly ErrorRule[] = [
  // -1021 reaches callers only after the pipeline has resynchronised the clock and retried once.
  { codes: [C.INVALID_TIMESTAMP, C.INVALID_SIGNATURE, C.BAD_API_KEY_FMT, C.REJECTED_MBX_KEY, C.UNAUTHORIZED, C.NOT_FOUND_AUTHENTICATED_OR_AUTHORIZED], create: authentication },
  { codes: [C.NEW_ORDER_REJECTED], message: /insufficient balance/i, create: insufficientFunds },
  // A stop whose trigger the last price already reached, and an OCO whose prices do not straddle
  // it: named rules, so a bot placing protection can tell them from any other refusal.
  { codes: [C.NEW_ORDER_REJECTED], message: /would trigger immediately/i, create: (f, text) => new InvalidOrderError(text, { ...details(f), field: 'stopPrice', rule: 'WOULD_TRIGGER_IMMEDIATELY' }) },
  { codes: [C.NEW_ORDER_REJECTED], message: /relationship of the prices/i, create: (f, text) => new InvalidOrderError(text, { ...details(f), rule: 'OCO_BAD_PRICES' }) },
  { codes: [C.NEW_ORDER_REJECTED], message: RULE_REJECTIONS, create: (f, text) => new InvalidOrderError(text, { ...details(f), rule: 'NEW_ORDER_REJECTED' }) },
  { codes: [C.NEW_ORDER_REJECTED], create: orderRejected },
  { codes: [C.CANCEL_REJECTED], message: /cancel restrictions/i, create: orderRejected },
  { codes: [C.CANCEL_REJECTED, C.NO_SUCH_ORDER, C.ORDER_ARCHIVED], create: notFound },
  { codes: [C.INVALID_MESSAGE], create: filterFailure },
  // Refused amendments (errors.md's -2038 messages): an order not there, a filter, or a rule of amending.
  { codes: [C.ORDER_AMEND_REJECTED], message: /Unknown order sent/, create: notFound },
  { codes: [C.ORDER_AMEND_REJECTED], message: /Filter failure/, create: filterFailure },
  { codes: [C.ORDER_AMEND_REJECTED], message: /quantity increase|would change no state|not supported/, create: (f, text) => new InvalidOrderError(text, { ...details(f), field: 'newQuantity', rule: 'ORDER_AMEND_REJECTED' }) },
  { codes: [C.ORDER_AMEND_REJECTED], create: orderRejected },
  {
    codes: [
      C.ILLEGAL_CHARS, C.TOO_MANY_PARAMETERS, C.MANDATORY_PARAM_EMPTY_OR_MALFORMED, C.UNKNOWN_PARAM, C.UNREAD_PARAMETERS,
      C.PARAM_EMPTY, C.PARAM_NOT_REQUIRED, C.PARAM_OVERFLOW, C.BAD_PRECISION, C.NO_DEPTH, C.TIF_NOT_REQUIRED,
      C.INVALID_TIF, C.INVALID_ORDER_TYPE, C.INVALID_SIDE, C.EMPTY_NEW_CL_ORD_ID, C.EMPTY_ORG_CL_ORD_ID,
      C.BAD_INTERVAL, C.BAD_SYMBOL, C.INVALID_SYMBOLSTATUS, C.MORE_THAN_XX_HOURS, C.OPTIONAL_PARAMS_BAD_COMBO,
      C.INVALID_PARAMETER, C.UNKNOWN_ORDER_COMPOSITION, C.CLIENT_ORDER_ID_INVALID, C.OCO_ORDER_TYPE_REJECTED,
      C.BUY_OCO_LIMIT_MUST_BE_BELOW, C.SELL_OCO_LIMIT_MUST_BE_ABOVE, C.BOTH_OCO_ORDERS_CANNOT_BE_LIMIT, C.BUY_OCO_STOP_LOSS_MUST_BE_ABOVE,
      C.SELL_OCO_STOP_LOSS_MUST_BE_BELOW, C.BUY_OCO_TAKE_PROFIT_MUST_BE_BELOW, C.SELL_OCO_TAKE_PROFIT_MUST_BE_ABOVE,
    ],
    create: invalidRequest,
  },
  { codes: [C.TOO_MANY_REQUESTS, C.TOO_MANY_ORDERS], status: [418, 418], create: rateLimited(true) },
  { codes: [C.TOO_MANY_REQUESTS, C.TOO_MANY_ORDERS], create: rateLimited(false) },
  { codes: [C.DISCONNECTED, C.UNEXPECTED_RESP, C.TIMEOUT, C.SERVER_BUSY, C.SERVICE_SHUTTING_DOWN], create: unavailable },
  { status: [418, 418], create: rateLimited(true) },
  { status: [429, 429], create: rateLimited(false) },
  { status: [401, 401], create: authentication },
  { status: [500, 599], create: unavailable },
];

function matches(rule: ErrorRule, f: BinanceFailure): boolean {
  if (rule.codes !== undefined && (f.code === undefined || !rule.codes.includes(f.code))) return false;
  if (rule.status !== undefined && (f.httpStatus === undefined || f.httpStatus < rule.status[0] || f.httpStatus > rule.status[1])) return false;
  if (rule.message !== undefined && !rule.message.test(f.message)) return false;
  return true;
}

/** The message a framework error carries: Binance's own text plus its code and status. */
function describe(f: BinanceFailure): string {
  const origin = [f.code === undefined ? undefined : `code ${f.code}`, f.httpStatus === undefined ? undefined : `HTTP ${f.httpStatus}`]
    .filter((part) => part !== undefined)
    .join(', ');
  return origin.length > 0 ? `${f.message} (Binance ${origin})` : f.message;
}

/** Turns a Binance failure into the framework error its code, message and status call for. */
export function mapBinanceError(failure: BinanceFailure): ExchangeError {
  const text = describe(failure);
  const rule = ERROR_RULES.find((candidate) => matches(candidate, failure));
  return (rule?.create ?? generic)(failure, text);
}

/**
 * True when the exchange refused a signed request for a reason that sending it again cannot fix:
 * the API key, its signature or its permissions (an AuthenticationError of the table). A -1021
 * timestamp error is not one: the periodic time sync corrects the clock offset.
 */
export function isPermanentRefusal(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError && error.exchangeCode !== C.INVALID_TIMESTAMP;
}

/** True for a timeout: an abort for timeout, or undici's connect, headers or body timeout. */
function isTimeout(cause: unknown): boolean {
  if (cause instanceof Error && cause.name === 'TimeoutError') return true;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/.test(code);
}

/** Turns a network failure (no response) into a ConnectionError; a timeout into its TimeoutError. */
export function mapNetworkError(message: string, cause: unknown): ConnectionError {
  return new (isTimeout(cause) ? TimeoutError : ConnectionError)(message, { exchange: EXCHANGE, cause });
}
