import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { closeClients, connect, type Json, type TestClient } from './ws-support.js';

/**
 * Fuzzing the simulator's HTTP and WebSocket fronts with arbitrary paths, queries, percent-encodings,
 * headers, bodies, stream names and frames: every request gets an answer (a status, a reply frame
 * or a close code), errors are Binance's `{code,msg}`, and the server goes on serving. Seeds and run
 * counts are fixed so a failure replays.
 */

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({
    // Limits generous enough that the fuzzing itself is never limited or banned, so every answer
    // is about the input; the limits have their own tests.
    limits: { rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10_000_000 }], connections: { interval: 'MINUTE', intervalNum: 1, limit: 100_000 } },
    timing: { incomingMessagesPerSecond: 100_000 },
  });
});

afterAll(async () => {
  closeClients();
  await sim.close();
});

/** Binance's error body: exactly an integer `code` and a string `msg`. */
function isErrorBody(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { code, msg, ...rest } = value as Record<string, unknown>;
  return Number.isInteger(code) && typeof msg === 'string' && Object.keys(rest).length === 0;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('not JSON');
  }
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly upgraded: boolean;
}

/** Sends exactly these bytes of path, headers and body (fetch and URL would normalize them). */
function send(method: string, path: string, headers: Record<string, string>, body: string, upgrade = false): Promise<Answer> {
  const url = new URL(sim.restUrl);
  return new Promise((resolve, reject) => {
    const upgradeHeaders = upgrade ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } : {};
    const req = httpRequest({
      host: url.hostname, port: url.port, method, path, agent: false,
      headers: { ...headers, ...upgradeHeaders, 'Content-Length': String(Buffer.byteLength(body)) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), upgraded: false }));
      res.on('error', reject);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, text: '', upgraded: true });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.end(body);
  });
}

/** What every answer must be: a JSON success, an empty 404/405, or Binance's `{code,msg}`. */
function expectBinanceShaped(answer: Answer, what: string): void {
  if (answer.upgraded) return;
  expect([what, Number.isInteger(answer.status) && answer.status >= 200 && answer.status < 600]).toEqual([what, true]);
  if (answer.status === 404 || answer.status === 405) {
    expect([what, answer.text]).toEqual([what, '']);
  } else if (answer.status >= 400) {
    // A 5xx would be an internal failure: no input may cause one (faults are cleared after each run).
    expect([what, answer.status < 500, isErrorBody(parse(answer.text))]).toEqual([what, true, true]);
  } else {
    expect([what, typeof parse(answer.text)]).not.toEqual([what, 'symbol']);
  }
}

async function expectServing(): Promise<void> {
  const ping = await send('GET', '/api/v3/ping', {}, '');
  expect([ping.status, ping.text]).toEqual([200, '{}']);
  const client = await connect(`${sim.wsStreamUrl}/ws`);
  client.send({ method: 'LIST_SUBSCRIPTIONS', id: 7 });
  expect(await client.reply(7)).toEqual({ result: [], id: 7 });
  client.ws.terminate();
}

const PATHS = [
  '/api/v3/ping', '/api/v3/time', '/api/v3/exchangeInfo', '/api/v3/depth', '/api/v3/klines', '/api/v3/uiKlines', '/api/v3/trades',
  '/api/v3/historicalTrades', '/api/v3/aggTrades', '/api/v3/avgPrice', '/api/v3/ticker/24hr', '/api/v3/ticker', '/api/v3/ticker/price',
  '/api/v3/ticker/bookTicker', '/api/v3/order', '/api/v3/order/test', '/api/v3/openOrders', '/api/v3/allOrders', '/api/v3/myTrades',
  '/api/v3/account', '/api/v3/account/commission', '/api/v3/rateLimit/order', '/api/v3/userDataStream', '/sim/faults', '/sim/other',
];
const NAMES = [
  'symbol', 'symbols', 'limit', 'interval', 'startTime', 'endTime', 'fromId', 'timeZone', 'windowSize', 'type', 'side', 'quantity',
  'quoteOrderQty', 'price', 'timeInForce', 'newClientOrderId', 'orderId', 'origClientOrderId', 'recvWindow', 'omitZeroBalances', 'timestamp', 'signature',
];
const VALUES = [
  'BTCUSDT', 'ETHBTC', 'btcusdt', '["BTCUSDT","ETHUSDT"]', '[]', '1m', '1s', '1M', '0', '-1', '1', '5000', '1e-7', '0.001', '99999999999999999999999',
  '1700000000000', 'BUY', 'SELL', 'LIMIT', 'MARKET', 'LIMIT_MAKER', 'GTC', 'IOC', 'FOK', 'true', 'null', '+08:00', '1d', '',
];
/** Percent-encoding in every state: valid, truncated, not hex, not UTF-8, encoded twice. */
const PERCENT = ['%', '%z', '%zz', '%4', '%41', '%25', '%2525zz', '%00', '%FF', '%C3%A9', '%E0%A4%A', '%ED%A0%80', '%F0%9F%98%80', '+', '&', '=', '&&', '=='];

