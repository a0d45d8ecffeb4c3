import { BinanceConnector } from '../../../src/binance/connector.js';
import { FakeClock } from '../../support/fake-clock.js';
import { EXCHANGE_INFO, startLocalExchange, wireOrder, type Handler, type LocalExchange } from './local-exchange.js';

/** A local exchange whose exchangeInfo symbols a test changes (`listing.symbols`), and a connected connector on a fake clock. */
export interface ChangingListing {
  rest: LocalExchange;
  c: BinanceConnector;
  clock: FakeClock;
  listing: { symbols: unknown[] };
}

/**
 * Starts the exchange (exchangeInfo from `listing`, placements answered with a NEW order, other
 * paths from `more`) and connects a connector to it; `cleanups` gets what closes both.
 */
export async function connectToListing(symbols: unknown[], cleanups: (() => Promise<void>)[], more: Handler = () => undefined): Promise<ChangingListing> {
  const listing = { symbols };
  const rest = await startLocalExchange((req) => {
    if (req.path === '/api/v3/exchangeInfo') return { body: { ...EXCHANGE_INFO, symbols: listing.symbols, serverTime: Date.now() } };
    if (req.method === 'POST' && req.path === '/api/v3/order') return { body: { ...wireOrder({ clientOrderId: req.params.get('newClientOrderId')! }), symbol: req.params.get('symbol') } };
    return more(req);
  });
  cleanups.push(() => rest.close());
  const clock = new FakeClock(Date.now());
  const c = new BinanceConnector({ environment: 'sim', restUrl: rest.url, apiKey: 'k', apiSecret: 's', clock });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return { rest, c, clock, listing };
}
