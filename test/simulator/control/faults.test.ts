import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, Exchange, startSimulator, type Fault, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

const NOW = Date.UTC(2026, 1, 2, 3, 4, 5);
/** Control POSTs must say they carry JSON. */
const JSON_TYPE = { 'Content-Type': 'application/json' };
let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function started(): Promise<SimulatorHandle> {
  sim = await startSimulator({ clock: { now: () => NOW } });
  return sim;
}

const marketBuy = (s: SimulatorHandle, clientId: string) => signed(s.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET },
  { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: clientId }, { timestamp: NOW });

describe('REST faults', () => {
  test('latency delays every response by the given time', async () => {
    const s = await started();
    s.inject({ kind: 'latency', ms: 250 });
    const began = performance.now();
    expect((await call(`${s.restUrl}/api/v3/ping`)).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(240);
  });

  test('clock-skew moves server time; injecting again replaces it', async () => {
    const s = await started();
    const time = async () => ((await call(`${s.restUrl}/api/v3/time`)).body as { serverTime: number }).serverTime;
    s.inject({ kind: 'clock-skew', ms: 3000 });
    expect(await time()).toBe(NOW + 3000);
    s.inject({ kind: 'clock-skew', ms: -3000 });
    expect(await time()).toBe(NOW - 3000);
    // Signed requests are judged against the skewed clock.
    const signedNow = await signed(s.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, { secret: DEMO_API_SECRET }, {}, { timestamp: NOW });
    expect(signedNow.body).toEqual({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    s.clear();
    expect(await time()).toBe(NOW);
  });

  test('trade ids keep increasing when clock-skew is cleared and the clock steps back into an earlier minute', async () => {
    const s = await started();
    const buyAt = async (clientId: string, timestamp: number): Promise<void> => {
      const response = await signed(s.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET },
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: clientId }, { timestamp });
      expect(response.status).toBe(200);
    };
    const skewMs = 60_000 - (NOW % 60_000) + 1_000;
    await buyAt('before', NOW);
    // The exchange's clock runs into the next minute, then back to the earlier one.
    s.inject({ kind: 'clock-skew', ms: skewMs });
    await buyAt('ahead', NOW + skewMs);
    s.clear();
    await buyAt('back', NOW);
    const trades = (await signed(s.restUrl, 'GET', '/api/v3/myTrades', DEMO_API_KEY, { secret: DEMO_API_SECRET }, { symbol: 'BTCUSDT' }, { timestamp: NOW }))
      .body as { id: number; orderId: number }[];
    const ids = trades.map((t) => t.id);
    // Binance numbers a symbol's trades in order, as paging myTrades by fromId relies on.
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(trades.map((t) => t.orderId)).toEqual([...trades.map((t) => t.orderId)].sort((a, b) => a - b));
    const after = (await signed(s.restUrl, 'GET', '/api/v3/myTrades', DEMO_API_KEY, { secret: DEMO_API_SECRET },
      { symbol: 'BTCUSDT', fromId: ids.at(-2)! + 1 }, { timestamp: NOW })).body as { id: number }[];
    expect(after.map((t) => t.id)).toEqual([ids.at(-1)]);
  });

  test('order-status-unknown answers 503 although the order executed', async () => {
    const s = await started();
    s.inject({ kind: 'order-status-unknown', count: 1, as: 503 });
    const lost = await marketBuy(s, 'lost-1');
    expect([lost.status, lost.body]).toEqual([503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }]);
    const found = await signed(s.restUrl, 'GET', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET },
      { symbol: 'BTCUSDT', origClientOrderId: 'lost-1' }, { timestamp: NOW });
    expect(found.body).toMatchObject({ clientOrderId: 'lost-1', status: 'FILLED', executedQty: '0.00100000' });
    expect((await marketBuy(s, 'next')).status).toBe(200);
  });

  test('order-status-unknown as -1007 answers the timeout error, then normal answers resume', async () => {
    const s = await started();
    s.inject({ kind: 'order-status-unknown', count: 2, as: -1007 });
    for (const id of ['t1', 't2']) {
      const response = await marketBuy(s, id);
      expect([response.status, response.body]).toEqual([408, {
        code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      }]);
    }
    expect((await marketBuy(s, 't3')).status).toBe(200);
    const orders = (await signed(s.restUrl, 'GET', '/api/v3/allOrders', DEMO_API_KEY, { secret: DEMO_API_SECRET }, { symbol: 'BTCUSDT' }, { timestamp: NOW })).body;
    expect((orders as { clientOrderId: string }[]).map((o) => o.clientOrderId)).toEqual(['t1', 't2', 't3']);
  });

  test('http-error and rate-limit answer the next requests, then stop', async () => {
    const s = await started();
    s.inject({ kind: 'http-error', status: 502, count: 2 });
    expect((await call(`${s.restUrl}/api/v3/ping`)).status).toBe(502);
    expect((await call(`${s.restUrl}/api/v3/time`)).status).toBe(502);
    expect((await call(`${s.restUrl}/api/v3/ping`)).status).toBe(200);
    s.inject({ kind: 'rate-limit', count: 1 });
    const limited = await call(`${s.restUrl}/api/v3/ping`);
    expect([limited.status, limited.headers.get('retry-after'), (limited.body as { code: number }).code]).toEqual([429, '1', -1003]);
    expect((await call(`${s.restUrl}/api/v3/ping`)).status).toBe(200);
  });
  test('after the clock steps back, a depth snapshot is still the book its lastUpdateId names', async () => {
    const s = await started();
    type Depth = { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    const depth = async (): Promise<Depth> => (await call(`${s.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`)).body as Depth;
    // A skew to a second whose price differs from now's, whatever prices the market generates.
    const source = s.exchange.engine.market('BTCUSDT')!.source;
    const skewMs = Array.from({ length: 600 }, (_, i) => (i + 1) * 1000).find((ms) => source.lastPrice(NOW + ms) !== source.lastPrice(NOW));
    expect(skewMs).toBeDefined();
    const before = await depth();
    s.inject({ kind: 'clock-skew', ms: skewMs! });
    const ahead = await depth();
    expect(ahead.lastUpdateId).toBeGreaterThan(before.lastUpdateId);
    // Back to NOW: the market has nothing to publish until its clock passes the last second it showed.
    s.clear();
    const back = await depth();
    expect(back.lastUpdateId).toBe(ahead.lastUpdateId);
    expect(back).toEqual(ahead);
  });
});