/** ASCII the HTTP client sends as is (no spaces or controls), plus percent sequences. */
const rawText = fc.array(fc.oneof(
  fc.constantFrom(...PERCENT),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~!$\'()*,;:@/?'.split('')), maxLength: 6 }),
), { maxLength: 6 }).map((parts) => parts.join(''));
const component = fc.oneof(
  fc.constantFrom(...VALUES).map(encodeURIComponent),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  rawText,
);
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), component), component), { maxLength: 6 })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&'));
const headerValue = fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~!$()*,;:@/?= %"+'.split('')), maxLength: 24 });
const knownHeaders = fc.record({
  'X-MBX-APIKEY': fc.oneof(fc.constant(DEMO_API_KEY), headerValue),
  'X-MBX-TIME-UNIT': fc.oneof(fc.constantFrom('MICROSECOND', 'millisecond', 'Microsecond'), headerValue),
  'Content-Type': fc.oneof(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), headerValue),
  // OWN stands for the simulator's own origin, known only once it listens.
  Origin: fc.oneof(fc.constant('OWN'), headerValue),
  Authorization: headerValue,
}, { requiredKeys: [] });
/** Header names a client may send (RFC 9110 tokens), with any printable value. */
const otherHeaders = fc.dictionary(fc.string({ unit: fc.constantFrom(...'abcxyz-019!#$&*+.^_|~'.split('')), minLength: 1, maxLength: 10 }), headerValue, { maxKeys: 3 })
  .map((extra) => Object.fromEntries(Object.entries(extra).filter(([name]) => !/^(content-length|transfer-encoding|connection|upgrade|host|expect)$/i.test(name))));
const headers = fc.tuple(knownHeaders, otherHeaders).map(([known, extra]) => Object.fromEntries(Object.entries({ ...extra, ...known }).filter(([, value]) => value !== '')));

describe('the REST front', () => {
  test('arbitrary methods, paths, queries, headers and bodies each get a Binance-shaped answer', async () => {
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      path: fc.oneof(fc.constantFrom(...PATHS), rawText.map((text) => `/${text.replace(/[?]/g, '')}`), fc.constantFrom(...PATHS).chain((p) => rawText.map((t) => `${p}${t.replace(/[?]/g, '')}`))),
      query,
      headers,
      body: fc.oneof(query, fc.json(), fc.string({ maxLength: 64 })),
      // Signed with the demo secret over the bytes sent, so order and account checks run on the fuzzed values.
      signed: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(requests, async (r) => {
      let target = r.query;
      if (r.signed) {
        target = `${target}${target.length > 0 ? '&' : ''}timestamp=${Date.now()}`;
        target = `${target}&signature=${createHmac('sha256', DEMO_API_SECRET).update(r.method === 'GET' ? target : target + r.body).digest('hex')}`;
      }
      const path = target.length > 0 ? `${r.path}?${target}` : r.path;
      const sent = r.headers.Origin === 'OWN' ? { ...r.headers, Origin: sim.restUrl } : r.headers;
      const answer = await send(r.method, path, sent, r.method === 'GET' ? '' : r.body);
      expectBinanceShaped(answer, `${r.method} ${path}`);
      // The control API may have accepted a fault: none may outlive its request.
      sim.clear();
    }), { numRuns: 300, seed: 20261203, endOnFailure: true });
    await expectServing();
  }, 60_000);

  test('control API bodies of any shape are refused or applied, never a crash', async () => {
    const kinds = ['drop-streams', 'stop-pings', 'ignore-pongs', 'server-shutdown', 'stall-streams', 'latency', 'order-status-unknown', 'http-error', 'rate-limit', 'revoke-key', 'clock-skew', 'nope'];
    const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -(2 ** 53), 1e308, 0, -1, 503, -1007), fc.string({ maxLength: 5 }));
    const fault = fc.record({
      kind: fc.constantFrom(...kinds),
      ms: number, count: number, status: number, as: number, retryAfterSeconds: number, apiKey: fc.oneof(fc.constant(DEMO_API_KEY), fc.string()),
    }, { requiredKeys: ['kind'] })
      // A skew far from now makes the engine catch up in work proportional to it; its bounds are tested with the faults.
      .filter((f) => f.kind !== 'clock-skew' || (typeof f.ms === 'number' && Math.abs(f.ms) <= 86_400_000));
    const body = fc.oneof(fault.map((f) => JSON.stringify(f)), fc.array(fault, { maxLength: 3 }).map((f) => JSON.stringify(f)), fc.json(), fc.string({ maxLength: 40 }));
    await fc.assert(fc.asyncProperty(body, async (text) => {
      const answer = await send('POST', '/sim/faults', { 'Content-Type': 'application/json' }, text);
      expectBinanceShaped(answer, text);
      expect([text, answer.status === 200 || answer.status === 400]).toEqual([text, true]);
      sim.clear();
    }), { numRuns: 200, seed: 7070, endOnFailure: true });
    await expectServing();
  }, 60_000);
});

