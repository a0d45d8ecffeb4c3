import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../src/simulator/index.js';
import { call } from '../support.js';
import { closeClients, connect } from '../ws-support.js';

/** The control API and WebSocket upgrades against cross-site use; what real clients send keeps working. */

let sim: SimulatorHandle;

afterEach(async () => {
  closeClients();
  await sim.close();
});

async function start(options: SimulatorOptions = {}): Promise<void> {
  sim = await startSimulator(options);
}

const json = { 'Content-Type': 'application/json' };
const skew = JSON.stringify({ kind: 'clock-skew', ms: 1500 });

/** Sends a request with exactly these headers (fetch would not let a test set `Host`). */
function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: unknown }> {
  const url = new URL(sim.restUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text.length > 0 ? JSON.parse(text) as unknown : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the control API', () => {
  test('a POST that is not application/json is refused with 415 and injects nothing', async () => {
    await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await call(`${sim.restUrl}/sim/faults`, { method: 'POST', headers: { 'Content-Type': type }, body: skew });
      expect([type, response.status, response.body]).toEqual([type, 415, { code: -1135, msg: 'Content-Type must be application/json.' }]);
    }
    const untyped = await raw('POST', '/sim/faults', {}, skew);
    expect(untyped.status).toBe(415);
    expect(sim.exchange.faults.list()).toEqual([]);
    const accepted = await call(`${sim.restUrl}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: skew });
    expect([accepted.status, accepted.body]).toEqual([200, [{ kind: 'clock-skew', ms: 1500 }]]);
  });

  test('a request from another origin is refused with 403, whatever its method; the own origin and no origin are served', async () => {
    await start();
    const refused = { code: -1002, msg: 'Cross-origin requests to the simulator are refused.' };
    for (const origin of ['http://evil.example', 'null', `http://localhost:${new URL(sim.restUrl).port}`, 'https://127.0.0.1']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const response = await call(`${sim.restUrl}/sim/faults`, { method, headers: { ...json, Origin: origin }, ...(method === 'POST' ? { body: skew } : {}) });
        expect([origin, method, response.status, response.body]).toEqual([origin, method, 403, refused]);
      }
    }
    expect(sim.exchange.faults.list()).toEqual([]);
    const own = await call(`${sim.restUrl}/sim/faults`, { method: 'POST', headers: { ...json, Origin: sim.restUrl }, body: skew });
    expect(own.status).toBe(200);
    expect((await call(`${sim.restUrl}/sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(sim.exchange.faults.list()).toEqual([]);
  });

  test('a page on a name that resolves to the simulator (DNS rebinding) is not its own origin', async () => {
    await start();
    const port = new URL(sim.restUrl).port;
    const response = await raw('POST', '/sim/faults', { ...json, Host: `rebind.example:${port}`, Origin: `http://rebind.example:${port}` }, skew);
    expect(response.status).toBe(403);
    expect(sim.exchange.faults.list()).toEqual([]);
  });

  test('every /sim/ path is guarded, known or not', async () => {
    await start();
    const response = await call(`${sim.restUrl}/sim/anything`, { headers: { Origin: 'http://evil.example' } });
    expect(response.status).toBe(403);
    expect((await call(`${sim.restUrl}/sim/anything`)).status).toBe(404);
  });

  test('with a control token, control requests need it as a bearer token; inject() and clear() do not', async () => {
    await start({ controlToken: 'correct-horse' });
    const unauthorized = { code: -1002, msg: 'You are not authorized to execute this request.' };
    for (const authorization of [undefined, 'Bearer wrong', 'correct-horse', 'Basic correct-horse', 'Bearer correct-horse2']) {
      const headers = authorization === undefined ? json : { ...json, Authorization: authorization };
      const response = await call(`${sim.restUrl}/sim/faults`, { method: 'POST', headers, body: skew });
      expect([authorization, response.status, response.body]).toEqual([authorization, 401, unauthorized]);
      expect((await call(`${sim.restUrl}/sim/faults`, { headers })).status).toBe(401);
    }
    expect(sim.exchange.faults.list()).toEqual([]);
    const ok = await call(`${sim.restUrl}/sim/faults`, { method: 'POST', headers: { ...json, Authorization: 'Bearer correct-horse' }, body: skew });
    expect(ok.status).toBe(200);
    sim.inject({ kind: 'stop-pings' });
    expect(sim.exchange.faults.list()).toEqual([{ kind: 'clock-skew', ms: 1500 }, { kind: 'stop-pings' }]);
    sim.clear();
    expect(sim.exchange.faults.list()).toEqual([]);
    // Binance's own endpoints never ask for the token.
    expect((await call(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
  });

  test('a control token must be non-empty visible ASCII', async () => {
    await expect(startSimulator({ controlToken: '' })).rejects.toThrow('controlToken must be 1 to 256 visible ASCII characters');
    await expect(startSimulator({ controlToken: 'with space' })).rejects.toThrow('controlToken must be 1 to 256 visible ASCII characters');
    sim = await startSimulator();
  });
});

describe('WebSocket upgrades', () => {
  test('an upgrade from another origin is refused with 403 on streams and the WebSocket API', async () => {
    await start();
    for (const url of [`${sim.wsStreamUrl}/ws/btcusdt@trade`, `${sim.wsStreamUrl}/stream?streams=btcusdt@trade`, sim.wsApiUrl]) {
      await expect(connect(url, { origin: 'http://evil.example' })).rejects.toThrow('Unexpected server response: 403');
    }
  });

  test('clients that send no Origin, or the simulator\'s own, connect', async () => {
    await start();
    const api = await connect(sim.wsApiUrl);
    api.send({ id: 1, method: 'ping' });
    expect(await api.reply(1)).toMatchObject({ id: 1, status: 200, result: {} });
    const stream = await connect(`${sim.wsStreamUrl}/ws`, { origin: sim.restUrl });
    stream.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(await stream.reply(2)).toEqual({ result: [], id: 2 });
  });
});
