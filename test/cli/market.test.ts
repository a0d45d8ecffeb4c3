import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { jsonLines, killLeftovers, runCli, spawnBinary, tempDir } from './run-cli.js';

let sim: SimulatorHandle;
const at = (): string[] => ['--rest-url', sim.restUrl];

const START = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const CSV_HEADER = 'openTime,open,high,low,close,volume,closeTime,quoteVolume,trades,closed';
const DECIMAL = /^\d+(\.\d+)?$/;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

/** A port nothing listens on: bound once by the OS, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.concurrent('market commands', () => {
  it('ping answers with the environment, URL and latency', async () => {
    const run = await runCli([...at(), '--json', 'ping']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['ok', 'environment', 'restUrl', 'latencyMs']);
    expect(result).toMatchObject({ ok: true, environment: 'sim', restUrl: sim.restUrl });
    expect(typeof result.latencyMs).toBe('number');
  });

  it('time reports the server clock and an offset near zero', async () => {
    const before = Date.now();
    const run = await runCli([...at(), '--json', 'time']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { serverTime: number; localTime: number; offsetMs: number; roundTripMs: number };
    expect(Object.keys(result)).toEqual(['serverTime', 'localTime', 'offsetMs', 'roundTripMs']);
    expect(result.serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(result.localTime).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(result.offsetMs)).toBeLessThan(250);
  });

  it('ticker prints every field with decimals as exact strings, and accepts a lower-case symbol', async () => {
    const run = await runCli([...at(), '--json', 'ticker', 'btcusdt']);
    expect(run.code).toBe(0);
    const ticker = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(ticker)).toEqual([
      'symbol', 'lastPrice', 'bidPrice', 'askPrice', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume',
      'priceChangePercent', 'closeTime',
    ]);
    expect(ticker.symbol).toBe('BTCUSDT');
    for (const field of ['lastPrice', 'bidPrice', 'askPrice', 'volume']) expect(ticker[field]).toMatch(DECIMAL);
  });

  it('depth returns the requested levels per side, best first', async () => {
    const run = await runCli([...at(), '--json', 'depth', 'BTCUSDT', '--limit', '3']);
    expect(run.code).toBe(0);
    const book = JSON.parse(run.stdout) as { symbol: string; bids: { price: string }[]; asks: { price: string }[] };
    expect(book.symbol).toBe('BTCUSDT');
    expect(book.bids).toHaveLength(3);
    expect(book.asks).toHaveLength(3);
    expect(Number(book.bids[0]!.price)).toBeGreaterThan(Number(book.bids[1]!.price));
    expect(Number(book.bids[0]!.price)).toBeLessThan(Number(book.asks[0]!.price));
  });

  it('candles without --start prints the last n as a table', async () => {
    const run = await runCli([...at(), 'candles', 'BTCUSDT', '1h', '--limit', '3']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]!.split(/ {2,}/)).toEqual(['open time', 'open', 'high', 'low', 'close', 'volume', 'trades', 'closed']);
    expect(lines[4]).toMatch(/ false$/);
  });

  it('candles of a range stream CSV to stdout: header and one row per minute, both ends included', async () => {
    const run = await runCli([...at(), 'candles', 'BTCUSDT', '1m', '--start', '2024-01-01T00:00:00Z', '--end', String(START + 59 * MINUTE)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(61);
    expect(lines[1]!.split(',')[0]).toBe(String(START));
    expect(lines[60]!.split(',')[0]).toBe(String(START + 59 * MINUTE));
    expect(lines[1]!.split(',')[6]).toBe(String(START + MINUTE - 1));
  });

  it('candles over several pages write exact row counts to CSV and JSONL files', async () => {
    const dir = tempDir();
    const end = String(START + 2499 * MINUTE);
    const [csv, jsonl] = await Promise.all([
      runCli([...at(), 'candles', 'BTCUSDT', '1m', '--start', String(START), '--end', end, '--out', join(dir, 'c.csv')]),
      runCli([...at(), 'candles', 'BTCUSDT', '1m', '--start', '2024-01-01', '--end', end, '--out', join(dir, 'c.jsonl')]),
    ]);
    expect([csv.code, csv.stdout, jsonl.code, jsonl.stdout]).toEqual([0, '', 0, '']);
    const csvLines = readFileSync(join(dir, 'c.csv'), 'utf8').split('\n');
    expect(csvLines).toHaveLength(2502);
    expect(csvLines[0]).toBe(CSV_HEADER);
    expect(csvLines.at(-1)).toBe('');
    const openTimes = csvLines.slice(1, -1).map((line) => Number(line.split(',')[0]));
    expect(openTimes.every((t, i) => t === START + i * MINUTE)).toBe(true);
    const rows = jsonLines(readFileSync(join(dir, 'c.jsonl'), 'utf8')) as { openTime: number; close: string; symbol: string; interval: string }[];
    expect(rows).toHaveLength(2500);
    expect(rows[0]).toMatchObject({ symbol: 'BTCUSDT', interval: '1m', openTime: START });
    expect(rows[2499]!.openTime).toBe(START + 2499 * MINUTE);
    // Both formats carry the same exact numbers.
    expect(rows[1234]!.close).toBe(csvLines[1235]!.split(',')[4]);
  });

  it('candles --out says on stderr how many candles it wrote, their range and the file, also when stderr is not a terminal', async () => {
    const file = join(tempDir(), 'hour.csv');
    const run = await runCli([...at(), 'candles', 'BTCUSDT', '1m', '--start', '2024-01-01', '--end', String(START + 59 * MINUTE), '--out', file]);
    expect(run).toEqual({
      code: 0, stdout: '',
      stderr: `autotrader: wrote 60 candles (open times 2024-01-01T00:00:00.000Z to 2024-01-01T00:59:00.000Z) to ${file}\n`,
    });
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(62);
  });

  it('candles of a range with no candles warns on stderr instead of silently writing a header', async () => {
    const file = join(tempDir(), 'none.csv');
    const [toFile, toStdout] = await Promise.all([
      runCli([...at(), 'candles', 'BTCUSDT', '1m', '--start', '2999-01-01', '--end', '2999-01-02', '--out', file]),
      runCli([...at(), '--json', 'candles', 'BTCUSDT', '1m', '--start', '2999-01-01', '--end', '2999-01-02']),
    ]);
    const warning = 'no candles of BTCUSDT 1m with open times from 2999-01-01T00:00:00.000Z to 2999-01-02T00:00:00.000Z';
    expect(toFile).toEqual({ code: 0, stdout: '', stderr: `autotrader: warning: ${warning}; ${file} holds the header only\n` });
    expect(readFileSync(file, 'utf8')).toBe(`${CSV_HEADER}\n`);
    expect(toStdout).toEqual({ code: 0, stdout: '', stderr: `${JSON.stringify({ warning })}\n` });
  });

  it('candles --json writes one JSON line per candle and --limit stops a range early', async () => {
    const run = await runCli([...at(), '--json', 'candles', 'ETHUSDT', '1h', '--start', '2024-01-01', '--limit', '5']);
    expect(run.code).toBe(0);
    const rows = jsonLines(run.stdout) as { openTime: number }[];
    expect(rows.map((r) => r.openTime)).toEqual([0, 1, 2, 3, 4].map((i) => START + i * 3_600_000));
  });

  it('candles stops at Ctrl-C with whole lines in a closed file and exit code 130', async () => {
    const file = join(tempDir(), 'long.csv');
    const download = spawnBinary([...at(), 'candles', 'BTCUSDT', '1m', '--start', '2020-01-01', '--out', file]);
    // Wait for the first page on disk, so the interrupt lands mid-download.
    for (let i = 0; i < 200 && (statSafe(file) ?? 0) < 100_000; i++) await new Promise((done) => setTimeout(done, 25));
    download.child.kill('SIGINT');
    const { code, stderr } = await download.exit;
    expect(code).toBe(130);
    const written = Number(/interrupted after (\d+) candles written/.exec(stderr)?.[1]);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(written + 1);
    expect(written).toBeGreaterThanOrEqual(1000);
    expect(written).toBeLessThan(2_000_000);
    expect(lines.slice(1).every((line) => line.split(',').length === 10 && /,(true|false)$/.test(line))).toBe(true);
  });
});

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

describe.concurrent('errors of market commands', () => {
  it('an unreachable simulator exits 5 and says how to start one', async () => {
    const port = await deadPort();
    const url = `http://127.0.0.1:${port}`;
    const run = await runCli(['--rest-url', url, 'ping']);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`autotrader: GET /api/v3/ping failed: connect ECONNREFUSED 127.0.0.1:${port}\n`
      + `  no simulator at ${url} — start one with \`autotrader sim --port ${port}\`\n`);
  });

  it('AUTOTRADER_REST_URL replaces the default sim URL', async () => {
    const run = await runCli(['--json', 'ping'], { env: { AUTOTRADER_REST_URL: sim.restUrl } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { restUrl: string }).restUrl).toBe(sim.restUrl);
  });

  it('a malformed symbol or interval exits 2 before any request', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const [symbol, interval, range] = await Promise.all([
      runCli(['--rest-url', url, 'ticker', 'BTC/USDT']),
      runCli(['--rest-url', url, 'candles', 'BTCUSDT', '2m']),
      runCli(['--rest-url', url, 'candles', 'BTCUSDT', '1m', '--start', '2024-01-02', '--end', '2024-01-01']),
    ]);
    expect(symbol).toEqual({ code: 2, stdout: '', stderr: 'autotrader: symbol: must be letters and digits such as BTCUSDT, got "BTC/USDT"\n' });
    expect(interval.code).toBe(2);
    expect(interval.stderr).toMatch(/^autotrader: interval: must be one of 1s, 1m, .*, got "2m"\n$/);
    expect(range.stderr).toBe('autotrader: --end: must not be before --start\n');
  });

  it('an unknown symbol exits 2 with the field named, as JSON with --json', async () => {
    const run = await runCli([...at(), '--json', 'depth', 'NOPEUSDT']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        message: 'symbol: unknown symbol "NOPEUSDT" (not listed in exchangeInfo)',
        hint: 'symbols are written like BTCUSDT; the exchange does not list this one',
        exitCode: 2, type: 'InvalidArgumentError', code: 'ERR_INVALID_ARGUMENT', exchangeCode: null, httpStatus: null,
      },
    });
  });
});

afterAll(killLeftovers);

describe('rate limits', () => {
  it('a 429 with a long Retry-After exits 4 and says how long to wait', async () => {
    const own = await startSimulator({ port: 0 });
    own.inject({ kind: 'rate-limit', count: 1, retryAfterSeconds: 60 });
    const run = await runCli(['--rest-url', own.restUrl, '--json', 'ping']);
    await own.close();
    expect(run.code).toBe(4);
    expect((JSON.parse(run.stderr) as { error: Record<string, unknown> }).error).toMatchObject({
      exitCode: 4, type: 'RateLimitError', exchangeCode: -1003, httpStatus: 429, hint: 'wait 60 s before sending again, and send fewer or lighter requests',
    });
  });
});
