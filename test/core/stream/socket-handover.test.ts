import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReconnectingSocket } from '../../../src/core/stream/reconnecting-socket.js';
import type { ReconnectingSocketEvents, SocketSender } from '../../../src/core/stream/socket-types.js';
import { FakeClock } from '../../support/fake-clock.js';
import { nextEvent, startTestServer, type TestServer } from './ws-test-server.js';

let server: TestServer;
let clock: FakeClock;
let socket: ReconnectingSocket;
let messages: string[];
let states: string[];

/** Subscribes, then waits for the ack, as a stream client replaying its registry would. */
async function replay(sender: SocketSender): Promise<void> {
  const ack = new Promise<void>((resolve) => sender.onMessage((text) => text === 'ack' && resolve()));
  await sender.send('subscribe');
  await ack;
}

beforeEach(async () => {
  server = await startTestServer();
  // Each connection says hello with its number before acking, so the test can see who delivered what.
  server.onMessage = (ws, text, n) => {
    if (text === 'subscribe') {
      ws.send(`data-from-${n}`);
      ws.send('ack');
    }
  };
  clock = new FakeClock();
  socket = new ReconnectingSocket({ url: server.url, clock, random: () => 0.5, maxLifetimeMs: 10_000, onOpen: replay });
  messages = [];
  states = [];
  socket.on('message', (text) => messages.push(text));
  socket.onStateChange(({ to }) => states.push(to));
  await socket.connect();
});

afterEach(async () => {
  await socket.close();
  await server.close();
});

function next<K extends keyof ReconnectingSocketEvents>(event: K): Promise<ReconnectingSocketEvents[K]> {
  return nextEvent((listener) => socket.on(event, listener));
}

describe('ReconnectingSocket planned replacement', () => {
  it('opens the replacement and runs its onOpen before closing the old one at maxLifetimeMs', async () => {
    const reconnect = next('reconnect');
    const opened = next('open');
    await clock.tick(10_000);
    expect(await reconnect).toEqual({ reason: 'lifetime', attempt: 0, delayMs: 0 });
    expect(await opened).toEqual({ connectionId: 2, reconnect: true });
    await server.waitForLog((log) => log.includes('close:1:1000'));

    expect(server.log).toEqual([
      'connect:1', 'msg:1:subscribe',
      'connect:2', 'msg:2:subscribe',
      'close:1:1000',
    ]);
    // The socket never stopped serving, and the new connection's pre-switch data went to onOpen only.
    expect(states).toEqual(['connecting', 'open']);
    expect(messages).toEqual(['data-from-1', 'ack']);
    server.sockets[1]?.send('after-switch');
    await nextEvent<string>((listener) => socket.on('message', listener));
    expect(messages).toEqual(['data-from-1', 'ack', 'after-switch']);
    expect(socket.metrics).toMatchObject({ connects: 2, reconnects: 1, reconnectsByReason: { lifetime: 1 } });
  });

  it('does the same handover on reconnectNow, for example after a serverShutdown event', async () => {
    socket.on('message', (text) => {
      if (text.includes('serverShutdown')) socket.reconnectNow('serverShutdown');
    });
    server.sockets[0]?.send('{"e":"serverShutdown","E":1770123456789}');
    await next('open');
    await server.waitForLog((log) => log.includes('close:1:1000'));
    expect(server.log).toEqual([
      'connect:1', 'msg:1:subscribe', 'connect:2', 'msg:2:subscribe', 'close:1:1000',
    ]);
    expect(states).toEqual(['connecting', 'open']);
    expect(socket.metrics.reconnectsByReason).toEqual({ serverShutdown: 1 });
    // The replacement's lifetime starts from its own open.
    expect(clock.pendingDelays()).toContain(10_000);
  });

  it('keeps the old connection serving while a refused replacement is retried with backoff', async () => {
    socket.on('error', () => undefined);
    server.accept = false;
    const failed = nextEvent<ReconnectingSocketEvents['reconnect']>((listener) =>
      socket.on('reconnect', (event) => event.reason === 'open-failed' && listener(event)));
    socket.reconnectNow('serverShutdown');
    expect(await failed).toEqual({ reason: 'open-failed', attempt: 0, delayMs: 250, code: 1006 });
    expect(socket.state).toBe('open');
    await expect(socket.send('still-here')).resolves.toBeUndefined();

    server.accept = true;
    const opened = next('open');
    await clock.tick(250);
    expect((await opened).connectionId).toBe(3);
    await server.waitForLog((log) => log.includes('close:1:1000'));
    expect(states).toEqual(['connecting', 'open']);
  });

  it('lets an in-flight replacement take over when the old connection drops mid-handover', async () => {
    let release: () => void = () => undefined;
    server.onMessage = (ws, text, n) => {
      if (text !== 'subscribe') return;
      if (n === 1) ws.send('ack');
      // Hold the second ack until the first connection has died.
      else release = () => ws.send('ack');
    };
    socket.reconnectNow('serverShutdown');
    await server.waitForLog((log) => log.includes('msg:2:subscribe'));
    server.sockets[0]?.terminate();
    await nextEvent<ReconnectingSocketEvents['state']>((listener) => socket.onStateChange(listener));
    expect(socket.state).toBe('reconnecting');
    const opened = next('open');
    release();
    expect((await opened).connectionId).toBe(2);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(clock.pending().map((t) => t.delayMs).sort((a, b) => a - b)).toEqual([10_000, 20_000, 90_000]);
  });
});
