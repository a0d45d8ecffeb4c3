import { describe, expectTypeOf, it } from 'vitest';
import type { OrderListRequest, OrderRequest } from '../../src/core/models.js';

/**
 * The order options at compile time: `tsc -p tsconfig.json` checks this file, so each
 * `@ts-expect-error` fails the type check the day the combination it marks compiles.
 */

describe('order options at compile time', () => {
  it('takes an iceberg on the limit types with GTC, pegs where Binance allows them, and STP and strategy labels on any order', () => {
    const requests: OrderRequest[] = [
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: '100', icebergQuantity: '0.1' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: '100', timeInForce: 'GTC', icebergQuantity: '0.1', selfTradePreventionMode: 'EXPIRE_MAKER' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '1', icebergQuantity: '0.1', pegPriceType: 'PRIMARY_PEG' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', timeInForce: 'IOC', pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 2 },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '1', stopPrice: '90', icebergQuantity: '0.2', pegPriceType: 'PRIMARY_PEG' },
      { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1', selfTradePreventionMode: 'DECREMENT', strategyId: 7, strategyType: 1_000_000 },
    ];
    expectTypeOf(requests).toEqualTypeOf<OrderRequest[]>();
  });

  it('refuses an iceberg without GTC or on a type that cannot show a part', () => {
    // @ts-expect-error an iceberg must be GTC
    const ioc: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: '100', timeInForce: 'IOC', icebergQuantity: '0.1' };
    // @ts-expect-error a MARKET order is no iceberg
    const market: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1', icebergQuantity: '0.1' };
    // @ts-expect-error a stop-limit iceberg must be GTC too
    const stop: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: '1', price: '110', stopPrice: '110', timeInForce: 'FOK', icebergQuantity: '0.1' };
    expectTypeOf([ioc, market, stop]).toEqualTypeOf<OrderRequest[]>();
  });

  it('refuses the pegs Binance refuses, a peg offset alone, and a LIMIT with neither price nor peg', () => {
    // @ts-expect-error a LIMIT_MAKER takes only PRIMARY_PEG
    const makerMarketPeg: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', quantity: '1', pegPriceType: 'MARKET_PEG' };
    // @ts-expect-error a PRIMARY_PEG LIMIT takes only GTC
    const primaryIoc: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', timeInForce: 'IOC', pegPriceType: 'PRIMARY_PEG' };
    // @ts-expect-error a STOP_LOSS executes as MARKET and cannot be pegged
    const peggedStop: OrderRequest = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: '90', pegPriceType: 'PRIMARY_PEG' };
    // @ts-expect-error pegOffsetType and pegOffsetValue go together
    const halfOffset: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', pegPriceType: 'MARKET_PEG', pegOffsetValue: 2 };
    // @ts-expect-error without a peg a LIMIT needs its price
    const noPrice: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', icebergQuantity: '0.1' };
    // @ts-expect-error not an STP mode
    const badMode: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1', selfTradePreventionMode: 'EXPIRE_ALL' };
    expectTypeOf([makerMarketPeg, primaryIoc, peggedStop, halfOffset, noPrice, badMode]).toEqualTypeOf<OrderRequest[]>();
  });

  it('takes the options on the orders of a list, with the same rules, and self-trade prevention only for the whole list', () => {
    const lists: OrderListRequest[] = [
      {
        type: 'OTOCO', symbol: 'BTCUSDT', selfTradePreventionMode: 'EXPIRE_BOTH',
        working: { type: 'LIMIT', side: 'BUY', quantity: '1', icebergQuantity: '0.1', pegPriceType: 'PRIMARY_PEG', strategyId: 1 },
        pendingSide: 'SELL', pendingQuantity: '1',
        pendingAbove: { type: 'LIMIT_MAKER', price: '110', icebergQuantity: '0.1', strategyType: 1_000_000 },
        pendingBelow: { type: 'STOP_LOSS_LIMIT', stopPrice: '90', pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: 1 },
      },
      { type: 'OPO', symbol: 'BTCUSDT', working: { type: 'LIMIT', side: 'BUY', quantity: '1', price: '100' }, pending: { type: 'LIMIT_MAKER', pegPriceType: 'PRIMARY_PEG', icebergQuantity: '0.1' } },
    ];
    // @ts-expect-error self-trade prevention is the list's, not an order's
    const legStp: OrderListRequest = { type: 'OTO', symbol: 'BTCUSDT', working: { type: 'LIMIT', side: 'BUY', quantity: '1', price: '100', selfTradePreventionMode: 'NONE' }, pending: { type: 'MARKET', side: 'SELL', quantity: '1' } };
    // @ts-expect-error an iceberg must be GTC on an order of a list too
    const iocIceberg: OrderListRequest = { type: 'OTO', symbol: 'BTCUSDT', working: { type: 'LIMIT', side: 'BUY', quantity: '1', price: '100', timeInForce: 'IOC', icebergQuantity: '0.1' }, pending: { type: 'MARKET', side: 'SELL', quantity: '1' } };
    // @ts-expect-error a STOP_LOSS of an OCO pair cannot be pegged
    const peggedStop: OrderListRequest = { type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '1', above: { type: 'LIMIT_MAKER', price: '110' }, below: { type: 'STOP_LOSS', stopPrice: '90', pegPriceType: 'PRIMARY_PEG' } };
    expectTypeOf([...lists, legStp, iocIceberg, peggedStop]).toEqualTypeOf<OrderListRequest[]>();
  });
});
