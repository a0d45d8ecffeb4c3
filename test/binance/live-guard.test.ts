import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { isLiveUrl } from '../../src/binance/environments.js';
import { resolveOptions, type BinanceConnectorOptions } from '../../src/binance/options.js';
import { endpointSpec, ENDPOINTS } from '../../src/spec/binance/endpoints.js';
import type { HttpMethod } from '../../src/spec/binance/endpoints.js';
import { createRequestCounters } from '../../src/binance/rest/observe.js';
import { createRestSession, type RestSession } from '../../src/binance/session.js';
import { createWsApiHandler } from '../../src/binance/streams/ws-api-handler.js';
import { WsApiClient } from '../../src/binance/streams/ws-api-client.js';
import { systemClock } from '../../src/core/clock.js';
import { ConfigurationError, ExchangeError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/silent-logger.js';
import { rejectionOf } from './support/rejection.js';
import { startLocalExchange, wireOrder, type LocalExchange } from './support/local-exchange.js';

/**
 * Every endpoint Binance marks TRADE, copied from the headings of `rest-api.md` and
 * `web-socket-api.md` in binance/binance-spot-api-docs (commit a5e0bc3, 2026-07-21).
 */
const DOCUMENTED_REST_TRADE = [
  'POST /api/v3/order', 'POST /api/v3/order/test', 'DELETE /api/v3/order', 'DELETE /api/v3/openOrders',
  'POST /api/v3/order/cancelReplace', 'PUT /api/v3/order/amend/keepPriority', 'POST /api/v3/order/oco',
  'POST /api/v3/orderList/oco', 'POST /api/v3/orderList/oto', 'POST /api/v3/orderList/otoco', 'POST /api/v3/orderList/opo',
  'POST /api/v3/orderList/opoco', 'DELETE /api/v3/orderList', 'POST /api/v3/sor/order', 'POST /api/v3/sor/order/test',
];
const DOCUMENTED_WS_API_TRADE = [
  'order.place', 'order.test', 'order.cancel', 'order.cancelReplace', 'order.amend.keepPriority', 'openOrders.cancelAll',
  'orderList.place', 'orderList.place.oco', 'orderList.place.oto', 'orderList.place.otoco', 'orderList.place.opo',
  'orderList.place.opoco', 'orderList.cancel', 'sor.order.place', 'sor.order.test',
];

/** A host that resolves nowhere (RFC 2606) and is not a test host: nothing can be sent to it, and it counts as live. */
const LIVE_LOOKING = 'live-binance.invalid';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function split(endpoint: string): { method: HttpMethod; path: string } {
  const [method, path] = endpoint.split(' ') as [HttpMethod, string];
  return { method, path };
}

function session(options: BinanceConnectorOptions, wsApi?: WsApiClient): { s: RestSession; sent: () => number } {
  const resolved = resolveOptions({ apiKey: 'k', apiSecret: 's', requestTimeoutMs: 2_000, ...options });
  const requests = createRequestCounters();
  const s = createRestSession(resolved, { requests, pipeline: { retries: 0, timeResyncs: 0, fallbacks: 0 } }, silentLogger(),
    wsApi === undefined ? undefined : createWsApiHandler(wsApi, () => Date.now()));
  cleanups.push(() => s.close());
  return { s, sent: () => requests.requests };
}

function wsClient(url: string): WsApiClient {
  const client = new WsApiClient({ url, clock: systemClock, random: Math.random, logger: silentLogger(), requestTimeoutMs: 300 });
  cleanups.push(() => client.close());
  return client;
}

async function trade(s: RestSession, endpoint: string): Promise<unknown> {
  return rejectionOf<unknown>(s.send({ ...split(endpoint), params: [['symbol', 'BTCUSDT']], security: 'signed', idempotent: false }));
}

function expectRefusal(error: unknown, endpoint: string): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  const message = (error as ConfigurationError).message;
  expect(message.startsWith(`${endpoint} refused:`)).toBe(true);
  expect(message).toContain('set allowLiveTrading: true');
  expect(message).toContain('"allowLiveTrading": true in the config file');
  expect(message).toContain('AUTOTRADER_ALLOW_LIVE_TRADING=true');
}

