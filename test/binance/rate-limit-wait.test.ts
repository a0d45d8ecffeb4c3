import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { resolveOptions, type BinanceConnectorOptions } from '../../src/binance/options.js';
import { ConfigurationError, RateLimitError } from '../../src/core/errors.js';
import { FakeClock } from '../support/fake-clock.js';
import { until } from '../support/until.js';
import { startLocalExchange, type LocalExchange } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

const TICKER = {
  symbol: 'BTCUSDT', priceChangePercent: '0.002', lastPrice: '50000.10', bidPrice: '50000.00', askPrice: '50000.20', openPrice: '49999.10',
  highPrice: '50100.00', lowPrice: '49900.00', volume: '12.5', quoteVolume: '625000.00', closeTime: 2,
};
const LIMITED = { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local exchange whose first ticker answer is a 429 asking to wait `retryAfterSeconds`. */
async function limitedOnce(retryAfterSeconds: number): Promise<LocalExchange> {
  let calls = 0;
  const ex = await startLocalExchange((req) => {
    if (req.path !== '/api/v3/ticker/24hr') return undefined;
    calls += 1;
    return calls === 1 ? { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) }, body: LIMITED } : { body: TICKER };
  });
  cleanups.push(() => ex.close());
  return ex;
}

async function connected(ex: LocalExchange, options: Partial<BinanceConnectorOptions>): Promise<BinanceConnector> {
  const c = new BinanceConnector({ environment: 'sim', restUrl: ex.url, ...options });
  cleanups.push(() => c.disconnect());
  await c.connect();
  return c;
}

describe('one option for the longest rate-limit wait: retry.maxRetryAfterMs', () => {
  it('waits out a 429 asking for 60 s by default (up to 120 s) and retries the read', async () => {
    const clock = new FakeClock(Date.now());
    const ex = await limitedOnce(60);
    const c = await connected(ex, { clock });
    const ticker = c.getTicker('BTCUSDT');
    await until(() => clock.pendingDelays().includes(60_000));
    await clock.tick(60_000);
    expect((await ticker).lastPrice.toFixed()).toBe('50000.1');
    expect([c.metrics().retries, ex.count('GET /api/v3/ticker/24hr')]).toEqual([1, 2]);
  });

  it('hands a 429 asking for more than retry.maxRetryAfterMs to the caller at once, and fails requests queued behind that pause', async () => {
    const clock = new FakeClock(Date.now());
    const ex = await limitedOnce(60);
    const c = await connected(ex, { clock, retry: { maxRetryAfterMs: 2_000 } });
    const error = await rejectionOf<RateLimitError>(c.getTicker('BTCUSDT'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(60_000);
    const queued = await rejectionOf<RateLimitError>(c.getServerTime());
    expect(queued).toBeInstanceOf(RateLimitError);
    expect([c.metrics().retries, ex.count('GET /api/v3/ticker/24hr'), ex.count('GET /api/v3/time')]).toEqual([0, 1, 1]);
  });

  it('refuses the former second option, maxRateLimitWaitMs, naming the one that replaced it', () => {
    expect(() => resolveOptions({ environment: 'testnet', maxRateLimitWaitMs: 10_000 } as BinanceConnectorOptions))
      .toThrow(new ConfigurationError('maxRateLimitWaitMs: no longer an option; retry.maxRetryAfterMs sets the longest rate-limit wait (default 120000)'));
  });
});
