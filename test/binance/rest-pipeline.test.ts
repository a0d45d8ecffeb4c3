import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import {
  AuthenticationError, ConnectionError, ExchangeUnavailableError, InvalidArgumentError, NotConnectedError, RateLimitError,
} from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { FakeClock } from '../support/fake-clock.js';
import { until } from '../support/until.js';
import { rejectionOf } from './support/rejection.js';
import { startLocalExchange, type Handler, type LocalExchange } from './support/local-exchange.js';

const TICKER = {
  symbol: 'BTCUSDT', priceChange: '1.00', priceChangePercent: '0.002', weightedAvgPrice: '50000.00', prevClosePrice: '49999.00',
  lastPrice: '50000.10', lastQty: '0.1', bidPrice: '50000.00', bidQty: '1', askPrice: '50000.20', askQty: '1', openPrice: '49999.10',
  highPrice: '50100.00', lowPrice: '49900.00', volume: '12.5', quoteVolume: '625000.00', openTime: 1, closeTime: 2, firstId: 1, lastId: 2, count: 2,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function exchangeWith(handler: Handler): Promise<LocalExchange> {
  const ex = await startLocalExchange(handler);
  cleanups.push(() => ex.close());
  return ex;
}

async function connected(ex: LocalExchange, options: Partial<BinanceConnectorOptions> = {}): Promise<BinanceConnector> {
  const c = new BinanceConnector({
    environment: 'sim', restUrl: ex.url, apiKey: 'k', apiSecret: 's', retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options,
  });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return c;
}

describe('connect and lifecycle', () => {
  it('pings, measures the clock offset, loads exchangeInfo and its rate limits', async () => {
    const ex = await exchangeWith(() => undefined);
    const c = await connected(ex);
    expect(ex.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v3/ping', 'GET /api/v3/time', 'GET /api/v3/exchangeInfo']);
    const m = c.metrics();
    expect(m.rateLimits.windows.map((w) => [w.id, w.limit, w.intervalMs])).toEqual([
      ['REQUEST_WEIGHT_1M', 6000, 60_000], ['ORDERS_10S', 50, 10_000], ['ORDERS_1D', 160_000, 86_400_000], ['RAW_REQUESTS_5M', 300_000, 300_000],
    ]);
    expect(m.time.syncs).toBe(1);
    expect(Math.abs(c.timeOffsetMs())).toBeLessThan(1000);
    expect(c.getSymbolInfo('BTCUSDT').filters.price?.tickSize.toFixed()).toBe('0.01');
  });

  it('fails calls before connect and after disconnect, and can connect again', async () => {
    const ex = await exchangeWith(() => undefined);
    const c = new BinanceConnector({ environment: 'sim', restUrl: ex.url });
    cleanups.push(() => c.disconnect());
    await expect(c.getTicker('BTCUSDT')).rejects.toBeInstanceOf(NotConnectedError);
    await c.connect();
    await c.disconnect();
    expect(c.isConnected()).toBe(false);
    await expect(c.getServerTime()).rejects.toBeInstanceOf(NotConnectedError);
    await c.connect();
    expect(await c.getServerTime()).toBeGreaterThan(1_700_000_000_000);
  });

  it('fails connect with ConnectionError when nothing listens', async () => {
    const ex = await startLocalExchange();
    await ex.close();
    const c = new BinanceConnector({ environment: 'sim', restUrl: ex.url, retry: { maxRetries: 0 } });
    await expect(c.connect()).rejects.toBeInstanceOf(ConnectionError);
    expect(c.isConnected()).toBe(false);
  });
});

describe('rate limits', () => {
  it('adopts the server\'s used weight from the response headers', async () => {
    const ex = await exchangeWith((req) => (req.path === '/api/v3/ticker/24hr' ? { body: TICKER, headers: { 'X-MBX-USED-WEIGHT-1M': '5432' } } : undefined));
    const c = await connected(ex);
    await c.getTicker('BTCUSDT');
    expect(c.metrics().rateLimits.windows.find((w) => w.id === 'REQUEST_WEIGHT_1M')?.used).toBe(5432);
  });

  it('waits out a 429 Retry-After and retries a read once', async () => {
    let calls = 0;
    const ex = await exchangeWith((req) => {
      if (req.path !== '/api/v3/ticker/24hr') return undefined;
      calls += 1;
      return calls === 1
        ? { status: 429, headers: { 'Retry-After': '1' }, body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' } }
        : { body: TICKER };
    });
    const clock = new FakeClock(Date.now());
    const c = await connected(ex, { clock });
    const reading = c.getTicker('BTCUSDT');
    await until(() => clock.pendingDelays().includes(1_000));
    await clock.tick(999);
    expect(ex.count('GET /api/v3/ticker/24hr')).toBe(1);
    await clock.tick(1);
    const ticker = await reading;
    expect(ticker.lastPrice.toFixed()).toBe('50000.1');
    const m = c.metrics();
    expect([m.rateLimited, m.retries, ex.count('GET /api/v3/ticker/24hr')]).toEqual([1, 1, 2]);
  });

  it('after a 418 ban, fails at once with RateLimitError and sends nothing until it ends', async () => {
    const ex = await exchangeWith((req) => (req.path === '/api/v3/ticker/24hr'
      ? { status: 418, headers: { 'Retry-After': '120' }, body: { code: -1003, msg: 'Way too much request weight used; IP banned until 1900000000000. Please use WebSocket Streams for live updates to avoid bans.' } }
      : undefined));
    const c = await connected(ex);
    const first = await rejectionOf<RateLimitError>(c.getTicker('BTCUSDT'));
    expect(first).toBeInstanceOf(RateLimitError);
    expect([first.banned, first.retryAfterMs, first.exchangeCode, first.httpStatus]).toEqual([true, 120_000, -1003, 418]);
    const sent = ex.requests.length;
    const second = await rejectionOf<RateLimitError>(c.getServerTime());
    expect(second).toBeInstanceOf(RateLimitError);
    expect(second.banned).toBe(true);
    expect(second.retryAfterMs).toBeGreaterThan(119_000);
    expect(ex.requests.length).toBe(sent);
    expect(c.metrics().banned).toBe(1);
    expect(c.metrics().rateLimits.pausedUntil).toBeGreaterThan(Date.now() + 119_000);
  });
});

describe('retries and errors', () => {
  it('retries an idempotent read after 503s', async () => {
    let calls = 0;
    const ex = await exchangeWith((req) => {
      if (req.path !== '/api/v3/depth') return undefined;
      calls += 1;
      return calls < 3 ? { status: 503, body: '' } : { body: { lastUpdateId: 9, bids: [['1.00', '2.0']], asks: [] } };
    });
    const c = await connected(ex);
    const book = await c.getOrderBook('BTCUSDT', 5);
    expect([book.lastUpdateId, book.bids[0]!.price.toFixed(), book.bids[0]!.quantity.toFixed()]).toEqual([9, '1', '2']);
    expect(ex.requests.filter((r) => r.path === '/api/v3/depth').map((r) => r.rawQuery)).toEqual(Array(3).fill('symbol=BTCUSDT&limit=5'));
    expect(c.metrics().retries).toBe(2);
  });

  it('gives up after the policy\'s retries with ExchangeUnavailableError', async () => {
    const ex = await exchangeWith((req) => (req.path === '/api/v3/depth' ? { status: 500, body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } } : undefined));
    const c = await connected(ex, { retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await rejectionOf<ExchangeUnavailableError>(c.getOrderBook('BTCUSDT'));
    expect(error).toBeInstanceOf(ExchangeUnavailableError);
    expect([error.exchangeCode, error.httpStatus]).toEqual([-1001, 500]);
    expect(ex.count('GET /api/v3/depth')).toBe(3);
  });

  it('resyncs the clock and retries once on -1021, signed with the new offset', async () => {
    let accountCalls = 0;
    const ex = await exchangeWith((req) => {
      // The server's clock is a minute ahead once the first attempt has been rejected.
      if (req.path === '/api/v3/time' && accountCalls > 0) return { body: { serverTime: Date.now() + 60_000 } };
      if (req.path !== '/api/v3/account') return undefined;
      accountCalls += 1;
      return accountCalls === 1
        ? { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } }
        : { body: { canTrade: true, updateTime: 1, accountType: 'SPOT', balances: [{ asset: 'USDT', free: '10.5', locked: '0' }] } };
    });
    const c = await connected(ex);
    const balances = await c.getBalance();
    expect([...balances].map(([a, v]) => [a, v.toFixed()])).toEqual([['USDT', '10.5']]);
    expect(ex.requests.map((r) => `${r.method} ${r.path}`).slice(3)).toEqual(['GET /api/v3/account', 'GET /api/v3/time', 'GET /api/v3/account']);
    const [first, second] = ex.requests.filter((r) => r.path === '/api/v3/account');
    // Re-signed after the resync: the timestamp carries the new offset (whatever the milliseconds between the attempts).
    expect(Number(second!.params.get('timestamp')) - Number(first!.params.get('timestamp'))).toBeGreaterThanOrEqual(59_000);
    expect(first!.params.get('signature')).not.toBe(second!.params.get('signature'));
    expect(c.metrics().timeResyncs).toBe(1);
  });

  it('reports a persistent -1021 as AuthenticationError after one resync', async () => {
    const ex = await exchangeWith((req) => (req.path === '/api/v3/account'
      ? { status: 400, body: { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." } }
      : undefined));
    const c = await connected(ex);
    const error = await rejectionOf<AuthenticationError>(c.getPositions());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("Timestamp for this request was 1000ms ahead of the server's time. (Binance code -1021, HTTP 400)");
    expect(ex.count('GET /api/v3/account')).toBe(2);
  });

  it('checks symbols, intervals and limits before sending', async () => {
    const ex = await exchangeWith(() => undefined);
    const c = await connected(ex);
    const sent = ex.requests.length;
    await expect(c.getTicker('NOPE')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(c.getCandles('BTCUSDT', '2m' as '1m')).rejects.toThrow('interval: must be one of 1s, 1m');
    await expect(c.getOrderBook('BTCUSDT', 0)).rejects.toThrow('limit: must be an integer from 1 to 5000, got 0');
    await expect(c.getOrder('12x', 'BTCUSDT')).rejects.toThrow('orderId: must be the numeric order id');
    expect(ex.requests.length).toBe(sent);
  });
});

describe('market-data fallback', () => {
  it('reads public market data from the fallback host when the REST host fails, never signed calls', async () => {
    const fallback = await exchangeWith((req) => (req.path === '/api/v3/ticker/24hr' ? { body: TICKER } : undefined));
    const main = await exchangeWith((req) => (req.path === '/api/v3/ticker/24hr' || req.path === '/api/v3/account' ? { status: 503, body: '' } : undefined));
    const c = await connected(main, { marketDataFallback: true, marketDataUrl: fallback.url, retry: { maxRetries: 0 } });
    expect((await c.getTicker('BTCUSDT')).lastPrice.toFixed()).toBe('50000.1');
    expect(fallback.count('GET /api/v3/ticker/24hr')).toBe(1);
    expect(fallback.requests.every((r) => r.headers['x-mbx-apikey'] === undefined)).toBe(true);
    await expect(c.getBalance()).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect(fallback.count('GET /api/v3/account')).toBe(0);
    expect(c.metrics().marketDataFallbacks).toBe(1);
  });

  it('is off by default', async () => {
    const main = await exchangeWith((req) => (req.path === '/api/v3/ticker/24hr' ? { status: 503, body: '' } : undefined));
    const c = await connected(main, { retry: { maxRetries: 0 } });
    await expect(c.getTicker('BTCUSDT')).rejects.toBeInstanceOf(ExchangeUnavailableError);
  });
});

describe('candles', () => {
  it('fetches a long range as parallel pages of 1000, in order and without duplicates', async () => {
    // Pages are held until four are in flight (or the last page arrives), so the count does not
    // depend on how fast this machine answers; a connector sending fewer at once is released by
    // the timer and fails the count instead of hanging.
    let inFlight = 0;
    let maxInFlight = 0;
    let arrived = 0;
    const held: (() => void)[] = [];
    const releaseAll = (): void => {
      for (const release of held.splice(0)) release();
    };
    const ex = await exchangeWith(async (req) => {
      if (req.path !== '/api/v3/klines') return undefined;
      arrived += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const released = new Promise<void>((resolve) => held.push(resolve));
      if (inFlight === 4 || arrived === 6) releaseAll();
      const timer = setTimeout(releaseAll, 2_000);
      await released;
      clearTimeout(timer);
      inFlight -= 1;
      return undefined;
    });
    const c = await connected(ex);
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000 * 60;
    const start = end - 60_000 * 5499;
    const candles = await c.getCandles('BTCUSDT', '1m', { startTime: start, endTime: end });
    expect(candles.length).toBe(5500);
    expect(candles[0]!.openTime).toBe(start);
    expect(candles.at(-1)!.openTime).toBe(end);
    expect(candles.every((candle, i) => i === 0 || candle.openTime - candles[i - 1]!.openTime === 60_000)).toBe(true);
    expect(candles.every((candle) => candle.closed)).toBe(true);
    expect(ex.count('GET /api/v3/klines')).toBe(6);
    expect(maxInFlight).toBe(4);
  });

  it('returns the last N candles when no start is given, paging backwards past 1000', async () => {
    const ex = await exchangeWith(() => undefined);
    const c = await connected(ex);
    const candles = await c.getCandles('BTCUSDT', '1m', { limit: 1500 });
    expect(candles.length).toBe(1500);
    expect(candles.every((candle, i) => i === 0 || candle.openTime - candles[i - 1]!.openTime === 60_000)).toBe(true);
    expect(candles.at(-1)!.closed).toBe(false);
    expect(ex.count('GET /api/v3/klines')).toBe(2);
  });

  it('streams history in order through the async iterator', async () => {
    const ex = await exchangeWith(() => undefined);
    const c = await connected(ex);
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000 * 10;
    const start = end - 60_000 * 2199;
    let count = 0;
    let previous = start - 60_000;
    for await (const candle of c.candleHistory('BTCUSDT', '1m', { startTime: start, endTime: end })) {
      expect(candle.openTime).toBe(previous + 60_000);
      previous = candle.openTime;
      count += 1;
    }
    expect([count, previous, ex.count('GET /api/v3/klines')]).toEqual([2200, end, 3]);
  });
});

describe('logging', () => {
  it('never writes the API key, secret or signature', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
    const ex = await exchangeWith((req) => (req.path === '/api/v3/account' ? { status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } } : undefined));
    const c = await connected(ex, { apiKey: 'KEY-abcdef', apiSecret: 'SECRET-123456', logger: createLogger({ level: 'trace', destination }) });
    await expect(c.getBalance()).rejects.toBeInstanceOf(AuthenticationError);
    const signature = ex.requests.find((r) => r.path === '/api/v3/account')!.params.get('signature')!;
    const log = lines.join('');
    expect(log).toContain('GET /api/v3/account');
    expect(log).not.toContain('KEY-abcdef');
    expect(log).not.toContain('SECRET-123456');
    expect(log).not.toContain(signature);
  });
});
