/**
 * Binance Spot error codes and their exact messages, as `errors.md` gives them (checked against it
 * by `test/spec/binance-docs.test.ts`). The connector reads the codes to map errors, the simulator
 * to produce them; what a code means for a caller is the connector's decision, not this table's.
 */
export const BinanceErrorCode = {
  UNKNOWN: -1000,
  DISCONNECTED: -1001,
  UNAUTHORIZED: -1002,
  TOO_MANY_REQUESTS: -1003,
  UNEXPECTED_RESP: -1006,
  TIMEOUT: -1007,
  SERVER_BUSY: -1008,
  ERROR_MSG_RECEIVED: -1010,
  INVALID_MESSAGE: -1013,
  UNKNOWN_ORDER_COMPOSITION: -1014,
  TOO_MANY_ORDERS: -1015,
  SERVICE_SHUTTING_DOWN: -1016,
  UNSUPPORTED_OPERATION: -1020,
  INVALID_TIMESTAMP: -1021,
  INVALID_SIGNATURE: -1022,
  TOO_MANY_CONNECTIONS: -1034,
  NOT_FOUND_AUTHENTICATED_OR_AUTHORIZED: -1099,
  ILLEGAL_CHARS: -1100,
  TOO_MANY_PARAMETERS: -1101,
  MANDATORY_PARAM_EMPTY_OR_MALFORMED: -1102,
  UNKNOWN_PARAM: -1103,
  UNREAD_PARAMETERS: -1104,
  PARAM_EMPTY: -1105,
  PARAM_NOT_REQUIRED: -1106,
  PARAM_OVERFLOW: -1108,
  BAD_PRECISION: -1111,
  NO_DEPTH: -1112,
  TIF_NOT_REQUIRED: -1114,
  INVALID_TIF: -1115,
  INVALID_ORDER_TYPE: -1116,
  INVALID_SIDE: -1117,
  EMPTY_NEW_CL_ORD_ID: -1118,
  EMPTY_ORG_CL_ORD_ID: -1119,
  BAD_INTERVAL: -1120,
  BAD_SYMBOL: -1121,
  INVALID_SYMBOLSTATUS: -1122,
  INVALID_LISTEN_KEY: -1125,
  MORE_THAN_XX_HOURS: -1127,
  OPTIONAL_PARAMS_BAD_COMBO: -1128,
  INVALID_PARAMETER: -1130,
  INVALID_JSON: -1135,
  INVALID_TICKER_TYPE: -1139,
  INVALID_CANCEL_RESTRICTIONS: -1145,
  DUPLICATE_SYMBOLS: -1151,
  OCO_ORDER_TYPE_REJECTED: -1158,
  BUY_OCO_LIMIT_MUST_BE_BELOW: -1165,
  SELL_OCO_LIMIT_MUST_BE_ABOVE: -1166,
  BOTH_OCO_ORDERS_CANNOT_BE_LIMIT: -1168,
  INVALID_TIME_UNIT: -1194,
  BUY_OCO_STOP_LOSS_MUST_BE_ABOVE: -1196,
  SELL_OCO_STOP_LOSS_MUST_BE_BELOW: -1197,
  BUY_OCO_TAKE_PROFIT_MUST_BE_BELOW: -1198,
  SELL_OCO_TAKE_PROFIT_MUST_BE_ABOVE: -1199,
  SYMBOL_DOES_NOT_MATCH_STATUS: -1220,
  NEW_ORDER_REJECTED: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  BAD_API_KEY_FMT: -2014,
  REJECTED_MBX_KEY: -2015,
  NO_TRADING_WINDOW: -2016,
  CANCEL_REPLACE_PARTIALLY_FAILED: -2021,
  CANCEL_REPLACE_FAILED: -2022,
  ORDER_ARCHIVED: -2026,
  SUBSCRIPTION_ACTIVE: -2035,
  SUBSCRIPTION_INACTIVE: -2036,
  ORDER_AMEND_REJECTED: -2038,
  CLIENT_ORDER_ID_INVALID: -2039,
  MAXIMUM_SUBSCRIPTION_IDS: -2042,
  NO_REFERENCE_PRICE: -2043,
} as const;

/** A Binance error code. */
export type BinanceErrorCodeValue = (typeof BinanceErrorCode)[keyof typeof BinanceErrorCode];

