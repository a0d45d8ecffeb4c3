import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { parseExchangeInfo } from '../../src/binance/exchange-info.js';
import { parseDecimal } from '../../src/core/decimal.js';
import { MalformedResponseError, NotConnectedError } from '../../src/core/errors.js';
import { EXCHANGE_INFO } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers ping and time, and exchangeInfo with `body` (raw text); it counts open sockets. */
async function serveExchangeInfo(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/api/v3/time') === true) res.end(JSON.stringify({ serverTime: Date.now() }));
    else if (req.url?.startsWith('/api/v3/exchangeInfo') === true) res.end(body);
    else res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function openSockets(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}

const SYMBOL = EXCHANGE_INFO.symbols[0]!;

function withFilter(filter: Record<string, unknown>): unknown {
  return { ...EXCHANGE_INFO, symbols: [{ ...SYMBOL, filters: [filter] }] };
}

describe('malformed exchangeInfo', () => {
  it('fails connect() on a truncated exchangeInfo and leaves the connector disconnected with its connections closed', async () => {
    const full = JSON.stringify(EXCHANGE_INFO);
    const { url, server } = await serveExchangeInfo(full.slice(0, full.length / 2));
    const connector = new BinanceConnector({ environment: 'sim', restUrl: url, retry: { maxRetries: 0 } });
    const error = await rejectionOf<MalformedResponseError>(connector.connect());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.code).toBe('ERR_MALFORMED_RESPONSE');
    expect(connector.isConnected()).toBe(false);
    expect(await rejectionOf(connector.getTicker('BTCUSDT'))).toBeInstanceOf(NotConnectedError);
    for (let i = 0; i < 50 && await openSockets(server) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await openSockets(server)).toBe(0);
  });

  it('fails connect() on an exchangeInfo without a symbols list instead of connecting with none', async () => {
    const { url } = await serveExchangeInfo(JSON.stringify({ timezone: 'UTC', serverTime: 1, rateLimits: [] }));
    const connector = new BinanceConnector({ environment: 'sim', restUrl: url, retry: { maxRetries: 0 } });
    const error = await rejectionOf<MalformedResponseError>(connector.connect());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe('Malformed Binance exchangeInfo: field symbols is undefined');
    expect(connector.isConnected()).toBe(false);
  });

  it('fails a garbage filter value with MalformedResponseError naming the symbol, filter and field, never a raw big.js Error', () => {
    for (const value of ['abc', '1e', '', ' 1', '0x10', 'NaN', 'Infinity']) {
      const parse = (): unknown => parseExchangeInfo(withFilter({ filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '100', tickSize: value }));
      expect(parse).toThrow(MalformedResponseError);
      expect(parse).toThrow(`Malformed Binance exchangeInfo: symbols[0] (BTCUSDT) PRICE_FILTER.tickSize is ${JSON.stringify(value)}`);
    }
    expect(() => parseExchangeInfo(withFilter({ filterType: 'LOT_SIZE', minQty: 1, maxQty: '9', stepSize: '1' })))
      .toThrow('Malformed Binance exchangeInfo: symbols[0] (BTCUSDT) LOT_SIZE.minQty is 1');
    expect(() => parseExchangeInfo(withFilter({ filterType: 'LOT_SIZE', minQty: '1', maxQty: '9', stepSize: '-1' })))
      .toThrow('Malformed Binance exchangeInfo: symbols[0] (BTCUSDT) LOT_SIZE.stepSize is "-1"');
  });

  it('fails a symbol entry of the wrong shape naming it', () => {
    expect(() => parseExchangeInfo({ ...EXCHANGE_INFO, symbols: [null] })).toThrow('Malformed Binance exchangeInfo: field symbols[0] is null');
    expect(() => parseExchangeInfo({ ...EXCHANGE_INFO, symbols: [{ ...SYMBOL, baseAsset: 5 }] }))
      .toThrow('Malformed Binance exchangeInfo: field symbols[0].baseAsset is 5');
    expect(() => parseExchangeInfo({ ...EXCHANGE_INFO, symbols: [{ ...SYMBOL, filters: 'none' }] }))
      .toThrow('Malformed Binance exchangeInfo: field symbols[0].filters is "none"');
  });
});

describe('parseDecimal', () => {
  it('reads plain decimal text exactly', () => {
    expect(['0.00100000', '-1.5', '42', '.5', '1.5e-3'].map((t) => parseDecimal(t).toFixed())).toEqual(['0.001', '-1.5', '42', '0.5', '0.0015']);
  });

  it('refuses anything but plain decimal text with MalformedResponseError, never a big.js Error', () => {
    for (const text of ['abc', '', '-', '.', '1e', 'e5', '1e999999999', '1e-101', ' 1', '1 ', 'NaN', 'Infinity', '+1', '1.2.3']) {
      expect(() => parseDecimal(text), text).toThrow(new MalformedResponseError(`not a decimal: ${JSON.stringify(text)}`));
    }
  });
});
