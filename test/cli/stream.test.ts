import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI } from '../../src/cli/live-screen.js';
import { runStream } from '../../src/cli/stream-runner.js';
import { candlePresenter } from '../../src/cli/stream-views.js';
import { ConnectorFactory, Decimal, type BinanceConnector } from '../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { inProcessIo, jsonLines, killLeftovers, runCli, spawnBinary, startCli } from './run-cli.js';

let sim: SimulatorHandle;
let trader: BinanceConnector;
const at = (): string[] => ['--rest-url', sim.restUrl];

const DECIMAL = /^\d+(\.\d+)?$/;
const CANDLE_KEYS = ['event', 'symbol', 'interval', 'openTime', 'closeTime', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'closed'];

type Line = Record<string, unknown> & { event: string };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11 });
  trader = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl, ...sim.accounts[0]! });
  await trader.connect();
});

afterAll(async () => {
  killLeftovers();
  await trader.disconnect();
  await sim.close();
});

/** The lines of one kind of event. */
function events(stdout: string, event: string): Line[] {
  return (jsonLines(stdout) as Line[]).filter((line) => line.event === event);
}

describe.concurrent('autotrader stream', () => {
  it('candles --count 2 --json prints the subscription, then exactly 2 candles with every field, then why it stopped', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'candles', 'btcusdt', '1s', '--count', '2']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(run.stdout) as Line[];
    expect(lines.map((line) => line.event)).toEqual(['state', 'state', 'subscribed', 'candle', 'candle', 'stopped']);
    expect(lines.slice(0, 2).map((line) => [line.stream, line.connection, line.from, line.to])).toEqual([
      ['market', 0, 'idle', 'connecting'], ['market', 0, 'connecting', 'open'],
    ]);
    expect(lines[2]).toMatchObject({ event: 'subscribed', stream: 'candles', symbol: 'BTCUSDT', interval: '1s', url: sim.wsStreamUrl });
    const candles = lines.slice(3, 5);
    for (const candle of candles) {
      expect(Object.keys(candle)).toEqual(CANDLE_KEYS);
      expect(candle).toMatchObject({ symbol: 'BTCUSDT', interval: '1s', closeTime: (candle.openTime as number) + 999 });
      expect((candle.openTime as number) % 1000).toBe(0);
      for (const field of ['open', 'high', 'low', 'close', 'volume', 'quoteVolume']) expect(candle[field]).toMatch(DECIMAL);
      expect(Number(candle.low)).toBeLessThanOrEqual(Math.min(Number(candle.open), Number(candle.close)));
      expect(Number(candle.high)).toBeGreaterThanOrEqual(Math.max(Number(candle.open), Number(candle.close)));
      expect(typeof candle.closed).toBe('boolean');
    }
    expect(candles[1]!.openTime as number).toBeGreaterThanOrEqual(candles[0]!.openTime as number);
    expect(lines[5]).toMatchObject({ event: 'stopped', reason: 'count', count: 2, counted: 'candles' });
  });

  it('candles --closed gives closed candles equal to the exchange\'s klines, field by field', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'candles', 'BTCUSDT', '1s', '--closed', '--count', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [candle] = events(run.stdout, 'candle');
    expect(candle).toMatchObject({ closed: true });
    const [kline] = await (await fetch(`${sim.restUrl}/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${String(candle!.openTime)}&limit=1`))
      .json() as (string | number)[][];
    expect(candle).toEqual({
      event: 'candle', symbol: 'BTCUSDT', interval: '1s', openTime: kline![0], closeTime: kline![6],
      open: String(Number(kline![1])), high: String(Number(kline![2])), low: String(Number(kline![3])), close: String(Number(kline![4])),
      volume: String(Number(kline![5])), quoteVolume: String(Number(kline![7])), trades: kline![8], closed: true,
    });
  });

  it('orders --json --duration shows NEW then FILLED, with exact values, for an order placed while it runs', async () => {
    const cli = startCli([...at(), '--json', 'stream', 'orders', '--duration', '2.5']);
    await cli.waitFor('"event":"subscribed"');
    const placed = await trader.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.003', clientOrderId: 'cli-stream-orders-1' });
    const result = await cli.exit;
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = jsonLines(result.stdout) as Line[];
    expect(lines[0]).toMatchObject({ event: 'state', stream: 'user-data', from: 'idle', to: 'connecting' });
    expect(lines.find((line) => line.event === 'subscribed')).toMatchObject({ stream: 'orders', url: sim.wsApiUrl });
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', reason: 'duration' });
    type Update = Line & { execution: Record<string, unknown>; order: Record<string, unknown> };
    const updates = (events(result.stdout, 'order') as Update[]).filter((u) => u.order.clientOrderId === 'cli-stream-orders-1');
    expect(updates.map((u) => u.order.status)).toEqual(['NEW', ...placed.fills.slice(1).map(() => 'PARTIALLY_FILLED'), 'FILLED']);
    expect(updates[0]!.execution).toMatchObject({ executionType: 'NEW', lastQuantity: '0', lastPrice: '0', commission: '0' });
    const trades = updates.slice(1);
    expect(trades.map((u) => [u.execution.executionType, u.execution.lastPrice, u.execution.lastQuantity, u.execution.commission, u.execution.commissionAsset]))
      .toEqual(placed.fills.map((f) => ['TRADE', f.price.toFixed(), f.quantity.toFixed(), f.commission.toFixed(), f.commissionAsset]));
    expect(trades.at(-1)!.order).toMatchObject({
      orderId: placed.orderId, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.003',
      executedQuantity: placed.executedQuantity.toFixed(), cumulativeQuoteQuantity: placed.cumulativeQuoteQuantity.toFixed(),
    });
    expect(updates.every((u) => u.recovered === false)).toBe(true);
    expect(events(result.stdout, 'balance').length).toBeGreaterThan(0);
  });

  it('orders --count 2 stops after two order updates and its summary counts order updates, not the balance events around them', async () => {
    const cli = startCli([...at(), '--json', 'stream', 'orders', '--count', '2']);
    await cli.waitFor('"event":"subscribed"');
    await trader.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '20000', quantity: '0.001', clientOrderId: 'cli-stream-count-1' });
    await trader.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '20000', quantity: '0.001', clientOrderId: 'cli-stream-count-2' });
    const result = await cli.exit;
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = jsonLines(result.stdout) as Line[];
    expect(events(result.stdout, 'order')).toHaveLength(2);
    expect(lines.at(-1)).toMatchObject({ event: 'stopped', reason: 'count', count: 2, counted: 'order updates' });
  });

  it('trades --count 3 --json prints three distinct trades as the exchange recorded them, in time order', async () => {
    const run = await runCli([...at(), '--json', 'stream', 'trades', 'BTCUSDT', '--count', '3']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    type TradeLine = Line & { tradeId: number; price: string; quantity: string; time: number; isBuyerMaker: boolean };
    const trades = events(run.stdout, 'trade') as TradeLine[];
    expect(trades).toHaveLength(3);
    const recorded = await (await fetch(`${sim.restUrl}/api/v3/trades?symbol=BTCUSDT&limit=1000`)).json() as
      { id: number; price: string; qty: string; time: number; isBuyerMaker: boolean }[];
    for (const trade of trades) {
      expect(Object.keys(trade)).toEqual(['event', 'symbol', 'tradeId', 'price', 'quantity', 'time', 'isBuyerMaker', 'eventTime']);
      const same = recorded.find((r) => r.id === trade.tradeId);
      expect(same).toBeDefined();
      expect(trade).toMatchObject({
        symbol: 'BTCUSDT', price: new Decimal(same!.price).toFixed(), quantity: new Decimal(same!.qty).toFixed(),
        time: same!.time, isBuyerMaker: same!.isBuyerMaker,
      });
    }
    // Other tests here trade too, and the simulator numbers users' trades after the minute's generated ones (docs/SIMULATOR.md).
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(3);
    expect(trades[1]!.time).toBeGreaterThanOrEqual(trades[0]!.time);
    expect(trades[2]!.time).toBeGreaterThanOrEqual(trades[1]!.time);
  });

  it('book --depth 3 gives synced books: best bid under best ask, levels best first', async () => {
    // A quiet book sends no diff, so resting orders deep in the book make sure a second book comes.
    const ticker = await trader.getTicker('BTCUSDT');
    const deepBid = ticker.bidPrice.times('0.99').round(2, 0).toFixed();
    let placed = 0;
    const mover = setInterval(() => {
      void trader.placeOrder({
        symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: deepBid, quantity: '0.001', clientOrderId: `cli-stream-book-${placed++}`,
      });
    }, 400);
    const run = await runCli([...at(), '--json', 'stream', 'book', 'BTCUSDT', '--depth', '3', '--count', '2']).finally(() => clearInterval(mover));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    type Book = Line & { lastUpdateId: number; eventTime: number; bids: { price: string; quantity: string }[]; asks: { price: string; quantity: string }[] };
    const books = events(run.stdout, 'book') as Book[];
    expect(books).toHaveLength(2);
    for (const book of books) {
      expect(Object.keys(book)).toEqual(['event', 'symbol', 'lastUpdateId', 'bids', 'asks', 'eventTime']);
      expect(book.symbol).toBe('BTCUSDT');
      expect(book.bids).toHaveLength(3);
      expect(book.asks).toHaveLength(3);
      for (const level of [...book.bids, ...book.asks]) {
        expect(level.price).toMatch(DECIMAL);
        expect(level.quantity).toMatch(DECIMAL);
      }
      expect(Number(book.bids[0]!.price)).toBeLessThan(Number(book.asks[0]!.price));
      expect(Number(book.bids[0]!.price)).toBeGreaterThan(Number(book.bids[1]!.price));
      expect(Number(book.asks[0]!.price)).toBeLessThan(Number(book.asks[1]!.price));
    }
    expect(books[1]!.lastUpdateId).toBeGreaterThan(books[0]!.lastUpdateId);
  });

  it('ticker without --json prints plain lines when stdout is not a terminal, with the stream URLs given as flags', async () => {
    const run = await runCli(['--rest-url', sim.restUrl, '--ws-stream-url', sim.wsStreamUrl, '--ws-api-url', sim.wsApiUrl, 'stream', 'ticker', 'BTCUSDT', '--count', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\S+Z market stream connection 0: idle -> connecting$/);
    expect(lines[2]).toMatch(/^\S+Z subscribed to BTCUSDT ticker$/);
    expect(lines[3]).toMatch(/^\S+Z BTCUSDT last \d+(\.\d+)? bid \d+(\.\d+)? ask \d+(\.\d+)? change -?\d+(\.\d+)?% high /);
    expect(lines[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stopped \(count reached\) after 1 ticker update$/);
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('Ctrl-C unsubscribes, disconnects and exits 130; SIGTERM does the same and exits 0', async () => {
    const [interrupted, terminated] = await Promise.all((['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      const cli = spawnBinary([...at(), '--json', 'stream', 'ticker', 'BTCUSDT']);
      await cli.waitFor('"event":"subscribed"');
      cli.child.kill(signal);
      return cli.exit;
    }));
    expect({ code: interrupted!.code, stderr: interrupted!.stderr }).toEqual({ code: 130, stderr: '' });
    expect(jsonLines(interrupted!.stdout).at(-1)).toMatchObject({ event: 'stopped', reason: 'SIGINT' });
    expect({ code: terminated!.code, stderr: terminated!.stderr }).toEqual({ code: 0, stderr: '' });
    expect(jsonLines(terminated!.stdout).at(-1)).toMatchObject({ event: 'stopped', reason: 'SIGTERM' });
  });

  it('--duration ends the command even while the stream cannot be reached', async () => {
    const run = await runCli([...at(), '--json', '--ws-stream-url', 'ws://127.0.0.1:1', 'stream', 'ticker', 'BTCUSDT', '--duration', '1']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(run.stdout) as Line[];
    expect(lines.map((line) => line.event)).toEqual(['state', 'stopped']);
    expect(lines[1]).toMatchObject({ reason: 'duration', count: 0, counted: 'ticker updates' });
  });

  it('on a terminal, draws a live view: a status line and the forming candle redrawn in place, the cursor given back at the end', async () => {
    const writes: string[] = [];
    const terminal = { columns: 120, rows: 30, write: (text: string) => writes.push(text) };
    const connector = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl });
    await connector.connect();
    try {
      const reason = await runStream(connector, candlePresenter('BTCUSDT', '1s', sim.wsStreamUrl),
        (deliver) => connector.subscribeCandlesticks('BTCUSDT', '1s', deliver), { io: inProcessIo().io, json: false, limits: { count: 3 }, terminal });
      expect(reason).toBe('count');
    } finally {
      await connector.disconnect();
    }
    const text = writes.join('');
    expect(text.startsWith(ANSI.hideCursor)).toBe(true);
    expect(text.endsWith(`stopped (count reached) after 3 candles\n${ANSI.showCursor}`)).toBe(true);
    expect(text).toMatch(/\dZ market stream connection 0: connecting -> open\n/);
    expect(text).toContain(`\r${ANSI.up(2)}${ANSI.clearDown}`);
    expect(text).toMatch(/BTCUSDT 1s candles \| market#0 open \| candles: 3 \(last \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\) \| Ctrl-C stops\n/);
    expect(text).toMatch(/forming {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z {2}O \d+(\.\d+)? {2}H /);
  });

  it('bad arguments fail before connecting, naming the option', async () => {
    const runs = await Promise.all([
      runCli([...at(), 'stream', 'candles', 'BTCUSDT', '2s']),
      runCli([...at(), 'stream', 'ticker', 'BTCUSDT', '--duration', '0']),
      runCli([...at(), '--ws-stream-url', 'http://127.0.0.1:1', 'stream', 'ticker', 'BTCUSDT']),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toMatch(/^autotrader: interval: must be one of 1s, 1m/);
    expect(runs[1]!.stderr).toBe('autotrader: --duration: must be a number of seconds above 0 and at most 2592000, got "0"\n');
    expect(runs[2]!.stderr).toMatch(/wsStreamUrl/);
  });
});
