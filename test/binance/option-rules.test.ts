import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveOptions, type BinanceConnectorOptions } from '../../src/binance/options.js';
import '../../src/binance/register.js';
import { parseConfig } from '../../src/core/config.js';
import { ConfigurationError } from '../../src/core/errors.js';

/**
 * The connector (`ConnectorFactory.create`, through `resolveOptions`) and the configuration loader
 * check options by one set of rules: whatever one accepts the other accepts, and both name the
 * same option when they refuse.
 */

/** The option a refusal names, or 'ok'. */
function connectorVerdict(options: Record<string, unknown>): string {
  try {
    resolveOptions({ environment: 'testnet', ...options } as BinanceConnectorOptions);
    return 'ok';
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.message.split(':')[0]!;
  }
}

function configVerdict(options: Record<string, unknown>): string {
  try {
    parseConfig({ environment: 'testnet', ...options });
    return 'ok';
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.message.replace(/^invalid configuration: /, '').split(':')[0]!;
  }
}

describe('one set of option rules for the connector and the configuration', () => {
  it('agrees on recvWindow 0.5 (accepted) and 1.0001 (refused: more than 3 decimals)', () => {
    expect([connectorVerdict({ recvWindow: 0.5 }), configVerdict({ recvWindow: 0.5 })]).toEqual(['ok', 'ok']);
    expect([connectorVerdict({ recvWindow: 1.0001 }), configVerdict({ recvWindow: 1.0001 })]).toEqual(['recvWindow', 'recvWindow']);
  });

  it('lets a config file set every connector option that is data', () => {
    const options = {
      orderEntry: 'ws-api', streams: { pingIntervalMs: 5_000, backoff: { initialMs: 100 } }, timeSyncIntervalMs: 60_000,
      candleConcurrency: 2, reconcileDelaysMs: [100, 200], marketDataUrl: 'https://data.example.com', maxResponseBytes: 4096,
      marketDataFallback: true, nonLiveHosts: ['sim.lan'], requestTimeoutMs: 5_000, retry: { maxRetries: 1 },
    };
    expect(parseConfig(options)).toMatchObject(options);
    expect(connectorVerdict(options)).toBe('ok');
  });

  it('refuses the removed maxRateLimitWaitMs in both, pointing at retry.maxRetryAfterMs', () => {
    expect([connectorVerdict({ maxRateLimitWaitMs: 1 }), configVerdict({ maxRateLimitWaitMs: 1 })]).toEqual(['maxRateLimitWaitMs', 'maxRateLimitWaitMs']);
    expect(() => parseConfig({ maxRateLimitWaitMs: 1 })).toThrow('retry.maxRetryAfterMs');
  });

  it('gives the same verdict for any value of any option', () => {
    const value = fc.oneof(
      fc.integer({ min: -10, max: 200_000 }), fc.double({ min: -1, max: 70_000, noNaN: false }), fc.boolean(),
      fc.constantFrom('rest', 'ws-api', '', 'http://127.0.0.1:1', 'wss://x.example', 'ftp://x', 'not a url', 'sim.lan', 'Sim.Lan:80'),
      fc.array(fc.integer({ min: -1, max: 70_000 }), { maxLength: 22 }), fc.array(fc.constantFrom('a.lan', 'B.lan', 'x/y', ''), { maxLength: 3 }),
      fc.record({ maxRetries: fc.integer({ min: -1, max: 101 }) }, { requiredKeys: [] }),
      fc.record({ pingIntervalMs: fc.integer({ min: -1, max: 10 }), maxMessageBytes: fc.integer({ min: 0, max: 2_000 }) }, { requiredKeys: [] }),
    );
    const name = fc.constantFrom(
      'restUrl', 'wsStreamUrl', 'wsApiUrl', 'recvWindow', 'allowLiveTrading', 'nonLiveHosts', 'marketDataFallback', 'marketDataUrl',
      'requestTimeoutMs', 'maxResponseBytes', 'timeSyncIntervalMs', 'candleConcurrency', 'reconcileDelaysMs', 'orderEntry', 'streams', 'retry',
    );
    fc.assert(fc.property(name, value, (option, v) => {
      const options = { [option]: v };
      expect(connectorVerdict(options), `${option} = ${JSON.stringify(v)}`).toBe(configVerdict(options));
    }), { seed: 20_261_203, numRuns: 2_000 });
  });
});
