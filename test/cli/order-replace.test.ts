import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { runCli, type RunOptions } from './run-cli.js';

/** `order amend` and `order replace` against the simulator: their output, `--json`, and exit codes. */

let sim: SimulatorHandle;
let keys: RunOptions;
/** A server that counts every request, standing for a live exchange that must not be reached. */
let liveServer: Server;
const liveRequests: string[] = [];
const at = (): string[] => ['--rest-url', sim.restUrl];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 7 });
  keys = { env: { BINANCE_API_KEY: sim.accounts[0]!.apiKey, BINANCE_API_SECRET: sim.accounts[0]!.apiSecret } };
  liveServer = createServer((request, response) => {
    liveRequests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(500).end();
  });
  await new Promise<void>((done) => liveServer.listen(0, '127.0.0.1', done));
});

afterAll(async () => {
  await new Promise<void>((done) => liveServer.close(() => done()));
  await sim.close();
});

describe('on live', () => {
  const live = (): string[] => ['--env', 'live', '--rest-url', `http://127.0.0.1:${(liveServer.address() as AddressInfo).port}`];

  it('amend and replace are refused before any request: off without allowLiveTrading, and unconfirmed from a script', async () => {
    const off = await runCli([...live(), 'order', 'amend', 'BTCUSDT', '42', '0.001', '--yes'], keys);
    expect([off.code, off.stderr.split('\n')[0]]).toEqual([2, 'autotrader: refusing to amend order 42 of BTCUSDT to quantity 0.001 on live: allowLiveTrading is off']);
    const unconfirmed = await runCli([...live(), 'order', 'replace', 'BTCUSDT', '42', 'BUY', 'LIMIT', '--quantity', '0.001', '--price', '50000'],
      { env: { ...keys.env, AUTOTRADER_ALLOW_LIVE_TRADING: 'true' } });
    expect([unconfirmed.code, unconfirmed.stderr.split('\n')[0]])
      .toEqual([2, 'autotrader: refusing to cancel order 42 of BTCUSDT and place BUY LIMIT instead on live without confirmation']);
    expect(liveRequests).toEqual([]);
  });
});

/** A SELL LIMIT far above the market, so it rests; returns its id. */
async function restingSell(quantity: string, clientId: string): Promise<string> {
  const run = await runCli([...at(), '--json', 'order', 'place', 'BTCUSDT', 'SELL', 'LIMIT', '--quantity', quantity, '--price', '150000', '--client-id', clientId], keys);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { orderId: string }).orderId;
}

describe('order amend', () => {
  it('an order that is not there: exit code 7', async () => {
    const run = await runCli([...at(), 'order', 'amend', 'BTCUSDT', '987654', '0.001'], keys);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('Order does not exist.');
  });

  it('lowers the quantity and keeps the client order id', async () => {
    const id = await restingSell('0.005', 'cli-amend-1');
    const run = await runCli([...at(), '--json', 'order', 'amend', 'BTCUSDT', id, '0.002'], keys);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ orderId: id, clientOrderId: 'cli-amend-1', quantity: '0.002', status: 'NEW' });
  });

  it('a larger quantity breaks a rule of amending: exit code 2, as an order breaking a rule', async () => {
    const id = await restingSell('0.002', 'cli-amend-2');
    const run = await runCli([...at(), 'order', 'amend', 'BTCUSDT', id, '0.003'], keys);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Order amend (quantity increase) is not supported.');
  });

  it('a quantity that is not a positive decimal is a usage error', async () => {
    const run = await runCli([...at(), 'order', 'amend', 'BTCUSDT', '1', 'abc'], keys);
    expect(run.code).toBe(2);
  });
});

describe('order replace', () => {
  it('prints both halves and exits 0 when both worked', async () => {
    const id = await restingSell('0.002', 'cli-replace-1');
    const run = await runCli([...at(), 'order', 'replace', 'BTCUSDT', id, 'SELL', 'LIMIT', '--quantity', '0.003', '--price', '151000', '--client-id', 'cli-replace-2'], keys);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^cancel: SUCCESS\nnew order: SUCCESS\n/);
    expect(run.stdout).toContain('cli-replace-2');
  });

  it('--json gives the result; a cancel that failed sets the exit code of its error (7), the new order not attempted', async () => {
    const run = await runCli([...at(), '--json', 'order', 'replace', 'BTCUSDT', '987654', 'SELL', 'LIMIT', '--quantity', '0.003', '--price', '151000'], keys);
    expect(run.code).toBe(7);
    expect(JSON.parse(run.stdout)).toEqual({
      cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', orderLost: false, cancelledOrder: null, newOrder: null,
      cancelError: { type: 'OrderNotFoundError', code: 'ERR_ORDER_NOT_FOUND', exchangeCode: -2011, message: 'Unknown order sent. (Binance code -2011)' },
      newOrderError: null,
    });
  });

  it('a cancel whose new order broke a rule warns that the order is lost and exits 2', async () => {
    const id = await restingSell('0.002', 'cli-replace-3');
    const run = await runCli([...at(), 'order', 'replace', 'BTCUSDT', id, 'BUY', 'LIMIT_MAKER', '--quantity', '0.002', '--price', '150000'], keys);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^cancel: SUCCESS\nnew order: FAILURE \(Order would immediately match and take\./);
    expect(run.stderr).toContain(`warning: order ${id} was cancelled and the new order was not placed: nothing works in its place`);
  });

  it('--mode takes only the two modes', async () => {
    const run = await runCli([...at(), 'order', 'replace', 'BTCUSDT', '1', 'SELL', 'MARKET', '--quantity', '0.001', '--mode', 'ALWAYS'], keys);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mode: must be one of STOP_ON_FAILURE, ALLOW_FAILURE, got "ALWAYS"');
  });
});
