import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call } from '../support.js';
import { connectCcxt, startClientSim, type Body, type ClientSim } from './client-support.js';

/**
 * ccxt's binance and binance pro, unchanged but for their URLs: several tickers in one request,
 * the best bids and asks over REST, and as they change over the book ticker streams.
 */

let env: ClientSim;
let exchange: InstanceType<typeof ccxt.binance>;

beforeAll(async () => {
  env = await startClientSim(17);
  exchange = await connectCcxt(env.sim.restUrl);
});
afterAll(async () => {
  await exchange.close();
  await env.sim.close();
});

const raw = async <T>(path: string): Promise<T> => (await call(`${env.sim.restUrl}${path}`)).body as T;

describe('ccxt market data', () => {
  test('fetchTickers reads the named symbols in one request, with the values ticker/24hr answers', async () => {
    const tickers = await exchange.fetchTickers(['BTC/USDT', 'ETH/BTC']);
    expect(Object.keys(tickers).sort()).toEqual(['BTC/USDT', 'ETH/BTC']);
    const wire = await raw<Body[]>('/api/v3/ticker/24hr?symbols=%5B%22BTCUSDT%22,%22ETHBTC%22%5D');
    for (const w of wire) {
      const ticker = tickers[w.symbol === 'BTCUSDT' ? 'BTC/USDT' : 'ETH/BTC']!;
      expect([ticker.last, ticker.bid, ticker.ask, ticker.baseVolume, ticker.percentage])
        .toEqual([Number(w.lastPrice), Number(w.bidPrice), Number(w.askPrice), Number(w.volume), Number(w.priceChangePercent)]);
    }
    expect(Object.keys(await exchange.fetchTickers()).sort()).toEqual(['BNB/USDT', 'BTC/USDT', 'ETH/BTC', 'ETH/USDT']);
  });

  test('fetchBidsAsks reads the book tickers of the named symbols', async () => {
    const books = await exchange.fetchBidsAsks(['BTC/USDT', 'ETH/USDT']);
    expect(Object.keys(books).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const wire = await raw<Body>('/api/v3/ticker/bookTicker?symbol=BTCUSDT');
    const btc = books['BTC/USDT']!;
    expect([btc.bid, btc.bidVolume, btc.ask, btc.askVolume]).toEqual([Number(wire.bidPrice), Number(wire.bidQty), Number(wire.askPrice), Number(wire.askQty)]);
    expect(btc.bid!).toBeLessThan(btc.ask!);
  });

  test('watchBidsAsks follows the best bid and ask over the book ticker streams', async () => {
    const pro = new ccxt.pro.binance({
      urls: { ...exchange.urls, api: { ...(exchange.urls.api as Record<string, unknown>), ws: { spot: `${env.sim.wsStreamUrl}/ws` } } },
      options: exchange.options, enableRateLimit: false,
    });
    pro.setMarkets(Object.values(exchange.markets!), exchange.currencies as unknown as undefined);
    await pro.loadHttpProxyAgent();
    try {
      // Two symbols, each watched on its own: an update carries only the symbol that changed.
      const [btc, eth] = await Promise.all([pro.watchBidsAsks(['BTC/USDT']), pro.watchBidsAsks(['ETH/USDT'])]);
      for (const [symbol, update] of [['BTC/USDT', btc], ['ETH/USDT', eth]] as const) {
        expect(Object.keys(update)).toEqual([symbol]);
        const ticker = update[symbol]!;
        expect(ticker.bid!).toBeLessThan(ticker.ask!);
        expect(ticker.bidVolume! > 0 && ticker.askVolume! > 0).toBe(true);
      }
      // The next change of BTC/USDT arrives too.
      const next = await pro.watchBidsAsks(['BTC/USDT']);
      expect(next['BTC/USDT']!.info).not.toEqual(btc['BTC/USDT']!.info);
    } finally {
      await pro.close();
    }
  });
});