describe('which hosts are live', () => {
  it('decides from the host: loopback, Spot Testnet and Demo Mode are not live, anything else is', () => {
    const notLive = [
      'http://127.0.0.1:4500', 'http://127.8.9.10', 'http://localhost:4500', 'http://sim.localhost', 'http://[::1]:4500',
      'http://[::ffff:127.0.0.1]', 'http://127.1', 'https://testnet.binance.vision', 'https://api1.testnet.binance.vision',
      'wss://stream.testnet.binance.vision:9443', 'wss://ws-api.testnet.binance.vision/ws-api/v3', 'https://demo-api.binance.com',
      'wss://demo-stream.binance.com', 'wss://demo-ws-api.binance.com/ws-api/v3', 'https://TESTNET.binance.vision.',
    ];
    const live = [
      'https://api.binance.com', 'https://api-gcp.binance.com', 'https://api4.binance.com', 'wss://stream.binance.com:9443',
      'wss://ws-api.binance.com:443/ws-api/v3', 'https://data-api.binance.vision', 'http://192.168.1.20:4500', 'http://10.0.0.1',
      'http://[fd00::2]:4500', 'http://0.0.0.0:4500', 'https://testnet.binance.vision.evil.example', 'https://demo-api.binance.com.example',
      'http://binance.localhost.example', `http://${LIVE_LOOKING}`,
    ];
    expect(notLive.filter((url) => isLiveUrl(url))).toEqual([]);
    expect(live.filter((url) => !isLiveUrl(url))).toEqual([]);
    expect(isLiveUrl('http://sim.lan:4500', ['sim.lan'])).toBe(false);
    expect(isLiveUrl('http://[fd00::2]:4500', ['[fd00::2]'])).toBe(false);
    expect(isLiveUrl('http://other.lan:4500', ['sim.lan'])).toBe(true);
  });

  it('refuses nonLiveHosts entries that are not bare host names', () => {
    for (const bad of ['http://sim.lan', 'sim.lan:4500', 'sim.lan/x', '', 7]) {
      expect(() => resolveOptions({ environment: 'testnet', nonLiveHosts: [bad as string] })).toThrow(ConfigurationError);
    }
    expect(resolveOptions({ environment: 'testnet', nonLiveHosts: ['Sim.LAN'] }).nonLiveHosts).toEqual(['sim.lan']);
  });
});

describe('the endpoint spec', () => {
  it('marks exactly the endpoints Binance documents as TRADE, on REST and on the WebSocket API', () => {
    expect(DOCUMENTED_REST_TRADE.filter((e) => endpointSpec(split(e).method, split(e).path)?.security !== 'TRADE')).toEqual([]);
    expect(DOCUMENTED_WS_API_TRADE.filter((m) => ENDPOINTS.find((e) => e.wsApi === m)?.security !== 'TRADE')).toEqual([]);
    const trade = ENDPOINTS.filter((e) => e.security === 'TRADE');
    expect(trade.map((e) => e.rest).sort()).toEqual([...DOCUMENTED_REST_TRADE].sort());
    expect(trade.map((e) => e.wsApi).sort()).toEqual([...DOCUMENTED_WS_API_TRADE].sort());
  });
});

