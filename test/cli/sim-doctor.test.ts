import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, SPOT_SYMBOLS, startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { killLeftovers, runCli, spawnBinary, tempDir } from './run-cli.js';

interface Listening {
  event: string;
  restUrl: string;
  wsStreamUrl: string;
  wsApiUrl: string;
  seed: number;
  accounts: { apiKey: string; apiSecret: string; keyType: string }[];
  symbols: string[];
  faults: unknown[];
}

interface DoctorReport {
  ok: boolean;
  checks: { name: string; status: string; detail: string; fix?: string }[];
}

afterAll(killLeftovers);

describe('sim', () => {
  it('runs in the foreground with its fault flags, serves the other commands, and stops cleanly on SIGTERM', async () => {
    const sim = spawnBinary(['--json', 'sim', '--port', '0', '--seed', '9', '--clock-skew', '3000', '--fail-orders', '1:503', '--weight-limit', '1000']);
    await sim.waitFor('\n');
    const listening = JSON.parse(sim.stdout().split('\n')[0]!) as Listening;
    expect(listening).toMatchObject({
      event: 'listening', seed: 9,
      accounts: [{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, keyType: 'hmac' }],
      faults: [{ kind: 'clock-skew', ms: 3000 }, { kind: 'order-status-unknown', count: 1, as: 503 }],
    });
    expect(listening.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening.wsApiUrl).toBe(`${listening.restUrl.replace('http', 'ws')}/ws-api/v3`);

    const at = ['--rest-url', listening.restUrl, '--json'];
    const [ping, time, doctor] = await Promise.all([
      runCli(['--rest-url', listening.restUrl, 'ping']), runCli([...at, 'time']), runCli([...at, 'doctor']),
    ]);
    expect(ping.stdout).toMatch(new RegExp(`^pong from ${listening.restUrl} \\(sim\\) in \\d+ ms\\n$`));
    // The skewed server clock shows as an offset of about +3 s.
    expect(Math.abs((JSON.parse(time.stdout) as { offsetMs: number }).offsetMs - 3000)).toBeLessThan(300);
    const weight = (JSON.parse(doctor.stdout) as DoctorReport).checks.find((c) => c.name === 'weight');
    expect(weight?.detail).toMatch(/^\d+ of 1000 request weight used in the current 60 s window$/);

    // The lost placement answer (503) is resolved by querying the order: it was filled, and is not sent twice.
    const placed = await runCli([...at, 'order', 'place', 'BTCUSDT', 'BUY', 'MARKET', '--quantity', '0.001']);
    expect(placed.code).toBe(0);
    expect(JSON.parse(placed.stdout)).toMatchObject({ status: 'FILLED', executedQuantity: '0.001' });

    sim.child.kill('SIGTERM');
    const { code, stdout } = await sim.exit;
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('{"event":"stopped","signal":"SIGTERM"}');
  });

  it('--symbols lists the chosen spot pairs, which the other commands can then trade and watch', async () => {
    const sim = spawnBinary(['--json', 'sim', '--port', '0', '--symbols', 'solusdt, BTCUSDT']);
    await sim.waitFor('\n');
    const listening = JSON.parse(sim.stdout().split('\n')[0]!) as Listening;
    expect(listening.symbols).toEqual(['SOLUSDT', 'BTCUSDT']);
    const info = await (await fetch(`${listening.restUrl}/api/v3/exchangeInfo`)).json() as { symbols: { symbol: string }[] };
    expect(info.symbols.map((s) => s.symbol)).toEqual(['SOLUSDT', 'BTCUSDT']);
    const [ticker, missing] = await Promise.all([
      runCli(['--rest-url', listening.restUrl, '--json', 'ticker', 'SOLUSDT']),
      runCli(['--rest-url', listening.restUrl, 'ticker', 'ETHUSDT']),
    ]);
    expect(ticker.code).toBe(0);
    expect(JSON.parse(ticker.stdout)).toMatchObject({ symbol: 'SOLUSDT' });
    expect(missing.code).not.toBe(0);
    sim.child.kill('SIGTERM');
    expect((await sim.exit).code).toBe(0);

    const all = spawnBinary(['--json', 'sim', '--port', '0', '--symbols', 'all']);
    await all.waitFor('\n');
    expect((JSON.parse(all.stdout().split('\n')[0]!) as Listening).symbols).toEqual(SPOT_SYMBOLS.map((spec) => spec.symbol));
    all.child.kill('SIGTERM');
    expect((await all.exit).code).toBe(0);
  });

  it('prints its URLs and every account of an --accounts file, and stops on SIGINT', async () => {
    const file = join(tempDir(), 'accounts.json');
    writeFileSync(file, JSON.stringify([{ apiKey: 'alice', apiSecret: 'alice-secret', balances: { USDT: '50' } }, {}]));
    const sim = spawnBinary(['sim', '--port', '0', '--accounts', file]);
    await sim.waitFor('Ctrl-C stops it');
    sim.child.kill('SIGINT');
    const { code, stdout } = await sim.exit;
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Binance-compatible simulator running');
    expect(lines[1]).toMatch(/^REST {11}http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toContain('account 1:');
    expect(lines).toContain('  apiKey     alice');
    expect(lines).toContain('  apiSecret  alice-secret');
    expect(lines).toContain('account 2:');
    expect(lines.at(-2)).toBe('simulator stopped (SIGINT)');
  });

  it('rejects bad flags with exit 2 before starting', async () => {
    const file = join(tempDir(), 'accounts.json');
    writeFileSync(file, JSON.stringify([{ balances: { USDT: 'lots' } }]));
    const [faults, accounts, unknown, twice] = await Promise.all([
      runCli(['sim', '--port', '0', '--fail-orders', '3:500']),
      runCli(['sim', '--port', '0', '--accounts', file]),
      runCli(['sim', '--port', '0', '--symbols', 'BTCUSDT,FOOBAR']),
      runCli(['sim', '--port', '0', '--symbols', 'btcusdt,BTCUSDT']),
    ]);
    expect(unknown).toEqual({
      code: 2, stdout: '', stderr: `autotrader: --symbols: unknown symbol "FOOBAR"; known: ${SPOT_SYMBOLS.map((spec) => spec.symbol).join(',')}\n`,
    });
    expect(twice).toEqual({ code: 2, stdout: '', stderr: 'autotrader: --symbols: BTCUSDT is listed twice\n' });
    expect(faults).toEqual({ code: 2, stdout: '', stderr: 'autotrader: --fail-orders: must be <count>:503 or <count>:-1007, got "3:500"\n' });
    expect(accounts.code).toBe(2);
    expect(accounts.stderr.split('\n')[0]).toBe(`autotrader: --accounts ${file}: 0.balances.USDT: must be a decimal string such as "1000"`);
  });
});

describe('doctor', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('passes every check against a healthy simulator with the demo keys, probing the stream URLs that follow the REST URL', async () => {
    const run = await runCli(['--rest-url', sim.restUrl, '--json', 'doctor']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['config', 'OK'], ['rest', 'OK'], ['clock', 'OK'], ['streams', 'OK'], ['ws api', 'OK'],
      ['api key', 'OK'], ['permissions', 'OK'], ['weight', 'OK'],
    ]);
    expect(report.checks[0]!.detail).toBe('env sim, no config file, credentials: simulator demo account');
    expect(report.checks[3]!.detail).toMatch(new RegExp(`^${sim.wsStreamUrl}/ws accepts connections \\(\\d+ ms\\)$`));
    expect(report.checks[4]!.detail).toMatch(new RegExp(`^${sim.wsApiUrl} accepts connections \\(\\d+ ms\\)$`));
    expect(report.checks[6]!.detail).toBe('canTrade true, SPOT account, permissions SPOT');
    expect(report.checks[5]!.detail).toBe('accepted (simulator demo account)');
  });

  it('says where the keys came from: the environment, or the config file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'autotrader.config.json'), JSON.stringify({ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET }), { mode: 0o600 });
    const [fromEnv, fromFile] = await Promise.all([
      runCli(['--rest-url', sim.restUrl, '--json', 'doctor'], { env: { BINANCE_API_KEY: DEMO_API_KEY, BINANCE_API_SECRET: DEMO_API_SECRET } }),
      runCli(['--rest-url', sim.restUrl, '--json', 'doctor'], { cwd: dir }),
    ]);
    const details = (run: { stdout: string }): string[] => (JSON.parse(run.stdout) as DoctorReport).checks
      .filter((c) => c.name === 'config' || c.name === 'api key').map((c) => c.detail);
    expect(details(fromEnv)).toEqual(['env sim, no config file, credentials: environment variables', 'accepted (environment variables)']);
    expect(details(fromFile)).toEqual([`env sim, file ${join(dir, 'autotrader.config.json')}, credentials: config file`, 'accepted (config file)']);
  });

  it('fails the key check for a wrong key, says what to fix, and exits 1', async () => {
    const run = await runCli(['--rest-url', sim.restUrl, 'doctor'], { env: { BINANCE_API_KEY: DEMO_API_KEY, BINANCE_API_SECRET: 'not-the-secret' } });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('FAIL'))).toBe('FAIL  api key      Signature for this request is not valid. (Binance code -1022, HTTP 400)');
    expect(lines).toContain('                   fix: the signature was rejected: check that apiSecret (or privateKey) is the one issued with apiKey');
    expect(lines).toContain('SKIP  permissions  the key was refused');
    expect(lines.at(-2)).toBe('1 check failed');
  });

  it('fails the REST check when nothing answers, and a configured WebSocket URL that refuses', async () => {
    const run = await runCli(['--rest-url', 'http://127.0.0.1:9', '--json', 'doctor']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.checks[1]).toEqual({
      name: 'rest', status: 'FAIL', detail: 'GET /api/v3/ping failed: connect ECONNREFUSED 127.0.0.1:9',
      fix: 'no simulator at http://127.0.0.1:9 — start one with `autotrader sim --port 9`',
    });
    expect(report.checks.slice(2).every((c) => c.status === 'SKIP')).toBe(true);

    const ws = await runCli(['--rest-url', sim.restUrl, '--json', 'doctor'], { env: { AUTOTRADER_WS_STREAM_URL: 'ws://127.0.0.1:9' } });
    const streams = (JSON.parse(ws.stdout) as DoctorReport).checks.find((c) => c.name === 'streams');
    expect(streams).toMatchObject({ status: 'FAIL', detail: 'ws://127.0.0.1:9/ws: connect ECONNREFUSED 127.0.0.1:9' });
    expect(ws.code).toBe(1);
  });
});
