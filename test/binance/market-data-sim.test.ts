import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { documentedEndpoints, weightCases } from '../spec/rest-api-doc.js';
import { EXCHANGE_INFO, startLocalExchange, type LocalExchange } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

/** The market-data reads beyond the seed's, against the simulator, and what they cost in weight. */

const NOW = Date.UTC(2026, 5, 3, 12, 30, 17, 250);
let sim: SimulatorHandle;
let connector: BinanceConnector;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, clock: { now: () => NOW } });
  connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl });
  await connector.connect();
});

afterAll(async () => {
  await connector.disconnect();
  await sim.close();
});

const raw = async (path: string): Promise<unknown> => (await fetch(`${sim.restUrl}${path}`)).json();

describe('market data reads', () => {
  it('getRecentTrades reads the last trades with exact decimals, as /api/v3/trades sends them', async () => {
    const trades = await connector.getRecentTrades('ethusdt', 5);
    const wire = await raw('/api/v3/trades?symbol=ETHUSDT&limit=5') as { id: number; price: string; qty: string; quoteQty: string; time: number; isBuyerMaker: boolean }[];
    expect(trades.map((t) => [t.symbol, t.tradeId, t.price.toFixed(2), t.quantity.toFixed(), t.quoteQuantity.toFixed(), t.time, t.isBuyerMaker]))
      .toEqual(wire.map((t) => ['ETHUSDT', t.id, Number(t.price).toFixed(2), Number(t.qty).toString(), Number(t.quoteQty).toString(), t.time, t.isBuyerMaker]));
  });

  it('getAggregateTrades pages from an id and reads by time', async () => {
    const recent = await connector.getAggregateTrades('BTCUSDT', { limit: 6 });
    expect(recent).toHaveLength(6);
    const from = await connector.getAggregateTrades('BTCUSDT', { fromId: recent[2]!.aggregateTradeId, limit: 3 });
    expect(from).toEqual(recent.slice(2, 5));
    const startTime = NOW - 3 * 3_600_000;
    const byTime = await connector.getAggregateTrades('BTCUSDT', { startTime, endTime: NOW, limit: 2 });
    expect(byTime[0]!.time).toBeGreaterThanOrEqual(startTime);
    expect(byTime[0]!.time).toBeLessThan(startTime + 1000);

  });

  it('getBookTicker and getBookTickers read the best bid and ask of one, several or every symbol', async () => {
    const one = await connector.getBookTicker('BTCUSDT');
    const wire = await raw('/api/v3/ticker/bookTicker?symbol=BTCUSDT') as Record<string, string>;
    expect([one.symbol, one.bidPrice.toFixed(2), one.askPrice.toFixed(2), one.bidQuantity.toFixed(), one.askQuantity.toFixed()])
      .toEqual(['BTCUSDT', Number(wire.bidPrice).toFixed(2), Number(wire.askPrice).toFixed(2), Number(wire.bidQty).toString(), Number(wire.askQty).toString()]);
    expect(one.bidPrice.lt(one.askPrice)).toBe(true);
    const two = await connector.getBookTickers(['ethbtc', 'BTCUSDT', 'ETHBTC']);
    expect(two.map((t) => t.symbol).sort()).toEqual(['BTCUSDT', 'ETHBTC']);
    expect(two.find((t) => t.symbol === 'BTCUSDT')).toEqual(one);
    expect((await connector.getBookTickers()).map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']);
  });

  it('getTickers reads several 24-hour tickers in one request, each as getTicker reads it', async () => {
    const tickers = await connector.getTickers(['BNBUSDT', 'ETHUSDT']);
    expect(tickers.map((t) => t.symbol).sort()).toEqual(['BNBUSDT', 'ETHUSDT']);
    expect(tickers.find((t) => t.symbol === 'ETHUSDT')).toEqual(await connector.getTicker('ETHUSDT'));
    expect((await connector.getTickers()).map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']);
  });

  it('getAveragePrice reads the 5-minute average', async () => {
    const average = await connector.getAveragePrice('BTCUSDT');
    const wire = await raw('/api/v3/avgPrice?symbol=BTCUSDT') as { mins: number; price: string; closeTime: number };
    expect([average.symbol, average.minutes, average.price.toFixed(8), average.closeTime]).toEqual(['BTCUSDT', 5, wire.price, wire.closeTime]);
  });

  it('a symbol exchangeInfo does not list is an InvalidArgumentError naming it, as getTicker\'s is', async () => {
    for (const call of [
      () => connector.getRecentTrades('NOPEUSDT'), () => connector.getAggregateTrades('NOPEUSDT'), () => connector.getBookTicker('NOPEUSDT'),
      () => connector.getBookTickers(['BTCUSDT', 'NOPEUSDT']), () => connector.getTickers(['NOPEUSDT']), () => connector.getAveragePrice('NOPEUSDT'),
    ]) {
      const error = await rejectionOf<InvalidArgumentError>(call());
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toBe((await rejectionOf<InvalidArgumentError>(connector.getTicker('NOPEUSDT'))).message);
    }
    expect(await rejectionOf(connector.getTickers([]))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('the weight getTickers and getBookTickers reserve is the one rest-api.md gives for the number of symbols', () => {
  const SYMBOLS = Array.from({ length: 150 }, (_, i) => `S${i}USDT`);
  let exchange: LocalExchange;
  let local: BinanceConnector;

  beforeAll(async () => {
    const template = EXCHANGE_INFO.symbols[0]!;
    exchange = await startLocalExchange((req) => {
      if (req.path === '/api/v3/exchangeInfo') {
        return { body: { ...EXCHANGE_INFO, serverTime: Date.now(), symbols: SYMBOLS.map((symbol) => ({ ...template, symbol, baseAsset: symbol.slice(0, -4) })) } };
      }
      if (req.path === '/api/v3/ticker/24hr' || req.path === '/api/v3/ticker/bookTicker') return { body: [] };
      return undefined;
    });
    local = new BinanceConnector({ environment: 'sim', restUrl: exchange.url });
    await local.connect();
  });

  afterAll(async () => {
    await local.disconnect();
    await exchange.close();
  });

  it('getAggregateTrades checks Binance\'s rules for its query and sends nothing when one is broken', async () => {
    const startTime = Date.now() - 3_600_000;
    const sent = exchange.requests.length;
    for (const [query, field, rule] of [
      [{ fromId: 5, startTime }, 'fromId', 'COMBINATION'],
      [{ fromId: 5, endTime: startTime }, 'fromId', 'COMBINATION'],
      [{ startTime, endTime: startTime - 1 }, 'endTime', 'RANGE'],
      [{ limit: 1001 }, 'limit', 'RANGE'],
      [{ fromId: -1 }, 'fromId', 'INTEGER'],
    ] as const) {
      const error = await rejectionOf<InvalidArgumentError>(local.getAggregateTrades('S0USDT', query));
      expect(error, JSON.stringify(query)).toBeInstanceOf(InvalidArgumentError);
      expect([error.field, error.rule]).toEqual([field, rule]);
    }
    expect(exchange.requests.length).toBe(sent);
  });

  const used = (): number => local.metrics().rateLimits.windows.find((w) => w.id.startsWith('REQUEST_WEIGHT'))!.used;

  it.each([
    ['GET /api/v3/ticker/24hr', (symbols?: string[]) => local.getTickers(symbols)],
    ['GET /api/v3/ticker/bookTicker', (symbols?: string[]) => local.getBookTickers(symbols)],
  ] as const)('%s', async (endpoint, read) => {
    const cases = weightCases(documentedEndpoints().get(endpoint)!.weight).filter(([params]) => params.symbol === undefined);
    expect(cases.length).toBeGreaterThanOrEqual(2);
    for (const [params, weight] of cases) {
      const count = params.symbols === undefined ? undefined : (JSON.parse(params.symbols) as string[]).length;
      const symbols = count === undefined ? undefined : SYMBOLS.slice(0, Math.min(count, SYMBOLS.length));
      if (count !== undefined && count > SYMBOLS.length) continue;
      const before = used();
      await read(symbols);
      expect(used() - before, `${endpoint} with ${count ?? 'no'} symbols`).toBe(weight);
      const sent = exchange.requests.at(-1)!;
      expect(sent.params.get('symbols')).toBe(symbols === undefined ? null : JSON.stringify(symbols));
    }
  });
});