/** Exact Binance message texts, as `errors.md` and the REST docs give them. */
export const BinanceMessage = {
  unknown: 'An unknown error occurred while processing the request.',
  disconnected: 'Internal error; unable to process your request. Please try again.',
  tooMuchWeight: (limit: number, interval: string): string =>
    `Too much request weight used; current limit is ${limit} request weight per ${interval}. Please use WebSocket Streams for live updates to avoid polling the API.`,
  banned: (untilMs: number): string =>
    `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`,
  timeout: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  unexpectedResponse: 'An unexpected response was received from the message bus. Execution status unknown.',
  serverBusy: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
  tooManyOrders: (limit: number, interval: string): string =>
    `Too many new orders; current limit is ${limit} orders per ${interval}.`,
  timestampOutsideRecvWindow: 'Timestamp for this request is outside of the recvWindow.',
  timestampAhead: "Timestamp for this request was 1000ms ahead of the server's time.",
  invalidSignature: 'Signature for this request is not valid.',
  illegalCharacters: 'Illegal characters found in a parameter.',
  illegalChars: (param: string): string =>
    `Illegal characters found in parameter '${param}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`,
  tooManyParameters: 'Too many parameters sent for this endpoint.',
  duplicateParameter: 'Duplicate values for a parameter detected.',
  mandatoryParam: (param: string): string =>
    `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`,
  eitherParam: (a: string, b: string): string => `Param '${a}' or '${b}' must be sent, but both were empty/null!`,
  cannotBeGreater: (param: string, max: string | number): string =>
    `'${param}' contains unexpected value. Cannot be greater than ${max}.`,
  unknownParam: 'An unknown parameter was sent.',
  paramEmpty: (param: string): string => `Parameter '${param}' was empty.`,
  paramNotRequired: (param: string): string => `Parameter '${param}' sent when not required.`,
  paramOverflow: (param: string): string => `Parameter '${param}' overflowed.`,
  badPrecision: (param: string): string => `Parameter '${param}' has too much precision.`,
  tifNotRequired: 'TimeInForce parameter sent when not required.',
  invalidTif: 'Invalid timeInForce.',
  invalidOrderType: 'Invalid orderType.',
  invalidSide: 'Invalid side.',
  invalidInterval: 'Invalid interval.',
  invalidSymbol: 'Invalid symbol.',
  invalidSymbolStatus: 'Invalid symbolStatus.',
  symbolStatusMismatch: 'The symbol\'s status does not match the requested symbolStatus.',
  optionalParamsBadCombo: 'Combination of optional parameters invalid.',
  invalidParameter: (param: string): string => `Data sent for parameter '${param}' is not valid.`,
  invalidJson: (param: string): string => `JSON sent for parameter '${param}' is not valid`,
  filterFailure: (filter: string): string => `Filter failure: ${filter}`,
  orderDoesNotExist: 'Order does not exist.',
  badApiKeyFormat: 'API-key format invalid.',
  rejectedApiKey: 'Invalid API-key, IP, or permissions for action.',
  unknownOrder: 'Unknown order sent.',
  duplicateOrder: 'Duplicate order sent.',
  marketClosed: 'Market is closed.',
  insufficientBalance: 'Account has insufficient balance for requested action.',
  priceTimesQtyZero: 'Price * QTY is zero or less.',
  wouldMatchAndTake: 'Order would immediately match and take.',
  wouldTriggerImmediately: 'Order would trigger immediately.',
  ocoOrderTypeRejected: 'Order type not supported in OCO.',
  buyOcoLimitMustBeBelow: 'A limit order in a buy OCO must be below.',
  sellOcoLimitMustBeAbove: 'A limit order in a sell OCO must be above.',
  bothOcoOrdersCannotBeLimit: 'At least one OCO order must be contingent.',
  buyOcoStopLossMustBeAbove: 'A stop loss order in a buy OCO must be above.',
  sellOcoStopLossMustBeBelow: 'A stop loss order in a sell OCO must be below.',
  buyOcoTakeProfitMustBeBelow: 'A take profit order in a buy OCO must be below.',
  sellOcoTakeProfitMustBeAbove: 'A take profit order in a sell OCO must be above.',
  ocoBadPrices: 'The relationship of the prices for the orders is not correct.',
  unsupportedCombination: 'Unsupported order combination',
  cancelInvalid: 'Cancel order is invalid. Check origClOrdId and orderId.',
  quoteQtyNotSupported: 'Quote order qty market orders are not support for this symbol.',
  liquidityBelowLotSize: 'Order book liquidity is less than LOT_SIZE filter minimum quantity.',
  liquidityBelowMarketLotSize: 'Order book liquidity is less than MARKET_LOT_SIZE filter minimum quantity.',
  liquidityBelowSymbolMinimum: 'Order book liquidity is less than symbol minimum quantity.',
  cancelRestrictions: 'Order was not canceled due to cancel restrictions.',
  clientOrderIdMismatch: 'Client order ID is not correct for this order ID.',
  unauthorized: 'You are not authorized to execute this request.',
  unsupportedOperation: 'This operation is not supported.',
  invalidJsonRequest: 'Invalid JSON Request',
  subscriptionActive: 'User Data Stream subscription already active.',
  subscriptionInactive: 'User Data Stream subscription not active.',
  maximumSubscriptionIds: 'Maximum subscription ID reached for this connection.',
} as const;

/** The error body Binance sends: `{"code":-1121,"msg":"Invalid symbol."}`. */
export interface BinanceErrorBody {
  code: number;
  msg: string;
  data?: unknown;
}

/** True when `value` has the shape of a Binance error body. */
export function isBinanceErrorBody(value: unknown): value is BinanceErrorBody {
  return typeof value === 'object' && value !== null
    && typeof (value as { code?: unknown }).code === 'number'
    && typeof (value as { msg?: unknown }).msg === 'string';
}
