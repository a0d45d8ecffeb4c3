import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidOrderError } from '../../src/core/errors.js';
import { connectToListing, type ChangingListing } from './support/changing-listing.js';
import { EXCHANGE_INFO } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

/**
 * exchangeInfo is read again before a local refusal it could change (a new listing, a loosened
 * filter), at most once in 10 s however many callers ask, and every 10 minutes while connected.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const BTC = EXCHANGE_INFO.symbols[0]!;
const NEW_LISTING = { ...BTC, symbol: 'NEWUSDT', baseAsset: 'NEW' };

/** A local exchange whose exchangeInfo symbols the test changes, and a connector on a fake clock. */
async function setup(symbols: unknown[] = [BTC]): Promise<ChangingListing> {
  return connectToListing(symbols, cleanups, (req) => {
    if (req.path === '/api/v3/ticker/24hr') {
      return { body: { symbol: req.params.get('symbol'), lastPrice: '1', bidPrice: '1', askPrice: '1', openPrice: '1', highPrice: '1', lowPrice: '1', volume: '1', quoteVolume: '1', priceChangePercent: '0', closeTime: 1 } };
    }
    if (req.path === '/api/v3/myTrades') return { body: [] };
    return undefined;
  });
}

describe('exchangeInfo refresh', () => {
  it('finds a symbol listed since connecting, with one shared read for callers at the same time', async () => {
    const { rest, c, clock, listing } = await setup();
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(1);
    listing.symbols = [BTC, NEW_LISTING];
    // Read at connect, moments ago, the held info is taken as it is: no read, the refusal stands.
    expect(await rejectionOf(c.getTicker('NEWUSDT'))).toBeInstanceOf(InvalidArgumentError);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(1);
    clock.advance(10_000);
    const tickers = await Promise.all([c.getTicker('NEWUSDT'), c.getTicker('newusdt'), c.getTicker('NEWUSDT')]);
    expect(tickers.map((t) => t.symbol)).toEqual(['NEWUSDT', 'NEWUSDT', 'NEWUSDT']);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
  });

  it('still refuses a symbol nobody lists, reading again at most once in 10 s', async () => {
    const { rest, c, clock } = await setup();
    clock.advance(10_000);
    for (let i = 0; i < 3; i += 1) {
      const error = await rejectionOf(c.getTicker('NOPEUSDT'));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).rule).toBe('UNKNOWN_SYMBOL');
    }
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    expect(rest.count('GET /api/v3/ticker/24hr')).toBe(0);
    clock.advance(10_000);
    await rejectionOf(c.getTicker('NOPEUSDT'));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
  });

  it('places an order its held filters refuse once a fresh read shows them loosened', async () => {
    const { rest, c, clock, listing } = await setup();
    clock.advance(10_000);
    // Binance lowers BTCUSDT's minimum notional from 5 to 1 after the connector started.
    listing.symbols = [{ ...BTC, filters: BTC.filters.map((f) => (f.filterType === 'NOTIONAL' ? { ...f, minNotional: '1.00000000' } : f)) }];
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.0001', price: '20000' });
    expect(order.symbol).toBe('BTCUSDT');
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    // Below the new minimum it is refused, with no second read so soon and nothing sent.
    expect(await rejectionOf(c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.00001', price: '20000' }))).toBeInstanceOf(InvalidOrderError);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    expect(rest.count('POST /api/v3/order')).toBe(1);
  });

  it('places a trailing stop once a fresh read shows the symbol allows stops and trailing', async () => {
    const noStops = { ...BTC, orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'], allowTrailingStop: false };
    const { rest, c, clock, listing } = await setup([noStops]);
    const stop = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', trailingDelta: 100 } as const;
    // The held info lists no stop types: refused after the check again, which finds them still missing.
    clock.advance(10_000);
    const refused = await rejectionOf<InvalidOrderError>(c.placeOrder(stop));
    expect([refused.field, refused.rule]).toEqual(['type', 'ORDER_TYPE']);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    // Binance enables stops but not trailing: refused on allowTrailingStop after one more read.
    listing.symbols = [{ ...noStops, orderTypes: [...noStops.orderTypes, 'STOP_LOSS'] }];
    clock.advance(10_000);
    const noTrailing = await rejectionOf<InvalidOrderError>(c.placeOrder(stop));
    expect([noTrailing.field, noTrailing.rule]).toEqual(['trailingDelta', 'TRAILING_STOP']);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
    // Then trailing too: the held info still says no, the fresh read says yes, and the order goes.
    listing.symbols = [{ ...noStops, orderTypes: [...noStops.orderTypes, 'STOP_LOSS'], allowTrailingStop: true }];
    clock.advance(10_000);
    const order = await c.placeOrder(stop);
    expect(order.symbol).toBe('BTCUSDT');
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(4);
    const sent = rest.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order').map((r) => r.params);
    expect(sent.map((p) => [p.get('type'), p.get('trailingDelta'), p.get('stopPrice'), p.get('newOrderRespType')])).toEqual([['STOP_LOSS', '100', null, 'FULL']]);
  });

  it('walks the fills of a symbol listed since connecting: tradeHistory reads the listing again as every other method does', async () => {
    const { rest, c, clock, listing } = await setup();
    listing.symbols = [BTC, NEW_LISTING];
    clock.advance(10_000);
    const fills = [];
    for await (const fill of c.tradeHistory('NEWUSDT', { startTime: clock.now() - 3_600_000, endTime: clock.now() })) fills.push(fill);
    expect(fills).toEqual([]);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    expect(rest.requests.filter((r) => r.path === '/api/v3/myTrades').map((r) => r.params.get('symbol'))).toEqual(['NEWUSDT']);
  });

  it('places an OCO once a fresh read shows the symbol allows order lists, refused before that on ocoAllowed', async () => {
    const noLists = { ...BTC, ocoAllowed: false, otoAllowed: false };
    const { rest, c, clock, listing } = await setup([noLists]);
    const oco = {
      type: 'OCO', symbol: 'BTCUSDT', side: 'SELL', quantity: '0.001',
      above: { type: 'LIMIT_MAKER', price: '60000' }, below: { type: 'STOP_LOSS', stopPrice: '40000' },
    } as const;
    clock.advance(10_000);
    const refused = await rejectionOf<InvalidOrderError>(c.placeOrderList(oco));
    expect([refused.field, refused.rule]).toEqual(['type', 'ORDER_LIST']);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    listing.symbols = [{ ...noLists, ocoAllowed: true }];
    clock.advance(10_000);
    await rejectionOf(c.placeOrderList(oco));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
    expect(rest.count('POST /api/v3/orderList/oco')).toBe(1);
  });

  it('places an OPO once a fresh read shows the symbol allows it, refused before that on opoAllowed', async () => {
    const noOpo = { ...BTC, opoAllowed: false };
    const { rest, c, clock, listing } = await setup([noOpo]);
    const opo = {
      type: 'OPO', symbol: 'BTCUSDT',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.001', price: '40000' }, pending: { type: 'LIMIT_MAKER', price: '60000' },
    } as const;
    clock.advance(10_000);
    const refused = await rejectionOf<InvalidOrderError>(c.placeOrderList(opo));
    expect([refused.field, refused.rule, refused.message]).toEqual(['type', 'ORDER_LIST', 'type: OPO order lists are not allowed on BTCUSDT (opoAllowed is false)']);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    listing.symbols = [{ ...noOpo, opoAllowed: true }];
    clock.advance(10_000);
    await rejectionOf(c.placeOrderList(opo));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
    expect(rest.count('POST /api/v3/orderList/opo')).toBe(1);
  });

  it.each([
    ['an iceberg on an order of the list', { icebergAllowed: false }, { icebergAllowed: true }, 'working.icebergQuantity', 'ICEBERG'],
    ['the list\'s STP mode', { allowedSelfTradePreventionModes: ['NONE'] }, { allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_BOTH'] }, 'selfTradePreventionMode', 'STP_MODE'],
  ])('places an OTO with %s once a fresh read allows it, refused before that', async (_name, refusing, allowing, field, rule) => {
    const { rest, c, clock, listing } = await setup([{ ...BTC, ...refusing }]);
    const oto = {
      type: 'OTO', symbol: 'BTCUSDT', selfTradePreventionMode: 'EXPIRE_BOTH',
      working: { type: 'LIMIT', side: 'BUY', quantity: '0.001', price: '40000', icebergQuantity: '0.0005' },
      pending: { type: 'LIMIT_MAKER', side: 'SELL', quantity: '0.001', price: '60000' },
    } as const;
    clock.advance(10_000);
    const refused = await rejectionOf<InvalidOrderError>(c.placeOrderList(oto));
    expect([refused.field, refused.rule]).toEqual([field, rule]);
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    listing.symbols = [{ ...BTC, ...allowing }];
    clock.advance(10_000);
    await rejectionOf(c.placeOrderList(oto));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(3);
    expect(rest.count('POST /api/v3/orderList/oto')).toBe(1);
  });

  it('does not read again for a refusal no listing or filter could lift (a missing price)', async () => {
    const { rest, c, clock } = await setup();
    clock.advance(10_000);
    const error = await rejectionOf(c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001' } as never));
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect((error as InvalidOrderError).rule).toBe('REQUIRED');
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(1);
  });

  it('reads exchangeInfo again every 10 minutes while connected, and stops on disconnect', async () => {
    const { rest, c, clock } = await setup();
    clock.advance(10 * 60_000);
    for (let i = 0; i < 50 && rest.count('GET /api/v3/exchangeInfo') < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
    await c.disconnect();
    clock.advance(30 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rest.count('GET /api/v3/exchangeInfo')).toBe(2);
  });
});
