import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mayHaveBeenSent, RestTransport } from '../../src/binance/rest/transport.js';
import type { RestRequest } from '../../src/binance/rest/types.js';
import { ConnectionError, TimeoutError } from '../../src/core/errors.js';
import { rejectionOf } from './support/rejection.js';

/** What the test server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (res: ServerResponse, seen: Seen) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A node:http server on port 0 that records each request and lets `answer` reply (or not). */
async function serve(answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString() };
      seen.push(request);
      answer(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function transportFor(restUrl: string, timeoutMs = 10_000): RestTransport {
  const transport = new RestTransport({ restUrl, apiKey: () => 'the-key', timeoutMs });
  cleanups.push(() => transport.close());
  return transport;
}

function get(path: string, extra: Partial<RestRequest> = {}): RestRequest {
  return { method: 'GET', path, params: [['symbol', 'BTCUSDT']], security: 'public', idempotent: true, ...extra };
}

const json = (body: unknown, status = 200, headers: Record<string, string | string[]> = {}): Answer => (res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('RestTransport', () => {
  it('returns the status, the headers with lower-case names and the parsed JSON body', async () => {
    const { url, seen } = await serve(json({ price: '1.50' }, 200, { 'X-MBX-USED-WEIGHT-1M': '7' }));
    const response = await transportFor(url).send(get('/api/v3/ticker/price'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ price: '1.50' });
    expect(response.headers['x-mbx-used-weight-1m']).toBe('7');
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v3/ticker/price?symbol=BTCUSDT' });
  });

  it('joins a repeated header into one value and keeps a non-JSON body as text, an empty one as an empty string', async () => {
    const { url } = await serve((res, seen) => {
      res.setHeader('x-note', ['a', 'b']);
      res.writeHead(502);
      res.end(seen.url.includes('empty') ? '' : '<html>bad gateway</html>');
    });
    const transport = transportFor(url);
    const page = await transport.send(get('/page'));
    expect(page).toEqual({ status: 502, headers: expect.objectContaining({ 'x-note': 'a, b' }) as unknown, body: '<html>bad gateway</html>' });
    expect((await transport.send(get('/empty'))).body).toBe('');
  });

  it('reads a body that arrives in several chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [String(i), '1.00000000']);
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const text = JSON.stringify(rows);
      res.write(text.slice(0, 1000));
      setImmediate(() => res.end(text.slice(1000)));
    });
    expect((await transportFor(url).send(get('/api/v3/depth'))).body).toEqual(rows);
  });

  it('sends the API key only with keyed and signed requests, and POST parameters as a form body', async () => {
    const { url, seen } = await serve(json({}));
    const transport = transportFor(url);
    await transport.send(get('/api/v3/ping', { params: [] }));
    await transport.send({ method: 'POST', path: '/api/v3/order', params: [['symbol', 'BTCUSDT'], ['side', 'BUY']], security: 'signed', idempotent: false });
    expect(seen[0]!.headers['x-mbx-apikey']).toBeUndefined();
    expect(seen[0]!.url).toBe('/api/v3/ping');
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/v3/order', body: 'symbol=BTCUSDT&side=BUY' });
    expect(seen[1]!.headers).toMatchObject({ 'x-mbx-apikey': 'the-key', 'content-type': 'application/x-www-form-urlencoded' });
  });

  it('sends to the origin a request names instead of its own', async () => {
    const main = await serve(json({ from: 'main' }));
    const other = await serve(json({ from: 'other' }));
    const transport = transportFor(main.url);
    expect((await transport.send(get('/api/v3/time', { origin: other.url }))).body).toEqual({ from: 'other' });
    expect((await transport.send(get('/api/v3/time'))).body).toEqual({ from: 'main' });
  });

  it('keeps the path of a base URL in front of every request path', async () => {
    const { url, seen } = await serve(json({}));
    await transportFor(`${url}/binance/`).send(get('/api/v3/ping', { params: [] }));
    await transportFor(url).send(get('/api/v3/time', { params: [], origin: `${url}/data` }));
    expect(seen.map((s) => s.url)).toEqual(['/binance/api/v3/ping', '/data/api/v3/time']);
  });

  it('fails a request without an answer with TimeoutError (a ConnectionError) once its timeout passes, as possibly sent', async () => {
    const { url } = await serve(() => undefined);
    const error = await rejectionOf(transportFor(url, 50).send(get('/api/v3/order')));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as TimeoutError).code).toBe('ERR_TIMEOUT');
    expect((error as Error).message).toBe('GET /api/v3/order timed out after 50 ms');
    expect(((error as Error).cause as Error).name).toBe('TimeoutError');
    expect(mayHaveBeenSent(error)).toBe(true);
  });

  it('times out each of many hanging requests, and answers the next one on a fresh connection', async () => {
    let hang = true;
    const { url } = await serve((res) => {
      if (!hang) json({ ok: true })(res, undefined as never);
    });
    // Long enough for the fresh connection of the last request on a loaded machine (a real timer).
    const transport = transportFor(url, 500);
    const errors = await Promise.all(Array.from({ length: 20 }, () => rejectionOf(transport.send(get('/slow')))));
    expect(errors.map((e) => (e as Error).message)).toEqual(Array.from({ length: 20 }, () => 'GET /slow timed out after 500 ms'));
    hang = false;
    expect((await transport.send(get('/fast'))).body).toEqual({ ok: true });
  });

  it('rejects with the caller\'s reason when its signal aborts, in flight or before sending', async () => {
    const { url, seen } = await serve(() => undefined);
    const transport = transportFor(url);
    const controller = new AbortController();
    const pending = rejectionOf(transport.send(get('/hang', { signal: controller.signal })));
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(await rejectionOf(transport.send(get('/never', { signal: AbortSignal.abort(reason) })))).toBe(reason);
    expect(seen.map((s) => s.url)).toEqual(['/hang?symbol=BTCUSDT']);
  });

  it('never sends a request its caller aborted while it waited for a connection', async () => {
    const held: ServerResponse[] = [];
    const { url, seen } = await serve((res, request) => {
      if (request.url.startsWith('/hold')) held.push(res);
      else json({ ok: true })(res, request);
    });
    const transport = transportFor(url);
    // Every one of the 16 pooled connections busy, so the next request queues.
    const holding = Array.from({ length: 16 }, () => transport.send(get('/hold')));
    while (held.length < 16) await new Promise((resolve) => setTimeout(resolve, 5));
    const controller = new AbortController();
    const queued = rejectionOf(transport.send(get('/queued', { signal: controller.signal })));
    controller.abort(new Error('not any more'));
    expect(((await queued) as Error).message).toBe('not any more');
    for (const res of held) json({})(res, undefined as never);
    await Promise.all(holding);
    // Sent after the aborted one in queue order, so the aborted one would have been sent by now.
    await transport.send(get('/after'));
    expect(seen.filter((s) => s.url.startsWith('/queued'))).toEqual([]);
  });

  it('fails with ConnectionError, as never sent, when nothing listens', async () => {
    const { url } = await serve(json({}));
    const closedUrl = url;
    await cleanups.pop()!();
    const error = await rejectionOf(transportFor(closedUrl).send(get('/api/v3/ping')));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(mayHaveBeenSent(error)).toBe(false);
  });

  it('fails sends with ConnectionError after close, whether or not it ever sent', async () => {
    const { url } = await serve(json({}));
    const used = transportFor(url);
    await used.send(get('/api/v3/ping'));
    await used.close();
    expect(await rejectionOf(used.send(get('/api/v3/ping')))).toBeInstanceOf(ConnectionError);
    const unused = transportFor(url);
    await unused.close();
    expect(await rejectionOf(unused.send(get('/api/v3/ping')))).toBeInstanceOf(ConnectionError);
  });
});
