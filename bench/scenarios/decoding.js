/**
 * 3. Stream decoding: one message (as text, the way a WebSocket delivers it) into each client's
 * own in-memory form, against a bare `JSON.parse` of the same bytes. Ours produces the typed
 * models with exact decimals; the peers' forms are noted below the table.
 */
import { createRequire } from 'node:module';
import { compareMicro, fmt, fmtRatio, ratio } from '../lib/stats.js';
import { DEPTH_UPDATE, EXECUTION_REPORT, KLINE, TRADE } from '../lib/messages.js';

const require = createRequire(import.meta.url);

const KINDS = [
  { kind: 'kline', text: KLINE },
  { kind: 'trade', text: TRADE },
  { kind: 'depthUpdate', text: DEPTH_UPDATE },
  { kind: 'executionReport', text: EXECUTION_REPORT },
];

async function oursDecoders() {
  const { parseKlineEvent, parseExecutionReport, parseTradeEvent } = await import('../../dist/binance/streams/stream-parsers.js');
  const { decodeDepthFrame } = await import('../../dist/binance/streams/depth-frame-fast.js');
  const { depthDiffOf } = await import('../../dist/binance/streams/depth-diff.js');
  // The market-stream path: parse the frame, pick the stream's payload, run its parser.
  return {
    kline: (text) => parseKlineEvent(JSON.parse(text).data, '1m'),
    trade: (text) => parseTradeEvent(JSON.parse(text).data),
    // As MarketStreamManager and OrderBookSync do it: the frame decoder, JSON.parse for frames it does not take.
    depthUpdate: (text) => depthDiffOf(decodeDepthFrame(text)?.diff ?? JSON.parse(text).data),
    executionReport: (text) => parseExecutionReport(JSON.parse(text).event),
  };
}

async function ccxtDecoders() {
  const ccxt = (await import('ccxt')).default;
  const exchange = new ccxt.pro.binance({ options: { adjustForTimeDifference: false } });
  // Markets as loadMarkets would set them (spot BTC/USDT), without a network call.
  exchange.setMarkets([{
    id: 'BTCUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', baseId: 'BTC', quoteId: 'USDT', type: 'spot', spot: true,
    active: true, precision: { amount: 0.00001, price: 0.01 }, limits: {}, info: {},
  }]);
  exchange.apiKey = 'bench';
  const client = { url: 'wss://stream.binance.com:9443/stream', subscriptions: {}, resolve() {}, reject() {} };
  const book = exchange.orderBook({});
  return {
    kline: (text) => exchange.handleMessage(client, JSON.parse(text)),
    trade: (text) => exchange.handleMessage(client, JSON.parse(text)),
    // A synced book receiving a diff (handleOrderBook buffers diffs until a REST snapshot arrives).
    depthUpdate: (text) => exchange.handleOrderBookMessage(client, JSON.parse(text).data, book),
    executionReport: (text) => exchange.handleMessage(client, JSON.parse(text)),
  };
}

function binanceDecoders() {
  const { default: Beautifier } = require('binance/lib/util/beautifier.js');
  const beautifier = new Beautifier({ warnKeyMissingInMap: false });
  const decode = (text) => {
    const message = JSON.parse(text);
    const event = message.data ?? message.event;
    return beautifier.beautifyWsMessage(event, event.e, false, '');
  };
  return { kline: decode, trade: decode, depthUpdate: decode, executionReport: decode };
}

async function spotDecoders() {
  const { JSONParse } = await import('json-with-bigint');
  const sink = [];
  const deliver = (data) => {
    sink[0] = data;
  };
  // WebsocketStreams.onMessage: JSONParse, then the stream's callbacks receive `data`; the WebSocket API passes `event`.
  const decode = (text) => {
    const message = JSONParse(text);
    deliver(message.data ?? message.event);
    return sink[0];
  };
  return { kline: decode, trade: decode, depthUpdate: decode, executionReport: decode };
}

export const id = 'decoding';
export const title = '3. Stream decoding (per message)';

export async function run({ quick }) {
  const options = quick ? { rounds: 3, msPerRun: 80, warmupMs: 100 } : { rounds: 7, msPerRun: 300, warmupMs: 400 };
  const decoders = { ours: await oursDecoders(), ccxt: await ccxtDecoders(), binance: binanceDecoders(), '@binance/spot': await spotDecoders() };
  const rows = [];
  const targets = [];
  for (const { kind, text } of KINDS) {
    const candidates = [{ name: 'bare JSON.parse', fn: () => JSON.parse(text) }];
    for (const [name, set] of Object.entries(decoders)) {
      if (set[kind] !== undefined) candidates.push({ name, fn: () => set[kind](text) });
    }
    const results = await compareMicro(candidates, options);
    const floor = results.get('bare JSON.parse').median;
    const ours = results.get('ours')?.median ?? Number.NaN;
    for (const c of [...candidates, ...(decoders.ours[kind] === undefined ? [{ name: 'ours' }] : [])]) {
      const ns = results.get(c.name)?.median ?? Number.NaN;
      rows.push([`${kind} · ${c.name}`, fmt(ns / 1000), fmtRatio(ns / floor), ['ours', 'bare JSON.parse'].includes(c.name) ? '' : fmtRatio(ratio(ours, ns))]);
    }
    if (Number.isFinite(ours)) {
      targets.push({ label: `${kind} decoding within 1.3× of bare JSON.parse`, value: ours / floor, display: fmtRatio(ours / floor), met: ours / floor <= 1.3 });
      const behind = ['ccxt', 'binance', '@binance/spot'].filter((p) => ours > results.get(p).median);
      targets.push({ label: `${kind} decoding ahead of every peer`, value: behind.length, display: behind.length === 0 ? 'ahead of all' : `behind ${behind.join(', ')}`, met: behind.length === 0 });
    } else {
      targets.push({ label: `${kind} decoding`, value: Number.NaN, display: 'no trade stream in the connector', met: false });
    }
  }
  return {
    header: ['message · client', 'µs per message', 'vs JSON.parse', 'ours/peer'],
    rows,
    samples: `${options.rounds} rounds of ${options.msPerRun} ms per path after ${options.warmupMs} ms warm-up, rotating order, medians`,
    notes: [
      'ours: JSON.parse + the stream parser into Candlestick / Trade / OrderUpdate; depth diffs are decoded from the frame text in one pass (JSON.parse only for frames of another layout); every price and quantity an exact decimal (big.js), computed when decoded',
      'ccxt: `handleMessage` (depth: `handleOrderBookMessage` into a synced book) — numbers become binary floats; binance: JSON.parse + its beautifier (floats, renamed keys); @binance/spot: `json-with-bigint` parse, payload handed over as received (strings, no model)',
    ],
    targets,
  };
}
