import { afterEach, describe, expect, test } from 'vitest';
import { ConnectionLimiter } from '../../../src/simulator/limits/connection-limiter.js';
import { SimError } from '../../../src/simulator/sim-error.js';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { closeClients, connect, ManualClock, refusedUpgrade } from '../ws-support.js';

/** Binance's connection-rate limit: new WebSocket connections per IP in fixed windows. */

function outcome(run: () => void): { status: number; code: number; msg: string; retryAfter: string | undefined } | 'ok' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    return { status: error.status, code: error.code, msg: error.msg, retryAfter: error.headers['Retry-After'] };
  }
}

describe('ConnectionLimiter', () => {
  test('defaults to Binance\'s 300 attempts per 5 minutes per IP, in windows aligned to the epoch', () => {
    const limiter = new ConnectionLimiter();
    expect(limiter.rule).toEqual({ rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 300 });
    const t = Date.UTC(2026, 0, 1, 10, 3, 0);
    for (let i = 0; i < 300; i++) expect(outcome(() => limiter.attempt('ip', t + i))).toBe('ok');
    expect(outcome(() => limiter.attempt('ip', t + 300))).toEqual({
      status: 429, code: -1034, msg: "Too many connection attempts from IP; current limit is 300 per '5 MINUTE'.", retryAfter: '120',
    });
    expect(outcome(() => limiter.attempt('other-ip', t + 300))).toBe('ok');
    // The window of 10:00-10:05 ends at 10:05, not five minutes after the first attempt.
    expect(outcome(() => limiter.attempt('ip', Date.UTC(2026, 0, 1, 10, 5, 0)))).toBe('ok');
  });

  test('refused attempts count too, so a client that keeps retrying stays refused until the window ends', () => {
    const limiter = new ConnectionLimiter({ interval: 'SECOND', intervalNum: 10, limit: 2 });
    const t = 1_700_000_000_000;
    limiter.attempt('ip', t);
    limiter.attempt('ip', t);
    for (let i = 1; i <= 5; i++) expect(outcome(() => limiter.attempt('ip', t + i * 1000))).toMatchObject({ status: 429, retryAfter: String(10 - i) });
    expect(outcome(() => limiter.attempt('ip', t + 10_000))).toBe('ok');
  });

  test('the rule is validated', () => {
    expect(() => new ConnectionLimiter({ interval: 'MINUTE', intervalNum: 1, limit: 0 })).toThrow(
      new TypeError('limits.connections.limit must be a positive integer, got 0'));
    expect(() => new ConnectionLimiter({ interval: 'WEEK' as 'DAY', intervalNum: 1, limit: 3 })).toThrow(
      new TypeError('limits.connections.interval must be SECOND, MINUTE, HOUR or DAY, got "WEEK"'));
    expect(() => new ConnectionLimiter({ interval: 'MINUTE', intervalNum: 1.5, limit: 3 })).toThrow(
      new TypeError('limits.connections.intervalNum must be a positive integer, got 1.5'));
  });
});

describe('over WebSocket', () => {
  let sim: SimulatorHandle;
  let clock: ManualClock;

  afterEach(async () => {
    closeClients();
    await sim.close();
  });

  /** The status, Retry-After and JSON body of an upgrade refused before it completes. */
  test('the connection past the configured limit is refused with 429 and -1034, streams and WebSocket API counted apart', async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1, 10, 0, 15));
    sim = await startSimulator({ clock, limits: { connections: { interval: 'MINUTE', intervalNum: 1, limit: 2 } } });
    const first = await connect(`${sim.wsStreamUrl}/ws`);
    await connect(`${sim.wsStreamUrl}/stream?streams=btcusdt@trade`);
    await expect(connect(`${sim.wsStreamUrl}/ws/btcusdt@trade`)).rejects.toThrow('Unexpected server response: 429');
    expect(await refusedUpgrade(sim.restUrl, '/stream?streams=btcusdt@trade')).toEqual({
      status: 429, retryAfter: '45', body: { code: -1034, msg: "Too many connection attempts from IP; current limit is 2 per '1 MINUTE'." },
    });
    // Connections already open are not touched.
    first.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    expect(await first.reply(1)).toEqual({ result: [], id: 1 });

    await connect(sim.wsApiUrl);
    await connect(sim.wsApiUrl);
    await expect(connect(sim.wsApiUrl)).rejects.toThrow('Unexpected server response: 429');

    clock.time = Date.UTC(2026, 0, 1, 10, 1, 0);
    const again = await connect(`${sim.wsStreamUrl}/ws`);
    again.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
    expect(await again.reply(2)).toEqual({ result: [], id: 2 });
    await connect(sim.wsApiUrl);
  });

  test('attempts refused as malformed count; attempts refused for a foreign Origin do not', async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1, 10, 0, 15));
    sim = await startSimulator({ clock, limits: { connections: { interval: 'MINUTE', intervalNum: 1, limit: 2 } } });
    for (let i = 0; i < 3; i++) {
      await expect(connect(`${sim.wsStreamUrl}/ws`, { origin: 'http://evil.example' })).rejects.toThrow('Unexpected server response: 403');
    }
    await expect(connect(`${sim.wsStreamUrl}/ws/%zz`)).rejects.toThrow('Unexpected server response: 400');
    await connect(`${sim.wsStreamUrl}/ws`);
    await expect(connect(`${sim.wsStreamUrl}/ws`)).rejects.toThrow('Unexpected server response: 429');
  });

  test('an invalid connections option is refused when the simulator starts', async () => {
    await expect(startSimulator({ limits: { connections: { interval: 'MINUTE', intervalNum: 5, limit: -1 } } }))
      .rejects.toThrow('limits.connections.limit must be a positive integer, got -1');
    sim = await startSimulator();
  });
});
