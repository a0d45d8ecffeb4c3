/**
 * The clients compared, each pointed at one simulator and given the same small interface:
 * `ticker()`, `orderBook()`, `klines(startTime, endTime)` for one page, `close()`.
 * Peers are configured as their documentation says for a custom base URL, and never reach
 * anything but the simulator.
 */
import { createRequire } from 'node:module';
import { request, Agent } from 'undici';

const require = createRequire(import.meta.url);

export const SYMBOL = 'BTCUSDT';
export const CCXT_SYMBOL = 'BTC/USDT';
export const DEPTH_LIMIT = 100;

/** The peers in the order the tables show them. */
export const PEERS = ['ccxt', 'binance', '@binance/spot'];

/** Our connector, connected. */
export async function createOurs(sim, extra = {}) {
  const { BinanceConnector } = await import('../../dist/index.js');
  const connector = new BinanceConnector({
    environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
    apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret, ...extra,
  });
  await connector.connect();
  return {
    name: 'ours',
    connector,
    ticker: () => connector.getTicker(SYMBOL),
    orderBook: () => connector.getOrderBook(SYMBOL, DEPTH_LIMIT),
    close: () => connector.disconnect(),
  };
}

/** ccxt's `binance` with every API URL on the simulator, spot markets only, no currency or margin calls at load. */
export async function createCcxt(sim, extra = {}) {
  const ccxt = (await import('ccxt')).default;
  const defaults = new ccxt.binance();
  const api = {};
  for (const [key, url] of Object.entries(defaults.urls.api)) {
    api[key] = typeof url === 'string' ? url.replace(/^https?:\/\/[^/]+/, sim.restUrl) : url;
  }
  const v3 = `${sim.restUrl}/api/v3`;
  const exchange = new ccxt.binance({
    apiKey: sim.account.apiKey, secret: sim.account.apiSecret,
    enableRateLimit: false,
    urls: { api: { ...api, public: v3, private: v3, v3 } },
    options: {
      fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false,
      adjustForTimeDifference: false, warnOnFetchOpenOrdersWithoutSymbol: false,
    },
    ...extra,
  });
  await exchange.loadMarkets();
  return {
    name: 'ccxt',
    exchange,
    ticker: () => exchange.fetchTicker(CCXT_SYMBOL),
    orderBook: () => exchange.fetchOrderBook(CCXT_SYMBOL, DEPTH_LIMIT),
    close: () => exchange.close?.(),
  };
}

/** The `binance` SDK's MainClient on the simulator, without time sync. */
export async function createBinanceSdk(sim, extra = {}) {
  const { MainClient } = require('binance');
  const client = new MainClient({
    api_key: sim.account.apiKey, api_secret: sim.account.apiSecret, baseUrl: sim.restUrl, disableTimeSync: true, ...extra,
  });
  return {
    name: 'binance',
    client,
    ticker: () => client.get24hrChangeStatistics({ symbol: SYMBOL }),
    orderBook: () => client.getOrderBook({ symbol: SYMBOL, limit: DEPTH_LIMIT }),
    close: async () => {},
  };
}

/** The official `@binance/spot` with its REST base path on the simulator. */
export async function createSpot(sim, extra = {}) {
  const { Spot } = await import('@binance/spot');
  const spot = new Spot({
    configurationRestAPI: { apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret, basePath: sim.restUrl, ...extra },
  });
  return {
    name: '@binance/spot',
    spot,
    ticker: async () => (await spot.restAPI.ticker24hr({ symbol: SYMBOL })).data(),
    orderBook: async () => (await spot.restAPI.depth({ symbol: SYMBOL, limit: DEPTH_LIMIT })).data(),
    close: async () => {},
  };
}

/** The floor: a bare undici request to the same URL, body parsed with JSON.parse. */
export async function createBareUndici(sim) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const get = async (url) => {
    const response = await request(url, { dispatcher: agent });
    return JSON.parse(await response.body.text());
  };
  const tickerUrl = `${sim.restUrl}/api/v3/ticker/24hr?symbol=${SYMBOL}`;
  const depthUrl = `${sim.restUrl}/api/v3/depth?symbol=${SYMBOL}&limit=${DEPTH_LIMIT}`;
  return {
    name: 'bare undici',
    ticker: () => get(tickerUrl),
    orderBook: () => get(depthUrl),
    close: () => agent.close(),
  };
}

/** Every REST client by name. */
export const CLIENT_FACTORIES = {
  ours: createOurs,
  ccxt: createCcxt,
  binance: createBinanceSdk,
  '@binance/spot': createSpot,
  'bare undici': createBareUndici,
};