describe('revoke-key', () => {
  const account = (s: SimulatorHandle) => signed(s.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, { secret: DEMO_API_SECRET }, {}, { timestamp: NOW });

  test('answers 401 -2015 for the key until clear(); revoking another key restores it', async () => {
    const s = await started();
    s.inject({ kind: 'revoke-key', apiKey: DEMO_API_KEY });
    const refused = await account(s);
    expect([refused.status, refused.body]).toEqual([401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }]);
    s.inject({ kind: 'revoke-key', apiKey: 'someOtherKey' });
    expect((await account(s)).status).toBe(200);
    s.inject({ kind: 'revoke-key', apiKey: DEMO_API_KEY });
    s.clear();
    expect((await account(s)).status).toBe(200);
  });

  test('needs the key to revoke', async () => {
    const s = await started();
    expect(() => s.inject({ kind: 'revoke-key' } as unknown as Fault)).toThrow(new TypeError("invalid fault: Data sent for parameter 'apiKey' is not valid: 1 to 128 visible ASCII characters are expected."));
  });
});

describe('the admin API', () => {
  test('POST /sim/faults injects (one or many), GET lists, DELETE clears', async () => {
    const s = await started();
    const injected: Fault[] = [];
    s.exchange.faults.events.on('inject', (f) => injected.push(f));
    const post = await call(`${s.restUrl}/sim/faults`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ kind: 'stop-pings' }, { kind: 'clock-skew', ms: 1500 }]),
    });
    expect([post.status, post.body]).toEqual([200, [{ kind: 'stop-pings' }, { kind: 'clock-skew', ms: 1500 }]]);
    expect(injected).toEqual([{ kind: 'stop-pings' }, { kind: 'clock-skew', ms: 1500 }]);
    expect(((await call(`${s.restUrl}/api/v3/time`)).body as { serverTime: number }).serverTime).toBe(NOW + 1500);
    await call(`${s.restUrl}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'drop-streams' }) });
    expect((await call(`${s.restUrl}/sim/faults`)).body).toEqual([{ kind: 'stop-pings' }, { kind: 'clock-skew', ms: 1500 }, { kind: 'drop-streams' }]);
    expect((await call(`${s.restUrl}/sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`${s.restUrl}/sim/faults`)).body).toEqual([]);
  });

  test('invalid faults are refused with the field named', async () => {
    const s = await started();
    const bad = await call(`${s.restUrl}/sim/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ kind: 'latency', ms: -5 }) });
    expect([bad.status, bad.body]).toEqual([400, {
      code: -1130, msg: "Data sent for parameter 'ms' is not valid: an integer from 0 to 600000 is expected.",
    }]);
    const notJson = await call(`${s.restUrl}/sim/faults`, { method: 'POST', headers: JSON_TYPE, body: '{' });
    expect(notJson.status).toBe(400);
    expect(() => s.inject({ kind: 'order-status-unknown', count: 1, as: 500 } as unknown as Fault))
      .toThrow(new TypeError("invalid fault: Data sent for parameter 'as' is not valid: 503 or -1007 is expected."));
  });

  // Each parameter just past its bound, with the answer that names the bound.
  const OUT_OF_BOUNDS: [unknown, string][] = [
    [{ kind: 'clock-skew', ms: 2 ** 53 }, "'ms' is not valid: an integer from -86400000 to 86400000 is expected."],
    [{ kind: 'clock-skew', ms: -86_400_001 }, "'ms' is not valid: an integer from -86400000 to 86400000 is expected."],
    [{ kind: 'clock-skew', ms: 1.5 }, "'ms' is not valid: an integer from -86400000 to 86400000 is expected."],
    [{ kind: 'latency', ms: 600_001 }, "'ms' is not valid: an integer from 0 to 600000 is expected."],
    [{ kind: 'latency', ms: '5' }, "'ms' is not valid: an integer from 0 to 600000 is expected."],
    [{ kind: 'order-status-unknown', count: 10_001 }, "'count' is not valid: an integer from 1 to 10000 is expected."],
    [{ kind: 'http-error', status: 503, count: 0 }, "'count' is not valid: an integer from 1 to 10000 is expected."],
    [{ kind: 'http-error', status: 600, count: 1 }, "'status' is not valid: an integer from 400 to 599 is expected."],
    [{ kind: 'http-error', status: 399, count: 1 }, "'status' is not valid: an integer from 400 to 599 is expected."],
    [{ kind: 'rate-limit', count: 2 ** 31 }, "'count' is not valid: an integer from 1 to 10000 is expected."],
    [{ kind: 'rate-limit', count: 1, retryAfterSeconds: 3601 }, "'retryAfterSeconds' is not valid: an integer from 0 to 3600 is expected."],
    [{ kind: 'revoke-key', apiKey: 'x'.repeat(129) }, "'apiKey' is not valid: 1 to 128 visible ASCII characters are expected."],
    [{ kind: 'revoke-key', apiKey: 'a b' }, "'apiKey' is not valid: 1 to 128 visible ASCII characters are expected."],
    [{ kind: 'latency', ms: 5, count: 1 }, "'count' is not valid: latency takes no such parameter."],
    [{ kind: 'drop-streams', ms: 5 }, "'ms' is not valid: drop-streams takes no such parameter."],
    [{ kind: 'freeze' }, "'kind' is not valid: one of drop-streams, stop-pings, ignore-pongs, server-shutdown, stall-streams, latency, clock-skew, order-status-unknown, http-error, rate-limit, revoke-key is expected."],
    [null, "'kind' is not valid: one of drop-streams, stop-pings, ignore-pongs, server-shutdown, stall-streams, latency, clock-skew, order-status-unknown, http-error, rate-limit, revoke-key is expected."],
  ];

  test.each(OUT_OF_BOUNDS)('%j is refused over HTTP, by inject() and by the fault store alike', async (fault, message) => {
    const s = await started();
    const posted = await call(`${s.restUrl}/sim/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(fault) });
    expect([posted.status, posted.body]).toEqual([400, { code: -1130, msg: `Data sent for parameter ${message}` }]);
    expect(() => s.inject(fault as Fault)).toThrow(new TypeError(`invalid fault: Data sent for parameter ${message}`));
    expect(() => s.exchange.faults.inject(fault as Fault)).toThrow(`Data sent for parameter ${message}`);
    expect((await call(`${s.restUrl}/sim/faults`)).body).toEqual([]);
    expect(((await call(`${s.restUrl}/api/v3/time`)).body as { serverTime: number }).serverTime).toBe(NOW);
  });

  test('faults at their bounds are accepted as given', async () => {
    const s = await started();
    const edges: Fault[] = [
      { kind: 'clock-skew', ms: -86_400_000 }, { kind: 'latency', ms: 0 },
      { kind: 'order-status-unknown', count: 10_000, as: -1007 }, { kind: 'http-error', status: 599, count: 1 },
      { kind: 'rate-limit', count: 1, retryAfterSeconds: 3600 }, { kind: 'revoke-key', apiKey: '~'.repeat(128) },
    ];
    const posted = await call(`${s.restUrl}/sim/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(edges) });
    expect([posted.status, posted.body]).toEqual([200, edges]);
    s.clear();
    s.inject({ kind: 'clock-skew', ms: 86_400_000 });
    expect(((await call(`${s.restUrl}/api/v3/time`)).body as { serverTime: number }).serverTime).toBe(NOW + 86_400_000);
  });
});

describe('catching up with a clock jump', () => {
  /** Candles generated by every market while the engine catches up with `exchange.now()`. */
  function catchUpWork(exchange: Exchange): number {
    const computed = (): number => exchange.engine.allMarkets().reduce((sum, m) => sum + m.source.candlesGenerated, 0);
    const before = computed();
    exchange.engine.advance(exchange.now());
    return computed() - before;
  }

  function freshExchange(now: () => number): Exchange {
    const exchange = new Exchange({ clock: { now } });
    exchange.engine.advance(exchange.now());
    return exchange;
  }

  test('costs the same for a skew of a day and for a clock a week or a year ahead, and no more for two hours', () => {
    const work = (jump: (exchange: Exchange) => void, clock: { now: number }): number => {
      const exchange = freshExchange(() => clock.now);
      jump(exchange);
      return catchUpWork(exchange);
    };
    const twoHours = work((e) => e.faults.inject({ kind: 'clock-skew', ms: 7_200_000 }), { now: NOW });
    const oneDay = work((e) => e.faults.inject({ kind: 'clock-skew', ms: 86_400_000 }), { now: NOW });
    const weekClock = { now: NOW };
    const oneWeek = work(() => { weekClock.now = NOW + 7 * 86_400_000; }, weekClock);
    const clock = { now: NOW };
    const yearAhead = work(() => { clock.now = NOW + 365 * 86_400_000; }, clock);
    expect(oneDay).toBeGreaterThan(0);
    expect(oneWeek).toBe(oneDay);
    expect(yearAhead).toBe(oneDay);
    // Two hours later is still the same day, whose hours are already generated.
    expect(twoHours).toBeGreaterThan(0);
    expect(twoHours).toBeLessThanOrEqual(oneDay);
  });

  test('a resting order the price crossed within the hour before the replayed seconds is filled', () => {
    const clock = { now: NOW };
    const exchange = freshExchange(() => clock.now);
    const market = exchange.engine.market('BTCUSDT')!;
    const target = NOW + 5 * 3_600_000;
    const minuteOf = (time: number): number => Math.floor(time / 60_000);
    const lowest = (from: number, to: number): number => {
      let low = Number.POSITIVE_INFINITY;
      for (let m = minuteOf(from); m < minuteOf(to); m++) low = Math.min(low, market.source.minute(m).low);
      return low;
    };
    // A price the market reached in the hour before the last two minutes, but not in them or now.
    const priceTicks = lowest(target - 3_600_000 + 60_000, target - 180_000) + 1;
    expect(lowest(target - 180_000, target + 60_000)).toBeGreaterThan(priceTicks);
    expect(market.source.lastPrice(NOW)).toBeGreaterThan(priceTicks);
    const placed = exchange.engine.placeOrder(exchange.accounts[0]!, {
      spec: market.spec, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', priceTicks, quantitySteps: 1,
      clientOrderId: 'dip', selfTradePreventionMode: 'EXPIRE_MAKER',
    }, NOW);
    expect(placed.order.status).toBe('NEW');
    clock.now = target;
    exchange.engine.advance(exchange.now());
    expect(placed.order.status).toBe('FILLED');
  });
});

test('close() stops the server: later requests cannot connect', async () => {
  const s = await startSimulator();
  const url = s.restUrl;
  await s.close();
  await expect(fetch(`${url}/api/v3/ping`)).rejects.toThrow();
  await s.close();
});
