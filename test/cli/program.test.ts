import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { jsonLines, runBinary, runCli } from './run-cli.js';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// The other tests run the CLI in-process through the same entry; these prove the binary itself
// wires it to the process: arguments, streams, environment and exit codes.
describe.concurrent('the built binary, dist/cli/main.js', () => {
  it('--version prints the package version and --help the usage, both exiting 0', async () => {
    const [version, help] = await Promise.all([runBinary(['--version']), runBinary(['--help'])]);
    expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith('Usage: autotrader [options] [command]\n')).toBe(true);
    expect(help.stdout).toBe((await runCli(['--help'])).stdout);
  });

  it('answers a command against a simulator with exit 0, the URL taken from the environment', async () => {
    const run = await runBinary(['--json', 'balance'], { env: { AUTOTRADER_REST_URL: sim.restUrl } });
    expect(run).toEqual({ code: 0, stdout: '{"BNB":"100","BTC":"1","ETH":"10","USDT":"10000"}\n', stderr: '' });
  });

  it('exits with the code of the failure, its explanation on stderr and nothing on stdout', async () => {
    const [usage, rejected, doctor] = await Promise.all([
      runBinary(['pong']),
      runBinary(['--rest-url', sim.restUrl, 'order', 'get', 'BTCUSDT', '987654321']),
      runBinary(['--rest-url', 'http://127.0.0.1:9', '--json', 'doctor']),
    ]);
    expect([usage.code, usage.stdout]).toEqual([2, '']);
    expect(usage.stderr).toMatch(/^error: unknown command 'pong'/);
    expect(rejected).toEqual({ code: 7, stdout: '', stderr: 'autotrader: Order does not exist. (Binance code -2013, HTTP 400)\n'
      + '  check the order id and symbol; `autotrader orders <symbol>` lists the open ones\n' });
    // A failed check is reported on stdout, and only the exit code says it failed.
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: false });
    expect(doctor.stderr).toBe('');
  });
});

describe.concurrent('the autotrader program', () => {
  it('--help lists every command and ends with the exit-code table', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    const commands = [...run.stdout.matchAll(/^ {2}([a-z]+)\b.* {2,}\S/gm)].map((m) => m[1]);
    expect(commands).toEqual(['demo', 'sim', 'ping', 'time', 'candles', 'ticker', 'tickers', 'depth', 'balance', 'positions', 'fees', 'order', 'orders', 'trades', 'stream', 'doctor', 'config', 'help']);
    expect(run.stdout).toContain('Exit codes:\n  0    success\n');
    expect(run.stdout.trimEnd().endsWith('130  interrupted (Ctrl-C); files written so far hold whole lines only')).toBe(true);
  });

  it('an unknown command or a bad --env exits 2', async () => {
    const [command, env] = await Promise.all([runCli(['pong']), runCli(['--env', 'prod', 'ping'])]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error: unknown command 'pong'/);
    expect(env.code).toBe(2);
    expect(env.stderr).toBe('error: option \'--env <environment>\' argument \'prod\' is invalid. Allowed choices are sim, testnet, demo, live.\n');
  });

  it('demo (what npm start runs) walks every step against its embedded simulator, with live candles and its own order updates', async () => {
    const run = await runCli(['--json', 'demo']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout) as { step: string; data: Record<string, unknown> }[];
    // Streamed events print as they arrive, so they may come before the step whose request caused them.
    const steps = lines.filter((s) => s.step !== 'live candle' && s.step !== 'order update');
    expect(steps.map((s) => s.step)).toEqual([
      'simulator', 'connect', 'candles', 'live candles', 'ticker', 'order book', 'balances', 'order updates', 'limit order placed',
      'limit order queried', 'open orders', 'limit order cancelled', 'market order filled', 'balances after',
    ]);
    const step = (name: string): Record<string, unknown> => steps.find((s) => s.step === name)!.data;
    expect(step('balances')).toEqual({ BNB: '100', BTC: '1', ETH: '10', USDT: '10000' });
    expect(step('limit order cancelled').status).toBe('CANCELED');
    expect(step('market order filled').status).toBe('FILLED');

    // Three closed 1s candles, one after the other, printed after the subscription and before the next step.
    const candles = lines.slice(lines.findIndex((s) => s.step === 'live candles') + 1, lines.findIndex((s) => s.step === 'ticker'));
    expect(candles.map((c) => c.step)).toEqual(['live candle', 'live candle', 'live candle']);
    const opens = candles.map((c) => c.data.openTime as number);
    expect(opens[1]! - opens[0]!).toBe(1000);
    expect(opens[2]! - opens[1]!).toBe(1000);
    for (const { data } of candles) {
      expect(data).toMatchObject({ symbol: 'BTCUSDT', interval: '1s', closed: true, closeTime: (data.openTime as number) + 999 });
    }

    // The tour's own orders, as the stream told them: exact values, equal to what REST answered.
    type Update = { execution: Record<string, unknown>; order: Record<string, unknown> };
    const updates = lines.filter((s) => s.step === 'order update').map((s) => s.data as unknown as Update);
    expect(lines.findIndex((s) => s.step === 'order update')).toBeGreaterThan(lines.findIndex((s) => s.step === 'order updates'));
    const limit = step('limit order placed');
    const market = step('market order filled') as { orderId: string; executedQuantity: string; fills: { price: string; quantity: string; commission: string; commissionAsset: string }[] };
    const of = (orderId: unknown): string[] => updates.filter((u) => u.order.orderId === orderId).map((u) => `${String(u.execution.executionType)}/${String(u.order.status)}`);
    expect(of(limit.orderId)).toEqual(['NEW/NEW', 'CANCELED/CANCELED']);
    expect(of(market.orderId)).toEqual(['NEW/NEW', ...market.fills.slice(1).map(() => 'TRADE/PARTIALLY_FILLED'), 'TRADE/FILLED']);
    expect(updates.length).toBe(4 + market.fills.length - 1);
    const limitNew = updates.find((u) => u.order.orderId === limit.orderId)!;
    expect(limitNew.order).toMatchObject({ clientOrderId: limit.clientOrderId, side: 'BUY', type: 'LIMIT', price: limit.price, quantity: '0.001', executedQuantity: '0' });
    const trades = updates.filter((u) => u.execution.executionType === 'TRADE');
    expect(trades.map((u) => [u.execution.lastPrice, u.execution.lastQuantity, u.execution.commission, u.execution.commissionAsset]))
      .toEqual(market.fills.map((f) => [f.price, f.quantity, f.commission, f.commissionAsset]));
    expect(trades.at(-1)!.order.executedQuantity).toBe(market.executedQuantity);
  });

  it('demo as text shows the live candle and order update sections', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n== live candles\nsubscribed to the BTCUSDT 1s candle stream; the next 3 candles as they close:\n');
    expect(run.stdout.match(/^ {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z {2}open \d/gm)).toHaveLength(3);
    expect(run.stdout).toContain('\n== order updates\n');
    for (const event of [/-> NEW +NEW +BTCUSDT BUY LIMIT /, /-> CANCELED +CANCELED +BTCUSDT BUY LIMIT /, /-> NEW +NEW +BTCUSDT BUY MARKET /, /-> TRADE +FILLED +BTCUSDT BUY MARKET .* last 0\.002 @ \d+(\.\d+)? commission \d/]) {
      expect(run.stdout).toMatch(event);
    }
  });
});
