import { afterEach, describe, expect, test } from 'vitest';
import { UsageLimits } from '../../../src/simulator/limits/usage-limits.js';
import { SimError } from '../../../src/simulator/sim-error.js';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

function outcome(run: () => void): { status: number; code: number; retryAfter: string | undefined } | 'ok' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    return { status: error.status, code: error.code, retryAfter: error.headers['Retry-After'] };
  }
}

describe('UsageLimits', () => {
  const rules = [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 10, limit: 10 }] as const;

  test('windows are fixed and aligned: the count resets at the boundary, not 10 s after the first request', () => {
    const limiter = new UsageLimits({ rateLimits: rules });
    const t = 1_700_000_008_000;
    limiter.charge('ip', 10, t);
    expect(limiter.weightHeaders('ip', t)).toEqual({ 'X-MBX-USED-WEIGHT-10S': '10', 'X-MBX-USED-WEIGHT': '10' });
    expect(outcome(() => limiter.charge('ip', 1, t + 1000))).toEqual({ status: 429, code: -1003, retryAfter: '1' });
    expect(outcome(() => limiter.charge('ip', 1, t + 2000))).toBe('ok');
    expect(limiter.weightHeaders('ip', t + 2000)['X-MBX-USED-WEIGHT-10S']).toBe('1');
  });

  test('429 while over the limit, then 418 bans that double each time', () => {
    const limiter = new UsageLimits({ rateLimits: rules, banMs: 1000, requestsWhileLimited: 2 });
    let t = 1_700_000_000_000;
    limiter.charge('ip', 10, t);
    expect(outcome(() => limiter.charge('ip', 1, t))).toEqual({ status: 429, code: -1003, retryAfter: '10' });
    expect(outcome(() => limiter.charge('ip', 1, t + 1))).toMatchObject({ status: 429 });
    expect(outcome(() => limiter.charge('ip', 1, t + 2))).toMatchObject({ status: 429 });
    expect(outcome(() => limiter.charge('ip', 1, t + 3))).toEqual({ status: 418, code: -1003, retryAfter: '1' });
    expect(outcome(() => limiter.charge('ip', 1, t + 500))).toEqual({ status: 418, code: -1003, retryAfter: '1' });
    // After the ban and the window: fine again; another offence earns a ban twice as long.
    t += 10_000;
    expect(outcome(() => limiter.charge('ip', 10, t))).toBe('ok');
    for (let i = 0; i < 3; i++) expect(outcome(() => limiter.charge('ip', 1, t + i))).toMatchObject({ status: 429 });
    expect(outcome(() => limiter.charge('ip', 1, t + 3))).toEqual({ status: 418, code: -1003, retryAfter: '2' });
    expect(outcome(() => limiter.charge('other-ip', 1, t + 3))).toBe('ok');
  });

  test('ORDERS: -1015 over the limit; the first fill takes an order back out of the count', () => {
    const limiter = new UsageLimits({ rateLimits: [{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 2 }] });
    const t = 1_700_000_000_000;
    limiter.countOrder(1, t);
    limiter.countOrder(1, t);
    expect(outcome(() => limiter.checkOrder(1, t))).toEqual({ status: 429, code: -1015, retryAfter: '10' });
    limiter.orderFilled(1, t + 5);
    expect(limiter.orderHeaders(1, t + 5)).toEqual({ 'X-MBX-ORDER-COUNT-10S': '1' });
    expect(outcome(() => limiter.checkOrder(1, t + 5))).toBe('ok');
  });

  // faqs/order_count_decrement.md, "What happens if I placed an order yesterday but it is filled the next day?"
  const FILLED_NEXT_DAY: [string, 'place' | 'fill' | 'none', number, number][] = [
    ['2024-01-01T09:00:00Z', 'place', 5, 5],
    ['2024-01-02T00:00:00Z', 'none', 0, 0],
    ['2024-01-02T09:00:00Z', 'place', 10, 10],
    ['2024-01-02T12:00:00Z', 'fill', 5, 5],
    ['2024-01-02T13:00:00Z', 'fill', 5, 0],
    ['2024-01-02T14:00:00Z', 'place', 2, 2],
    ['2024-01-02T15:00:00Z', 'fill', 5, 0],
  ];

  test("fills lower the current day's unfilled count whenever the orders were placed, never below zero", () => {
    const limiter = new UsageLimits({ rateLimits: [{ rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 }] });
    for (const [time, action, orders, count] of FILLED_NEXT_DAY) {
      const t = Date.parse(time);
      for (let i = 0; i < orders; i++) {
        if (action === 'place') limiter.countOrder(1, t);
        else limiter.orderFilled(1, t);
      }
      expect([time, limiter.orderUsage(1, t)[0]!.count]).toEqual([time, count]);
    }
  });
});

