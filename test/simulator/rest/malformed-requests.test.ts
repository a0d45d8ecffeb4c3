import { connect as connectTcp } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call } from '../support.js';
import { closeClients, connect } from '../ws-support.js';

/** Requests no client should send: each gets Binance's answer and the server goes on serving. */

let sim: SimulatorHandle;

afterEach(async () => {
  closeClients();
  await sim.close();
});

/** The server still answers a plain REST request and a plain stream connection. */
async function expectServing(): Promise<void> {
  expect((await call(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
  const client = await connect(`${sim.wsStreamUrl}/ws`);
  client.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
  expect(await client.reply(1)).toEqual({ result: [], id: 1 });
}

describe('WebSocket upgrades', () => {
  test('a stream path or streams query with malformed percent-encoding is refused with 400', async () => {
    sim = await startSimulator();
    await expect(connect(`${sim.wsStreamUrl}/ws/%zz`)).rejects.toThrow('Unexpected server response: 400');
    await expect(connect(`${sim.wsStreamUrl}/stream?streams=%25zz`)).rejects.toThrow('Unexpected server response: 400');
    await expect(connect(`${sim.wsStreamUrl}/stream?streams=btcusdt%40trade/%E0%A4%A`)).rejects.toThrow('Unexpected server response: 400');
    await expectServing();
  });

  test('a client that resets its connection during the upgrade does not take the server down', async () => {
    sim = await startSimulator();
    const port = Number(new URL(sim.restUrl).port);
    await new Promise<void>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1', () => {
        socket.write('GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n'
          + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
        socket.resetAndDestroy();
        resolve();
      });
    });
    await expectServing();
  });
});

describe('REST parameters with malformed percent-encoding', () => {
  const illegal = { code: -1100, msg: 'Illegal characters found in a parameter.' };

  test('a signed request with timestamp=%zz&signature=%zz is 400 -1100, in the query and in the body', async () => {
    sim = await startSimulator();
    const headers = { 'X-MBX-APIKEY': DEMO_API_KEY };
    const inQuery = await call(`${sim.restUrl}/api/v3/account?timestamp=%zz&signature=%zz`, { headers });
    expect([inQuery.status, inQuery.body]).toEqual([400, illegal]);
    const inBody = await call(`${sim.restUrl}/api/v3/order`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'symbol=BTCUSDT&timestamp=1&signature=%zz',
    });
    expect([inBody.status, inBody.body]).toEqual([400, illegal]);
    await expectServing();
  });

  test('unsigned endpoints and parameter names are held to the same rule', async () => {
    sim = await startSimulator();
    for (const query of ['symbol=BTC%zzUSDT', 'sym%zzbol=BTCUSDT', 'symbol=BTCUSDT&limit=%', 'symbol=%E0%A4%A']) {
      const response = await call(`${sim.restUrl}/api/v3/depth?${query}`);
      expect([query, response.status, response.body]).toEqual([query, 400, illegal]);
    }
  });

  test('a body over the size cap is answered 413 with Binance\'s error body, and the server goes on', async () => {
    sim = await startSimulator();
    const response = await call(`${sim.restUrl}/api/v3/order`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `symbol=${'A'.repeat(1_100_000)}`,
    });
    expect([response.status, response.body]).toEqual([413, { code: -1000, msg: 'Request body too large.' }]);
    await expectServing();
  });

  test('well-formed percent-encoding is still decoded', async () => {
    sim = await startSimulator();
    const response = await call(`${sim.restUrl}/api/v3/ticker/price?symbol=%42TCUSDT`);
    expect([response.status, (response.body as { symbol: string }).symbol]).toEqual([200, 'BTCUSDT']);
  });
});

describe('WebSocket API frames', () => {
  test('method names that are also names of JavaScript object properties are unsupported operations, not internal errors', async () => {
    sim = await startSimulator();
    const client = await connect(sim.wsApiUrl);
    const unsupported = { status: 400, error: { code: -1020, msg: 'This operation is not supported.' } };
    for (const [id, method] of ['constructor', 'toString', '__proto__', 'v3/hasOwnProperty'].entries()) {
      client.send({ id, method });
      expect(await client.reply(id)).toEqual({ id, ...unsupported });
    }
  });
});
