import WebSocket from 'ws';
import { afterEach, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle, type StreamTiming } from '../../../src/simulator/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { closeClients, connect, ManualClock, sleep } from '../ws-support.js';

/** The connection faults, on market streams and on the WebSocket API. */

const START = Date.UTC(2026, 6, 1, 8, 0, 30, 500);
let sim: SimulatorHandle;

async function start(timing: StreamTiming = {}): Promise<void> {
  sim = await startSimulator({
    seed: 9, clock: new ManualClock(START),
    timing: { depthUpdateMs: 40, incomingMessagesPerSecond: 1000, shutdownGraceMs: 60, ...timing },
  });
}

afterEach(async () => {
  closeClients();
  await sim.close();
});

describe('faults', () => {
  test('drop-streams cuts every stream and WebSocket API connection at once', async () => {
    await start();
    const stream = await connect(`${sim.wsStreamUrl}/ws/btcusdt@depth5`);
    const api = await connect(sim.wsApiUrl);
    sim.inject({ kind: 'drop-streams' });
    expect((await stream.closed).code).toBe(1006);
    expect((await api.closed).code).toBe(1006);
    // New connections work again.
    const again = await connect(`${sim.wsStreamUrl}/ws/btcusdt@depth5`);
    expect(await again.next()).toHaveProperty('lastUpdateId');
  });

  test('server-shutdown announces itself in each connection format, then closes after the grace period', async () => {
    await start();
    const raw = await connect(`${sim.wsStreamUrl}/ws`);
    const combined = await connect(`${sim.wsStreamUrl}/stream`);
    const api = await connect(sim.wsApiUrl);
    sim.inject({ kind: 'server-shutdown' });
    expect(await raw.next()).toEqual({ e: 'serverShutdown', E: START });
    expect(await combined.next()).toEqual({ stream: '!serverShutdown', data: { e: 'serverShutdown', E: START } });
    expect(await api.next()).toEqual({ event: { e: 'serverShutdown', E: START } });
    for (const client of [raw, combined, api]) expect(await client.closed).toEqual({ code: 1001, reason: 'Server shutdown' });
  });

  test('stall-streams keeps connections open but sends nothing, pings included, until cleared', async () => {
    await start({ pingIntervalMs: 30, pongTimeoutMs: 100 });
    const client = await connect(`${sim.wsStreamUrl}/ws/btcusdt@depth5`);
    await client.next();
    sim.inject({ kind: 'stall-streams' });
    await sleep(20);
    client.drain();
    const pings = client.pings.length;
    await sleep(250);
    expect(client.pending()).toEqual([]);
    expect(client.pings.length).toBe(pings);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    sim.clear();
    expect(await client.next()).toHaveProperty('lastUpdateId');
  });

  test('stop-pings sends no pings and answers none, and the connection stays open', async () => {
    await start({ pingIntervalMs: 30, pongTimeoutMs: 60 });
    const client = await connect(`${sim.wsStreamUrl}/ws`);
    sim.inject({ kind: 'stop-pings' });
    const pings = client.pings.length;
    let pongs = 0;
    client.ws.on('pong', () => pongs++);
    client.ws.ping('hello');
    await sleep(200);
    expect(client.pings.length).toBe(pings);
    expect(pongs).toBe(0);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  test('ignore-pongs makes the server cut a connection that answers every ping', async () => {
    await start({ pingIntervalMs: 30, pongTimeoutMs: 80 });
    const began = performance.now();
    const client = await connect(sim.wsApiUrl);
    sim.inject({ kind: 'ignore-pongs' });
    expect((await client.closed).code).toBe(1006);
    expect(performance.now() - began).toBeGreaterThanOrEqual(100);
    expect(client.pings.length).toBeGreaterThanOrEqual(1);
  });

  test('latency delays every outgoing message by its ms on the server clock, in order; cleared, answers at once', async () => {
    // The simulator's timers run on a hand-driven clock: the delay is exactly the clock's, not the wall's.
    const clock = new FakeClock(START);
    sim = await startSimulator({ seed: 9, clock, timing: { incomingMessagesPerSecond: 1000 } });
    const stream = await connect(`${sim.wsStreamUrl}/ws`);
    const api = await connect(sim.wsApiUrl);
    sim.inject({ kind: 'latency', ms: 150 });
    stream.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    stream.send({ method: 'GET_PROPERTY', params: ['combined'], id: 2 });
    api.send({ id: 1, method: 'ping', params: { returnRateLimits: false } });
    // Without the clock moving, nothing comes back (a broken delay would answer within this wait).
    await sleep(50);
    expect([stream.pending(), api.pending()]).toEqual([[], []]);
    await clock.tick(149);
    await sleep(20);
    expect([stream.pending(), api.pending()]).toEqual([[], []]);
    await clock.tick(1);
    expect(await stream.next()).toEqual({ result: [], id: 1 });
    expect(await stream.next()).toEqual({ result: false, id: 2 });
    expect(await api.next()).toEqual({ id: 1, status: 200, result: {} });
    sim.clear();
    // Cleared, the answer comes with the clock standing still.
    stream.send({ method: 'LIST_SUBSCRIPTIONS', id: 3 });
    expect(await stream.reply(3)).toEqual({ result: [], id: 3 });
  });

  test('close() terminates every socket', async () => {
    await start();
    const stream = await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@trade/btcusdt@depth@100ms/btcusdt@kline_1m`);
    const api = await connect(sim.wsApiUrl);
    await sim.close();
    expect((await stream.closed).code).toBe(1006);
    expect((await api.closed).code).toBe(1006);
  });
});
