import { describe, expectTypeOf, it } from 'vitest';
import type { OrderRequest, StopLimitOrderRequest, StopOrderRequest } from '../../src/core/models.js';

/**
 * The order request union at compile time: `tsc -p tsconfig.json` checks this file (tsconfig
 * includes `test`), so each `@ts-expect-error` below fails the type check the day the line it
 * marks compiles.
 */

describe('order requests at compile time', () => {
  it('takes every stop and take-profit type with a stop price, a trailing delta or both', () => {
    const requests: OrderRequest[] = [
      { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', trailingDelta: 200 },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '28900', stopPrice: '29000', trailingDelta: 100 },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', quantity: '0.001', price: '25000', trailingDelta: 100, timeInForce: 'IOC' },
    ];
    expectTypeOf(requests).toEqualTypeOf<OrderRequest[]>();
  });

  it('refuses a STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT without a price', () => {
    // @ts-expect-error a STOP_LOSS_LIMIT needs a limit price
    const noPrice: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', stopPrice: '29000' };
    // @ts-expect-error a TAKE_PROFIT_LIMIT needs a limit price
    const noPriceTp: StopLimitOrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: '0.001', trailingDelta: 100 };
    expectTypeOf(noPrice).toEqualTypeOf<OrderRequest>();
    expectTypeOf(noPriceTp).toEqualTypeOf<StopLimitOrderRequest>();
  });

  it('refuses a stop without a trigger', () => {
    // @ts-expect-error a STOP_LOSS needs stopPrice or trailingDelta
    const noTrigger: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001' };
    // @ts-expect-error a STOP_LOSS_LIMIT needs stopPrice or trailingDelta besides its price
    const limitNoTrigger: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '28900' };
    // @ts-expect-error a TAKE_PROFIT needs stopPrice or trailingDelta
    const stopNoTrigger: StopOrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001' };
    expectTypeOf(noTrigger).toEqualTypeOf<OrderRequest>();
    expectTypeOf(limitNoTrigger).toEqualTypeOf<OrderRequest>();
    expectTypeOf(stopNoTrigger).toEqualTypeOf<StopOrderRequest>();
  });

  it('refuses a price on a STOP_LOSS and a trailing delta that is not a number', () => {
    // @ts-expect-error a STOP_LOSS executes at market: it takes no price
    const priced: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', price: '28900' };
    // @ts-expect-error trailingDelta is a number of basis points
    const textDelta: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.001', trailingDelta: '100' };
    expectTypeOf(priced).toEqualTypeOf<OrderRequest>();
    expectTypeOf(textDelta).toEqualTypeOf<OrderRequest>();
  });
});
