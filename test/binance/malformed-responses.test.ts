import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import {
  parseAccountBalances, parseAccountPositions, parseDepth, parseKlines, parseOrder, parseOrders, parseServerTime, parseTicker24hr,
} from '../../src/binance/parsers.js';
import { RestTransport } from '../../src/binance/rest/transport.js';
import { parseKlineEvent, parseTradeEvent } from '../../src/binance/streams/stream-parsers.js';
import type { WireKlineEvent, WireTradeEvent } from '../../src/binance/streams/stream-wire-types.js';
import { InvalidArgumentError, InvalidOrderError, MalformedResponseError } from '../../src/core/errors.js';
import type { OrderRequest } from '../../src/core/models.js';
import { startLocalExchange, type Handler, type LocalExchange } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function exchange(handler: Handler): Promise<LocalExchange> {
  const ex = await startLocalExchange(handler);
  cleanups.push(() => ex.close());
  return ex;
}

async function connected(handler: Handler = () => undefined): Promise<BinanceConnector> {
  const ex = await exchange(handler);
  const connector = new BinanceConnector({ environment: 'sim', restUrl: ex.url, apiKey: 'k', apiSecret: 's', retry: { maxRetries: 0 } });
  cleanups.push(() => connector.disconnect());
  await connector.connect();
  return connector;
}

/** The error a parser throws for `message`, as Binance's connector tags it. */
function malformedError(message: string): MalformedResponseError {
  return new MalformedResponseError(message, { exchange: 'binance' });
}

const WRONG_SHAPES: readonly unknown[] = [null, [], 'text', 42, true];

describe('answers of the wrong shape', () => {
  it('fails every REST parser with MalformedResponseError naming the payload, never a TypeError', () => {
    const parsers: [string, (wire: unknown) => unknown][] = [
      ['server time', (w) => parseServerTime(w)],
      ['ticker', (w) => parseTicker24hr(w)],
      ['depth', (w) => parseDepth(w, 'BTCUSDT')],
      ['account', (w) => parseAccountBalances(w)],
      ['account', (w) => parseAccountPositions(w)],
      ['order', (w) => parseOrder(w)],
    ];
    for (const [what, parse] of parsers) {
      for (const wire of WRONG_SHAPES) {
        const error = (() => {
          try {
            parse(wire);
          } catch (caught) {
            return caught;
          }
          return undefined;
        })();
        expect(error, `${what} of ${JSON.stringify(wire)}`).toBeInstanceOf(MalformedResponseError);
        expect((error as Error).message).toContain(`Malformed Binance ${what}`);
      }
    }
  });

  it('fails list parsers on a non-array body and on a wrong-shaped element', () => {
    expect(() => parseKlines(null, 'BTCUSDT', '1m', 0)).toThrow(MalformedResponseError);
    expect(() => parseOrders({}, 'open orders')).toThrow(malformedError('Malformed Binance open orders: field body is {}'));
    expect(() => parseOrders([null], 'open orders')).toThrow(malformedError('Malformed Binance order: field body is null'));
    expect(() => parseAccountBalances({ balances: [null] })).toThrow(malformedError('Malformed Binance account: field balances[0] is null'));
    expect(() => parseOrder({ ...ORDER, fills: 'none' })).toThrow(malformedError('Malformed Binance order: field fills is "none"'));
    expect(() => parseOrder({ ...ORDER, fills: [7] })).toThrow(malformedError('Malformed Binance order fill: field fills[0] is 7'));
  });

  it('fails stream parsers that share the field readers with MalformedResponseError', () => {
    expect(() => parseTradeEvent(null as unknown as WireTradeEvent)).toThrow(MalformedResponseError);
    expect(() => parseKlineEvent('x' as unknown as WireKlineEvent, '1m')).toThrow(MalformedResponseError);
  });

  it('fails a 2xx body that is not JSON (truncated) with MalformedResponseError naming the endpoint', async () => {
    const ex = await exchange((req) => (req.path === '/api/v3/ticker/24hr' ? { body: '{"symbol":"BTCUSDT","lastPr' } : undefined));
    const transport = new RestTransport({ restUrl: ex.url, timeoutMs: 10_000 });
    cleanups.push(() => transport.close());
    const error = await rejectionOf<MalformedResponseError>(transport.send({
      method: 'GET', path: '/api/v3/ticker/24hr', params: [['symbol', 'BTCUSDT']], security: 'public', idempotent: true,
    }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe('GET /api/v3/ticker/24hr answered 200 with a body that is not JSON (27 bytes)');
    expect(error.httpStatus).toBe(200);
  });

  it('fails connector reads of a null, array or string body with MalformedResponseError', async () => {
    const bodies = new Map<string, unknown>([['/api/v3/ticker/24hr', null], ['/api/v3/openOrders', { orders: [] }], ['/api/v3/account', 'ok'], ['/api/v3/depth', []]]);
    const connector = await connected((req) => (bodies.has(req.path) ? { body: JSON.stringify(bodies.get(req.path)) } : undefined));
    expect(await rejectionOf(connector.getTicker('BTCUSDT'))).toBeInstanceOf(MalformedResponseError);
    expect(await rejectionOf(connector.getOrders())).toBeInstanceOf(MalformedResponseError);
    expect(await rejectionOf(connector.getBalance())).toBeInstanceOf(MalformedResponseError);
    expect(await rejectionOf(connector.getOrderBook('BTCUSDT'))).toBeInstanceOf(MalformedResponseError);
  });
});

describe('arguments of the wrong type', () => {
  it('refuses placeOrder(null) and a non-object request with InvalidOrderError naming the argument', async () => {
    const connector = await connected();
    for (const request of [null, undefined, 'BTCUSDT', 42, []]) {
      const error = await rejectionOf<InvalidOrderError>(connector.placeOrder(request as unknown as OrderRequest));
      expect(error).toBeInstanceOf(InvalidOrderError);
      expect([error.field, error.rule]).toEqual(['request', 'TYPE']);
    }
  });

  it('refuses a query argument that is not an object, and a symbol that is not a string, with InvalidArgumentError', async () => {
    const connector = await connected();
    const calls: [string, () => Promise<unknown>][] = [
      ['symbol', () => connector.getTicker(42 as unknown as string)],
      ['query', () => connector.getCandles('BTCUSDT', '1m', null as unknown as object)],
      ['query', () => connector.getAllOrders('BTCUSDT', 'all' as unknown as object)],
      ['range', async () => connector.candleHistory('BTCUSDT', '1m', null as unknown as { startTime: number }).next()],
    ];
    for (const [field, call] of calls) {
      const error = await rejectionOf<InvalidArgumentError>(call());
      expect(error, field).toBeInstanceOf(InvalidArgumentError);
      expect(error.field).toBe(field);
    }
  });
});

const ORDER = {
  symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'c1', price: '1', origQty: '1', executedQty: '0',
  cummulativeQuoteQty: '0', status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', time: 1, updateTime: 1,
};
