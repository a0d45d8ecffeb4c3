/**
 * 7. Order round trip: place a resting LIMIT order over REST and receive its `executionReport`
 * (NEW) on the client's user-data stream over the WebSocket API. Each order is canceled after it
 * is timed. The simulator runs in its own process; clients alternate round by round.
 */
import console from 'node:console';
import { setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { request } from 'undici';
import { fmt, fmtRatio, median, percentile, ratio, rotate } from '../lib/stats.js';
import { startSimChild, UNLIMITED } from '../lib/sim-child.js';
import { createCcxt, CCXT_SYMBOL, SYMBOL } from '../lib/clients.js';

const require = createRequire(import.meta.url);
const NAMES = ['ours', 'ccxt', 'binance', '@binance/spot'];
const QUANTITY = '0.00100';

/** Resolves the waiter registered for a client order id. */
function waiters() {
  const map = new Map();
  return {
    wait: (id) => new Promise((resolve) => map.set(id, resolve)),
    seen: (id) => {
      const resolve = map.get(id);
      if (resolve !== undefined) {
        map.delete(id);
        resolve();
      }
    },
  };
}

const clients = {
  async ours(sim) {
    const { BinanceConnector } = await import('../../dist/index.js');
    const connector = new BinanceConnector({
      environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl,
      apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret,
    });
    await connector.connect();
    const w = waiters();
    await connector.subscribeOrderUpdates((event) => {
      if (event.type === 'order' && event.execution.executionType === 'NEW') w.seen(event.order.clientOrderId);
    });
    return {
      place: async (id, price) => {
        const seen = w.wait(id);
        const order = await connector.placeOrder({ symbol: SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: QUANTITY, price, clientOrderId: id });
        await seen;
        return () => connector.cancelOrder(order.orderId, SYMBOL);
      },
      close: () => connector.disconnect(),
    };
  },
  async ccxt(sim) {
    const ccxt = (await import('ccxt')).default;
    const { exchange: rest } = await createCcxt(sim);
    const exchange = new ccxt.pro.binance({
      apiKey: sim.account.apiKey, secret: sim.account.apiSecret, enableRateLimit: false, options: rest.options,
      urls: { ...rest.urls, api: { ...rest.urls.api, ws: { spot: `${sim.wsStreamUrl}/ws`, 'ws-api': { spot: sim.wsApiUrl } } } },
    });
    exchange.setMarkets(Object.values(rest.markets), rest.currencies);
    await exchange.loadHttpProxyAgent();
    const w = waiters();
    let running = true;
    const first = exchange.watchOrders(CCXT_SYMBOL);
    (async () => {
      let orders = await first;
      while (running) {
        for (const o of orders) if (o.status === 'open') w.seen(o.clientOrderId);
        orders = await exchange.watchOrders(CCXT_SYMBOL);
      }
    })().catch((error) => {
      if (running) console.error('ccxt watchOrders failed:', error.message);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {
      place: async (id, price) => {
        const seen = w.wait(id);
        const order = await exchange.createOrder(CCXT_SYMBOL, 'limit', 'buy', Number(QUANTITY), Number(price), { newClientOrderId: id });
        await seen;
        return () => exchange.cancelOrder(order.id, CCXT_SYMBOL);
      },
      close: async () => {
        running = false;
        await exchange.close();
      },
    };
  },
  async binance(sim) {
    const { MainClient, WebsocketAPIClient } = require('binance');
    const rest = new MainClient({ api_key: sim.account.apiKey, api_secret: sim.account.apiSecret, baseUrl: sim.restUrl, disableTimeSync: true });
    const silent = { trace() {}, info() {}, error() {} };
    const wsApi = new WebsocketAPIClient({ api_key: sim.account.apiKey, api_secret: sim.account.apiSecret, wsUrl: sim.wsStreamUrl, beautify: true }, silent);
    const w = waiters();
    wsApi.getWSClient().on('formattedUserDataMessage', (event) => {
      if (event.eventType === 'executionReport' && event.executionType === 'NEW') w.seen(event.newClientOrderId);
    });
    await wsApi.subscribeUserDataStream('mainWSAPI');
    return {
      place: async (_id, price) => {
        // The SDK expects its own client order id prefix.
        const id = rest.generateNewOrderId();
        const seen = w.wait(id);
        const order = await rest.submitNewOrder({ symbol: SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: QUANTITY, price, newClientOrderId: id });
        await seen;
        return () => rest.cancelOrder({ symbol: SYMBOL, orderId: order.orderId });
      },
      close: async () => wsApi.getWSClient().closeAll(false),
    };
  },
  async '@binance/spot'(sim) {
    const { Spot } = await import('@binance/spot');
    const spot = new Spot({
      configurationRestAPI: { apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret, basePath: sim.restUrl },
      configurationWebsocketAPI: { apiKey: sim.account.apiKey, apiSecret: sim.account.apiSecret, wsURL: sim.wsApiUrl },
    });
    const connection = await spot.websocketAPI.connect();
    const { stream } = await connection.userDataStreamSubscribeSignature();
    const w = waiters();
    stream.on('message', (event) => {
      if (event.e === 'executionReport' && event.x === 'NEW') w.seen(event.c);
    });
    return {
      place: async (id, price) => {
        const seen = w.wait(id);
        const response = await spot.restAPI.newOrder({ symbol: SYMBOL, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: Number(QUANTITY), price: Number(price), newClientOrderId: id });
        const order = await response.data();
        await seen;
        return () => spot.restAPI.deleteOrder({ symbol: SYMBOL, orderId: order.orderId });
      },
      close: () => connection.disconnect(),
    };
  },
};

export const id = 'orders';
export const title = '7. Order round trip (LIMIT over REST → executionReport over the WebSocket API)';

export async function run({ quick }) {
  const rounds = quick ? 3 : 7;
  const perRound = quick ? 10 : 30;
  const sim = await startSimChild({ limits: UNLIMITED });
  const open = [];
  try {
    const ticker = JSON.parse(await (await request(`${sim.restUrl}/api/v3/ticker/price?symbol=${SYMBOL}`)).body.text());
    const price = (Math.floor(Number(ticker.price) * 0.85 * 100) / 100).toFixed(2);
    for (const name of NAMES) open.push({ name, ...(await clients[name](sim)) });
    let seq = 0;
    const trip = async (c) => {
      const idText = `bench${c.name.replace(/\W/g, '')}${seq++}`;
      const t0 = performance.now();
      const cancel = await Promise.race([c.place(idText, price), new Promise((_, reject) => setTimeout(() => reject(new Error(`${c.name}: no executionReport within 5 s`)), 5000))]);
      const ms = performance.now() - t0;
      await cancel();
      return ms;
    };
    const failed = new Map();
    for (const c of open) {
      try {
        for (let i = 0; i < 3; i++) await trip(c); // warm-up
      } catch (error) {
        failed.set(c.name, error.message);
      }
    }
    const samples = new Map(NAMES.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (const c of rotate(open, round)) {
        if (failed.has(c.name)) continue;
        for (let i = 0; i < perRound; i++) samples.get(c.name).push(await trip(c));
      }
    }
    const stat = (n) => ({ p50: median(samples.get(n)), p99: percentile(samples.get(n), 99) });
    const ours = stat('ours');
    const rows = NAMES.map((n) => {
      const s = stat(n);
      return [n, fmt(s.p50, 3), fmt(s.p99, 3), n === 'ours' ? '' : fmtRatio(ratio(ours.p50, s.p50))];
    });
    const peers = NAMES.slice(1).filter((n) => !failed.has(n));
    const behind = peers.filter((p) => stat(p).p50 < ours.p50);
    return {
      header: ['client', 'p50 ms', 'p99 ms', 'ours/peer p50'],
      rows,
      samples: `${rounds} rounds of ${perRound} orders per client after 3 warm-up orders, rotating order`,
      notes: [
        'every client places over REST and listens with `userDataStream.subscribe.signature` on the WebSocket API; the clock stops when the NEW executionReport for that client order id reaches the caller',
        ...[...failed].map(([n, m]) => `${n} failed: ${m}`),
      ],
      targets: [{ label: 'order round trip ahead of every peer (p50)', value: behind.length, display: behind.length === 0 ? 'ahead of all' : `behind ${behind.join(', ')}`, met: behind.length === 0 }],
    };
  } finally {
    for (const c of open) await c.close().catch(() => undefined);
    await sim.close();
  }
}
