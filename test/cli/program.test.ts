import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './run-cli.js';

describe.concurrent('the autotrader program', () => {
  it('--help lists every command and ends with the exit-code table', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    const commands = [...run.stdout.matchAll(/^ {2}([a-z]+)\b.* {2,}\S/gm)].map((m) => m[1]);
    expect(commands).toEqual(['demo', 'sim', 'ping', 'time', 'candles', 'ticker', 'depth', 'balance', 'positions', 'order', 'orders', 'doctor', 'config', 'help']);
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

  it('demo (what npm start runs) walks every step against its embedded simulator', async () => {
    const run = await runCli(['--json', 'demo']);
    expect(run.code).toBe(0);
    const steps = jsonLines(run.stdout) as { step: string; data: Record<string, unknown> }[];
    expect(steps.map((s) => s.step)).toEqual([
      'simulator', 'connect', 'candles', 'ticker', 'order book', 'balances', 'limit order placed', 'limit order queried',
      'open orders', 'limit order cancelled', 'market order filled', 'balances after',
    ]);
    expect(steps[5]!.data).toEqual({ BNB: '100', BTC: '1', ETH: '10', USDT: '10000' });
    expect(steps[9]!.data.status).toBe('CANCELED');
    expect(steps[10]!.data.status).toBe('FILLED');
  });
});
