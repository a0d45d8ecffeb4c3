import { Spot } from '@binance/spot';
import { MainClient } from 'binance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call } from '../support.js';
import { startClientSim, type Body, type ClientSim } from './client-support.js';

/**
 * The official `@binance/spot` and the `binance` SDK, unchanged but for their URLs: several 24-hour
 * tickers in one request (each SDK encodes `symbols` its own way), book tickers of several symbols,
 * and aggregate trades by id and by time.
 */

let env: ClientSim;
let spot: Spot;
let client: MainClient;

beforeAll(async () => {
  env = await startClientSim(21);
  spot = new Spot({ configurationRestAPI: { apiKey: '', apiSecret: '', basePath: env.sim.restUrl } });
  client = new MainClient({ baseUrl: env.sim.restUrl, disableTimeSync: true });
});
afterAll(async () => {
  await env.sim.close();
});

const raw = async <T>(path: string): Promise<T> => (await call(`${env.sim.restUrl}${path}`)).body as T;
const SYMBOLS = '%5B%22BTCUSDT%22,%22ETHUSDT%22%5D';
/** The symbol and field names of a ticker. */
const shape = (ticker: Body): [unknown, string[]] => [ticker.symbol, Object.keys(ticker).sort()];

describe('@binance/spot market data', () => {
  test('ticker24hr with symbols, tickerBookTicker with symbols and aggTrades by id and by time', async () => {
    // The market moves under the two reads: their shapes and symbols are compared, not their values.
    const tickers = await (await spot.restAPI.ticker24hr({ symbols: ['BTCUSDT', 'ETHUSDT'] })).data() as Body[];
    expect(tickers.map(shape)).toEqual((await raw<Body[]>(`/api/v3/ticker/24hr?symbols=${SYMBOLS}`)).map(shape));
    expect(tickers.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const books = await (await spot.restAPI.tickerBookTicker({ symbols: ['BTCUSDT', 'ETHUSDT'] })).data() as Body[];
    expect(books.map(shape)).toEqual((await raw<Body[]>(`/api/v3/ticker/bookTicker?symbols=${SYMBOLS}`)).map(shape));
    expect(books.every((b) => Number(b.bidPrice) < Number(b.askPrice))).toBe(true);
    const recent = await (await spot.restAPI.aggTrades({ symbol: 'BTCUSDT', limit: 5 })).data();
    expect(recent).toHaveLength(5);
    const fromId = await (await spot.restAPI.aggTrades({ symbol: 'BTCUSDT', fromId: Number(recent[1]!.a), limit: 3 })).data();
    expect(fromId).toEqual(recent.slice(1, 4));
    const startTime = Number(recent[0]!.T) - 7_200_000;
    const byTime = await (await spot.restAPI.aggTrades({ symbol: 'BTCUSDT', startTime, endTime: Number(recent[0]!.T), limit: 2 })).data();
    expect(byTime).toHaveLength(2);
    expect(Number(byTime[0]!.T)).toBeGreaterThanOrEqual(startTime);
  });
});

describe('the binance SDK market data', () => {
  test('get24hrChangeStatistics with symbols, getSymbolOrderBookTicker with symbols and getAggregateTrades by id and by time', async () => {
    const tickers = await client.get24hrChangeStatistics({ symbols: ['BTCUSDT', 'ETHUSDT'] });
    expect(tickers.map((t) => shape(t as unknown as Body))).toEqual((await raw<Body[]>(`/api/v3/ticker/24hr?symbols=${SYMBOLS}`)).map(shape));
    const books = await client.getSymbolOrderBookTicker({ symbols: ['BTCUSDT', 'ETHUSDT'] }) as unknown as Body[];
    expect(books.map((b) => b.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(books.every((b) => Number(b.bidPrice) < Number(b.askPrice))).toBe(true);
    const recent = await client.getAggregateTrades({ symbol: 'BTCUSDT', limit: 5 });
    expect(recent).toHaveLength(5);
    const fromId = await client.getAggregateTrades({ symbol: 'BTCUSDT', fromId: recent[1]!.a, limit: 3 });
    expect(fromId).toEqual(recent.slice(1, 4));
    const startTime = recent[0]!.T - 7_200_000;
    const byTime = await client.getAggregateTrades({ symbol: 'BTCUSDT', startTime, endTime: recent[0]!.T, limit: 2 });
    expect(byTime).toHaveLength(2);
    expect(byTime[0]!.T).toBeGreaterThanOrEqual(startTime);
  });
});
