import { describe, expect, it } from 'vitest';
import {
  AuthenticationError, ExchangeError, ExchangeUnavailableError, InsufficientFundsError, InvalidArgumentError, InvalidOrderError, OrderError,
  OrderNotFoundError, RateLimitError,
} from '../../src/core/errors.js';
import { fieldFromMessage, filterFromMessage, isPermanentRefusal, mapBinanceError, mapNetworkError } from '../../src/binance/error-map.js';
import { BinanceMessage } from '../../src/spec/binance/error-codes.js';

type Row = [code: number | undefined, status: number, message: string, expected: new (...args: never[]) => ExchangeError, name: string];

const TABLE: Row[] = [
  [-1021, 400, BinanceMessage.timestampOutsideRecvWindow, AuthenticationError, 'AuthenticationError'],
  [-1022, 400, BinanceMessage.invalidSignature, AuthenticationError, 'AuthenticationError'],
  [-2014, 401, BinanceMessage.badApiKeyFormat, AuthenticationError, 'AuthenticationError'],
  [-2015, 401, BinanceMessage.rejectedApiKey, AuthenticationError, 'AuthenticationError'],
  [-1002, 401, 'You are not authorized to execute this request.', AuthenticationError, 'AuthenticationError'],
  [-1099, 401, 'Not found, unauthenticated, or unauthorized.', AuthenticationError, 'AuthenticationError'],
  [-2010, 400, BinanceMessage.insufficientBalance, InsufficientFundsError, 'InsufficientFundsError'],
  [-2010, 400, BinanceMessage.duplicateOrder, OrderError, 'OrderError'],
  [-2010, 400, BinanceMessage.wouldMatchAndTake, InvalidOrderError, 'InvalidOrderError'],
  [-2010, 400, BinanceMessage.wouldTriggerImmediately, InvalidOrderError, 'InvalidOrderError'],
  [-2010, 400, BinanceMessage.ocoBadPrices, InvalidOrderError, 'InvalidOrderError'],
  [-1165, 400, BinanceMessage.buyOcoLimitMustBeBelow, InvalidOrderError, 'InvalidOrderError'],
  [-1197, 400, BinanceMessage.sellOcoStopLossMustBeBelow, InvalidOrderError, 'InvalidOrderError'],
  [-2010, 400, BinanceMessage.marketClosed, OrderError, 'OrderError'],
  [-2011, 400, BinanceMessage.unknownOrder, OrderNotFoundError, 'OrderNotFoundError'],
  [-2011, 400, BinanceMessage.cancelRestrictions, OrderError, 'OrderError'],
  [-2013, 400, BinanceMessage.orderDoesNotExist, OrderNotFoundError, 'OrderNotFoundError'],
  [-1013, 400, BinanceMessage.filterFailure('LOT_SIZE'), InvalidOrderError, 'InvalidOrderError'],
  [-1100, 400, BinanceMessage.illegalChars('price'), InvalidOrderError, 'InvalidOrderError'],
  [-1111, 400, BinanceMessage.badPrecision('quantity'), InvalidOrderError, 'InvalidOrderError'],
  [-1121, 400, BinanceMessage.invalidSymbol, InvalidOrderError, 'InvalidOrderError'],
  [-1130, 400, BinanceMessage.invalidParameter('limit'), InvalidOrderError, 'InvalidOrderError'],
  [-1003, 429, BinanceMessage.tooMuchWeight(6000, '1m'), RateLimitError, 'RateLimitError'],
  [-1015, 429, BinanceMessage.tooManyOrders(50, '10s'), RateLimitError, 'RateLimitError'],
  [-1003, 418, BinanceMessage.banned(1_800_000_000_000), RateLimitError, 'RateLimitError'],
  [undefined, 429, 'HTTP 429', RateLimitError, 'RateLimitError'],
  [undefined, 418, 'HTTP 418', RateLimitError, 'RateLimitError'],
  [undefined, 500, 'HTTP 500', ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [undefined, 503, 'HTTP 503', ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1001, 500, BinanceMessage.disconnected, ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1006, 500, BinanceMessage.unexpectedResponse, ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1007, 408, BinanceMessage.timeout, ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1008, 503, BinanceMessage.serverBusy, ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1016, 503, 'This service is no longer available.', ExchangeUnavailableError, 'ExchangeUnavailableError'],
  [-1000, 400, BinanceMessage.unknown, ExchangeError, 'ExchangeError'],
  [undefined, 404, 'HTTP 404', ExchangeError, 'ExchangeError'],
];

describe('error table', () => {
  it.each(TABLE)('code %s, HTTP %s "%s" becomes %o for an order request', (code, status, message, expected, name) => {
    const error = mapBinanceError({ code, message, httpStatus: status, orderRequest: true });
    expect(error).toBeInstanceOf(expected);
    expect(error.name).toBe(name);
    expect(error.exchangeCode).toBe(code);
    expect(error.httpStatus).toBe(status);
    expect(error.exchange).toBe('binance');
  });

  it('keeps Binance\'s message, code and status in the text', () => {
    expect(mapBinanceError({ code: -1121, message: 'Invalid symbol.', httpStatus: 400 }).message)
      .toBe('Invalid symbol. (Binance code -1121, HTTP 400)');
  });

  it('names the filter as the rule and its field for -1013', () => {
    const error = mapBinanceError({ code: -1013, message: 'Filter failure: PRICE_FILTER', httpStatus: 400, orderRequest: true }) as InvalidOrderError;
    expect(error.rule).toBe('PRICE_FILTER');
    expect(error.field).toBe('price');
    const notional = mapBinanceError({ code: -1013, message: 'Filter failure: NOTIONAL', httpStatus: 400, orderRequest: true }) as InvalidOrderError;
    expect([notional.rule, notional.field]).toEqual(['NOTIONAL', 'notional']);
  });

  it('names a stop that would trigger at once, an OCO\'s prices and its order positions, so a bot can tell them apart', () => {
    const rule = (code: number, message: string): unknown[] => {
      const error = mapBinanceError({ code, message, httpStatus: 400, orderRequest: true }) as InvalidOrderError;
      return [error.rule, error.field];
    };
    expect(rule(-2010, BinanceMessage.wouldTriggerImmediately)).toEqual(['WOULD_TRIGGER_IMMEDIATELY', 'stopPrice']);
    expect(rule(-2010, BinanceMessage.ocoBadPrices)).toEqual(['OCO_BAD_PRICES', undefined]);
    expect(rule(-1166, BinanceMessage.sellOcoLimitMustBeAbove)[0]).toBe('SELL_OCO_LIMIT_MUST_BE_ABOVE');
    expect(rule(-1158, BinanceMessage.ocoOrderTypeRejected)[0]).toBe('OCO_ORDER_TYPE_REJECTED');
  });

  it('takes the field of -1111 and -1100 from the message', () => {
    const precision = mapBinanceError({ code: -1111, message: BinanceMessage.badPrecision('quantity'), httpStatus: 400, orderRequest: true }) as InvalidOrderError;
    expect([precision.field, precision.rule]).toEqual(['quantity', 'BAD_PRECISION']);
    const chars = mapBinanceError({ code: -1100, message: BinanceMessage.illegalChars('price'), httpStatus: 400, orderRequest: true }) as InvalidOrderError;
    expect([chars.field, chars.rule]).toEqual(['price', 'ILLEGAL_CHARS']);
    const symbol = mapBinanceError({ code: -1121, message: 'Invalid symbol.', httpStatus: 400, orderRequest: true }) as InvalidOrderError;
    expect([symbol.field, symbol.rule]).toEqual(['symbol', 'BAD_SYMBOL']);
  });

  it('makes a parameter error of any other request an InvalidArgumentError, with the same field and rule', () => {
    for (const [code, message, field, rule] of [
      [-1121, 'Invalid symbol.', 'symbol', 'BAD_SYMBOL'],
      [-1130, BinanceMessage.invalidParameter('limit'), 'limit', 'INVALID_PARAMETER'],
      [-1120, 'Invalid interval.', 'interval', 'BAD_INTERVAL'],
    ] as const) {
      const error = mapBinanceError({ code, message, httpStatus: 400 });
      expect(error, message).toBeInstanceOf(InvalidArgumentError);
      expect(error).not.toBeInstanceOf(OrderError);
      expect([(error as InvalidArgumentError).field, (error as InvalidArgumentError).rule, error.code]).toEqual([field, rule, 'ERR_INVALID_ARGUMENT']);
    }
    // Rejections that only orders get stay order errors whatever the flag says.
    expect(mapBinanceError({ code: -2010, message: BinanceMessage.wouldMatchAndTake, httpStatus: 400 })).toBeInstanceOf(InvalidOrderError);
  });

  it('carries Retry-After and marks 418 as a ban', () => {
    const limited = mapBinanceError({ code: -1003, message: 'x', httpStatus: 429, retryAfterMs: 7000 }) as RateLimitError;
    expect([limited.retryAfterMs, limited.banned]).toEqual([7000, false]);
    const banned = mapBinanceError({ code: -1003, message: 'x', httpStatus: 418, retryAfterMs: 120_000 }) as RateLimitError;
    expect([banned.retryAfterMs, banned.banned]).toEqual([120_000, true]);
  });

  it('passes the cause through', () => {
    const cause = new Error('socket hang up');
    expect(mapBinanceError({ message: 'HTTP 502', httpStatus: 502, cause }).cause).toBe(cause);
    const network = mapNetworkError('GET /api/v3/ping failed', cause);
    expect([network.name, network.code, network.cause]).toEqual(['ConnectionError', 'ERR_CONNECTION', cause]);
  });

  it('reads fields and filters from messages', () => {
    expect(fieldFromMessage("Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")).toBe('symbol');
    expect(fieldFromMessage("'quantity' contains unexpected value. Cannot be greater than 9000.")).toBe('quantity');
    expect(fieldFromMessage('Invalid symbol.')).toBeUndefined();
    expect(filterFromMessage('Filter failure: MARKET_LOT_SIZE')).toBe('MARKET_LOT_SIZE');
  });
});

describe('permanent refusals', () => {
  it('are the credential refusals of the table, not a -1021, a rate limit, an outage or a lost answer', () => {
    const refusal = (code: number | undefined, status: number): boolean => isPermanentRefusal(mapBinanceError({ code, message: 'x', httpStatus: status }));
    expect([[-2015, 401], [-2014, 401], [-1022, 400], [-1002, 401], [-1099, 401], [undefined, 401]].map(([code, status]) => refusal(code, status!)))
      .toEqual([true, true, true, true, true, true]);
    expect([[-1021, 400], [-1003, 429], [-1003, 418], [-1001, 500], [-1007, 408], [undefined, 503], [-1000, 400]].map(([code, status]) => refusal(code, status!)))
      .toEqual([false, false, false, false, false, false, false]);
    expect(isPermanentRefusal(mapNetworkError('socket hang up', undefined))).toBe(false);
  });
});
