import { describe, expect, it } from 'vitest';
import {
  ExchangeError, InsufficientFundsError, InvalidOrderError, OrderError, OrderNotFoundError, OrderStatusUnknownError,
} from '../../src/core/errors.js';

/** What a caller who treats every OrderError as "the exchange refused it" does. */
function handledAsRefused(error: unknown): boolean {
  try {
    throw error;
  } catch (caught) {
    return caught instanceof OrderError;
  }
}

describe('error classes', () => {
  it('keeps OrderStatusUnknownError out of OrderError, so a catch for refusals never takes a lost answer for one', () => {
    const unknown = new OrderStatusUnknownError('lost', { clientOrderId: 'c-1', symbol: 'BTCUSDT' });
    expect(handledAsRefused(unknown)).toBe(false);
    expect(unknown).toBeInstanceOf(ExchangeError);
    expect(Object.getPrototypeOf(OrderStatusUnknownError.prototype)).toBe(ExchangeError.prototype);
    expect([unknown.name, unknown.code, unknown.clientOrderId, unknown.symbol]).toEqual(['OrderStatusUnknownError', 'ERR_ORDER_STATUS_UNKNOWN', 'c-1', 'BTCUSDT']);
  });

  it('keeps every refusal an OrderError', () => {
    for (const refusal of [new OrderError('x'), new InsufficientFundsError('x'), new OrderNotFoundError('x'), new InvalidOrderError('x')]) {
      expect(handledAsRefused(refusal)).toBe(true);
    }
  });
});
