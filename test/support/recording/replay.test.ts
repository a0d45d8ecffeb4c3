import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../../src/binance/connector.js';
import type { UserDataEvent } from '../../../src/core/stream/events.js';
import { startSimulator } from '../../../src/simulator/index.js';
import { until } from '../until.js';
import { readRecording, RecordingWriter, type Recording, type RestRecord } from './recording-format.js';
import { startRecordingProxy } from './recording-proxy.js';
import { replayOnSimulator } from './replay.js';
import { EXECUTION_REPORT_RULES, shapeDifferences } from './shape-diff.js';

/** The replay itself: it finds no difference where there is none, and names the endpoint and key where there is one. */

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Records a session of the connector against a simulator, over REST and the WebSocket API. */
async function recordAgainstSimulator(): Promise<Recording> {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  dirs.push(dir);
  const sim = await startSimulator({ port: 0, seed: 11 });
  const writer = new RecordingWriter(join(dir, 'sim.jsonl'), { source: 'sim', recordedAt: new Date(0).toISOString() });
  const proxy = await startRecordingProxy({ restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl }, writer);
  const { apiKey, apiSecret } = sim.accounts[0]!;
  const connector = new BinanceConnector({ environment: 'sim', ...proxy.endpoints, apiKey, apiSecret, orderEntry: 'ws-api' });
  try {
    await connector.connect();
    const updates: UserDataEvent[] = [];
    await connector.subscribeOrderUpdates((event) => updates.push(event));
    const ticker = await connector.getTicker('BTCUSDT');
    const resting = await connector.placeOrder({
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: ticker.bidPrice.times('0.9').toFixed(2), clientOrderId: 'replay-rest-1',
    });
    await connector.getOrder(resting.orderId, 'BTCUSDT');
    await connector.cancelOrder(resting.orderId, 'BTCUSDT');
    const bought = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId: 'replay-market-1' });
    await connector.getTrades('BTCUSDT', { orderId: bought.orderId });
    await connector.placeOrder({
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: ticker.bidPrice.times('0.9').toFixed(2), clientOrderId: 'replay-rest-2',
    });
    await connector.cancelAllOrders('BTCUSDT');
    await until(() => updates.some((event) => event.type === 'order' && event.order.clientOrderId === 'replay-rest-2' && event.order.status === 'CANCELED'));
  } finally {
    await connector.disconnect();
    await proxy.close();
    await sim.close();
  }
  return readRecording(writer.file);
}

describe('replayOnSimulator', () => {
  it('replays a recording of the simulator on a fresh simulator without a difference, over REST, the WebSocket API and user data', async () => {
    const recording = await recordAgainstSimulator();
    const outcomes = await replayOnSimulator(recording);
    expect(outcomes.filter((outcome) => outcome.differences.length > 0)).toEqual([]);
    const endpoints = new Set(outcomes.map((outcome) => outcome.endpoint));
    for (const endpoint of ['GET /api/v3/ticker/24hr', 'GET /api/v3/myTrades', 'GET /api/v3/order', 'order.place', 'order.cancel', 'openOrders.cancelAll', 'event executionReport']) {
      expect.soft([...endpoints]).toContain(endpoint);
    }
  });

  it('names the endpoint and the key of every difference: a type, a key the exchange does not send, an error code', async () => {
    const recording = readRecording('test/fixtures/recordings/binance-docs.jsonl');
    const rest = recording.entries.filter((entry): entry is RestRecord => entry.kind === 'rest');
    const market = rest.find((entry) => entry.params.type === 'MARKET')!;
    (market.body as Record<string, unknown>).orderId = '28';
    const trades = rest.find((entry) => entry.path === '/api/v3/myTrades')!;
    for (const trade of trades.body as Array<Record<string, unknown>>) delete trade.quoteQty;
    const missing = rest.find((entry) => entry.status === 400)!;
    missing.body = { code: -2011, msg: 'Unknown order sent.' };

    const outcomes = await replayOnSimulator(recording);
    const line = (entry: RestRecord): number => recording.entries.indexOf(entry) + 2;
    expect(outcomes.find((outcome) => outcome.line === line(market))).toEqual({
      line: line(market), endpoint: 'POST /api/v3/order', differences: [{ path: '$.orderId', problem: 'is number, expected string' }],
    });
    expect(outcomes.find((outcome) => outcome.line === line(trades))).toEqual({
      line: line(trades), endpoint: 'GET /api/v3/myTrades', differences: [{ path: '$[].quoteQty', problem: 'is not expected' }],
    });
    expect(outcomes.find((outcome) => outcome.line === line(missing))).toEqual({
      line: line(missing), endpoint: 'GET /api/v3/order', differences: [{ path: '$.code', problem: 'is -2013, expected -2011' }],
    });
  });
});

describe('shapeDifferences', () => {
  it("allows a documented conditional field on one side only, but not a change of its type, nor an undocumented key's absence", () => {
    const recorded = { orderId: 1, type: 'STOP_LOSS_LIMIT', stopPrice: '1.0', icebergQty: '0.1', workingTime: -1 };
    expect(shapeDifferences(recorded, { orderId: 2, type: 'LIMIT', workingTime: 5 })).toEqual([]);
    expect(shapeDifferences(recorded, { orderId: 2, type: 'LIMIT', stopPrice: 1, workingTime: 5 })).toEqual([{ path: '$.stopPrice', problem: 'is number, expected string' }]);
    expect(shapeDifferences(recorded, { orderId: 2, type: 'LIMIT' })).toEqual([{ path: '$.workingTime', problem: 'is missing' }]);
  });

  it("lets an executionReport's commission asset be null before a fill, and no other key", () => {
    const created = { e: 'executionReport', N: null, n: '0', t: -1 };
    const traded = { e: 'executionReport', N: 'USDT', n: '0.01', t: 7 };
    expect(shapeDifferences([created], [traded], EXECUTION_REPORT_RULES)).toEqual([]);
    expect(shapeDifferences([created], [{ ...traded, t: null }], EXECUTION_REPORT_RULES)).toEqual([{ path: '$[].t', problem: 'is null, expected number' }]);
  });

  it('matches each element of a mixed array with the most alike recorded one, and reports an empty answer where elements were recorded', () => {
    const order = { orderId: 1, status: 'CANCELED' };
    const list = { orderListId: 2, contingencyType: 'OCO', orders: [{ orderId: 3 }] };
    expect(shapeDifferences([order, list], [{ orderId: 9, status: 'CANCELED' }])).toEqual([]);
    expect(shapeDifferences([order, list], [{ orderListId: 4, contingencyType: 'OCO', orders: [{ orderId: '5' }] }]))
      .toEqual([{ path: '$[].orders[].orderId', problem: 'is string, expected number' }]);
    expect(shapeDifferences([order], [])).toEqual([{ path: '$', problem: 'is empty, expected 1 element(s)' }]);
    expect(shapeDifferences([], [order])).toEqual([]);
  });
});
