import WebSocket from 'ws';
import { afterEach, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle, type StreamTiming } from '../../../src/simulator/index.js';
import { closeClients, connect, ManualClock, sleep } from '../ws-support.js';

/** Control messages, their errors, and the per-connection limits of market streams. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
let sim: SimulatorHandle;

async function start(timing: StreamTiming = { incomingMessagesPerSecond: 100 }): Promise<void> {
  sim = await startSimulator({ seed: 3, clock: new ManualClock(START), timing: { depthUpdateMs: 50, ...timing } });
}

afterEach(async () => {
  closeClients();
  await sim.close();
});

describe('control messages', () => {
  test('SUBSCRIBE, LIST_SUBSCRIPTIONS and UNSUBSCRIBE answer as Binance does and change what arrives', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth5', 'ethusdt@depth5'], id: 1 });
    expect(await client.reply(1)).toEqual({ result: null, id: 1 });
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list-1' });
    expect(await client.reply('list-1')).toEqual({ result: ['btcusdt@depth5', 'ethusdt@depth5'], id: 'list-1' });
    // A raw connection sends bare payloads.
    expect(Object.keys(await client.next((m) => 'lastUpdateId' in m))).toEqual(['lastUpdateId', 'bids', 'asks']);
    client.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth5', 'ethusdt@depth5'], id: 2 });
    expect(await client.reply(2)).toEqual({ result: null, id: 2 });
    client.drain();
    await sleep(150);
    expect(client.pending()).toEqual([]);
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: null });
    expect(await client.reply(null)).toEqual({ result: [], id: null });
  });

  test('SET_PROPERTY combined wraps later payloads; GET_PROPERTY reads it', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@depth5`);
    client.send({ method: 'GET_PROPERTY', params: ['combined'], id: 1 });
    expect(await client.reply(1)).toEqual({ result: false, id: 1 });
    client.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 2 });
    expect(await client.reply(2)).toEqual({ result: null, id: 2 });
    client.drain();
    const wrapped = await client.next((m) => 'stream' in m);
    expect(Object.keys(wrapped)).toEqual(['stream', 'data']);
    expect(wrapped.stream).toBe('btcusdt@depth5');
    client.send({ method: 'GET_PROPERTY', params: ['combined'], id: 3 });
    expect(await client.reply(3)).toEqual({ result: true, id: 3 });
  });

  test('errors carry codes 0 to 3 with Binance texts', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream`);
    const cases: [unknown, unknown][] = [
      [{ method: 'SET_PROPERTY', params: ['speed', true], id: 1 }, { error: { code: 0, msg: 'Unknown property' }, id: 1 }],
      [{ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 2 }, { error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 2 }],
      [{ method: 'GET_PROPERTY', params: [7], id: 3 }, { error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 3 }],
      [{ method: 'SET_PROPERTY', params: ['combined', true, 1], id: 4 }, { error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 4 }],
      [{ method: 'LIST_SUBSCRIPTIONS', id: 1.5 }, { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null }],
      [{ method: 'LIST_SUBSCRIPTIONS' }, { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null }],
      ['{"method":"SUBSCRIBES","id":5}', {
        error: { code: 2, msg: 'Invalid request: unknown variant "SUBSCRIBES", expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22' },
        id: null,
      }],
      ['{"params":[],"id":6}', { error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 20' }, id: null }],
      ['{"method":', { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 11' }, id: null }],
    ];
    for (const [request, expected] of cases) {
      client.send(request);
      expect(await client.next((m) => 'error' in m)).toEqual(expected);
    }
  });

  test('a connection holds at most 1024 streams', async () => {
    await start();
    const client = await connect(`${sim.wsStreamUrl}/stream`);
    const names = Array.from({ length: 1024 }, (_, i) => `nosuch${i}@trade`);
    client.send({ method: 'SUBSCRIBE', params: names, id: 1 });
    expect(await client.reply(1)).toEqual({ result: null, id: 1 });
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 });
    expect(await client.reply(2)).toEqual({ error: { code: 2, msg: 'Invalid request: too many streams; at most 1024 per connection' }, id: 2 });
    client.send({ method: 'SUBSCRIBE', params: [names[0]], id: 3 });
    expect(await client.reply(3)).toEqual({ result: null, id: 3 });
  });

  test('a URL with more than 1024 streams and an unknown path are refused', async () => {
    await start();
    const tooMany = Array.from({ length: 1025 }, (_, i) => `s${i}@trade`).join('/');
    await expect(connect(`${sim.wsStreamUrl}/stream?streams=${tooMany}`)).rejects.toThrow('Unexpected server response: 400');
    await expect(connect(`${sim.wsStreamUrl}/nowhere`)).rejects.toThrow('Unexpected server response: 404');
  });
});

describe('connection rules', () => {
  test('a sixth message within a second closes the connection with 1008 Too many requests', async () => {
    await start({});
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    for (let id = 1; id <= 6; id++) client.send({ method: 'LIST_SUBSCRIPTIONS', id });
    expect(await client.closed).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(client.pending()).toEqual([1, 2, 3, 4, 5].map((id) => ({ result: [], id })));
  });

  test('ping frames from the client count toward the message rate', async () => {
    await start({});
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    for (let i = 0; i < 6; i++) client.ws.ping();
    expect(await client.closed).toEqual({ code: 1008, reason: 'Too many requests' });
  });

  test('the server pings on its interval and keeps a connection that answers', async () => {
    await start({ pingIntervalMs: 40, pongTimeoutMs: 100, incomingMessagesPerSecond: 1000 });
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    await sleep(330);
    expect(client.pings.length).toBeGreaterThanOrEqual(6);
    expect(client.pings.length).toBeLessThanOrEqual(9);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  test('a connection that does not answer pings is cut after the pong timeout', async () => {
    await start({ pingIntervalMs: 50, pongTimeoutMs: 100 });
    const began = performance.now();
    const client = await connect(`${sim.wsStreamUrl}/ws`, { autoPong: false });
    expect((await client.closed).code).toBe(1006);
    const elapsed = performance.now() - began;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(600);
    expect(client.pings.length).toBeGreaterThanOrEqual(1);
  });

  test('unsolicited pongs do not keep a connection alive', async () => {
    await start({ pingIntervalMs: 50, pongTimeoutMs: 100, incomingMessagesPerSecond: 1000 });
    const client = await connect(`${sim.wsStreamUrl}/ws`, { autoPong: false });
    const pongs = setInterval(() => client.ws.pong(), 20);
    const closed = await client.closed;
    clearInterval(pongs);
    expect(closed.code).toBe(1006);
  });

  test('a connection is closed when its lifetime ends', async () => {
    await start({ connectionLifetimeMs: 150 });
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Connection lifetime expired' });
  });

  test('timing options are validated when the simulator starts', async () => {
    await expect(startSimulator({ timing: { pingIntervalMs: 0 } })).rejects.toThrow('timing.pingIntervalMs must be a positive integer (at most 2147483647), got 0');
    await start();
  });
});
