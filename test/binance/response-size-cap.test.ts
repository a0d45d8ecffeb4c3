import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { BinanceConnector } from '../../src/binance/connector.js';
import { resolveOptions } from '../../src/binance/options.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/binance/option-rules.js';
import { RestTransport } from '../../src/binance/rest/transport.js';
import { ConfigurationError, ResponseTooLargeError } from '../../src/core/errors.js';
import { EXCHANGE_INFO } from './support/local-exchange.js';
import { rejectionOf } from './support/rejection.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the endless server saw of one response: how much it wrote and whether the client dropped the connection. */
interface Stream {
  written: number;
  closed: Promise<void>;
}

/**
 * A node:http server on port 0: `/api/v3/ticker/24hr` streams a JSON body that never ends, as fast
 * as the client reads it; ping, time and exchangeInfo answer normally so a connector can connect.
 */
async function serveEndless(): Promise<{ url: string; streams: Stream[] }> {
  const streams: Stream[] = [];
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/api/v3/ticker/24hr')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      if ((req.url ?? '').startsWith('/api/v3/exchangeInfo')) res.end(JSON.stringify({ ...EXCHANGE_INFO, serverTime: Date.now() }));
      else if ((req.url ?? '').startsWith('/api/v3/time')) res.end(JSON.stringify({ serverTime: Date.now() }));
      else res.end('{}');
      return;
    }
    const stream: Stream = { written: 0, closed: new Promise((resolve) => res.once('close', () => resolve())) };
    streams.push(stream);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"symbol":"');
    const pump = (out: ServerResponse): void => {
      while (!out.destroyed && out.write(chunk)) stream.written += chunk.length;
      if (!out.destroyed) out.once('drain', () => pump(out));
    };
    pump(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, streams };
}

const CAP = 1024 * 1024;

describe('response size cap', () => {
  it('stops reading an endless body at the cap, drops the connection and fails with ResponseTooLargeError', async () => {
    const { url, streams } = await serveEndless();
    const transport = new RestTransport({ restUrl: url, timeoutMs: 60_000, maxResponseBytes: CAP });
    cleanups.push(() => transport.close());
    const error = await rejectionOf<ResponseTooLargeError>(transport.send({
      method: 'GET', path: '/api/v3/ticker/24hr', params: [], security: 'public', idempotent: true,
    }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.code).toBe('ERR_RESPONSE_TOO_LARGE');
    expect(error.limitBytes).toBe(CAP);
    expect(error.message).toBe(`GET /api/v3/ticker/24hr answered with a body larger than ${CAP} bytes (maxResponseBytes); reading stopped`);
    // The server learns of it only through the dropped connection: its endless write ends.
    await streams[0]!.closed;
  });

  it('fails at once on a Content-Length above the cap, before reading the body', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(CAP + 1) });
      res.write('{');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const transport = new RestTransport({ restUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 60_000, maxResponseBytes: CAP });
    cleanups.push(() => transport.close());
    const error = await rejectionOf<ResponseTooLargeError>(transport.send({ method: 'GET', path: '/api/v3/depth', params: [], security: 'public', idempotent: true }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(`GET /api/v3/depth answered with a body larger than ${CAP} bytes (maxResponseBytes); reading stopped`);
  });

  it('applies the connector option maxResponseBytes to every REST read, without retrying', async () => {
    const { url, streams } = await serveEndless();
    const connector = new BinanceConnector({ environment: 'sim', restUrl: url, maxResponseBytes: CAP });
    cleanups.push(() => connector.disconnect());
    await connector.connect();
    const error = await rejectionOf<ResponseTooLargeError>(connector.getTicker('BTCUSDT'));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.limitBytes).toBe(CAP);
    expect(streams).toHaveLength(1);
  });

  it('defaults to 32 MiB, and validates the option', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(32 * 1024 * 1024);
    expect(resolveOptions({ environment: 'testnet' }).maxResponseBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(resolveOptions({ environment: 'testnet' }).streams.maxMessageBytes).toBe(16 * 1024 * 1024);
    expect(() => resolveOptions({ environment: 'testnet', maxResponseBytes: 0 }))
      .toThrow(new ConfigurationError('maxResponseBytes: must be an integer from 1024 to 1073741824, got 0'));
    expect(() => resolveOptions({ environment: 'testnet', streams: { maxMessageBytes: -1 } }))
      .toThrow(new ConfigurationError('streams.maxMessageBytes: must be an integer from 1024 to 1073741824, got -1'));
  });
});

describe('WebSocket message size cap', () => {
  /** A ws server on port 0 that sends each new connection one message of `bytes` bytes and records the close codes it sees. */
  async function serveLargeMessages(bytes: number): Promise<{ url: string; closes: Promise<number>[] }> {
    const closes: Promise<number>[] = [];
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (socket) => {
      closes.push(new Promise((resolve) => socket.once('close', (code) => resolve(code))));
      socket.send(JSON.stringify({ padding: 'x'.repeat(bytes) }));
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
    return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, closes };
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('closes a market stream or WebSocket API connection that receives a message above streams.maxMessageBytes (1009)', async () => {
    const rest = await serveEndless();
    const streams = await serveLargeMessages(4096);
    const api = await serveLargeMessages(4096);
    const connector = new BinanceConnector({
      environment: 'sim', restUrl: rest.url, wsStreamUrl: streams.url, wsApiUrl: `${api.url}/ws-api/v3`,
      apiKey: 'k', apiSecret: 's', orderEntry: 'ws-api', streams: { maxMessageBytes: 2048, requestTimeoutMs: 60_000 },
    });
    cleanups.push(() => connector.disconnect());
    void connector.connect().catch(() => undefined);
    await until(() => api.closes.length > 0);
    expect(await api.closes[0]).toBe(1009);
    await until(() => connector.isConnected());
    void connector.subscribeTicker('BTCUSDT', () => undefined).catch(() => undefined);
    await until(() => streams.closes.length > 0);
    expect(await streams.closes[0]).toBe(1009);
  });
});
