import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/cli/explain-error.js';
import {
  ConfigurationError, ConnectionError, InvalidArgumentError, InvalidOrderError, OrderError, OrderStatusUnknownError, TimeoutError,
} from '../../src/core/errors.js';

describe('explainError', () => {
  it('exits 8 with a look-it-up hint for an order whose status is unknown, and 7 for a refusal', () => {
    const unknown = explainError(new OrderStatusUnknownError('lost', { clientOrderId: 'c-1', symbol: 'BTCUSDT' }));
    expect([unknown.exitCode, unknown.hint]).toEqual([8, 'do not send it again; look it up with `autotrader order get BTCUSDT --client-id c-1`']);
    expect(explainError(new OrderError('refused')).exitCode).toBe(7);
    const cancel = explainError(new OrderStatusUnknownError('lost', { orderId: '42', symbol: 'BTCUSDT' }));
    expect([cancel.exitCode, cancel.hint]).toEqual([8, 'do not send it again; look it up with `autotrader order get BTCUSDT 42`']);
  });
});

describe('explainError decides by class and code, never by message text', () => {
  const context = { restUrl: 'http://127.0.0.1:9', environment: 'sim' };

  it('explains a TimeoutError as a timeout, and a ConnectionError whose text says "timed out" as a connection failure', () => {
    const timeout = explainError(new TimeoutError('GET /api/v3/ping got nothing'), context);
    expect([timeout.exitCode, timeout.hint]).toEqual([5, 'http://127.0.0.1:9 did not answer in time: check your network, or raise requestTimeoutMs']);
    const other = explainError(new ConnectionError('GET /api/v3/ping timed out'), context);
    expect([other.exitCode, other.hint]).toEqual([5, 'cannot reach http://127.0.0.1:9: check the URL, your network and any proxy or firewall']);
  });

  it('gives the master-key and live-trading hints by the field a ConfigurationError names', () => {
    expect(explainError(new ConfigurationError('anything', { field: 'AUTOTRADER_MASTER_KEY' })).hint)
      .toBe('export AUTOTRADER_MASTER_KEY with the master key the secrets were encrypted with');
    expect(explainError(new ConfigurationError('AUTOTRADER_MASTER_KEY and allowLiveTrading in the text only')).hint)
      .toBe('fix the field named above in the config file, the environment variable or the flag');
  });

  it('exits 2 for a bad argument, naming how symbols are written when the symbol is at fault', () => {
    const symbol = explainError(new InvalidArgumentError('symbol: unknown symbol "NOPE"', { field: 'symbol', rule: 'UNKNOWN_SYMBOL' }));
    expect([symbol.exitCode, symbol.hint]).toEqual([2, 'symbols are written like BTCUSDT; the exchange does not list this one']);
    expect(explainError(new InvalidArgumentError('limit: must be an integer', { field: 'limit', rule: 'RANGE' })).exitCode).toBe(2);
  });

  it('suggests --round for a precision break by its rule, whatever the message says', () => {
    expect(explainError(new InvalidOrderError('quantity: too many decimals', { field: 'quantity', rule: 'PRECISION' })).hint)
      .toBe('pass --round to round price to the tick size and quantity to the step size');
    expect(explainError(new InvalidOrderError('price: is not a multiple of anything we know of', { field: 'price', rule: 'SOMETHING_ELSE' })).hint)
      .toBeUndefined();
  });
});
