import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { resolveOptions } from '../../src/binance/options.js';
import { ExchangeUnavailableError } from '../../src/core/errors.js';
import { startLocalExchange, type LocalExchange } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('market-data fallback only where the data is the same exchange\'s', () => {
  it('falls back to production\'s market-data host only from a production REST host', () => {
    const url = (options: Parameters<typeof resolveOptions>[0]): string | undefined => resolveOptions({ marketDataFallback: true, ...options }).marketDataUrl;
    expect(url({ environment: 'live' })).toBe('https://data-api.binance.vision');
    expect(url({ environment: 'live', restUrl: 'https://api3.binance.com' })).toBe('https://data-api.binance.vision');
    expect(url({ environment: 'live', restUrl: 'https://api-gcp.binance.com/' })).toBe('https://data-api.binance.vision');
    // Testnet, Demo Mode and the simulator are other exchanges: production's symbols, filters and clock are not theirs.
    expect(url({ environment: 'testnet' })).toBeUndefined();
    expect(url({ environment: 'demo' })).toBeUndefined();
    expect(url({ environment: 'sim', restUrl: 'http://127.0.0.1:4500' })).toBeUndefined();
    expect(url({ environment: 'live', restUrl: 'https://testnet.binance.vision' })).toBeUndefined();
    // A market-data host named explicitly is the user's statement that it serves their REST host's data.
    expect(url({ environment: 'sim', restUrl: 'http://127.0.0.1:4500', marketDataUrl: 'http://127.0.0.1:4600/' })).toBe('http://127.0.0.1:4600');
  });

  it('does not answer a failing simulator\'s exchangeInfo or time from production', async () => {
    let failing = false;
    const main: LocalExchange = await startLocalExchange(() => (failing ? { status: 503, body: '' } : undefined));
    cleanups.push(() => main.close());
    const c = new BinanceConnector({ environment: 'sim', restUrl: main.url, marketDataFallback: true, requestTimeoutMs: 2_000, retry: { maxRetries: 0 } });
    cleanups.push(() => c.disconnect());
    await c.connect();
    failing = true;
    expect(await rejectionOf(c.getServerTime())).toBeInstanceOf(ExchangeUnavailableError);
    expect(c.metrics().marketDataFallbacks).toBe(0);
  });
});
