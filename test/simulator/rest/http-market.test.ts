import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call } from '../support.js';

const NOW = Date.UTC(2026, 4, 20, 15, 42, 17, 345);
let sim: SimulatorHandle;
let url: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, clock: { now: () => NOW } });
  url = sim.restUrl;
});
afterAll(async () => {
  await sim.close();
});

const get = (path: string) => call(`${url}${path}`);

describe('general endpoints', () => {
  test('ping and time, with the weight header on every response', async () => {
    const ping = await get('/api/v3/ping');
    expect([ping.status, ping.body]).toEqual([200, {}]);
    expect(ping.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(Number(ping.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(1);
    const before = Number(ping.headers.get('x-mbx-used-weight-1m'));
    const time = await get('/api/v3/time');
    expect(time.body).toEqual({ serverTime: NOW });
    expect(Number(time.headers.get('x-mbx-used-weight-1m'))).toBe(before + 1);
  });

  test('exchangeInfo has Binance top-level fields, the rate limits and BTCUSDT filters', async () => {
    const info = (await get('/api/v3/exchangeInfo')).body as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(['timezone', 'serverTime', 'rateLimits', 'exchangeFilters', 'symbols']);
    expect(info.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
    ]);
    const symbols = info.symbols as Record<string, unknown>[];
    expect(symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']);
    const btc = symbols[0]!;
    expect(btc).toMatchObject({
      status: 'TRADING', baseAsset: 'BTC', baseAssetPrecision: 8, quoteAsset: 'USDT', quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
      quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, isSpotTradingAllowed: true,
      permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'NONE',
    });
    expect(btc.filters).toEqual([
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      { filterType: 'ICEBERG_PARTS', limit: 100 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '120.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
      { filterType: 'MAX_NUM_ORDER_AMENDS', maxNumOrderAmends: 10 },
    ]);
  });

  test('exchangeInfo narrows by symbol and symbols, and rejects unknown or combined ones', async () => {
    const one = (await get('/api/v3/exchangeInfo?symbol=ETHBTC')).body as { symbols: { symbol: string }[] };
    expect(one.symbols.map((s) => s.symbol)).toEqual(['ETHBTC']);
    const two = (await get(`/api/v3/exchangeInfo?symbols=${encodeURIComponent('["BNBUSDT","BTCUSDT"]')}`)).body as { symbols: { symbol: string }[] };
    expect(two.symbols.map((s) => s.symbol)).toEqual(['BNBUSDT', 'BTCUSDT']);
    const bad = await get('/api/v3/exchangeInfo?symbol=DOGEUSDT');
    expect([bad.status, bad.body]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }]);
    const both = await get(`/api/v3/exchangeInfo?symbol=ETHBTC&symbols=${encodeURIComponent('["ETHBTC"]')}`);
    expect(both.body).toEqual({ code: -1128, msg: 'Combination of optional parameters invalid.' });
    const spot = (await get('/api/v3/exchangeInfo?permissions=SPOT')).body as { symbols: unknown[] };
    expect(spot.symbols).toHaveLength(4);
  });

  test('unknown paths are 404 and the removed listenKey endpoints 410', async () => {
    const missing = await get('/api/v3/nothing');
    expect([missing.status, missing.body]).toEqual([404, undefined]);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const gone = await call(`${url}/api/v3/userDataStream`, { method });
      expect(gone.status).toBe(410);
    }
  });
});

describe('klines', () => {
  type Row = [number, string, string, string, string, string, number, string, number, string, string, string];

  test('returns 500 rows by default, newest last and unfinished, in Binance row shape', async () => {
    const response = await get('/api/v3/klines?symbol=BTCUSDT&interval=1m');
    expect(response.headers.get('x-mbx-used-weight-1m')).not.toBeNull();
    const rows = response.body as Row[];
    expect(rows).toHaveLength(500);
    const last = rows[499]!;
    expect(last[0]).toBe(Date.UTC(2026, 4, 20, 15, 42));
    expect(last[6]).toBe(Date.UTC(2026, 4, 20, 15, 43) - 1);
    expect(last[11]).toBe('0');
    for (const index of [1, 2, 3, 4, 5, 7, 9, 10]) expect(last[index]).toMatch(/^\d+\.\d{8}$/);
    expect(typeof last[8]).toBe('number');
    expect(rows[498]![4]).toBe(last[1]);
  });

  test('limit is capped at 1000; startTime pages forward; uiKlines match klines', async () => {
    const rows = (await get(`/api/v3/klines?symbol=ETHUSDT&interval=1h&limit=5000&startTime=${Date.UTC(2025, 0, 1)}`)).body as Row[];
    expect(rows).toHaveLength(1000);
    expect(rows[0]![0]).toBe(Date.UTC(2025, 0, 1));
    expect(rows[999]![0]).toBe(Date.UTC(2025, 0, 1) + 999 * 3_600_000);
    const ui = (await get(`/api/v3/uiKlines?symbol=ETHUSDT&interval=1h&limit=5000&startTime=${Date.UTC(2025, 0, 1)}`)).body;
    expect(ui).toEqual(rows);
  });

  test('a daily candle in UTC+8 opens at 16:00 UTC the day before', async () => {
    const rows = (await get(`/api/v3/klines?symbol=BNBUSDT&interval=1d&timeZone=8&startTime=${Date.UTC(2025, 5, 1)}&limit=1`)).body as Row[];
    expect(rows[0]![0]).toBe(Date.UTC(2025, 5, 1, 16));
  });

  test('bad parameters get Binance errors', async () => {
    expect((await get('/api/v3/klines?symbol=BTCUSDT&interval=2m')).body).toEqual({ code: -1120, msg: 'Invalid interval.' });
    expect((await get('/api/v3/klines?interval=1m')).body)
      .toEqual({ code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
    expect((await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=10&endTime=5')).body)
      .toEqual({ code: -1023, msg: 'Start time is greater than end time.' });
    expect((await get('/api/v3/klines?symbol=BTCUSDT&interval=1m&symbol=ETHUSDT')).body)
      .toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
  });
});

describe('tickers, depth, trades', () => {
  test('24hr ticker: an object for symbol, an array otherwise, MINI without bid/ask', async () => {
    const full = (await get('/api/v3/ticker/24hr?symbol=BTCUSDT')).body as Record<string, unknown>;
    expect(Object.keys(full)).toEqual([
      'symbol', 'priceChange', 'priceChangePercent', 'weightedAvgPrice', 'prevClosePrice', 'lastPrice', 'lastQty',
      'bidPrice', 'bidQty', 'askPrice', 'askQty', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume',
      'openTime', 'closeTime', 'firstId', 'lastId', 'count',
    ]);
    expect([full.openTime, full.closeTime]).toEqual([NOW - 86_400_000, NOW]);
    const price = (await get('/api/v3/ticker/price?symbol=BTCUSDT')).body as { price: string };
    expect(full.lastPrice).toBe(price.price);
    expect(Number(full.highPrice)).toBeGreaterThanOrEqual(Number(full.lastPrice));
    const all = await get('/api/v3/ticker/24hr?type=MINI');
    expect(all.headers.get('x-mbx-used-weight-1m')).not.toBeNull();
    const minis = all.body as Record<string, unknown>[];
    expect(minis.map((m) => m.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']);
    expect(Object.keys(minis[0]!)).toEqual([
      'symbol', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice', 'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count',
    ]);
    expect((await get('/api/v3/ticker/24hr?type=HUGE&symbol=BTCUSDT')).body).toEqual({ code: -1139, msg: 'Invalid ticker type.' });
  });

  test('the 24hr window weighs 80 without symbols and 2 with one', async () => {
    const first = Number((await get('/api/v3/ping')).headers.get('x-mbx-used-weight-1m'));
    const all = Number((await get('/api/v3/ticker/24hr')).headers.get('x-mbx-used-weight-1m'));
    expect(all - first).toBe(80);
    const one = Number((await get('/api/v3/ticker/24hr?symbol=ETHBTC')).headers.get('x-mbx-used-weight-1m'));
    expect(one - all).toBe(2);
  });

  test('depth: best first on both sides, limit default 100, weight by limit', async () => {
    const base = Number((await get('/api/v3/ping')).headers.get('x-mbx-used-weight-1m'));
    const response = await get('/api/v3/depth?symbol=BTCUSDT');
    expect(Number(response.headers.get('x-mbx-used-weight-1m')) - base).toBe(5);
    const book = response.body as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    expect(book.bids).toHaveLength(50);
    expect(book.asks).toHaveLength(50);
    expect(Number(book.bids[0]![0])).toBeLessThan(Number(book.asks[0]![0]));
    expect(Number(book.bids[0]![0])).toBeGreaterThan(Number(book.bids[1]![0]));
    expect(Number(book.asks[0]![0])).toBeLessThan(Number(book.asks[1]![0]));
    const ticker = (await get('/api/v3/ticker/bookTicker?symbol=BTCUSDT')).body;
    expect(ticker).toEqual({ symbol: 'BTCUSDT', bidPrice: book.bids[0]![0], bidQty: book.bids[0]![1], askPrice: book.asks[0]![0], askQty: book.asks[0]![1] });
    const big = await get('/api/v3/depth?symbol=BTCUSDT&limit=5000');
    expect(Number(big.headers.get('x-mbx-used-weight-1m')) - Number(response.headers.get('x-mbx-used-weight-1m'))).toBe(250 + 2);
  });

  test('trades: the most recent, oldest first, none after now; avgPrice over 5 minutes', async () => {
    const trades = (await get('/api/v3/trades?symbol=ETHUSDT&limit=20')).body as { id: number; time: number; price: string; qty: string }[];
    expect(trades).toHaveLength(20);
    expect(trades.every((t, i) => i === 0 || t.id > trades[i - 1]!.id)).toBe(true);
    expect(trades.every((t) => t.time <= NOW)).toBe(true);
    expect(Object.keys(trades[0]!)).toEqual(['id', 'price', 'qty', 'quoteQty', 'time', 'isBuyerMaker', 'isBestMatch']);
    const avg = (await get('/api/v3/avgPrice?symbol=ETHUSDT')).body as { mins: number; price: string; closeTime: number };
    expect(avg.mins).toBe(5);
    expect(avg.price).toMatch(/^\d+\.\d{8}$/);
    // rest-api.md: closeTime is the last trade's time.
    const [last] = (await get('/api/v3/trades?symbol=ETHUSDT&limit=1')).body as { time: number }[];
    expect(avg.closeTime).toBe(last!.time);
  });

  test('historicalTrades pages forward from an id without gaps or overlaps, matching recent trades', async () => {
    const recent = (await get('/api/v3/trades?symbol=BNBUSDT&limit=30')).body as { id: number }[];
    const fromId = recent[0]!.id;
    const first = (await get(`/api/v3/historicalTrades?symbol=BNBUSDT&fromId=${fromId}&limit=10`)).body as { id: number }[];
    expect(first.map((t) => t.id)).toEqual(recent.slice(0, 10).map((t) => t.id));
    const next = (await get(`/api/v3/historicalTrades?symbol=BNBUSDT&fromId=${first[9]!.id + 1}&limit=20`)).body as { id: number }[];
    expect(next).toEqual(recent.slice(10, 30));
  });

  test('aggTrades: the compact shape, by id, by time, and no window limit since 2026-02-12', async () => {
    const recent = (await get('/api/v3/aggTrades?symbol=BTCUSDT&limit=5')).body as Record<string, unknown>[];
    expect(recent).toHaveLength(5);
    expect(Object.keys(recent[0]!)).toEqual(['a', 'p', 'q', 'f', 'l', 'T', 'm', 'M']);
    expect(recent[4]!.T as number).toBeLessThanOrEqual(NOW);
    const byId = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=${recent[1]!.a as number}&limit=2`)).body;
    expect(byId).toEqual(recent.slice(1, 3));
    const start = NOW - 600_000;
    const byTime = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${start}&limit=3`)).body as { T: number }[];
    expect(byTime).toHaveLength(3);
    expect(byTime[0]!.T).toBeGreaterThanOrEqual(start);
    expect(byTime[0]!.T).toBeLessThan(start + 1000);
    // CHANGELOG 2026-02-12: startTime and endTime may be used alone, and the 1-hour limit is gone.
    const wide = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&startTime=${start - 7_200_000}&endTime=${start}&limit=2`)).body as { T: number }[];
    expect(wide).toHaveLength(2);
    expect(wide[0]!.T).toBeLessThan(start - 7_200_000 + 1000);
    const before = (await get(`/api/v3/aggTrades?symbol=BTCUSDT&endTime=${start}&limit=2`)).body as { T: number }[];
    expect(before.map((t) => t.T <= start)).toEqual([true, true]);
    expect(before[1]!.T).toBeGreaterThan(start - 1000);
    expect((await get(`/api/v3/aggTrades?symbol=BTCUSDT&fromId=1&startTime=${start}`)).body)
      .toEqual({ code: -1128, msg: 'Combination of optional parameters invalid.' });
  });
});

describe('symbolStatus on the ticker endpoints', () => {
  test('a single symbol whose status does not match is -1220; several or all leave it out; an unknown status is -1122', async () => {
    for (const path of ['ticker/24hr', 'ticker/price', 'ticker/bookTicker', 'ticker']) {
      expect((await get(`/api/v3/${path}?symbol=BTCUSDT&symbolStatus=HALT`)).body, path)
        .toEqual({ code: -1220, msg: "The symbol's status does not match the requested symbolStatus." });
      expect((await get(`/api/v3/${path}?symbols=%5B%22BTCUSDT%22,%22ETHBTC%22%5D&symbolStatus=BREAK`)).body, path).toEqual([]);
      const trading = (await get(`/api/v3/${path}?symbols=%5B%22BTCUSDT%22,%22ETHBTC%22%5D&symbolStatus=TRADING`)).body as { symbol: string }[];
      expect(trading.map((t) => t.symbol), path).toEqual(['BTCUSDT', 'ETHBTC']);
      expect((await get(`/api/v3/${path}?symbol=BTCUSDT&symbolStatus=OPEN`)).body, path).toEqual({ code: -1122, msg: 'Invalid symbolStatus.' });
    }
    expect((await get('/api/v3/ticker/bookTicker?symbolStatus=HALT')).body).toEqual([]);
  });
});

describe('more endpoints', () => {
  test('the rolling-window ticker: windowSize, MINI, and symbol or symbols required', async () => {
    const hour = (await get('/api/v3/ticker?symbol=ETHUSDT&windowSize=1h')).body as Record<string, unknown>;
    expect(Object.keys(hour)).toEqual([
      'symbol', 'priceChange', 'priceChangePercent', 'weightedAvgPrice', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice',
      'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count',
    ]);
    expect([hour.openTime, hour.closeTime]).toEqual([NOW - 3_600_000, NOW]);
    const day = (await get('/api/v3/ticker?symbol=ETHUSDT')).body as Record<string, unknown>;
    const full = (await get('/api/v3/ticker/24hr?symbol=ETHUSDT')).body as Record<string, unknown>;
    expect([day.volume, day.count, day.openPrice]).toEqual([full.volume, full.count, full.openPrice]);
    expect(Number(day.count)).toBeGreaterThan(Number(hour.count));
    expect((await get('/api/v3/ticker?windowSize=1h')).body)
      .toEqual({ code: -1102, msg: "Param 'symbol' or 'symbols' must be sent, but both were empty/null!" });
    expect((await get('/api/v3/ticker?symbol=ETHUSDT&windowSize=8d')).body)
      .toEqual({ code: -1130, msg: "Data sent for parameter 'windowSize' is not valid." });
  });

  test('X-MBX-TIME-UNIT: MICROSECOND gives every time field in microseconds', async () => {
    const headers = { 'X-MBX-TIME-UNIT': 'MICROSECOND' };
    expect((await call(`${url}/api/v3/time`, { headers })).body).toEqual({ serverTime: NOW * 1000 });
    const [row] = (await call(`${url}/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1&startTime=${Date.UTC(2025, 0, 1)}`, { headers })).body as number[][];
    expect([row![0], row![6]]).toEqual([Date.UTC(2025, 0, 1) * 1000, (Date.UTC(2025, 0, 1, 1) - 1) * 1000 + 999]);
    const bad = await call(`${url}/api/v3/time`, { headers: { 'X-MBX-TIME-UNIT': 'NANOSECOND' } });
    expect([bad.status, bad.body]).toEqual([400, { code: -1194, msg: 'Invalid time unit provided.' }]);
  });
});
