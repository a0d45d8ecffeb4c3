import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStream } from '../../src/cli/stream-runner.js';
import { orderPresenter } from '../../src/cli/stream-views.js';
import { ConnectorFactory, type BinanceConnector } from '../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { inProcessIo, jsonLines, startCli, tempDir, type CliRun, type RunningCli } from './run-cli.js';
import { startWsApiProxy, type WsApiProxy } from './ws-api-proxy.js';

// A simulator of its own: dropping connections and failing every REST read would disturb other tests.
let sim: SimulatorHandle;
let proxy: WsApiProxy;
let reader: BinanceConnector;
let config: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 13 });
  proxy = await startWsApiProxy(sim.wsApiUrl);
  reader = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl, ...sim.accounts[0]! });
  await reader.connect();
  // The recovery still retries its reads three times, and reconnects still back off, but in
  // milliseconds: the defaults ([1, 3, 10] s, backoff from 500 ms) would make these tests wait
  // for about 16 s in real time.
  config = join(tempDir(), 'autotrader.config.json');
  writeFileSync(config, JSON.stringify({ exchange: 'binance', streams: { recoveryDelaysMs: [10, 10, 10], backoff: { initialMs: 10, maxMs: 50 } } }));
});

afterAll(async () => {
  await reader.disconnect();
  await proxy.close();
  await sim.close();
});

type Line = Record<string, unknown> & { event?: string };

const INCOMPLETE_WARNING = 'order updates may be incomplete: after a reconnect the exchange could not be read to recover what was missed; '
  + 'check `autotrader orders` and `autotrader positions`';

/** `stream orders` in JSON and in plain lines side by side, both subscribed. */
async function startBoth(extra: readonly string[] = []): Promise<{ json: RunningCli; plain: RunningCli }> {
  const args = (json: boolean): string[] => ['--config', config, '--rest-url', sim.restUrl, ...extra, ...(json ? ['--json'] : []), 'stream', 'orders', '--duration', '40'];
  const json = startCli(args(true));
  const plain = startCli(args(false));
  await Promise.all([json.waitFor('"event":"subscribed"'), plain.waitFor('subscribed to order updates')]);
  return { json, plain };
}

/** Waits for the notice that the stream flows again, then stops both with SIGTERM (exit code 0). */
async function afterResubscribed(both: { json: RunningCli; plain: RunningCli }): Promise<{ json: CliRun; plain: CliRun }> {
  await Promise.all([both.json.waitFor('"status":"resubscribed"'), both.plain.waitFor('subscribed again after a reconnect')]);
  both.json.signal('SIGTERM');
  both.plain.signal('SIGTERM');
  return { json: await both.json.exit, plain: await both.plain.exit };
}

