import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotConnectedError, RateLimitError } from '../../../src/core/errors.js';
import { ReconnectingSocket } from '../../../src/core/stream/reconnecting-socket.js';
import type { ReconnectingSocketEvents, ReconnectingSocketOptions } from '../../../src/core/stream/socket-types.js';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.js';
import { nextEvent, startTestServer, type TestServer } from './ws-test-server.js';

let server: TestServer;
let clock: FakeClock;
const sockets: ReconnectingSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  clock = new FakeClock();
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  await server.close();
});

function makeSocket(options: Partial<ReconnectingSocketOptions> = {}): ReconnectingSocket {
  const socket = new ReconnectingSocket({ url: server.url, clock, random: () => 0.5, ...options });
  sockets.push(socket);
  return socket;
}

function next<K extends keyof ReconnectingSocketEvents>(
  socket: ReconnectingSocket, event: K,
): Promise<ReconnectingSocketEvents[K]> {
  return nextEvent((listener) => socket.on(event, listener));
}

describe('ReconnectingSocket', () => {
  it('connects, reports its states and delivers text messages', async () => {
    server.onConnection = (ws) => ws.send('hello');
    const socket = makeSocket();
    const states: string[] = [];
    socket.onStateChange(({ to }) => states.push(to));
    const message = next(socket, 'message');
    await socket.connect();
    expect(await message).toBe('hello');
    expect(states).toEqual(['connecting', 'open']);
    expect(socket.metrics).toMatchObject({ state: 'open', connects: 1, reconnects: 0, messagesReceived: 1 });
    expect(socket.metrics.lastMessageAt).toBe(clock.now());
  });

  it('reconnects after the server terminates it, with exponential jittered delays', async () => {
    const socket = makeSocket();
    await socket.connect();
    const reconnects: ReconnectingSocketEvents['reconnect'][] = [];
    socket.on('reconnect', (event) => reconnects.push(event));
    socket.on('error', () => undefined);

    server.accept = false;
    const dropped = next(socket, 'reconnect');
    (server.sockets[0] as { terminate(): void }).terminate();
    expect(await dropped).toEqual({ reason: 'dropped', attempt: 0, delayMs: 250, code: 1006 });
    expect(socket.state).toBe('reconnecting');
    expect(clock.pendingDelays()).toEqual([250]);

    // Refused attempts grow the ceiling: 500 * 2^attempt, times the 0.5 jitter.
    for (const delayMs of [250, 500, 1000]) {
      const failed = next(socket, 'reconnect');
      await clock.tick(delayMs);
      expect((await failed).delayMs).toBe(delayMs * 2);
    }
    server.accept = true;
    const opened = next(socket, 'open');
    await clock.tick(2000);
    expect(await opened).toEqual({ connectionId: 5, reconnect: true });
    expect(reconnects.map((r) => [r.reason, r.attempt, r.delayMs])).toEqual([
      ['dropped', 0, 250], ['open-failed', 1, 500], ['open-failed', 2, 1000], ['open-failed', 3, 2000],
    ]);
    expect(socket.metrics).toMatchObject({
      state: 'open', connects: 2, reconnects: 4, reconnectsByReason: { dropped: 1, 'open-failed': 3 },
    });
    expect(server.sockets).toHaveLength(2);
  });

  it('asks the URL function again on every connect', async () => {
    let n = 0;
    const socket = makeSocket({ url: () => Promise.resolve(`${server.url}/stream?n=${++n}`) });
    await socket.connect();
    const reopened = next(socket, 'open');
    server.sockets[0]?.terminate();
    await next(socket, 'reconnect');
    await clock.tick(250);
    await reopened;
    expect(server.requestUrls).toEqual(['/stream?n=1', '/stream?n=2']);
  });

  it('answers a server ping with a pong carrying the same payload, even if autoPong is turned off', async () => {
    const socket = makeSocket({ webSocketOptions: { autoPong: false } as NonNullable<ReconnectingSocketOptions['webSocketOptions']> });
    await socket.connect();
    const serverSide = await server.waitForConnections(1);
    const pong = new Promise<string>((resolve) => serverSide.once('pong', (data) => resolve(String(data))));
    serverSide.ping('payload-1770123456789');
    expect(await pong).toBe('payload-1770123456789');
  });

  it('replaces a connection that receives neither messages nor pings for staleAfterMs', async () => {
    const socket = makeSocket({ staleAfterMs: 1000 });
    await socket.connect();
    const serverSide = await server.waitForConnections(1);
    const received = next(socket, 'message');
    await clock.tick(600);
    serverSide.send('tick');
    await received;
    const pinged = new Promise<void>((resolve) => serverSide.once('pong', () => resolve()));
    await clock.tick(600);
    serverSide.ping();
    await pinged;
    await clock.tick(999);
    expect(socket.state).toBe('open');

    const stale = next(socket, 'reconnect');
    await clock.tick(1);
    expect(await stale).toMatchObject({ reason: 'stale', attempt: 0, delayMs: 250 });
    await server.waitForLog((log) => log.includes('close:1:1006'));
    await clock.tick(250);
    await server.waitForConnections(2);
    expect(socket.metrics.reconnectsByReason).toEqual({ stale: 1 });
  });

  it('keeps a quiet connection alive with its own pings when the server never pings', async () => {
    const socket = makeSocket();
    await socket.connect();
    await server.waitForConnections(1);
    for (let n = 1; n <= 10; n += 1) {
      await clock.tick(20_000);
      await server.waitForLog((log) => log.filter((entry) => entry === 'ping:1').length === n);
      // The pong travels back over the real socket; give it a moment to arrive.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(socket.state).toBe('open');
    expect(socket.metrics).toMatchObject({ connects: 1, reconnects: 0 });
  });

  it('replaces a quiet connection whose ping gets no pong within pongTimeoutMs', async () => {
    await server.close();
    server = await startTestServer({ autoPong: false });
    const socket = makeSocket({ pingIntervalMs: 5_000, pongTimeoutMs: 2_000 });
    await socket.connect();
    await server.waitForConnections(1);
    await clock.tick(5_000);
    await server.waitForLog((log) => log.includes('ping:1'));
    await clock.tick(1_999);
    expect(socket.state).toBe('open');
    const stale = next(socket, 'reconnect');
    await clock.tick(1);
    expect(await stale).toMatchObject({ reason: 'stale', attempt: 0 });
    await server.waitForLog((log) => log.includes('close:1:1006'));
  });

  it('replays onOpen on each connection and counts as ready only once it resolves', async () => {
    server.onMessage = (ws, text) => {
      if (text === 'subscribe') ws.send('ack');
    };
    const socket = makeSocket({
      onOpen: async (sender) => {
        const ack = new Promise<void>((resolve) => sender.onMessage((text) => text === 'ack' && resolve()));
        await sender.send('subscribe');
        await ack;
      },
    });
    await socket.connect();
    expect(server.log).toEqual(['connect:1', 'msg:1:subscribe']);
    await expect(socket.send('ping')).resolves.toBeUndefined();
  });

  it('retries when onOpen rejects', async () => {
    let calls = 0;
    const socket = makeSocket({
      onOpen: () => (++calls === 1 ? Promise.reject(new Error('logon refused')) : Promise.resolve()),
    });
    const error = next(socket, 'error');
    const retry = next(socket, 'reconnect');
    const connected = socket.connect();
    expect((await error).message).toBe('onOpen failed');
    expect(await retry).toMatchObject({ reason: 'open-failed', attempt: 0 });
    expect(socket.state).toBe('connecting');
    await clock.tick(250);
    await connected;
    expect(calls).toBe(2);
  });

  it('waits at least the Retry-After of a rate-limited onOpen before the next attempt', async () => {
    let calls = 0;
    const socket = makeSocket({
      onOpen: () => (++calls === 1 ? Promise.reject(new RateLimitError('Too many requests', { retryAfterMs: 7_000 })) : Promise.resolve()),
    });
    const retry = next(socket, 'reconnect');
    const connected = socket.connect();
    expect(await retry).toMatchObject({ reason: 'open-failed', attempt: 0, delayMs: 7_000 });
    await clock.tick(6_999);
    expect(calls).toBe(1);
    await clock.tick(1);
    await connected;
    expect(calls).toBe(2);
  });

  it('reports a throwing message listener as an error event and keeps delivering', async () => {
    server.onConnection = (ws) => {
      ws.send('one');
      ws.send('two');
    };
    const socket = makeSocket();
    const seen: string[] = [];
    socket.on('message', (text) => {
      if (text === 'one') throw new Error('consumer bug');
    });
    socket.on('message', (text) => seen.push(text));
    const error = next(socket, 'error');
    const second = nextEvent<string>((listener) => socket.on('message', (t) => t === 'two' && listener(t)));
    await socket.connect();
    expect((await error).message).toBe('consumer bug');
    await second;
    expect(seen).toEqual(['one', 'two']);
  });

  it('gives up on an onOpen that hangs past readyTimeoutMs and retries', async () => {
    let calls = 0;
    let hanging: () => void = () => undefined;
    const onOpenStarted = new Promise<void>((resolve) => { hanging = resolve; });
    const socket = makeSocket({
      readyTimeoutMs: 1000,
      onOpen: () => {
        if (++calls > 1) return Promise.resolve();
        hanging();
        return new Promise<void>(() => undefined);
      },
    });
    const errors: string[] = [];
    socket.on('error', (error) => errors.push(error.message));
    const connected = socket.connect();
    await onOpenStarted;
    const retry = next(socket, 'reconnect');
    await clock.tick(1000);
    expect(await retry).toMatchObject({ reason: 'open-failed', attempt: 0, delayMs: 250 });
    expect(errors).toEqual(['onOpen did not finish within 1000 ms']);
    await server.waitForLog((log) => log.includes('close:1:1006'));
    await clock.tick(250);
    await connected;
    expect(calls).toBe(2);
  });

  it('retries with backoff when the URL function fails', async () => {
    let calls = 0;
    const socket = makeSocket({
      url: () => (++calls === 1 ? Promise.reject(new Error('no listen token')) : server.url),
    });
    const error = next(socket, 'error');
    const retry = next(socket, 'reconnect');
    const connected = socket.connect();
    expect((await error).message).toBe('Could not resolve the WebSocket URL');
    expect(await retry).toMatchObject({ reason: 'open-failed', attempt: 0 });
    await clock.tick(250);
    await connected;
    expect(calls).toBe(2);
  });

  it('rejects send() with NotConnectedError while no connection is ready', async () => {
    const socket = makeSocket();
    await expect(socket.send('x')).rejects.toBeInstanceOf(NotConnectedError);
    await socket.connect();
    server.sockets[0]?.terminate();
    await next(socket, 'reconnect');
    await expect(socket.send('x')).rejects.toThrow(/while the socket is reconnecting/);
  });

  it('throttles outgoing messages to 4 in any 1.5 s by default', async () => {
    const socket = makeSocket();
    await socket.connect();
    const sends = [1, 2, 3, 4, 5, 6].map((i) => socket.send(`m${i}`));
    await server.waitForLog((log) => log.filter((l) => l.startsWith('msg:')).length === 4);
    await flushMicrotasks();
    expect(server.log.filter((l) => l.startsWith('msg:'))).toHaveLength(4);
    await clock.tick(1499);
    await flushMicrotasks();
    expect(server.log.filter((l) => l.startsWith('msg:'))).toHaveLength(4);
    await clock.tick(1);
    await Promise.all(sends);
    await server.waitForLog((log) => log.includes('msg:1:m6'));
    expect(socket.metrics.messagesSent).toBe(6);
  });

  it('close() terminates the socket, clears every timer and rejects later use', async () => {
    const socket = makeSocket({ staleAfterMs: 5000, maxLifetimeMs: 60_000 });
    await socket.connect();
    // The watchdog, the heartbeat and the lifetime.
    expect(clock.pending().map((t) => t.delayMs).sort((a, b) => a - b)).toEqual([5000, 20_000, 60_000]);
    await socket.close();
    await server.waitForLog((log) => log.includes('close:1:1006'));
    expect(clock.pending()).toEqual([]);
    expect(socket.state).toBe('closed');
    await expect(socket.send('x')).rejects.toBeInstanceOf(NotConnectedError);
    await expect(socket.connect()).rejects.toBeInstanceOf(NotConnectedError);
    await socket.close();
  });

  it('close() while waiting to reconnect cancels the backoff timer and the pending connect()', async () => {
    server.accept = false;
    const socket = makeSocket();
    socket.on('error', () => undefined);
    const connected = socket.connect();
    await next(socket, 'reconnect');
    expect(clock.pending()).toHaveLength(1);
    await socket.close();
    await expect(connected).rejects.toBeInstanceOf(NotConnectedError);
    expect(clock.pending()).toEqual([]);
  });
});

describe('ReconnectingSocket options', () => {
  it('names the option and the rule when a value is invalid', () => {
    const url = 'ws://127.0.0.1:1';
    expect(() => new ReconnectingSocket({ url, staleAfterMs: 0 })).toThrow('staleAfterMs must be a positive number, got 0');
    expect(() => new ReconnectingSocket({ url, maxMessagesPerSecond: 2.5 })).toThrow(/maxMessagesPerSecond must be a positive integer/);
    expect(() => new ReconnectingSocket({ url, backoff: { factor: 0 } })).toThrow(/backoff.factor/);
  });
});