describe('the WebSocket front', () => {
  test('arbitrary upgrade URLs are upgraded or refused with a status and Binance\'s error body', async () => {
    const url = fc.tuple(fc.constantFrom('/ws/', '/ws', '/stream?streams=', '/stream?', '/ws-api/v3?timeUnit=', '/ws-api/v3?returnRateLimits=', '/', '/nowhere/'), rawText, fc.constantFrom('', '@trade', '@kline_1m', '/btcusdt@depth'))
      .map(([prefix, middle, suffix]) => `${prefix}${middle}${suffix}`);
    await fc.assert(fc.asyncProperty(url, fc.oneof(fc.constant(undefined), headerValue), async (path, origin) => {
      const answer = await send('GET', path, origin === undefined || origin === '' ? {} : { Origin: origin }, '', true);
      if (!answer.upgraded) expectBinanceShaped(answer, path);
    }), { numRuns: 300, seed: 4242, endOnFailure: true });
    await expectServing();
  }, 60_000);

  /** Sends one frame and waits for its reply (`accept`) or the connection's close. */
  async function exchange(client: TestClient, frame: string, accept: (m: Json) => boolean): Promise<Json | number> {
    client.ws.send(frame);
    const closed = client.closed.then((c) => c.code);
    return Promise.race([client.next(accept, 5_000), closed]);
  }

  const frameText = (structured: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(
    structured,
    fc.json(),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('{"id":1e400,"method":"ping"}', '{"id":9007199254740993,"method":"ping"}', '{"id":-1}', '{', '[]', 'null', '""', '{"id":1,"method":"ping","params":{"a":'),
  );
  const id = fc.oneof(fc.integer(), fc.string({ maxLength: 40 }), fc.constant(null), fc.double(), fc.constantFrom(2 ** 63, -1, 1e308));
  const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

  test('stream control frames of any shape each get a reply with an id and a result or Binance\'s error', async () => {
    const streamName = fc.oneof(fc.constantFrom('btcusdt@trade', 'ethbtc@kline_1s', 'bnbusdt@depth5@100ms', '!miniTicker@arr', 'constructor', '__proto__', ''), fc.string({ maxLength: 20 }), rawText);
    const structured = fc.record({
      method: fc.oneof(fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'), fc.string({ maxLength: 12 })),
      params: fc.oneof(fc.array(streamName, { maxLength: 4 }), fc.array(value, { maxLength: 3 }), value),
      id,
    }, { requiredKeys: [] }).map((m) => JSON.stringify(m));
    let client = await connect(`${sim.wsStreamUrl}/ws`);
    await fc.assert(fc.asyncProperty(frameText(structured), async (frame) => {
      const reply = await exchange(client, frame, (m) => 'id' in m && ('result' in m || 'error' in m));
      expect([frame, typeof reply]).toEqual([frame, 'object']);
      const { error } = reply as Json;
      if (error !== undefined) expect([frame, isErrorBody(error)]).toEqual([frame, true]);
      client.drain();
      if (client.ws.readyState !== client.ws.OPEN) client = await connect(`${sim.wsStreamUrl}/ws`);
    }), { numRuns: 300, seed: 1024, endOnFailure: true });
    client.ws.terminate();
    await expectServing();
  }, 60_000);

  test('WebSocket API frames of any shape each get a reply with a status, and Binance\'s error when it fails', async () => {
    const methods = ['ping', 'time', 'exchangeInfo', 'depth', 'klines', 'ticker.price', 'order.place', 'order.test', 'order.status', 'order.cancel',
      'openOrders.status', 'account.status', 'session.logon', 'session.status', 'session.logout', 'userDataStream.subscribe',
      'userDataStream.subscribe.signature', 'userDataStream.unsubscribe', 'v3/ping', 'constructor', 'toString'];
    const params = fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...NAMES, 'apiKey', 'signature', 'returnRateLimits'), fc.string({ maxLength: 8 })), value, { maxKeys: 6 }), value);
    const structured = fc.record({ id, method: fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 12 })), params }, { requiredKeys: [] })
      .map((m) => JSON.stringify(m));
    let client = await connect(sim.wsApiUrl);
    await fc.assert(fc.asyncProperty(frameText(structured), async (frame) => {
      const reply = await exchange(client, frame, (m) => 'status' in m);
      expect([frame, typeof reply]).toEqual([frame, 'object']);
      const { status, error, result } = reply as Json;
      expect([frame, Number.isInteger(status) && (status as number) < 500]).toEqual([frame, true]);
      if ((status as number) >= 400) expect([frame, isErrorBody(error), result]).toEqual([frame, true, undefined]);
      else expect([frame, error, result === undefined]).toEqual([frame, undefined, false]);
      client.drain();
      if (client.ws.readyState !== client.ws.OPEN) client = await connect(sim.wsApiUrl);
    }), { numRuns: 300, seed: 303, endOnFailure: true });
    client.ws.terminate();
    await expectServing();
  }, 60_000);

  test('a frame over the size cap closes the connection with 1009, and the server goes on', async () => {
    const client = await connect(sim.wsApiUrl);
    client.ws.send(`{"id":1,"method":"ping","params":{"x":"${'a'.repeat(1_100_000)}"}}`);
    expect((await client.closed).code).toBe(1009);
    await expectServing();
  });
});