describe('autotrader stream orders across a reconnect', () => {
  it('marks the balances read from the account after the gap as recovered, and says the recovery is complete', async () => {
    const both = await startBoth();
    sim.inject({ kind: 'drop-streams' });
    const { json, plain } = await afterResubscribed(both);
    const held = (await reader.getPositions()).map((p) => ({ asset: p.asset, free: p.free.toFixed(), locked: p.locked.toFixed() }));
    expect(held.length).toBeGreaterThan(0);

    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = jsonLines(json.stdout) as Line[];
    const balances = lines.filter((line) => line.event === 'balance');
    expect(balances).toHaveLength(1);
    expect(balances[0]).toMatchObject({ reason: 'position', recovered: true, balances: held });
    const notice = lines.find((line) => line.event === 'user-data');
    expect(notice).toMatchObject({ status: 'resubscribed', recoveredOrders: 0, complete: true });
    expect(lines.indexOf(balances[0]!)).toBeLessThan(lines.indexOf(notice!));

    expect({ code: plain.code, stderr: plain.stderr }).toEqual({ code: 0, stderr: '' });
    const text = held.map((b) => `${b.asset} free ${b.free} locked ${b.locked}`).join(', ');
    expect(plain.stdout).toContain(`balance ${text} (recovered after reconnect)\n`);
    expect(plain.stdout).toMatch(/ user data subscribed again after a reconnect \(0 missed order updates recovered\)\n/);
  }, 40_000);

  it('says so in JSON, in the text and with a warning on stderr when the reads behind the recovery never answered', async () => {
    const both = await startBoth();
    // -1000 with HTTP 400 is not retried by the request pipeline, so only the recovery's own retries run.
    sim.inject({ kind: 'http-error', status: 400, count: 10_000 });
    sim.inject({ kind: 'drop-streams' });
    const { json, plain } = await afterResubscribed(both);
    sim.clear();

    expect(json.code).toBe(0);
    expect(jsonLines(json.stderr)).toEqual([{ warning: INCOMPLETE_WARNING }]);
    const lines = jsonLines(json.stdout) as Line[];
    expect(lines.find((line) => line.event === 'user-data')).toMatchObject({ status: 'resubscribed', recoveredOrders: 0, complete: false });
    expect(lines.filter((line) => line.event === 'balance')).toEqual([]);

    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe(`autotrader: warning: ${INCOMPLETE_WARNING}\n`);
    expect(plain.stdout).toMatch(/ user data subscribed again after a reconnect \(0 missed order updates recovered; recovery incomplete: the exchange could not be read, changes during the gap may be missing\)\n/);
  }, 60_000);

  it('stops with the failure and exit code 1 when subscribing again keeps failing with an unknown error (-1000)', async () => {
    const both = await startBoth(['--ws-api-url', proxy.url]);
    proxy.failSubscriptions();
    proxy.dropClients();
    const [json, plain] = await Promise.all([both.json.exit, both.plain.exit]);
    const failure = 'An unknown error occurred while processing the request. (Binance code -1000, HTTP 400)';
    const stopped = `order updates stopped: subscribing again after a reconnect kept failing: ${failure}`;

    expect(json.code).toBe(1);
    const lines = jsonLines(json.stdout) as Line[];
    expect(lines.filter((line) => line.event === 'user-data')).toEqual([{
      event: 'user-data', status: 'terminated', reason: 'failed', recoveredOrders: 0, eventTime: expect.any(Number) as unknown,
      error: { type: 'ExchangeError', code: 'ERR_EXCHANGE', exchangeCode: -1000, httpStatus: 400, message: failure },
    }]);
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', reason: 'failed', count: 0 });
    expect(jsonLines(json.stderr)).toEqual([{
      error: { message: stopped, hint: expect.any(String) as unknown, exitCode: 1, type: 'ExchangeError', code: 'ERR_EXCHANGE', exchangeCode: -1000, httpStatus: 400 },
    }]);

    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(new RegExp(` user data subscription kept failing: ${failure.replace(/[.()]/g, '\\$&')}; order updates stopped\n.* stopped \\(the stream failed\\) after 0 order updates\n$`));
    expect(plain.stderr.split('\n')[0]).toBe(`autotrader: ${stopped}`);
  }, 60_000);

  it('on a terminal, keeps the incomplete recovery and its warning on screen', async () => {
    const writes: string[] = [];
    const cli = inProcessIo();
    // Stopped as a person would, once the warning is on screen, rather than after a fixed wait.
    const terminal = {
      columns: 400, rows: 30,
      write: (text: string) => {
        writes.push(text);
        if (text.includes(` warning: ${INCOMPLETE_WARNING}`)) cli.signal('SIGTERM');
      },
    };
    // One recovery pass and no retry, so the gap is declared open at once.
    const connector = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl, ...sim.accounts[0]!, streams: { recoveryDelaysMs: [] } });
    await connector.connect();
    try {
      const reason = await runStream(connector, orderPresenter(sim.wsApiUrl), async (deliver) => {
        const subscription = await connector.subscribeOrderUpdates(deliver);
        sim.inject({ kind: 'http-error', status: 400, count: 10_000 });
        sim.inject({ kind: 'drop-streams' });
        return subscription;
      }, { io: cli.io, json: false, limits: { durationMs: 10_000 }, terminal });
      expect(reason).toBe('SIGTERM');
    } finally {
      sim.clear();
      await connector.disconnect();
    }
    const screen = writes.join('');
    expect(screen).toMatch(/ user data subscribed again after a reconnect \(0 missed order updates recovered; recovery incomplete: the exchange could not be read, changes during the gap may be missing\)/);
    expect(screen).toContain(` warning: ${INCOMPLETE_WARNING}`);
  });
});
