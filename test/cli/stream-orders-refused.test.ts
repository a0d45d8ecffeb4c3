import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { jsonLines, startCli, type CliRun } from './run-cli.js';

// A simulator of its own: revoking the key and dropping connections would disturb other tests.
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 12 });
});

afterAll(async () => {
  await sim.close();
});

type Line = Record<string, unknown> & { event?: string };

/** Starts `stream orders`, then revokes the key and drops the connection once it is subscribed. */
async function refusedRun(json: boolean): Promise<CliRun> {
  const cli = startCli(['--rest-url', sim.restUrl, ...(json ? ['--json'] : []), 'stream', 'orders', '--duration', '60']);
  await cli.waitFor(json ? '"event":"subscribed"' : 'subscribed to order updates');
  sim.inject({ kind: 'revoke-key', apiKey: sim.accounts[0]!.apiKey });
  sim.inject({ kind: 'drop-streams' });
  const result = await cli.exit;
  sim.clear();
  return result;
}

describe('autotrader stream orders when the exchange refuses to subscribe again', () => {
  it('--json prints the refusal and stopped, then fails with exit code 3 and the error on stderr', async () => {
    const result = await refusedRun(true);
    expect(result.code).toBe(3);
    const lines = jsonLines(result.stdout) as Line[];
    expect(lines.find((line) => line.event === 'user-data')).toMatchObject({
      status: 'terminated', reason: 'refused', recoveredOrders: 0,
      error: { type: 'AuthenticationError', code: 'ERR_AUTHENTICATION', exchangeCode: -2015, httpStatus: 401 },
    });
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', reason: 'failed' });
    expect(jsonLines(result.stderr)).toEqual([{
      error: expect.objectContaining({
        exitCode: 3, type: 'AuthenticationError', exchangeCode: -2015,
        message: 'order updates stopped: the exchange refused to subscribe again after a reconnect: Invalid API-key, IP, or permissions for action. (Binance code -2015, HTTP 401)',
      }) as unknown,
    }]);
  });

  it('in plain lines says why it stopped and what to check', async () => {
    const result = await refusedRun(false);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/user data subscription refused by the exchange: Invalid API-key, IP, or permissions for action\. .*; order updates stopped\n.*stopped \(the stream failed\) after 0 order updates\n$/);
    expect(result.stderr.split('\n')[0]).toBe('autotrader: order updates stopped: the exchange refused to subscribe again after a reconnect: Invalid API-key, IP, or permissions for action. (Binance code -2015, HTTP 401)');
    expect(result.stderr).toContain('check the key belongs to this environment (sim)');
  });
});
