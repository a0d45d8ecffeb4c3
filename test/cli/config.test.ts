import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/core/secrets-crypto.js';
import { runCli, tempDir } from './run-cli.js';

const MASTER = { AUTOTRADER_MASTER_KEY: 'correct horse battery staple' };

describe('config commands', () => {
  it('init writes a starter file without secrets, readable by its owner only, and refuses to overwrite without --force', async () => {
    const cwd = tempDir();
    const first = await runCli(['--env', 'testnet', 'config', 'init'], { cwd });
    expect(first.code).toBe(0);
    const path = join(cwd, 'autotrader.config.json');
    expect(first.stdout.split('\n')[0]).toBe(`wrote ${path}`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      exchange: 'binance', environment: 'testnet', recvWindow: 5000, requestTimeoutMs: 10000, allowLiveTrading: false, logLevel: 'silent',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const again = await runCli(['config', 'init'], { cwd });
    expect(again).toEqual({
      code: 2, stdout: '',
      stderr: `autotrader: config init: ${path} already exists\n  pass --force to overwrite it, or --config <file> to write another\n`,
    });
    const forced = await runCli(['--json', '--rest-url', 'http://127.0.0.1:4600', 'config', 'init', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ file: path, config: { environment: 'sim', restUrl: 'http://127.0.0.1:4600' } });
  });

  it('encrypt stores secrets read from stdin, encrypted, and show never prints them', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'custom.json');
    const key = await runCli(['--config', file, 'config', 'encrypt', 'apiKey'], { cwd, env: MASTER, input: 'my-api-key-123\n' });
    expect(key).toEqual({ code: 0, stdout: `stored apiKey encrypted in ${file}\n`, stderr: '' });
    const secret = await runCli(['--config', file, '--json', 'config', 'encrypt', 'apiSecret'], { cwd, env: MASTER, input: 'top-secret-456' });
    expect(JSON.parse(secret.stdout)).toEqual({ file, field: 'apiSecret', encrypted: true });

    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(stored.apiKey).toMatch(/^enc:v2:/);
    expect(decryptSecret(stored.apiKey!, MASTER.AUTOTRADER_MASTER_KEY)).toBe('my-api-key-123');
    expect(decryptSecret(stored.apiSecret!, MASTER.AUTOTRADER_MASTER_KEY)).toBe('top-secret-456');

    const [json, text] = await Promise.all([
      runCli(['--config', file, '--json', 'config', 'show'], { cwd, env: MASTER }),
      runCli(['--config', file, 'config', 'show'], { cwd, env: { ...MASTER, BINANCE_API_SECRET: 'env-secret-789' } }),
    ]);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as { file: string; credentials: string; config: Record<string, unknown> };
    expect(shown).toMatchObject({ file, credentials: 'config file', config: { apiKey: '[redacted]', apiSecret: '[redacted]', environment: 'sim', restUrl: 'http://127.0.0.1:4500' } });
    for (const output of [json.stdout, text.stdout]) {
      expect(output).not.toMatch(/my-api-key-123|top-secret-456|env-secret-789|enc:v/);
    }
    expect(text.stdout).toMatch(/^apiSecret +\[redacted\]$/m);
  }, 90_000); // Several scrypt derivations at N=2^17, each costly by design.

  it('encrypt without a field prints the encrypted text; it needs the master key and a secret on stdin', async () => {
    const cwd = tempDir();
    const printed = await runCli(['config', 'encrypt'], { cwd, env: MASTER, input: 'abc' });
    expect(printed.code).toBe(0);
    expect(decryptSecret(printed.stdout.trim(), MASTER.AUTOTRADER_MASTER_KEY)).toBe('abc');
    const [noKey, noInput, badField, asArgument] = await Promise.all([
      runCli(['config', 'encrypt'], { cwd, input: 'abc' }),
      runCli(['config', 'encrypt', 'apiSecret'], { cwd, env: MASTER, input: '' }),
      runCli(['config', 'encrypt', 'password'], { cwd, env: MASTER, input: 'abc' }),
      runCli(['config', 'encrypt', 'apiSecret', 'abc'], { cwd, env: MASTER }),
    ]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.split('\n')[0]).toBe('autotrader: AUTOTRADER_MASTER_KEY is not set');
    expect(noInput.code).toBe(2);
    expect(noInput.stderr.split('\n')[0]).toBe('autotrader: no secret on standard input');
    expect(badField.stderr.split('\n')[0]).toBe('autotrader: field: must be one of apiKey, apiSecret, privateKey, got "password"');
    // A secret given as an argument is refused, so it cannot end up in shell history.
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/^error: too many arguments for 'encrypt'/);
  });

  it('warns on stderr, never showing the secret, about a clear secret in a file others can read and about a weak master key', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'autotrader.config.json');
    writeFileSync(file, JSON.stringify({ apiSecret: 'clear-secret-123' }));
    chmodSync(file, 0o640);
    const [shown, encrypted] = await Promise.all([
      runCli(['config', 'show'], { cwd }),
      runCli(['config', 'encrypt'], { cwd: tempDir(), env: { AUTOTRADER_MASTER_KEY: 'hunter2' }, input: 'abc' }),
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe(`autotrader: warning: config file ${file} holds apiSecret in clear and is readable by group or others (mode 640): `
      + `run \`chmod 600 ${file}\`, or encrypt them with \`autotrader config encrypt <field>\`\n`);
    expect(shown.stdout).not.toContain('clear-secret-123');
    expect(encrypted.code).toBe(0);
    expect(encrypted.stderr).toBe('autotrader: warning: master key: weak (fewer than 16 characters, or fewer than 8 different ones); use a long random passphrase\n');
  });

  it('a bad config file exits 2 naming the field; an encrypted one without the master key says what to export', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'autotrader.config.json'), JSON.stringify({ environment: 'moon', recvWindow: 99_999 }));
    const bad = await runCli(['config', 'show'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('autotrader: invalid configuration: environment: must be one of "sim", "testnet", "demo", "live"; recvWindow: must be a number of ms above 0 and at most 60000 with at most 3 decimals, got 99999\n'
      + '  fix the field named above in the config file, the environment variable or the flag\n');
    writeFileSync(join(cwd, 'autotrader.config.json'), JSON.stringify({ apiKey: 'enc:v1:a:b:c:d' }));
    const locked = await runCli(['--json', 'balance'], { cwd });
    expect(locked.code).toBe(2);
    expect((JSON.parse(locked.stderr) as { error: Record<string, unknown> }).error).toMatchObject({
      message: 'apiKey: is encrypted but AUTOTRADER_MASTER_KEY is not set', code: 'ERR_CONFIGURATION', exitCode: 2,
    });
  });
});
