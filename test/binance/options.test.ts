import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { resolveEndpoints } from '../../src/binance/environments.js';
import { ConnectorFactory } from '../../src/binance/index.js';
import { resolveOptions, type BinanceConnectorOptions } from '../../src/binance/options.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';

function refusal(options: unknown): string {
  try {
    resolveOptions(options as BinanceConnectorOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('environments', () => {
  it('knows the hosted endpoints', () => {
    expect(resolveEndpoints('testnet')).toEqual({
      restUrl: 'https://testnet.binance.vision',
      wsStreamUrl: 'wss://stream.testnet.binance.vision',
      wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
    });
    expect(resolveEndpoints('demo')).toEqual({
      restUrl: 'https://demo-api.binance.com',
      wsStreamUrl: 'wss://demo-stream.binance.com',
      wsApiUrl: 'wss://demo-ws-api.binance.com/ws-api/v3',
    });
    expect(resolveEndpoints('live')).toEqual({
      restUrl: 'https://api.binance.com',
      wsStreamUrl: 'wss://stream.binance.com:9443',
      wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
    });
  });

  it('derives the simulator\'s stream URLs from its REST origin and applies overrides', () => {
    expect(resolveEndpoints('sim', { restUrl: 'http://127.0.0.1:4500/' })).toEqual({
      restUrl: 'http://127.0.0.1:4500', wsStreamUrl: 'ws://127.0.0.1:4500', wsApiUrl: 'ws://127.0.0.1:4500/ws-api/v3',
    });
    expect(resolveEndpoints('testnet', { restUrl: 'http://localhost:1' }).restUrl).toBe('http://localhost:1');
  });

  it('requires restUrl for sim', () => {
    expect(refusal({ environment: 'sim' })).toBe('restUrl is required when environment is "sim" (the simulator has no fixed URL; use startSimulator().restUrl)');
  });
});

describe('options', () => {
  it.each([
    [{ environment: 'prod' }, 'environment: must be one of sim, testnet, demo, live, got "prod"'],
    [{ environment: 'testnet', restUrl: 'testnet.binance.vision' }, 'restUrl: must be an absolute URL, got "testnet.binance.vision"'],
    [{ environment: 'testnet', wsStreamUrl: 'https://x' }, 'wsStreamUrl: must use ws: or wss:, got "https://x"'],
    [{ environment: 'testnet', apiSecret: 's' }, 'apiKey: is required with apiSecret or privateKey'],
    [{ environment: 'testnet', apiKey: 'k', apiSecret: ' ' }, 'apiSecret: must not be empty'],
    [{ environment: 'testnet', apiKey: 'k', apiSecret: 's', privateKey: 'p' }, 'apiSecret: give either apiSecret (HMAC) or privateKey (Ed25519/RSA), not both'],
    [{ environment: 'testnet', apiKey: 'k', privateKey: 'not a pem' }, 'privateKey: must be an Ed25519 or RSA private key in PEM (PKCS#8): is not a readable PEM private key'],
    [{ environment: 'testnet', recvWindow: 60001 }, 'recvWindow: must be a number of ms above 0 and at most 60000 with at most 3 decimals, got 60001'],
    [{ environment: 'testnet', recvWindow: 5000.0001 }, 'recvWindow: must be a number of ms above 0 and at most 60000 with at most 3 decimals, got 5000.0001'],
    [{ environment: 'testnet', requestTimeoutMs: 0 }, 'requestTimeoutMs: must be an integer from 1 to 120000, got 0'],
    [{ environment: 'testnet', retry: { maxRetries: -1 } }, 'retry.maxRetries: must be an integer from 0 to 100'],
    [{ environment: 'testnet', candleConcurrency: 50 }, 'candleConcurrency: must be an integer from 1 to 16, got 50'],
    [{ environment: 'testnet', reconcileDelaysMs: [] }, 'reconcileDelaysMs: must be 1 to 20 integers from 0 to 60000'],
    [{ environment: 'testnet', allowLiveTrading: 'yes' }, 'allowLiveTrading: must be a boolean, got "yes"'],
  ])('refuses %o', (options, message) => {
    expect(refusal(options)).toBe(message);
  });

  it('accepts Ed25519 and RSA PEM keys given as strings or Secrets, and keeps them out of messages', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(resolveOptions({ environment: 'testnet', apiKey: 'k', privateKey: ed }).signer?.kind).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(resolveOptions({ environment: 'testnet', apiKey: 'k', privateKey: new Secret(rsa) }).signer?.kind).toBe('rsa');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const message = refusal({ environment: 'testnet', apiKey: 'k', privateKey: ec });
    expect(message).toBe('privateKey: must be an Ed25519 or RSA private key in PEM (PKCS#8): must be an Ed25519 or RSA key, got ec');
    expect(message).not.toContain('PRIVATE KEY');
  });

  it('applies documented defaults', () => {
    const o = resolveOptions({ environment: 'testnet' });
    expect([o.requestTimeoutMs, o.allowLiveTrading, o.marketDataUrl, o.timeSyncIntervalMs, o.candleConcurrency, o.reconcileDelaysMs, o.retry.maxRetries])
      .toEqual([10_000, false, undefined, 300_000, 4, [250, 600, 1200], 3]);
    expect(resolveOptions({ environment: 'live', marketDataFallback: true }).marketDataUrl).toBe('https://data-api.binance.vision');
  });

  it('names the stream option and its rule when a keepalive or re-subscription bound is invalid', () => {
    expect(refusal({ environment: 'testnet', streams: { pingIntervalMs: 0 } })).toContain('streams.pingIntervalMs');
    expect(refusal({ environment: 'testnet', streams: { pongTimeoutMs: -1 } })).toContain('streams.pongTimeoutMs');
    expect(refusal({ environment: 'testnet', streams: { recoveryDelaysMs: [10, -1] } })).toContain('streams.recoveryDelaysMs: must be up to 20 integers');
    expect(refusal({ environment: 'testnet', streams: { maxResubscribeFailures: 1.5 } })).toContain('streams.maxResubscribeFailures: must be a positive integer');
  });

  it('is what the factory builds for "binance"', () => {
    expect(ConnectorFactory.has('binance')).toBe(true);
    const connector = ConnectorFactory.create('binance', { environment: 'testnet' });
    expect(connector).toBeInstanceOf(BinanceConnector);
    expect([connector.name, connector.environment, connector.restUrl]).toEqual(['binance', 'testnet', 'https://testnet.binance.vision']);
  });
});