describe('the live-trading guard in the request pipeline', () => {
  it.each(['sim', 'testnet', 'demo'] as const)('refuses every REST TRADE endpoint of an %s connector whose restUrl is a live host, before sending', async (environment) => {
    const { s, sent } = session({ environment, restUrl: `http://${LIVE_LOOKING}` });
    for (const endpoint of DOCUMENTED_REST_TRADE) expectRefusal(await trade(s, endpoint), endpoint);
    expect(sent()).toBe(0);
  });

  it('refuses every WebSocket API TRADE method on a live WebSocket API host, before connecting', async () => {
    const client = wsClient(`ws://${LIVE_LOOKING}/ws-api/v3`);
    const { s, sent } = session({ environment: 'testnet', wsApiUrl: `ws://${LIVE_LOOKING}/ws-api/v3`, orderEntry: 'ws-api' }, client);
    for (const method of DOCUMENTED_WS_API_TRADE) {
      const endpoint = ENDPOINTS.find((e) => e.wsApi === method)!.rest;
      expectRefusal(await trade(s, endpoint), endpoint);
    }
    expect(sent()).toBe(0);
    expect([client.state, client.metrics.messagesSent]).toEqual(['idle', 0]);
  });

  it('lets TRADE requests through to a live host with allowLiveTrading: true, and reads through without it', async () => {
    const allowed = session({ environment: 'testnet', restUrl: `http://${LIVE_LOOKING}`, allowLiveTrading: true });
    const error = await trade(allowed.s, 'POST /api/v3/order');
    expect(error).toBeInstanceOf(ExchangeError);
    expect(error).not.toBeInstanceOf(ConfigurationError);
    expect(allowed.sent()).toBe(1);
    const guarded = session({ environment: 'testnet', restUrl: `http://${LIVE_LOOKING}` });
    const read = await rejectionOf<unknown>(guarded.s.send({ method: 'GET', path: '/api/v3/order', params: [['symbol', 'BTCUSDT']], security: 'signed', idempotent: false }));
    expect(read).not.toBeInstanceOf(ConfigurationError);
    expect(guarded.sent()).toBe(1);
  });

  it('guards a signed state-changing endpoint the spec does not list yet', async () => {
    const { s, sent } = session({ environment: 'testnet', restUrl: `http://${LIVE_LOOKING}` });
    expectRefusal(await trade(s, 'POST /api/v3/order/future-action'), 'POST /api/v3/order/future-action');
    expect(sent()).toBe(0);
  });

  it('refuses on environment "live" even when the host is loopback', async () => {
    const { s, sent } = session({ environment: 'live', restUrl: 'http://127.0.0.1:9' });
    expectRefusal(await trade(s, 'DELETE /api/v3/order'), 'DELETE /api/v3/order');
    expect(sent()).toBe(0);
  });
});

/** An address of this machine that is not loopback, so a local server reached through it counts as live. */
const externalAddress = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

describe.skipIf(externalAddress === undefined)('a connector pointed at a live host by restUrl', () => {
  async function start(): Promise<LocalExchange> {
    const exchange = await startLocalExchange((req) => (req.path === '/api/v3/order' && req.method !== 'GET'
      ? { body: wireOrder({ clientOrderId: req.params.get('newClientOrderId') ?? 'x', status: req.method === 'DELETE' ? 'CANCELED' : 'NEW' }) }
      : undefined), externalAddress);
    cleanups.push(() => exchange.close());
    return exchange;
  }

  async function connector(options: Partial<BinanceConnectorOptions>, exchange: LocalExchange): Promise<BinanceConnector> {
    const c = new BinanceConnector({ environment: 'testnet', restUrl: exchange.url, apiKey: 'k', apiSecret: 's', ...options });
    cleanups.push(() => c.disconnect());
    await c.connect();
    return c;
  }

  const LIMIT = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '50000', clientOrderId: 'c-1' } as const;

  it('refuses placements and cancels of a "testnet" connector whose restUrl is not a test host, and sends none', async () => {
    const exchange = await start();
    const c = await connector({}, exchange);
    expectRefusal(await rejectionOf(c.placeOrder(LIMIT)), 'POST /api/v3/order');
    expectRefusal(await rejectionOf(c.cancelOrder('7', 'BTCUSDT')), 'DELETE /api/v3/order');
    expect(exchange.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('trades there with allowLiveTrading: true, or when the host is declared in nonLiveHosts', async () => {
    const exchange = await start();
    expect((await (await connector({ allowLiveTrading: true }, exchange)).placeOrder(LIMIT)).status).toBe('NEW');
    expect((await (await connector({ nonLiveHosts: [externalAddress!] }, exchange)).placeOrder(LIMIT)).status).toBe('NEW');
    expect(exchange.count('POST /api/v3/order')).toBe(2);
  });
});
