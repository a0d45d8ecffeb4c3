import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP proxy between a connector and the simulator that spoils some order and
 * order-list placement answers after the placement was made: `short` sends half the JSON with a matching
 * Content-Length (a complete but unreadable answer), `cut` announces the whole body, sends half
 * and closes the connection. Which placements are spoiled is decided from the client order id
 * (a list's `listClientOrderId`) alone, so the same seed spoils the same placements.
 */

/** How a placement answer is spoiled. */
export type Truncation = 'short' | 'cut';

/** A running proxy. */
export interface TruncatingProxy {
  /** Origin to give the connector as `restUrl`. */
  readonly url: string;
  /** Placements whose answer was spoiled, by client order id. */
  readonly truncated: ReadonlyMap<string, Truncation>;
  close(): Promise<void>;
}

/** The id a placement is known by: `newClientOrderId` of an order, `listClientOrderId` of an order list. */
function clientOrderIdOf(target: string, body: string, field: string): string | undefined {
  const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
  return new URLSearchParams(query).get(field) ?? new URLSearchParams(body).get(field) ?? undefined;
}

/** Placement paths and the parameter naming each placement. */
const PLACEMENTS: Readonly<Record<string, string>> = {
  '/api/v3/order': 'newClientOrderId',
  '/api/v3/orderList/oco': 'listClientOrderId',
  '/api/v3/orderList/oto': 'listClientOrderId',
  '/api/v3/orderList/otoco': 'listClientOrderId',
};

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Starts a proxy to `target` (an origin) on a free loopback port; `decide` picks the placements to spoil. */
export async function startTruncatingProxy(target: string, decide: (clientOrderId: string) => Truncation | undefined): Promise<TruncatingProxy> {
  const upstream = new URL(target);
  const truncated = new Map<string, Truncation>();

  const forward = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readAll(request);
    const headers = { ...request.headers, host: upstream.host };
    // One connection per request: nothing pooled outlives close().
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent: false }, resolve);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    const payload = await readAll(answer);
    const field = request.method === 'POST' ? PLACEMENTS[(request.url ?? '').split('?')[0]!] : undefined;
    const id = field === undefined ? undefined : clientOrderIdOf(request.url ?? '', body.toString('utf8'), field);
    const mode = id !== undefined && answer.statusCode === 200 ? decide(id) : undefined;
    const outHeaders = { ...answer.headers };
    delete outHeaders['transfer-encoding'];
    if (mode === undefined || id === undefined) {
      outHeaders['content-length'] = String(payload.length);
      response.writeHead(answer.statusCode ?? 502, outHeaders);
      response.end(payload);
      return;
    }
    truncated.set(id, mode);
    const half = payload.subarray(0, Math.floor(payload.length / 2));
    if (mode === 'short') {
      outHeaders['content-length'] = String(half.length);
      response.writeHead(200, outHeaders);
      response.end(half);
      return;
    }
    outHeaders['content-length'] = String(payload.length);
    response.writeHead(200, outHeaders);
    response.write(half, () => response.destroy());
  };

  const server = createServer((request, response) => {
    forward(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end('{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    truncated,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
