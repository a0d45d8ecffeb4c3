import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { LocalOrderBook } from '../../src/binance/streams/local-order-book.js';
import { OrderBookSync } from '../../src/binance/streams/order-book-sync.js';
import { systemClock, type Clock, type TimerHandle } from '../../src/core/clock.js';
import { Decimal } from '../../src/core/decimal.js';
import { createLogger } from '../../src/core/logger.js';
import type { OrderBook } from '../../src/core/models.js';
import type { OrderBookUpdate } from '../../src/core/stream/events.js';
import { startSimulator } from '../../src/simulator/index.js';
import { startLocalExchange } from './support/local-exchange.js';
import { startWsExchange } from './support/ws-exchange.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Levels = [string, string][];

function diff(first: number, last: number, b: Levels, a: Levels): Record<string, unknown> {
  return { e: 'depthUpdate', E: 1_700_000_000_000 + last, s: 'BTCUSDT', U: first, u: last, b, a };
}

function snapshot(lastUpdateId: number, bids: Levels, asks: Levels): OrderBook {
  const levels = (side: Levels): OrderBook['bids'] => side.map(([p, q]) => ({ price: new Decimal(p), quantity: new Decimal(q) }));
  return { symbol: 'BTCUSDT', lastUpdateId, bids: levels(bids), asks: levels(asks) };
}

function plain(book: OrderBook): { id: number; bids: string[]; asks: string[] } {
  const side = (levels: OrderBook['bids']): string[] => levels.map((l) => `${l.price.toFixed()}x${l.quantity.toFixed()}`);
  return { id: book.lastUpdateId, bids: side(book.bids), asks: side(book.asks) };
}

async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LocalOrderBook', () => {
  it('keeps both sides sorted best first and removes levels set to zero', () => {
    const book = new LocalOrderBook('BTCUSDT');
    book.reset(snapshot(5, [['99', '1'], ['101', '2'], ['100', '3']], [['103', '1'], ['102', '1']]));
    const change = snapshot(6, [['100.5', '4'], ['101', '0']], [['102', '0'], ['102.50', '7']]);
    book.apply(change.bids, change.asks, 6);
    expect(plain(book.top(10))).toEqual({ id: 6, bids: ['100.5x4', '100x3', '99x1'], asks: ['102.5x7', '103x1'] });
    expect(plain(book.top(1))).toEqual({ id: 6, bids: ['100.5x4'], asks: ['102.5x7'] });
  });
});

