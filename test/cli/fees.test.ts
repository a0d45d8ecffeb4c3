import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountsFile } from '../../src/cli/accounts-file.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { runCli, tempDir, type RunOptions } from './run-cli.js';

/** `autotrader fees SYMBOL` against the simulator, its account's rates given as `sim --accounts` reads them. */

let sim: SimulatorHandle;
let keys: RunOptions;
const at = (): string[] => ['--rest-url', sim.restUrl];

beforeAll(async () => {
  const file = join(tempDir(), 'accounts.json');
  writeFileSync(file, JSON.stringify([{ commission: { standard: { maker: '0.00075', taker: '0.001' }, tax: { seller: '0.00002' } } }]));
  sim = await startSimulator({ port: 0, seed: 3, accounts: readAccountsFile(file, '/') });
  const account = sim.accounts[0]!;
  keys = { env: { BINANCE_API_KEY: account.apiKey, BINANCE_API_SECRET: account.apiSecret } };
});

afterAll(async () => {
  await sim.close();
});

describe.concurrent('fees', () => {
  it('prints the account\'s commission rates on a symbol as JSON, rates as exact decimal strings', async () => {
    const run = await runCli([...at(), '--json', 'fees', 'btcusdt'], keys);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual({
      symbol: 'BTCUSDT',
      standard: { maker: '0.00075', taker: '0.001', buyer: '0', seller: '0' },
      special: { maker: '0', taker: '0', buyer: '0', seller: '0' },
      tax: { maker: '0', taker: '0', buyer: '0', seller: '0.00002' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0' },
    });
  });

  it('prints them as a table of kinds, with the BNB discount in words', async () => {
    const run = await runCli([...at(), 'fees', 'ETHUSDT'], keys);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ETHUSDT: a fill pays, on what it receives, its role\'s rate (maker or taker) plus its side\'s (buyer or seller), of each kind');
    expect(lines.slice(2, 7).filter((line) => !/^[-\s]+$/.test(line)).map((line) => line.trim().split(/\s+/))).toEqual([
      ['kind', 'maker', 'taker', 'buyer', 'seller'],
      ['standard', '0.00075', '0.001', '0', '0'],
      ['special', '0', '0', '0', '0'],
      ['tax', '0', '0', '0', '0.00002'],
    ]);
    expect(lines.at(-1)).toBe('no BNB discount (not enabled for this account)');
  });

  it('refuses a symbol the exchange does not list', async () => {
    const run = await runCli([...at(), 'fees', 'NOPEUSDT'], keys);
    expect(run.code).not.toBe(0);
    expect(run.stderr.split('\n')[0]).toMatch(/NOPEUSDT/);
  });
});

it('sim --accounts refuses a commission rate that is not a decimal, naming the field', () => {
  const file = join(tempDir(), 'bad.json');
  writeFileSync(file, JSON.stringify([{ commission: { tax: { maker: 'lots' } } }]));
  expect(() => readAccountsFile(file, '/')).toThrow(`--accounts ${file}: 0.commission.tax.maker: must be a rate such as "0.001"`);
});
