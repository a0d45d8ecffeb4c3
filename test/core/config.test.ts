import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import '../../src/binance/register.js';
import { loadConfig, readPrivateKey, redactedConfig, saveConfigFile } from '../../src/core/config.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { encryptSecret } from '../../src/core/secrets-crypto.js';

const MASTER = 'master key for tests';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'autotrader-config-'));
});

function writeJson(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

describe('loadConfig', () => {
  it('applies the defaults when nothing is configured', () => {
    // recvWindow unset: the connector sends none, and Binance applies its own 5000.
    expect(loadConfig({ env: {}, cwd: dir })).toEqual({
      exchange: 'binance', environment: 'sim', logLevel: 'silent', allowLiveTrading: false, marketDataFallback: false,
      requestTimeoutMs: 10_000, maxResponseBytes: 33_554_432, timeSyncIntervalMs: 300_000, candleConcurrency: 4,
      reconcileDelaysMs: [250, 600, 1200], orderEntry: 'rest',
    });
  });

  it('reads ./autotrader.config.json when present', () => {
    writeJson('autotrader.config.json', { environment: 'testnet', recvWindow: 3000 });
    expect(loadConfig({ env: {}, cwd: dir })).toMatchObject({ environment: 'testnet', recvWindow: 3000 });
  });

  it('lets the environment win over the file and overrides win over both', () => {
    const file = writeJson('c.json', { environment: 'testnet', recvWindow: 3000, logLevel: 'info', retry: { maxRetries: 1, factor: 3 } });
    const config = loadConfig({
      file, cwd: dir,
      env: { AUTOTRADER_ENV: 'demo', AUTOTRADER_RECV_WINDOW: '4000', AUTOTRADER_ALLOW_LIVE_TRADING: 'true' },
      overrides: { recvWindow: 2000, retry: { maxRetries: 5 } },
    });
    expect(config).toMatchObject({
      environment: 'demo', recvWindow: 2000, logLevel: 'info', allowLiveTrading: true, retry: { maxRetries: 5, factor: 3 },
    });
  });

  it('takes the file from AUTOTRADER_CONFIG', () => {
    writeJson('other.json', { restUrl: 'http://127.0.0.1:4500' });
    expect(loadConfig({ env: { AUTOTRADER_CONFIG: 'other.json' }, cwd: dir }).restUrl).toBe('http://127.0.0.1:4500');
  });

  it('fails on a named file that does not exist or is not JSON', () => {
    expect(() => loadConfig({ file: 'missing.json', env: {}, cwd: dir })).toThrow(
      new ConfigurationError(`config file ${join(dir, 'missing.json')}: cannot be read (ENOENT)`),
    );
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadConfig({ file: 'bad.json', env: {}, cwd: dir })).toThrow(`config file ${join(dir, 'bad.json')}: is not valid JSON`);
    writeJson('list.json', [1]);
    expect(() => loadConfig({ file: 'list.json', env: {}, cwd: dir })).toThrow('list.json: must hold a JSON object');
  });

  it('names every bad field and its rule', () => {
    const file = writeJson('c.json', {
      recvWindow: 60_001, restUrl: 'ftp://example.com', wsApiUrl: 'not a url', environment: 'prod',
      requestTimeoutMs: 1.5, recvwindow: 1, retry: { maxRetries: -1, jitter: 'half' }, apiSecret: '',
    });
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(new ConfigurationError(
      'invalid configuration: environment: must be one of "sim", "testnet", "demo", "live"; '
      + 'restUrl: must use http: or https:, got "ftp://example.com"; wsApiUrl: must be an absolute URL, got "not a url"; '
      + 'apiSecret: must not be empty; recvWindow: must be a number of ms above 0 and at most 60000 with at most 3 decimals, got 60001; '
      + 'requestTimeoutMs: must be an integer from 1 to 120000, got 1.5; retry.maxRetries: must be an integer from 0 to 100; '
      + "retry.jitter: must be 'full' or 'none'; recvwindow: unknown field",
    ));
  });

  it('refuses an exchange no module registered, as the connector factory does', () => {
    const file = writeJson('c.json', { exchange: 'paper' });
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(
      new ConfigurationError('exchange: unknown exchange "paper"; registered: binance', { field: 'exchange' }),
    );
  });

  it('reports retry rules from the retry policy and bad environment values', () => {
    expect(() => loadConfig({ env: {}, cwd: dir, overrides: { retry: { maxRetries: -1 } } })).toThrow(
      'invalid configuration: retry.maxRetries: must be an integer from 0 to 100',
    );
    expect(() => loadConfig({ env: { AUTOTRADER_RECV_WINDOW: '5s', AUTOTRADER_ALLOW_LIVE_TRADING: 'maybe' }, cwd: dir })).toThrow(
      'invalid configuration: recvWindow: must be a number of ms above 0 and at most 60000 with at most 3 decimals, got 5s; '
        + 'allowLiveTrading: must be a boolean, got "maybe"',
    );
  });

  it('holds secrets as Secret values that never print', () => {
    const config = loadConfig({ env: { BINANCE_API_KEY: 'key-123', BINANCE_API_SECRET: 'secret-456' }, cwd: dir });
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(config.apiKey?.reveal()).toBe('key-123');
    expect(config.apiSecret?.reveal()).toBe('secret-456');
    expect(JSON.stringify(config)).not.toMatch(/key-123|secret-456/);
    expect(inspect(config)).not.toMatch(/key-123|secret-456/);
    expect(redactedConfig(config)).toEqual({
      exchange: 'binance', environment: 'sim', logLevel: 'silent', allowLiveTrading: false, marketDataFallback: false,
      requestTimeoutMs: 10_000, maxResponseBytes: 33_554_432, timeSyncIntervalMs: 300_000, candleConcurrency: 4,
      reconcileDelaysMs: [250, 600, 1200], orderEntry: 'rest', apiKey: '[redacted]', apiSecret: '[redacted]',
    });
  });

  it('turns \\n escapes of a one-line PEM variable into line breaks', () => {
    const config = loadConfig({ env: { BINANCE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----' }, cwd: dir });
    expect(config.privateKey?.reveal()).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  });

  it('decrypts enc:v2 and enc:v1 secrets with AUTOTRADER_MASTER_KEY', () => {
    const file = writeJson('c.json', { apiSecret: encryptSecret('plain-secret', MASTER) });
    expect(loadConfig({ file, env: { AUTOTRADER_MASTER_KEY: MASTER }, cwd: dir }).apiSecret?.reveal()).toBe('plain-secret');
  });

  it('names the encrypted field when the master key is missing or wrong', () => {
    const file = writeJson('c.json', { apiSecret: encryptSecret('plain-secret', MASTER) });
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(
      new ConfigurationError('apiSecret: is encrypted but AUTOTRADER_MASTER_KEY is not set', { field: 'AUTOTRADER_MASTER_KEY' }),
    );
    expect(() => loadConfig({ file, env: { AUTOTRADER_MASTER_KEY: 'wrong' }, cwd: dir })).toThrow(
      new ConfigurationError('apiSecret: cannot decrypt secret: wrong master key, or the encrypted text was altered', { field: 'AUTOTRADER_MASTER_KEY' }),
    );
  });

  it('warns, without the secret, when a config file holding a clear secret is readable by group or others', () => {
    const clear = writeJson('clear.json', { apiKey: 'key-abc-123', apiSecret: 'secret-xyz-789' });
    const encrypted = writeJson('encrypted.json', { apiSecret: encryptSecret('secret-xyz-789', MASTER) });
    const warnings: string[] = [];
    const onWarning = (message: string): void => {
      warnings.push(message);
    };
    chmodSync(clear, 0o644);
    chmodSync(encrypted, 0o644);
    loadConfig({ file: clear, env: {}, cwd: dir, onWarning });
    expect(warnings).toEqual([`config file ${clear} holds apiKey, apiSecret in clear and is readable by group or others (mode 644): `
      + `run \`chmod 600 ${clear}\`, or encrypt them with \`autotrader config encrypt <field>\``]);
    warnings.length = 0;
    chmodSync(clear, 0o600);
    loadConfig({ file: clear, env: {}, cwd: dir, onWarning });
    loadConfig({ file: encrypted, env: { AUTOTRADER_MASTER_KEY: MASTER }, cwd: dir, onWarning });
    expect(warnings).toEqual([]);
  });

  it('warns on a weak master key when it decrypts or encrypts, never showing the key', () => {
    const weakKey = 'hunter2';
    const file = writeJson('c.json', { apiSecret: encryptSecret('plain-secret', weakKey) });
    const warnings: string[] = [];
    const onWarning = (message: string): void => {
      warnings.push(message);
    };
    expect(loadConfig({ file, env: { AUTOTRADER_MASTER_KEY: weakKey }, cwd: dir, onWarning }).apiSecret?.reveal()).toBe('plain-secret');
    saveConfigFile(join(dir, 'saved.json'), { apiSecret: 'secret-2' }, { masterKey: weakKey, onWarning });
    const weak = 'master key: weak (fewer than 16 characters, or fewer than 8 different ones); use a long random passphrase';
    expect(warnings).toEqual([weak, weak]);
  });

  it('refuses privateKey and privateKeyPath together, and reads the key from its path', () => {
    expect(() => loadConfig({ env: { BINANCE_PRIVATE_KEY: 'pem', BINANCE_PRIVATE_KEY_PATH: 'k.pem' }, cwd: dir })).toThrow(
      'privateKeyPath: give either privateKey or privateKeyPath, not both',
    );
    writeFileSync(join(dir, 'k.pem'), 'PEM TEXT');
    const config = loadConfig({ env: { BINANCE_PRIVATE_KEY_PATH: 'k.pem' }, cwd: dir });
    expect(readPrivateKey(config, dir)?.reveal()).toBe('PEM TEXT');
    expect(() => readPrivateKey({ ...config, privateKeyPath: 'nope.pem' }, dir)).toThrow(`privateKeyPath: cannot read ${join(dir, 'nope.pem')}`);
  });
});

describe('saveConfigFile', () => {
  it('writes secrets encrypted, owner-only, and loads back to the same values', () => {
    const path = join(dir, 'saved.json');
    const kept = encryptSecret('already-encrypted', MASTER);
    saveConfigFile(path, { environment: 'testnet', apiKey: new Secret('key-1'), apiSecret: kept }, { masterKey: MASTER });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/key-1/);
    const written = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(written)).toEqual(['environment', 'apiKey', 'apiSecret']);
    expect(written.apiKey).toMatch(/^enc:v2:/);
    expect(written.apiSecret).toBe(kept);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const loaded = loadConfig({ file: path, env: { AUTOTRADER_MASTER_KEY: MASTER }, cwd: dir });
    expect([loaded.environment, loaded.apiKey?.reveal(), loaded.apiSecret?.reveal()]).toEqual(['testnet', 'key-1', 'already-encrypted']);
  });

  it('refuses to write a secret in clear or an invalid config', () => {
    const path = join(dir, 'saved.json');
    const previous = process.env.AUTOTRADER_MASTER_KEY;
    delete process.env.AUTOTRADER_MASTER_KEY;
    try {
      expect(() => saveConfigFile(path, { apiSecret: 'secret-2' })).toThrow(
        new ConfigurationError('apiSecret: refusing to write a secret in clear; set AUTOTRADER_MASTER_KEY to encrypt it', { field: 'AUTOTRADER_MASTER_KEY' }),
      );
    } finally {
      if (previous !== undefined) process.env.AUTOTRADER_MASTER_KEY = previous;
    }
    expect(() => saveConfigFile(path, { recvWindow: 0 }, { masterKey: MASTER })).toThrow('recvWindow: must be a number of ms above 0');
  });
});
