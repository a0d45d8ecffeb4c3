import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapNetworkError } from '../../src/binance/error-map.js';
import { loadUndiciAgent } from '../../src/binance/rest/undici-agent-fast.js';
import { sendRequest, type ExchangeOptions } from '../../src/binance/rest/undici-send-fast.js';
import { sendRequest as reference } from '../../src/binance/rest/undici-send-reference.js';
import { ExchangeError } from '../../src/core/errors.js';

/** How the server answers one case. */
interface Answer {
  status: number;
  headers: [string, string | string[]][];
  /** The body, written in these pieces. */
  pieces: string[];
  /** Declare Content-Length (else the body is chunked). */
  declareLength: boolean;
  /** Answer, never answer (the timeout passes), drop the connection mid-body, or answer late while the caller aborts. */
  behaviour: 'answer' | 'hang' | 'drop' | 'callerAborts';
}

const answers = new Map<string, Answer>();
let origin = '';
const server = createServer((incoming, res) => {
  incoming.resume();
  incoming.on('end', () => respond(res, answers.get(incoming.url ?? '')!));
});
server.keepAliveTimeout = 60_000;

function respond(res: ServerResponse, answer: Answer): void {
  if (answer.behaviour === 'hang' || answer.behaviour === 'callerAborts') return;
  res.sendDate = false;
  const body = answer.pieces.join('');
  const headers: [string, string | string[]][] = [['content-type', 'application/json'], ...answer.headers];
  if (answer.declareLength) headers.push(['content-length', String(Buffer.byteLength(body))]);
  res.writeHead(answer.status, Object.fromEntries(headers));
  if (answer.behaviour === 'drop') {
    res.write(answer.pieces[0] ?? 'x');
    res.socket?.destroy();
    return;
  }
  for (const piece of answer.pieces) res.write(piece);
  res.end();
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const Agent = loadUndiciAgent();
const agents = [new Agent({ keepAliveTimeout: 30_000 }), new Agent({ keepAliveTimeout: 30_000 })] as const;

afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A JSON body, text that is not JSON, nothing, a byte-order mark before JSON, or text past the cap. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40 }),
  fc.constant(''),
  fc.jsonValue({ maxDepth: 2 }).map((value) => `\uFEFF${JSON.stringify(value)}`),
  fc.nat(3000).map((n) => JSON.stringify({ padding: 'é'.repeat(n) })),
);

const answer: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 201, 204, 400, 404, 418, 429, 500, 503),
  headers: fc.array(fc.tuple(
    fc.constantFrom('x-mbx-used-weight-1m', 'retry-after', 'x-extra'),
    fc.oneof(fc.stringMatching(/^[a-z0-9]{0,8}$/), fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 3 })),
  ), { maxLength: 3 }).map((pairs) => [...new Map(pairs)]),
  pieces: fc.tuple(body, fc.array(fc.nat(), { maxLength: 3 })).map(([text, cuts]) => {
    const at = [...new Set(cuts.map((cut) => (text.length === 0 ? 0 : cut % text.length)))].sort((a, b) => a - b);
    return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length)).filter((piece, i) => piece.length > 0 || i === 0);
  }),
  declareLength: fc.boolean(),
  behaviour: fc.oneof(
    { weight: 16, arbitrary: fc.constant('answer' as const) },
    { weight: 1, arbitrary: fc.constantFrom('hang' as const, 'drop' as const, 'callerAborts' as const) },
  ),
});

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE'),
  maxBytes: fc.constantFrom(64, 1024, 1 << 20),
});

type Send = typeof sendRequest;

/** What the caller sees: the response, or the error's class, code, status and message. */
async function outcome(send: Send, agentIndex: 0 | 1, path: string, { method, maxBytes }: { method: string; maxBytes: number }, behaviour: Answer['behaviour']): Promise<unknown> {
  const caller = new AbortController();
  const label = `${method} ${path}`;
  const exchange: ExchangeOptions = {
    label,
    maxBytes,
    timeoutMs: behaviour === 'hang' ? 80 : 10_000,
    signal: caller.signal,
    mapError: (error) => mapNetworkError(`${label} failed: ${error.message}`, error),
    timeoutError: (reason) => mapNetworkError(`${label} timed out after 80 ms`, reason),
  };
  if (behaviour === 'callerAborts') setTimeout(() => caller.abort(new Error('the caller gave up')), 20);
  try {
    const response = await send(agents[agentIndex], {
      origin, path, method: method as 'GET',
      headers: method === 'GET' ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: method === 'GET' ? null : 'symbol=BTCUSDT',
    }, exchange);
    const { 'keep-alive': _keepAlive, connection: _connection, ...headers } = response.headers;
    return { status: response.status, headers, body: response.body };
  } catch (error) {
    const { name, message } = error as Error;
    return error instanceof ExchangeError
      ? { name, code: error.code, httpStatus: error.httpStatus, message }
      : { name, message };
  }
}

let cases = 0;

describe('sendRequest (optimisation: undici dispatch and our handler) against undici\'s request() (reference)', () => {
  it('gives the same response or the same error for any status, headers, body and failure, to a real server', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(answer, request, async (served, sent) => {
      const path = `/case/${cases++}`;
      answers.set(path, served);
      const [fast, plain] = [await outcome(sendRequest, 0, path, sent, served.behaviour), await outcome(reference, 1, path, sent, served.behaviour)];
      expect(fast).toEqual(plain);
    }), { seed: 20261203, numRuns: 150 });
  });
});
