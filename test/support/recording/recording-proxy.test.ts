import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../../src/binance/connector.js';
import type { UserDataEvent } from '../../../src/core/stream/events.js';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { until } from '../until.js';
import { readRecording, RecordingWriter, type RestRecord, type WsApiRecord } from './recording-format.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';

/** The recording proxy between the connector and the simulator: what it writes, and what it never writes. */

const FAKE_KEY = 'recorderFakeApiKey7Qx2Lw9Zk4Pm8Rt3Vn6Bc1Hd5Jf0Gs';
const FAKE_SECRET = 'recorderFakeSecret4Nq8Ys2Wm6Kp1Tz9Xv3Lb7Cd0Hf5Jr';

let sim: SimulatorHandle;
let proxy: RecordingProxy;
let writer: RecordingWriter;
let dir: string;
/** The signature of the hand-signed request, which the file must not contain. */
let knownSignature: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recording-'));
  sim = await startSimulator({ port: 0, seed: 7, accounts: [{ apiKey: FAKE_KEY, apiSecret: FAKE_SECRET }] });
  writer = new RecordingWriter(join(dir, 'sim.jsonl'), { source: 'sim', recordedAt: new Date(0).toISOString() });
  proxy = await startRecordingProxy({ restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl }, writer);
  const connector = new BinanceConnector({
    environment: 'sim', ...proxy.endpoints, apiKey: FAKE_KEY, apiSecret: FAKE_SECRET, orderEntry: 'ws-api',
  });
  await connector.connect();
  const updates: UserDataEvent[] = [];
  const orders = await connector.subscribeOrderUpdates((event) => updates.push(event));
  let tradesSeen = 0;
  const trades = await connector.subscribeTrades('BTCUSDT', () => {
    tradesSeen += 1;
  });
  await connector.getBalance();
  const ticker = await connector.getTicker('BTCUSDT');
  const order = await connector.placeOrder({
    symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: ticker.bidPrice.times('0.9').toFixed(2), clientOrderId: 'rec-limit-1',
  });
  await connector.cancelOrder(order.orderId, 'BTCUSDT');
  await until(() => updates.some((event) => event.type === 'order' && event.order.status === 'CANCELED'));
  await until(() => tradesSeen > 0);
  await orders.unsubscribe();
  await trades.unsubscribe();
  await connector.disconnect();

  // A request signed here, so its signature is known.
  const query = `symbol=BTCUSDT&timestamp=${Date.now()}`;
  knownSignature = createHmac('sha256', FAKE_SECRET).update(query).digest('hex');
  const answer = await fetch(`${proxy.endpoints.restUrl}/api/v3/openOrders?${query}&signature=${knownSignature}`, { headers: { 'X-MBX-APIKEY': FAKE_KEY } });
  expect(answer.status).toBe(200);
  await answer.text();
});

afterAll(async () => {
  await proxy.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the recording proxy', () => {
  it('writes neither the API key, the secret, nor any signature anywhere in the file', () => {
    const text = readFileSync(writer.file, 'utf8');
    expect(text).not.toContain(FAKE_KEY);
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(knownSignature);
    // An HMAC-SHA256 signature is 64 hex digits; none may be left, whatever request carried it.
    expect(text.match(/[0-9a-f]{64}/gi)).toBeNull();
    expect(text).not.toMatch(/"(signature|timestamp|apiKey)":/);
  });

  it('records a signed REST request with its parameters, status, usage headers and answer', () => {
    const rest = readRecording(writer.file).entries.filter((entry): entry is RestRecord => entry.kind === 'rest');
    const openOrders = rest.findLast((entry) => entry.path === '/api/v3/openOrders');
    expect(openOrders).toMatchObject({ method: 'GET', signed: true, params: { symbol: 'BTCUSDT' }, status: 200, body: [] });
    expect(openOrders?.headers['x-mbx-used-weight-1m']).toMatch(/^\d+$/);
    const account = rest.find((entry) => entry.path === '/api/v3/account');
    expect(account).toMatchObject({ method: 'GET', signed: true, status: 200 });
    expect(rest.find((entry) => entry.path === '/api/v3/ticker/24hr')).toMatchObject({ signed: false, params: { symbol: 'BTCUSDT' }, status: 200 });
  });

  it('records WebSocket API requests with their answers, and the user-data and market events', () => {
    const { entries } = readRecording(writer.file);
    const api = entries.filter((entry): entry is WsApiRecord => entry.kind === 'ws-api');
    const place = api.find((entry) => entry.request.method === 'order.place');
    expect(place?.request).toMatchObject({ signed: true, params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', newClientOrderId: 'rec-limit-1' } });
    expect(place?.response).toMatchObject({ status: 200, result: { clientOrderId: 'rec-limit-1', status: 'NEW' } });
    expect(api.find((entry) => entry.request.method === 'order.cancel')?.response).toMatchObject({ status: 200, result: { status: 'CANCELED' } });
    expect(api.some((entry) => entry.request.method === 'userDataStream.subscribe.signature' && entry.response.status === 200)).toBe(true);
    const reports = entries.filter((entry) => entry.kind === 'user-data' && entry.event.e === 'executionReport');
    expect(reports.map((entry) => entry.kind === 'user-data' && [entry.event.c === 'rec-limit-1' || entry.event.C === 'rec-limit-1', entry.event.X]))
      .toEqual([[true, 'NEW'], [true, 'CANCELED']]);
    expect(entries.some((entry) => entry.kind === 'stream' && entry.direction === 'received'
      && JSON.stringify(entry.message).includes('"e":"trade"'))).toBe(true);
  });

  it('refuses to relay to a live host, which the connector behind it could no longer recognise', async () => {
    const live = { restUrl: 'https://api.binance.com', wsStreamUrl: 'wss://stream.binance.com:9443', wsApiUrl: 'wss://ws-api.binance.com/ws-api/v3' };
    await expect(startRecordingProxy(live, writer)).rejects.toThrow('not https://api.binance.com');
  });
});
