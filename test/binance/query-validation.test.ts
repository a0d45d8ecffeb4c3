import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { encodeRequestParams } from '../../src/binance/rest/encoding.js';
import { RestTransport } from '../../src/binance/rest/transport.js';
import { createWsApiHandler } from '../../src/binance/streams/ws-api-handler.js';
import { WsApiClient } from '../../src/binance/streams/ws-api-client.js';
import { normalizeSymbol } from '../../src/binance/validation.js';
import { parseSymbol } from '../../src/cli/parse-args.js';
import { systemClock } from '../../src/core/clock.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/silent-logger.js';
import { startLocalExchange, wireOrder, type LocalExchange } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';
import { startWsExchange } from './support/ws-exchange.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY_MS = 86_400_000;

async function connected(): Promise<{ connector: BinanceConnector; exchange: LocalExchange }> {
  const exchange = await startLocalExchange((req) => {
    if (req.path === '/api/v3/allOrders' || req.path === '/api/v3/openOrders') return { body: [wireOrder({ clientOrderId: 'c1' })] };
    if (req.path === '/api/v3/order') return { body: wireOrder({ clientOrderId: 'c1' }) };
    if (req.path === '/api/v3/ticker/24hr') {
      return { body: { symbol: 'BTCUSDT', priceChangePercent: '1', lastPrice: '1', bidPrice: '1', askPrice: '1', openPrice: '1', highPrice: '1', lowPrice: '1', volume: '1', quoteVolume: '1', closeTime: 1 } };
    }
    if (req.path === '/api/v3/depth') return { body: { lastUpdateId: 1, bids: [], asks: [] } };
    return undefined;
  });
  cleanups.push(() => exchange.close());
  const connector = new BinanceConnector({ environment: 'sim', restUrl: exchange.url, apiKey: 'k', apiSecret: 's', retry: { maxRetries: 0 } });
  cleanups.push(() => connector.disconnect());
  await connector.connect();
  return { connector, exchange };
}

/** Requests other than the ones connect() made. */
function sent(exchange: LocalExchange): string[] {
  return exchange.requests.map((r) => r.path).filter((path) => !['/api/v3/ping', '/api/v3/time', '/api/v3/exchangeInfo'].includes(path));
}

describe('query arguments are checked before any request', () => {
  it('refuses getAllOrders arguments outside Binance\'s rules, naming the field and the rule, and sends nothing', async () => {
    const { connector, exchange } = await connected();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ limit: 0 }, 'limit', 'RANGE'],
      [{ limit: 1001 }, 'limit', 'RANGE'],
      [{ limit: 5001 }, 'limit', 'RANGE'],
      [{ limit: 1.5 }, 'limit', 'RANGE'],
      [{ startTime: Number.NaN }, 'startTime', 'INTEGER'],
      [{ endTime: Number.POSITIVE_INFINITY }, 'endTime', 'INTEGER'],
      [{ startTime: -1 }, 'startTime', 'INTEGER'],
      [{ startTime: '1' }, 'startTime', 'INTEGER'],
      [{ startTime: 2 * DAY_MS, endTime: DAY_MS }, 'endTime', 'RANGE'],
      [{ startTime: 0, endTime: DAY_MS + 1 }, 'endTime', 'WINDOW'],
    ];
    for (const [query, field, rule] of cases) {
      const error = await rejectionOf<InvalidArgumentError>(connector.getAllOrders('BTCUSDT', query));
      expect(error, JSON.stringify(query)).toBeInstanceOf(InvalidArgumentError);
      expect([error.field, error.rule], JSON.stringify(query)).toEqual([field, rule]);
    }
    expect(sent(exchange)).toEqual([]);
    await connector.getAllOrders('BTCUSDT', { startTime: 0, endTime: DAY_MS, limit: 1000 });
    expect(exchange.requests.at(-1)!.params.get('limit')).toBe('1000');
  });

  it('refuses an empty or malformed client order id in getOrderByClientId and sends nothing', async () => {
    const { connector, exchange } = await connected();
    for (const id of ['', ' ', 'x'.repeat(37), 'a b', 42]) {
      const error = await rejectionOf<InvalidArgumentError>(connector.getOrderByClientId(id as string, 'BTCUSDT'));
      expect(error, String(id)).toBeInstanceOf(InvalidArgumentError);
      expect([error.field, error.rule]).toEqual(['clientOrderId', 'FORMAT']);
    }
    expect(sent(exchange)).toEqual([]);
  });

  it('refuses a candle history end that is not an integer', async () => {
    const { connector, exchange } = await connected();
    const error = await rejectionOf<InvalidArgumentError>(connector.candleHistory('BTCUSDT', '1m', { startTime: 0, endTime: Number.NaN }).next());
    expect([error.field, error.rule]).toEqual(['endTime', 'INTEGER']);
    expect(sent(exchange)).toEqual([]);
  });

  it('refuses a callback that is not a function', async () => {
    const { connector } = await connected();
    const error = await rejectionOf<InvalidArgumentError>(connector.subscribeTicker('BTCUSDT', null as unknown as () => void));
    expect([error.field, error.rule]).toEqual(['callback', 'TYPE']);
  });
});

