import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI } from '../../src/cli/live-screen.js';
import { bookTickerPresenter, tickersPresenter } from '../../src/cli/market-stream-views.js';
import { runStream } from '../../src/cli/stream-runner.js';
import { ConnectorFactory } from '../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { inProcessIo, jsonLines, runCli } from './run-cli.js';

/** `autotrader tickers`, `stream book-ticker` and `stream tickers`, against the simulator. */

let sim: SimulatorHandle;
const at = (): string[] => ['--rest-url', sim.restUrl];
const DECIMAL = /^\d+(\.\d+)?$/;
type Line = Record<string, unknown> & { event: string };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 13 });
});

afterAll(async () => {
  await sim.close();
});

describe.concurrent('autotrader tickers', () => {
  it('--json prints one array of the named symbols\' tickers, in one request', async () => {
    const run = await runCli([...at(), '--json', 'tickers', 'ethusdt', 'BTCUSDT']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const tickers = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(tickers.map((t) => t.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const ticker of tickers) {
      expect(Object.keys(ticker)).toEqual([
        'symbol', 'lastPrice', 'bidPrice', 'askPrice', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume', 'priceChangePercent', 'closeTime',
      ]);
      for (const field of ['lastPrice', 'bidPrice', 'askPrice', 'volume']) expect(ticker[field]).toMatch(DECIMAL);
    }
  });

  it('without symbols prints a table of every symbol', async () => {
    const run = await runCli([...at(), 'tickers']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^symbol\s+last\s+bid\s+ask\s+change %\s+high\s+low\s+volume\s+quote volume$/);
    expect(lines.slice(2).map((line) => line.split(/\s+/)[0])).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']);
  });

  it('a symbol the exchange does not list fails with exit code 2, naming it', async () => {
    const run = await runCli([...at(), 'tickers', 'BTCUSDT', 'NOPEUSDT']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NOPEUSDT/);
  });
});

describe.concurrent('autotrader stream book-ticker and tickers', () => {
  it('book-ticker --count 2 --json prints the subscription, 2 updates of the best bid and ask, then why it stopped', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'book-ticker', 'btcusdt', '--count', '2']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = (jsonLines(run.stdout) as Line[]).filter((line) => line.event !== 'state');
    expect(lines.map((line) => line.event)).toEqual(['subscribed', 'bookTicker', 'bookTicker', 'stopped']);
    expect(lines[0]).toMatchObject({ stream: 'book-ticker', symbol: 'BTCUSDT', url: sim.wsStreamUrl });
    for (const update of lines.slice(1, 3)) {
      expect(Object.keys(update)).toEqual(['event', 'symbol', 'bidPrice', 'bidQuantity', 'askPrice', 'askQuantity', 'updateId']);
      expect(Number(update.bidPrice)).toBeLessThan(Number(update.askPrice));
    }
    expect(lines[3]).toMatchObject({ event: 'stopped', reason: 'count', count: 2, counted: 'book ticker updates' });
  });

  it('tickers --window 1h --count 1 --json prints one update with every symbol\'s rolling-window ticker', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'tickers', '--window', '1h', '--count', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = (jsonLines(run.stdout) as Line[]).filter((line) => line.event !== 'state');
    expect(lines.map((line) => line.event)).toEqual(['subscribed', 'tickers', 'stopped']);
    const tickers = lines[1]!.tickers as Record<string, unknown>[];
    expect(tickers.map((t) => t.symbol).sort()).toEqual(['BNBUSDT', 'BTCUSDT', 'ETHBTC', 'ETHUSDT']);
    expect(Object.keys(tickers[0]!)).toEqual([
      'symbol', 'window', 'lastPrice', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume', 'eventTime',
      'priceChangePercent', 'weightedAveragePrice', 'openTime', 'closeTime', 'trades',
    ]);
  });

  it('tickers without --window is the mini ticker: no change, times or trade count', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'tickers', '--count', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const update = (jsonLines(run.stdout) as Line[]).find((line) => line.event === 'tickers')!;
    for (const ticker of update.tickers as Record<string, unknown>[]) {
      expect(Object.keys(ticker)).toEqual(['symbol', 'window', 'lastPrice', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume', 'eventTime']);
      expect(ticker.window).toBe('24h');
    }
  });

  it('on a terminal, book-ticker redraws the best bid and ask in place, and tickers a table of every symbol seen', async () => {
    const connector = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl });
    await connector.connect();
    const bookWrites: string[] = [];
    const tickerWrites: string[] = [];
    try {
      const io = inProcessIo().io;
      await runStream(connector, bookTickerPresenter('BTCUSDT', sim.wsStreamUrl), (deliver) => connector.subscribeBookTicker('BTCUSDT', deliver),
        { io, json: false, limits: { count: 2 }, terminal: { columns: 120, rows: 30, write: (text: string) => bookWrites.push(text) } });
      await runStream(connector, tickersPresenter('24h', sim.wsStreamUrl), (deliver) => connector.subscribeAllTickers(deliver),
        { io, json: false, limits: { count: 1 }, terminal: { columns: 120, rows: 30, write: (text: string) => tickerWrites.push(text) } });
    } finally {
      await connector.disconnect();
    }
    const book = bookWrites.join('');
    expect(book).toContain(`\r${ANSI.up(2)}${ANSI.clearDown}`);
    expect(book).toMatch(/bid \d+(\.\d+)? @ \d+(\.\d+)? {2}ask \d+(\.\d+)? x \d+(\.\d+)? {2}spread \d+(\.\d+)?\n/);
    expect(book.endsWith(`stopped (count reached) after 2 book ticker updates\n${ANSI.showCursor}`)).toBe(true);
    const tickers = tickerWrites.join('');
    expect(tickers).toMatch(/symbol +last +open +high +low +volume\n/);
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']) expect(tickers).toMatch(new RegExp(`\\n${symbol} +\\d`));
    expect(tickers).toContain('4 symbols, 4 changed at ');
  });
});