describe('limits over HTTP', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  test('a short window shows in the header name, 429 carries Retry-After and -1003, persistence gets 418', async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0, 100);
    sim = await startSimulator({
      clock: { now: () => now },
      limits: { rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 1, limit: 3 }], banMs: 5000, requestsWhileLimited: 1 },
    });
    const ping = () => call(`${sim!.restUrl}/api/v3/ping`);
    const first = await ping();
    expect(first.headers.get('x-mbx-used-weight-1s')).toBe('1');
    expect(first.headers.get('x-mbx-used-weight-1m')).toBeNull();
    await ping();
    await ping();
    const limited = await ping();
    expect([limited.status, limited.headers.get('retry-after'), limited.body]).toEqual([429, '1', {
      code: -1003, msg: 'Too much request weight used; current limit is 3 request weight per 1 SECOND. Please use WebSocket Streams for live updates to avoid polling the API.',
    }]);
    expect((await ping()).status).toBe(429);
    const banned = await ping();
    expect([banned.status, banned.headers.get('retry-after'), banned.body]).toEqual([418, '5', {
      code: -1003, msg: `Way too much request weight used; IP banned until ${now + 5000}. Please use WebSocket Streams for live updates to avoid bans.`,
    }]);
    now += 2000;
    expect((await ping()).status).toBe(418);
    now += 3000;
    expect((await ping()).status).toBe(200);
  });

  test('exchangeInfo publishes the configured limits', async () => {
    const rateLimits = [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 5, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 1, limit: 3 },
    ] as const;
    sim = await startSimulator({ limits: { rateLimits } });
    const response = await call(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect((response.body as { rateLimits: unknown }).rateLimits).toEqual(rateLimits);
    expect(response.headers.get('x-mbx-used-weight-5s')).toBe('20');
  });

  test('the ORDERS limit answers 429 -1015 to the order over it', async () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 1);
    sim = await startSimulator({ clock: { now: () => now }, limits: { rateLimits: [{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1 }] } });
    const price = Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (price - 999).toFixed(2) };
    const key = { secret: DEMO_API_SECRET };
    const first = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, order, { timestamp: now });
    expect(first.headers.get('x-mbx-order-count-10s')).toBe('1');
    const second = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, order, { timestamp: now });
    expect([second.status, second.headers.get('retry-after'), second.body])
      .toEqual([429, '9', { code: -1015, msg: 'Too many new orders; current limit is 1 orders per 10 SECOND.' }]);
    expect(second.headers.get('x-mbx-order-count-10s')).toBe('1');
  });

  test('a rejected order carries the X-MBX-ORDER-COUNT headers of its account, uncounted; one from an unknown sender does not', async () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 1);
    sim = await startSimulator({ clock: { now: () => now } });
    const price = Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (price - 999).toFixed(2) };
    const key = { secret: DEMO_API_SECRET };
    const counts = (response: { headers: Headers }): (string | null)[] =>
      [response.headers.get('x-mbx-order-count-10s'), response.headers.get('x-mbx-order-count-1d')];
    expect(counts(await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, order, { timestamp: now }))).toEqual(['1', '1']);
    const poor = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, { ...order, quantity: '5' }, { timestamp: now });
    expect([poor.status, poor.body, counts(poor)])
      .toEqual([400, { code: -2010, msg: 'Account has insufficient balance for requested action.' }, ['1', '1']]);
    const malformed = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, key, { ...order, quantity: '0.0000001' }, { timestamp: now });
    expect([malformed.status, counts(malformed)]).toEqual([400, ['1', '1']]);
    const stranger = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: 'wrong' }, order, { timestamp: now });
    expect([stranger.status, (stranger.body as { code: number }).code, counts(stranger)]).toEqual([400, -1022, [null, null]]);
    const placedOnly = await signed(sim.restUrl, 'GET', '/api/v3/rateLimit/order', DEMO_API_KEY, key, {}, { timestamp: now });
    expect((placedOnly.body as { count: number }[]).map((w) => w.count)).toEqual([1, 1]);
    expect(counts(placedOnly)).toEqual([null, null]);
  });
});
