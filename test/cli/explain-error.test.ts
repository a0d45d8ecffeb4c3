import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/cli/explain-error.js';
import { OrderError, OrderStatusUnknownError } from '../../src/core/errors.js';

describe('explainError', () => {
  it('exits 8 with a look-it-up hint for an order whose status is unknown, and 7 for a refusal', () => {
    const unknown = explainError(new OrderStatusUnknownError('lost', { clientOrderId: 'c-1', symbol: 'BTCUSDT' }));
    expect([unknown.exitCode, unknown.hint]).toEqual([8, 'do not send it again; look it up with `autotrader order get BTCUSDT --client-id c-1`']);
    expect(explainError(new OrderError('refused')).exitCode).toBe(7);
    const cancel = explainError(new OrderStatusUnknownError('lost', { orderId: '42', symbol: 'BTCUSDT' }));
    expect([cancel.exitCode, cancel.hint]).toEqual([8, 'do not send it again; look it up with `autotrader order get BTCUSDT 42`']);
  });
});