describe('one symbol rule', () => {
  it('normalises a symbol to upper case in the connector as in the CLI, and sends the normalised name', async () => {
    const { connector, exchange } = await connected();
    expect((await connector.getTicker('btcusdt')).symbol).toBe('BTCUSDT');
    expect(exchange.requests.at(-1)!.params.get('symbol')).toBe('BTCUSDT');
    await connector.getOrderBook(' btcUSDT ', 5);
    expect(exchange.requests.at(-1)!.params.get('symbol')).toBe('BTCUSDT');
    await connector.getAllOrders('btcusdt');
    expect(exchange.requests.at(-1)!.params.get('symbol')).toBe('BTCUSDT');
    expect(connector.getSymbolInfo('btcusdt').symbol).toBe('BTCUSDT');
    expect(normalizeSymbol(' ethBtc ')).toBe('ETHBTC');
    expect(parseSymbol(' ethBtc ')).toBe('ETHBTC');
  });

  it('refuses the same malformed symbols in the connector and the CLI', () => {
    for (const text of ['', '   ', 'BTC USDT', 'BTC/USDT', 'X'.repeat(41)]) {
      expect(() => normalizeSymbol(text), text).toThrow(InvalidArgumentError);
      expect(() => parseSymbol(text), text).toThrow(/^symbol: /);
    }
  });
});

describe('the request encoding refuses values that must never reach the wire', () => {
  it('throws InvalidArgumentError naming the parameter for NaN, Infinity or an empty string', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '']) {
      const error = (() => {
        try {
          encodeRequestParams('GET', [['symbol', 'BTCUSDT'], ['startTime', value]]);
        } catch (caught) {
          return caught as InvalidArgumentError;
        }
        return undefined;
      })();
      expect(error, String(value)).toBeInstanceOf(InvalidArgumentError);
      expect([error!.field, error!.rule]).toEqual(['startTime', 'WIRE_VALUE']);
    }
    expect(encodeRequestParams('GET', [['symbol', 'BTCUSDT'], ['limit', undefined], ['startTime', 0]]).query).toBe('symbol=BTCUSDT&startTime=0');
  });

  it('fails a transport request carrying NaN without sending it', async () => {
    const exchange = await startLocalExchange();
    cleanups.push(() => exchange.close());
    const transport = new RestTransport({ restUrl: exchange.url, timeoutMs: 10_000 });
    cleanups.push(() => transport.close());
    const error = await rejectionOf(transport.send({ method: 'GET', path: '/api/v3/klines', params: [['limit', Number.NaN]], security: 'public', idempotent: true }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(exchange.requests).toEqual([]);
  });
});

describe('the WebSocket API refuses the same values before sending', () => {
  it('fails a WebSocket API request carrying NaN or an empty string, and no frame leaves', async () => {
    const exchange = await startWsExchange();
    cleanups.push(() => exchange.close());
    const client = new WsApiClient({ url: exchange.apiUrl, clock: systemClock, random: Math.random, logger: silentLogger(), requestTimeoutMs: 2_000 });
    cleanups.push(() => client.close());
    const handler = createWsApiHandler(client, () => Date.now());
    for (const value of [Number.NaN, '']) {
      const error = await rejectionOf(handler({ method: 'GET', path: '/api/v3/klines', params: [['symbol', 'BTCUSDT'], ['limit', value]], security: 'public', idempotent: true }));
      expect(error, String(value)).toBeInstanceOf(InvalidArgumentError);
      expect([(error as InvalidArgumentError).field, (error as InvalidArgumentError).rule]).toEqual(['limit', 'WIRE_VALUE']);
    }
    expect(exchange.requests).toEqual([]);
  });
});
