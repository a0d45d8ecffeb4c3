/**
 * Child-process entry for the streams-at-scale benchmark: one client subscribes to every kline
 * stream given, waits until each has delivered, then, after a warm-up, counts deliveries, CPU time
 * and memory over a window.
 * argv: client name, simulator JSON, streams JSON ([[symbol, interval, ccxtSymbol], ...]), warm-up ms, window ms,
 * longest wait for every stream's first delivery in ms (40 s if not given).
 * Prints `{ messages, elapsedMs, cpuMs, rssMb, heapMb, retainedHeapMb, streamsLive, latency: [[ms, count], ...] }`;
 * latency is callback time minus the event time `E`, where the client hands `E` to its callback.
 */
import console from 'node:console';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const [name, simJson, streamsJson, warmText, windowText, allLiveText] = process.argv.slice(2);
const sim = JSON.parse(simJson);
const streams = JSON.parse(streamsJson);
/** Longest wait for every stream's first delivery (clients that get closed for subscribing too fast reconnect first). */
const ALL_LIVE_WITHIN_MS = Number(allLiveText ?? 40_000);

let messages = 0;
let measuring = false;
/** Streams seen delivering, until all have (then dropped, so it weighs nothing while measuring). */
let seen = new Set();
let streamsLive = 0;
// A histogram in whole milliseconds keeps the memory of the measurement the same for every client.
const latencyCounts = new Uint32Array(10_000);
/** One delivery of `key` (`SYMBOL interval`, only needed while `seen` exists); `eventTime` is `E` when the client hands it over. */
function delivered(key, eventTime) {
  messages += 1;
  if (seen !== undefined) seen.add(key);
  if (measuring && eventTime !== undefined) latencyCounts[Math.min(latencyCounts.length - 1, Math.max(0, Date.now() - eventTime))] += 1;
}

const clients = {
  async ours() {
    const { BinanceConnector } = await import('../../dist/index.js');
    const connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl });
    await connector.connect();
    await Promise.all(streams.map(([symbol, interval]) => {
      const key = `${symbol} ${interval}`;
      // `eventTime` (the kline event's `E`) counts once the Candlestick carries it.
      return connector.subscribeCandlesticks(symbol, interval, (candle) => delivered(key, candle.eventTime));
    }));
    return () => connector.disconnect();
  },
  async ccxt() {
    const ccxt = (await import('ccxt')).default;
    const { createCcxt } = await import('./clients.js');
    const { exchange: rest } = await createCcxt(sim);
    const exchange = new ccxt.pro.binance({ urls: { ...rest.urls, api: { ...rest.urls.api, ws: { spot: `${sim.wsStreamUrl}/ws` } } }, options: rest.options, enableRateLimit: false });
    exchange.setMarkets(Object.values(rest.markets), rest.currencies);
    // ccxt asks for this before it opens a plain ws:// connection.
    await exchange.loadHttpProxyAgent();
    let running = true;
    const exchangeSymbol = new Map(streams.map(([symbol, , unified]) => [unified, symbol]));
    // One SUBSCRIBE for every stream: a watchOHLCV call per stream sends more control messages
    // than Binance's 5 a second, and the server closes the connection (1008).
    const list = streams.map(([, interval, unified]) => [unified, interval]);
    (async () => {
      while (running) {
        const batch = await exchange.watchOHLCVForSymbols(list);
        for (const [unified, byInterval] of Object.entries(batch)) {
          for (const interval of Object.keys(byInterval)) delivered(seen && `${exchangeSymbol.get(unified)} ${interval}`, undefined);
        }
      }
    })().catch((error) => {
      if (running) console.error('ccxt watchOHLCVForSymbols failed:', error.message);
    });
    return async () => {
      running = false;
      await exchange.close();
    };
  },
  async binance() {
    const { WebsocketClient } = require('binance');
    const client = new WebsocketClient({ wsUrl: `${sim.wsStreamUrl}/ws`, beautify: true });
    client.on('formattedMessage', (event) => delivered(seen && `${event.symbol} ${event.kline?.interval}`, event.eventTime));
    await client.subscribe(streams.map(([symbol, interval]) => `${symbol.toLowerCase()}@kline_${interval}`), 'main');
    return () => client.closeAll(false);
  },
  async '@binance/spot'() {
    const { Spot } = await import('@binance/spot');
    const spot = new Spot({ configurationWebsocketStreams: { wsURL: sim.wsStreamUrl } });
    const connection = await spot.websocketStreams.connect();
    for (const [symbol, interval] of streams) {
      const key = `${symbol} ${interval}`;
      connection.kline({ symbol, interval }).on('message', (data) => delivered(key, Number(data.E)));
    }
    return () => connection.disconnect();
  },
};

const stop = await clients[name]();
// The warm-up starts once every stream delivered: some clients need a reconnect before all flow.
for (let waited = 0; seen.size < streams.length && waited < ALL_LIVE_WITHIN_MS; waited += 50) await sleep(50);
streamsLive = seen.size;
seen = undefined;
await sleep(Number(warmText));
globalThis.gc?.();
const before = process.cpuUsage();
const count0 = messages;
const t0 = performance.now();
measuring = true;
await sleep(Number(windowText));
measuring = false;
const cpu = process.cpuUsage(before);
const count = messages - count0;
// The timer can fire late under load; rates use the time that really passed.
const elapsedMs = performance.now() - t0;
const memory = process.memoryUsage();
globalThis.gc?.();
const retainedHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
const latency = [...latencyCounts.entries()].filter(([, count]) => count > 0);
const result = {
  messages: count, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20,
  retainedHeapMb, streamsLive, latency,
};
await stop();
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
process.exit(0);
