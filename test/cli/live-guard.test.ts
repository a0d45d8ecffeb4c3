import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALLOW_LIVE_TRADING_HINT } from '../../src/cli/confirm.js';
import { explainError } from '../../src/cli/explain-error.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { runCli, tempDir } from './run-cli.js';

/** A server that answers nothing useful and counts every request, so a test can see that none came. */
let server: Server;
let requests: string[];
let sim: SimulatorHandle;
const live = (): string[] => ['--env', 'live', '--rest-url', `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
const place = ['order', 'place', 'BTCUSDT', 'BUY', 'MARKET', '--quantity', '0.001'];
const HINT = '  set "allowLiveTrading": true in the config file, or AUTOTRADER_ALLOW_LIVE_TRADING=true in the environment; '
  + '--yes only confirms, it never turns live trading on\n';

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(500).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  sim = await startSimulator({ port: 0, seed: 5 });
});

beforeEach(() => {
  requests = [];
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await sim.close();
});

describe('live trading from the command line', () => {
  it('--yes does not place a live order while allowLiveTrading is off: exit 2, the flag named, nothing sent', async () => {
    const run = await runCli([...live(), ...place, '--yes']);
    expect(run).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to place BUY MARKET 0.001 BTCUSDT at market on live: allowLiveTrading is off\n' + HINT,
    });
    expect(requests).toEqual([]);
  });

  it('guards a stop order as any other, naming its trigger in the refusal, with nothing sent', async () => {
    const stop = ['order', 'place', 'BTCUSDT', 'SELL', 'STOP_LOSS_LIMIT', '--quantity', '0.001', '--price', '28900', '--stop-price', '29000', '--trailing-delta', '150'];
    const off = await runCli([...live(), ...stop, '--yes']);
    expect(off).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to place SELL STOP_LOSS_LIMIT 0.001 BTCUSDT at 28900 when the last price reaches 29000, trailing 150 basis points'
        + ' on live: allowLiveTrading is off\n' + HINT,
    });
    const trailing = ['order', 'place', 'BTCUSDT', 'SELL', 'TAKE_PROFIT', '--quantity', '0.001', '--trailing-delta', '200'];
    const unconfirmed = await runCli([...live(), ...trailing], { env: { AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect(unconfirmed.stderr.split('\n')[0]).toBe('autotrader: refusing to place SELL TAKE_PROFIT 0.001 BTCUSDT at market trailing 200 basis points on live without confirmation');
    expect(requests).toEqual([]);
  });

  it('a config file saying allowLiveTrading: false stands against --yes, for a cancel too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'autotrader.config.json'), JSON.stringify({ allowLiveTrading: false }));
    const run = await runCli([...live(), 'order', 'cancel', 'BTCUSDT', '42', '--yes'], { cwd: dir });
    expect(run).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to cancel order 42 of BTCUSDT on live: allowLiveTrading is off\n' + HINT,
    });
    expect(requests).toEqual([]);
  });

  it('orders cancel-all on live is refused like a cancel: off without allowLiveTrading, and unconfirmed from a script', async () => {
    const off = await runCli([...live(), 'orders', 'cancel-all', 'BTCUSDT', '--yes']);
    expect(off).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to cancel every open order of BTCUSDT on live: allowLiveTrading is off\n' + HINT,
    });
    const unconfirmed = await runCli([...live(), 'orders', 'cancel-all', 'BTCUSDT'], { env: { AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe('autotrader: refusing to cancel every open order of BTCUSDT on live without confirmation\n'
      + '  pass --yes to confirm, or run the command in a terminal to be asked\n');
    expect(requests).toEqual([]);
  });

  it('order list place and cancel on live are refused like an order: off without allowLiveTrading, and unconfirmed from a script', async () => {
    const oco = ['order', 'list', 'place', 'oco', 'BTCUSDT', 'SELL', '--quantity', '0.001', '--above-type', 'LIMIT_MAKER', '--above-price', '55000',
      '--below-type', 'STOP_LOSS', '--below-stop-price', '47000'];
    const off = await runCli([...live(), ...oco, '--yes']);
    expect(off).toEqual({ code: 2, stdout: '', stderr: 'autotrader: refusing to place an OCO order list on BTCUSDT on live: allowLiveTrading is off\n' + HINT });
    const unconfirmed = await runCli([...live(), 'order', 'list', 'cancel', 'BTCUSDT', '7'], { env: { AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect([unconfirmed.code, unconfirmed.stderr.split('\n')[0]]).toEqual([2, 'autotrader: refusing to cancel order list 7 of BTCUSDT on live without confirmation']);
    expect(requests).toEqual([]);
  });

  it('with allowLiveTrading on, a script must still confirm: no --yes and no terminal is refused before any request', async () => {
    const run = await runCli([...live(), ...place], { env: { AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect(run).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to place BUY MARKET 0.001 BTCUSDT at market on live without confirmation\n'
        + '  pass --yes to confirm, or run the command in a terminal to be asked\n',
    });
    expect(requests).toEqual([]);
  });

  it('with allowLiveTrading on and --yes the order goes out (here unsigned, so it fails with exit 3)', async () => {
    const run = await runCli(['--env', 'live', '--rest-url', sim.restUrl, ...place, '--yes'], { env: { AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect(run.code).toBe(3);
    expect(run.stderr.startsWith('autotrader: POST /api/v3/order is a signed endpoint: set apiKey with apiSecret or privateKey\n')).toBe(true);
  });

  it('--env testnet pointed at a host that is not a test host is live too: refused before any request, and a declared non-live host is not', async () => {
    const elsewhere = ['--env', 'testnet', '--rest-url', 'http://exchange.invalid', ...place, '--yes'];
    const refused = await runCli(elsewhere);
    expect(refused).toEqual({
      code: 2, stdout: '',
      stderr: 'autotrader: refusing to place BUY MARKET 0.001 BTCUSDT at market on live: allowLiveTrading is off\n' + HINT,
    });
    // Declared non-live, the order goes for the host and fails on the network (the name never resolves).
    const declared = await runCli(elsewhere, { env: { AUTOTRADER_NON_LIVE_HOSTS: 'other.invalid, exchange.invalid' } });
    expect(declared.code).toBe(5);
  });

  it('explains the connector\'s own live refusal with how to set allowLiveTrading, not with --yes', () => {
    const explained = explainError(new ConfigurationError('placeOrder refused: environment "live" trades real funds; set allowLiveTrading: true to allow it', { field: 'allowLiveTrading' }));
    expect([explained.exitCode, explained.hint]).toEqual([2, ALLOW_LIVE_TRADING_HINT]);
    expect(ALLOW_LIVE_TRADING_HINT).toBe(HINT.trim());
  });
});
