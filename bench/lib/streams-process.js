/**
 * Child-process entry for the streams-at-scale benchmark: one client subscribes to every kline
 * stream given, then, after a warm-up, counts deliveries, CPU time and memory over a window.
 * argv: client name, simulator JSON, streams JSON ([[symbol, interval], ...]), warm-up ms, window ms.
 * Prints `{ messages, cpuMs, rssMb, heapMb, latencies: [ms...] }`; latency is callback time minus the
 * event time `E`, where the client hands `E` to its callback.
 */
import console from 'node:console';
import { createRequire } from 'node:module';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const [name, simJson, streamsJson, warmText, windowText] = process.argv.slice(2);
const sim = JSON.parse(simJson);
const streams = JSON.parse(streamsJson);
const CCXT_SYMBOLS = { BTCUSDT: 'BTC/USDT', ETHUSDT: 'ETH/USDT', BNBUSDT: 'BNB/USDT', ETHBTC: 'ETH/BTC' };

let messages = 0;
let measuring = false;
const latencies = [];
function delivered(eventTime) {
  messages += 1;
  if (measuring && eventTime !== undefined) latencies.push(Date.now() - eventTime);
}

const clients = {
  async ours() {
    const { BinanceConnector } = await import('../../dist/index.js');
    const connector = new BinanceConnector({ environment: 'sim', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl });
    await connector.connect();
    await Promise.all(streams.map(([symbol, interval]) => connector.subscribeCandlesticks(symbol, interval, () => delivered(undefined))));
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
    // One SUBSCRIBE for every stream: a watchOHLCV call per stream sends more control messages
    // than Binance's 5 a second, and the server closes the connection (1008).
    const list = streams.map(([symbol, interval]) => [CCXT_SYMBOLS[symbol], interval]);
    (async () => {
      while (running) {
        await exchange.watchOHLCVForSymbols(list);
        delivered(undefined);
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
    client.on('formattedMessage', (event) => delivered(event.eventTime));
    await client.subscribe(streams.map(([symbol, interval]) => `${symbol.toLowerCase()}@kline_${interval}`), 'main');
    return () => client.closeAll(false);
  },
  async '@binance/spot'() {
    const { Spot } = await import('@binance/spot');
    const spot = new Spot({ configurationWebsocketStreams: { wsURL: sim.wsStreamUrl } });
    const connection = await spot.websocketStreams.connect();
    for (const [symbol, interval] of streams) {
      connection.kline({ symbol, interval }).on('message', (data) => delivered(Number(data.E)));
    }
    return () => connection.disconnect();
  },
};

const stop = await clients[name]();
// The warm-up starts at the first delivery: some clients need a reconnect before messages flow.
for (let waited = 0; messages === 0 && waited < 20_000; waited += 50) await sleep(50);
await sleep(Number(warmText));
globalThis.gc?.();
const before = process.cpuUsage();
const count0 = messages;
measuring = true;
await sleep(Number(windowText));
measuring = false;
const cpu = process.cpuUsage(before);
const memory = process.memoryUsage();
const result = { messages: messages - count0, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20, latencies };
await stop();
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
process.exit(0);
