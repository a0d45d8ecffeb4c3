import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import type { SymbolInfo } from '../../src/binance/exchange-info.js';
import { orderParams, prepareOrder } from '../../src/binance/order-request.js';
import {
  checkOrderFilters, decimalPlaces, parseSymbolFilters, roundDownToStep, roundToTick, type SymbolRules,
} from '../../src/binance/filters.js';
import { invalidOrderFrom as rejection } from './support/rejection.js';

const d = (text: string): Decimal => new Decimal(text);

const BTCUSDT: SymbolInfo = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  baseAssetPrecision: 8,
  quoteAssetPrecision: 8,
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
  quoteOrderQtyMarketAllowed: true,
  allowTrailingStop: true,
  ocoAllowed: true,
  otoAllowed: true,
  opoAllowed: true,
  icebergAllowed: true,
  pegInstructionsAllowed: true,
  allowedSelfTradePreventionModes: undefined,
  defaultSelfTradePreventionMode: undefined,
  filters: parseSymbolFilters([
    { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
    { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
    { filterType: 'ICEBERG_PARTS', limit: 100 },
  ]),
};

const rules: SymbolRules = BTCUSDT;

describe('filter checks', () => {
  it('parses filters exactly, ignoring unknown types', () => {
    expect(rules.filters.price?.tickSize.toFixed()).toBe('0.01');
    expect(rules.filters.lotSize?.stepSize.toFixed()).toBe('0.00001');
    expect(rules.filters.notional?.minNotional.toFixed()).toBe('5');
    expect(rules.filters.notional?.applyMaxToMarket).toBe(false);
    expect(rules.filters.minNotional).toBeUndefined();
  });

  it('accepts an order on the tick and step above the notional', () => {
    expect(checkOrderFilters(rules, { type: 'LIMIT', price: d('50000.01'), quantity: d('0.001') })).toBeUndefined();
  });

  it.each([
    [{ type: 'LIMIT', price: d('50000.015'), quantity: d('0.001') }, 'PRICE_FILTER', 'price', 'price 50000.015 is not a multiple of the tick size 0.01 (PRICE_FILTER)'],
    [{ type: 'LIMIT', price: d('0.001'), quantity: d('1') }, 'PRICE_FILTER', 'price', 'price 0.001 is below the minimum price 0.01 (PRICE_FILTER)'],
    [{ type: 'LIMIT', price: d('2000000'), quantity: d('1') }, 'PRICE_FILTER', 'price', 'price 2000000 is above the maximum price 1000000 (PRICE_FILTER)'],
    [{ type: 'LIMIT', price: d('50000'), quantity: d('0.000015') }, 'LOT_SIZE', 'quantity', 'quantity 0.000015 is not a multiple of the step size 0.00001 (LOT_SIZE)'],
    [{ type: 'LIMIT', price: d('50000'), quantity: d('0.000001') }, 'LOT_SIZE', 'quantity', 'quantity 0.000001 is below the minimum quantity 0.00001 (LOT_SIZE)'],
    [{ type: 'LIMIT', price: d('1'), quantity: d('9001') }, 'LOT_SIZE', 'quantity', 'quantity 9001 is above the maximum quantity 9000 (LOT_SIZE)'],
    [{ type: 'MARKET', quantity: d('101') }, 'MARKET_LOT_SIZE', 'quantity', 'quantity 101 is above the maximum quantity 100 (MARKET_LOT_SIZE)'],
    [{ type: 'LIMIT', price: d('50000'), quantity: d('0.00009') }, 'NOTIONAL', 'notional', 'notional 4.5 (price × quantity) is below the minimum notional 5 (NOTIONAL)'],
    [{ type: 'MARKET', quantity: d('0.00001'), referencePrice: d('60000') }, 'NOTIONAL', 'notional', 'notional 0.6 (price × quantity) is below the minimum notional 5 (NOTIONAL)'],
    [{ type: 'MARKET', quoteQuantity: d('4.99') }, 'NOTIONAL', 'notional', 'notional 4.99 (price × quantity) is below the minimum notional 5 (NOTIONAL)'],
    [{ type: 'LIMIT', price: d('50000'), quantity: d('0.000000001') }, 'PRECISION', 'quantity', 'quantity 0.000000001 has more than 8 decimals'],
  ] as const)('rejects %o with %s on %s', (order, filter, field, message) => {
    expect(checkOrderFilters(rules, order)).toEqual({ filter, field, message });
  });

  it('skips the MARKET notional check when no price is known', () => {
    expect(checkOrderFilters(rules, { type: 'MARKET', quantity: d('0.00001') })).toBeUndefined();
  });

  it('rounds prices to the nearest tick and quantities down to the step', () => {
    expect(roundToTick(d('50000.015'), d('0.01')).toFixed()).toBe('50000.02');
    expect(roundToTick(d('50000.014'), d('0.01')).toFixed()).toBe('50000.01');
    expect(roundDownToStep(d('0.0012345'), d('0.00001')).toFixed()).toBe('0.00123');
    expect(roundDownToStep(d('0.0012399'), d('0.001')).toFixed()).toBe('0.001');
    expect(roundToTick(d('7.3'), d('0')).toFixed()).toBe('7.3');
    expect(decimalPlaces(d('0.0100'))).toBe(2);
  });
});

describe('order preparation', () => {
  const random = (): number => 0.5;

  it('rounds when asked, then re-validates, and sends plain fixed-point strings', () => {
    const prepared = prepareOrder(
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.0012345', price: '50000.016', roundToFilters: true, clientOrderId: 'mine-1' },
      BTCUSDT, { random },
    );
    expect(orderParams(prepared)).toEqual([
      ['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.00123'],
      ['quoteOrderQty', undefined], ['price', '50000.02'], ['stopPrice', undefined], ['trailingDelta', undefined],
      ['newClientOrderId', 'mine-1'], ['newOrderRespType', 'FULL'],
    ]);
  });

  it('never sends exponent notation', () => {
    const prepared = prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: new Decimal('1e-4'), price: new Decimal('6e4') }, BTCUSDT, { random });
    const params = Object.fromEntries(orderParams(prepared));
    expect([params.quantity, params.price]).toEqual(['0.0001', '60000']);
  });

  it('rejects a quantity that rounds down to below the minimum after rounding', () => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.000004', price: '50000', roundToFilters: true }, BTCUSDT, { random }));
    expect([error.field, error.rule, error.message]).toEqual(['quantity', 'LOT_SIZE', 'quantity: rounds down to 0 at the step size']);
  });

  it('names field and rule when a filter fails without rounding', () => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: '0.0012345', price: '50000' }, BTCUSDT, { random }));
    expect([error.field, error.rule]).toEqual(['quantity', 'LOT_SIZE']);
    expect(error.message).toBe('quantity: quantity 0.0012345 is not a multiple of the step size 0.00001 (LOT_SIZE)');
  });

  it('uses the reference price for MARKET notional', () => {
    const error = rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00005' }, BTCUSDT, { random, referencePrice: d('60000') }));
    expect([error.field, error.rule]).toEqual(['notional', 'NOTIONAL']);
  });

  it.each([
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: '-5' }, 'price', 'POSITIVE'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1e-3', price: '5' }, 'quantity', 'DECIMAL'],
    [{ symbol: 'BTCUSDT', side: 'HOLD', type: 'LIMIT', quantity: '1', price: '5' }, 'side', 'ENUM'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'TRAILING_STOP_MARKET', quantity: '1' }, 'type', 'ENUM'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1' }, 'price', 'REQUIRED'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1', quoteQuantity: '10' }, 'quantity', 'MARKET_AMOUNT'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1', clientOrderId: 'has space' }, 'clientOrderId', 'FORMAT'],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '1', price: '5', timeInForce: 'GTD' }, 'timeInForce', 'ENUM'],
  ])('rejects %o on %s (%s)', (request, field, rule) => {
    const error = rejection(() => prepareOrder(request as never, BTCUSDT, { random }));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });

  it('rejects symbols that are not trading and types the symbol does not allow', () => {
    const halted = { ...BTCUSDT, status: 'HALT' };
    expect(rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }, halted, { random })).rule).toBe('SYMBOL_STATUS');
    const limitOnly = { ...BTCUSDT, orderTypes: ['LIMIT'] };
    expect(rejection(() => prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }, limitOnly, { random })).rule).toBe('ORDER_TYPE');
  });

  it('generates a client order id from the injected randomness in Binance\'s charset', () => {
    let i = 0;
    const sequence = (): number => [0, 0.999, 0.5][i++ % 3]!;
    const prepared = prepareOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }, BTCUSDT, { random: sequence });
    expect(prepared.clientOrderId).toBe('atc-A9fA9fA9fA9fA9fA9fA9fA');
    expect(prepared.clientOrderId).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
  });
});