describe('OrderBookSync', () => {
  function start(snapshots: OrderBook[], listener: (book: OrderBookUpdate) => void = () => undefined): { sync: OrderBookSync; books: OrderBookUpdate[]; resyncs: string[]; fetches: () => number } {
    const books: OrderBookUpdate[] = [];
    const resyncs: string[] = [];
    let fetches = 0;
    const sync = new OrderBookSync('BTCUSDT', (book) => {
      books.push(book);
      listener(book);
    }, {
      fetchSnapshot: () => {
        const next = snapshots[Math.min(fetches, snapshots.length - 1)]!;
        fetches += 1;
        return Promise.resolve(next);
      },
      clock: systemClock,
      logger: createLogger(),
      onResync: (reason) => resyncs.push(reason),
    });
    cleanups.push(() => Promise.resolve(sync.stop()));
    return { sync, books, resyncs, fetches: () => fetches };
  }

  it('fetches the snapshot again while it is older than the first buffered diff', async () => {
    const { sync, books, fetches } = start([snapshot(5, [], []), snapshot(12, [['10', '1']], [['11', '1']])]);
    sync.handle({ kind: 'data', payload: diff(10, 13, [['10', '2']], []) });
    await until(() => books.length === 1);
    expect(fetches()).toBe(2);
    expect(plain(books[0]!)).toEqual({ id: 13, bids: ['10x2'], asks: ['11x1'] });
  });

  it('discards the book on a gap and rebuilds it from a new snapshot', async () => {
    const { sync, books, resyncs } = start([snapshot(20, [['10', '1']], []), snapshot(40, [['9', '9']], [])]);
    sync.handle({ kind: 'data', payload: diff(19, 21, [['10', '3']], []) });
    await until(() => books.length === 1);
    sync.handle({ kind: 'data', payload: diff(22, 22, [], [['12', '1']]) });
    sync.handle({ kind: 'data', payload: diff(30, 41, [['8', '1']], []) });
    await until(() => books.length === 3);
    expect(books.map(plain)).toEqual([
      { id: 21, bids: ['10x3'], asks: [] },
      { id: 22, bids: ['10x3'], asks: ['12x1'] },
      { id: 41, bids: ['9x9', '8x1'], asks: [] },
    ]);
    expect(resyncs).toEqual(['gap: expected update 23, got 30']);
  });

  it('starts over after the stream was interrupted', async () => {
    const { sync, books, resyncs, fetches } = start([snapshot(1, [['1', '1']], [])]);
    sync.handle({ kind: 'data', payload: diff(1, 2, [], []) });
    await until(() => books.length === 1);
    sync.handle({ kind: 'interrupted' });
    sync.handle({ kind: 'data', payload: diff(1, 3, [['2', '1']], []) });
    sync.handle({ kind: 'resumed' });
    await until(() => books.length === 2);
    expect(resyncs).toEqual(['stream interrupted']);
    expect(fetches()).toBe(2);
  });

  it('keeps the book in sync when its listener throws, with no rejection left unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', record);
    cleanups.push(() => Promise.resolve(process.off('unhandledRejection', record)));
    const { sync, books, fetches } = start([snapshot(7, [['10', '1']], [['11', '2']])], () => {
      throw new Error('listener bug');
    });
    sync.start();
    await until(() => books.length === 1);
    expect(() => sync.handle({ kind: 'data', payload: diff(8, 8, [['10', '0']], []) })).not.toThrow();
    expect(() => sync.handle({ kind: 'data', payload: diff(9, 9, [['9', '4']], []) })).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(books.map(plain)).toEqual([
      { id: 7, bids: ['10x1'], asks: ['11x2'] },
      { id: 8, bids: [], asks: ['11x2'] },
      { id: 9, bids: ['9x4'], asks: ['11x2'] },
    ]);
    expect(fetches()).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it('once started, builds the book from the snapshot alone, and again only when the stream is back', async () => {
    const { sync, books, fetches } = start([snapshot(7, [['10', '1']], [['11', '2']]), snapshot(9, [['10', '3']], [])]);
    sync.start();
    await until(() => books.length === 1);
    expect(plain(books[0]!)).toEqual({ id: 7, bids: ['10x1'], asks: ['11x2'] });
    sync.handle({ kind: 'data', payload: diff(6, 8, [['10', '0']], []) });
    expect(plain(books[1]!)).toEqual({ id: 8, bids: [], asks: ['11x2'] });
    sync.handle({ kind: 'interrupted' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetches()).toBe(1);
    sync.handle({ kind: 'resumed' });
    await until(() => books.length === 3);
    expect(plain(books[2]!)).toEqual({ id: 9, bids: ['10x3'], asks: [] });
  });

  it('stop() ends the pause before a failed snapshot is fetched again, leaving no timer', async () => {
    const pending = new Set<TimerHandle>();
    const clock: Clock = {
      ...systemClock,
      setTimeout: (callback, ms) => {
        const handle = setTimeout(() => {
          pending.delete(handle);
          callback();
        }, ms);
        pending.add(handle);
        return handle;
      },
      clearTimeout: (handle) => {
        pending.delete(handle);
        clearTimeout(handle);
      },
    };
    let fetches = 0;
    const sync = new OrderBookSync('BTCUSDT', () => undefined, {
      fetchSnapshot: () => {
        fetches += 1;
        return Promise.reject(new Error('exchange unreachable'));
      },
      clock,
      logger: createLogger(),
    });
    sync.start();
    await until(() => pending.size === 1);
    sync.stop();
    expect(pending.size).toBe(0);
    expect(fetches).toBe(1);
  });
});

describe('subscribeOrderBook', () => {
  it('syncs from a REST snapshot and the diff stream, and resyncs after a gap', async () => {
    let depth = { lastUpdateId: 100, bids: [['100.00', '1.0'], ['99.50', '2.0']], asks: [['100.50', '1.0'], ['101.00', '3.0']] };
    const rest = await startLocalExchange((req) => (req.path === '/api/v3/depth' ? { body: depth } : undefined));
    cleanups.push(() => rest.close());
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const c = new BinanceConnector({ environment: 'sim', restUrl: rest.url, wsStreamUrl: ws.origin });
    cleanups.push(() => c.disconnect());
    await c.connect();
    const books: OrderBookUpdate[] = [];
    await c.subscribeOrderBook('BTCUSDT', (book) => books.push(book), { depth: 2 });
    expect(ws.connections[0]!.url).toBe('/stream?streams=btcusdt@depth@100ms');
    ws.publish('btcusdt@depth@100ms', diff(95, 99, [['1', '1']], []));
    ws.publish('btcusdt@depth@100ms', diff(100, 102, [['100.00', '0']], [['100.40', '5.5']]));
    await until(() => books.at(-1)?.lastUpdateId === 102);
    expect(plain(books.at(-1)!)).toEqual({ id: 102, bids: ['99.5x2'], asks: ['100.4x5.5', '100.5x1'] });
    expect(rest.requests.find((r) => r.path === '/api/v3/depth')?.rawQuery).toBe('symbol=BTCUSDT&limit=1000');
    depth = { lastUpdateId: 120, bids: [['98.00', '4.0']], asks: [['102.00', '1.0']] };
    ws.publish('btcusdt@depth@100ms', diff(110, 121, [], [['102.00', '2.0']]));
    await until(() => books.at(-1)?.lastUpdateId === 121);
    expect(plain(books.at(-1)!)).toEqual({ id: 121, bids: ['98x4'], asks: ['102x2'] });
    expect(c.metrics().streams.orderBookResyncs).toBe(1);
  });

  it('delivers the book of a quiet market, whose diff stream stays silent, from the snapshot, also after a reconnect', async () => {
    // The server clock stands still, so the book never changes and not a single diff is sent.
    const frozen = Date.now();
    const sim = await startSimulator({ port: 0, seed: 11, clock: { now: () => frozen } });
    cleanups.push(() => sim.close());
    const c = new BinanceConnector({
      environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
      streams: { backoff: { initialMs: 20, maxMs: 100 } },
    });
    cleanups.push(() => c.disconnect());
    await c.connect();
    const books: OrderBookUpdate[] = [];
    await c.subscribeOrderBook('BTCUSDT', (book) => books.push(book), { depth: 5 });
    await until(() => books.length === 1);
    const rest = await c.getOrderBook('BTCUSDT', 5);
    expect(plain(books[0]!)).toEqual(plain(rest));
    expect(c.metrics().streams.connections.market[0]!.messagesReceived).toBe(0);
    sim.inject({ kind: 'drop-streams' });
    await until(() => books.length === 2);
    sim.clear();
    expect(plain(books[1]!)).toEqual(plain(rest));
    expect(c.metrics().streams.orderBookResyncs).toBe(1);
  });

  it('applies diffs of any frame layout and reports a malformed one by its field, as the frame decoder leaves those to JSON.parse', async () => {
    const rest = await startLocalExchange((req) => (req.path === '/api/v3/depth' ? { body: { lastUpdateId: 10, bids: [['5', '1']], asks: [['6', '1']] } } : undefined));
    cleanups.push(() => rest.close());
    const ws = await startWsExchange();
    cleanups.push(() => ws.close());
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => lines.push(line) } });
    const c = new BinanceConnector({ environment: 'sim', restUrl: rest.url, wsStreamUrl: ws.origin, logger });
    cleanups.push(() => c.disconnect());
    await c.connect();
    const books: OrderBookUpdate[] = [];
    await c.subscribeOrderBook('BTCUSDT', (book) => books.push(book), { depth: 5 });
    const stream = 'btcusdt@depth@100ms';
    await until(() => books.length === 1);
    ws.publish(stream, diff(10, 11, [['5.0', '2']], []));
    await until(() => books.at(-1)?.lastUpdateId === 11);
    // Another key order: not the layout the decoder takes, so JSON.parse and the level parser read it.
    const reordered = diff(12, 12, [], [['6.50', '3']]);
    ws.publish(stream, Object.fromEntries(Object.entries(reordered).reverse()));
    await until(() => books.at(-1)?.lastUpdateId === 12);
    ws.publish(stream, diff(13, 13, [['4', '1'], ['4.5', 'abc']], []));
    await until(() => lines.length > 0);
    ws.publish(stream, diff(13, 13, [['4', '1']], []));
    await until(() => books.at(-1)?.lastUpdateId === 13);
    expect(books.map(plain)).toEqual([
      { id: 10, bids: ['5x1'], asks: ['6x1'] },
      { id: 11, bids: ['5x2'], asks: ['6x1'] },
      { id: 12, bids: ['5x2'], asks: ['6x1', '6.5x3'] },
      { id: 13, bids: ['5x2', '4x1'], asks: ['6x1', '6.5x3'] },
    ]);
    expect(lines.map((line) => (JSON.parse(line) as { err: string }).err)).toEqual([
      'Malformed Binance depthUpdate event: field b[1][1] is not a decimal: "abc"',
    ]);
  });
});
