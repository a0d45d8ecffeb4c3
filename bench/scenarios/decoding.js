/**
 * 3. Stream decoding: one message (as text, the way a WebSocket delivers it) into each client's
 * own in-memory form, against a bare `JSON.parse` of the same bytes. Ours produces the typed
 * models with exact decimals; the peers' forms are noted below the table.
 */
import { createRequire } from 'node:module';
import { compareMicro, fmt, fmtRatio, ratio } from '../lib/stats.js';
import { BOOK_TICKER, DEPTH_UPDATE, EXECUTION_REPORT, KLINE, MINI_TICKER_ARR, TRADE } from '../lib/messages.js';

const require = createRequire(import.meta.url);

const KINDS = [
  { kind: 'kline', text: KLINE },
  { kind: 'trade', text: TRADE },
  { kind: 'depthUpdate', text: DEPTH_UPDATE },
  { kind: 'executionReport', text: EXECUTION_REPORT },
  { kind: 'bookTicker', text: BOOK_TICKER },
  // 50 symbols: about as many as change in a second on Binance.
  { kind: '!miniTicker@arr', text: MINI_TICKER_ARR },
];

async function oursDecoders() {
  const { parseKlineEvent, parseExecutionReport, parseTradeEvent } = await import('../../dist/binance/streams/stream-parsers.js');
  const { decodeDepthFrame } = await import('../../dist/binance/streams/depth-frame-fast.js');
  const { depthDiffOf } = await import('../../dist/binance/streams/depth-diff.js');
  const { parseBookTickerEvent, parseAllTickersEvent } = await import('../../dist/binance/streams/market-stream-parsers.js');
  const { decodeTickerFrame } = await import('../../dist/binance/streams/ticker-frames-fast.js');
  // The market-stream path: parse the frame, pick the stream's payload, run its parser.
  return {
    kline: (text) => parseKlineEvent(JSON.parse(text).data, '1m'),
    trade: (text) => parseTradeEvent(JSON.parse(text).data),
    // As MarketStreamManager and OrderBookSync do it: the frame decoder, JSON.parse for frames it does not take.
    depthUpdate: (text) => depthDiffOf(decodeDepthFrame(text)?.diff ?? JSON.parse(text).data),
    executionReport: (text) => parseExecutionReport(JSON.parse(text).event),
    // As MarketStreamManager does it: the ticker frame decoder, JSON.parse and the parser for frames it does not take.
    bookTicker: (text) => decodeTickerFrame(text)?.payload.value ?? parseBookTickerEvent(JSON.parse(text).data),
    '!miniTicker@arr': (text) => decodeTickerFrame(text)?.payload.value ?? parseAllTickersEvent(JSON.parse(text).data, '24h'),
  };
}

async function ccxtDecoders() {
  const ccxt = (await import('ccxt')).default;
  const exchange = new ccxt.pro.binance({ options: { adjustForTimeDifference: false } });
  // Markets as loadMarkets would set them (spot BTC/USDT), without a network call.
  // Every symbol of the all-market message too, so that ccxt parses each of its tickers.
  const bases = ['BTC', ...JSON.parse(MINI_TICKER_ARR).data.map((t) => t.s.slice(0, -'USDT'.length)).filter((b) => b !== 'BTC')];
  exchange.setMarkets(bases.map((base) => ({
    id: `${base}USDT`, symbol: `${base}/USDT`, base, quote: 'USDT', baseId: base, quoteId: 'USDT', type: 'spot', spot: true,
    active: true, precision: { amount: 0.00001, price: 0.01 }, limits: {}, info: {},
  })));
  exchange.apiKey = 'bench';
  const client = { url: 'wss://stream.binance.com:9443/stream', subscriptions: {}, resolve() {}, reject() {} };
  const book = exchange.orderBook({});
  return {
    kline: (text) => exchange.handleMessage(client, JSON.parse(text)),
    trade: (text) => exchange.handleMessage(client, JSON.parse(text)),
    // A synced book receiving a diff (handleOrderBook buffers diffs until a REST snapshot arrives).
    depthUpdate: (text) => exchange.handleOrderBookMessage(client, JSON.parse(text).data, book),
    executionReport: (text) => exchange.handleMessage(client, JSON.parse(text)),
    // watchBidsAsks and watchTickers: the book ticker into its bids-asks cache, the mini tickers into its tickers.
    bookTicker: (text) => exchange.handleMessage(client, JSON.parse(text)),
    // ccxt reads the array from a raw stream (/ws/!miniTicker@arr): its combined-stream unwrapping takes objects only.
    '!miniTicker@arr': (text) => exchange.handleMessage(client, JSON.parse(text).data),
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
  return { kline: decode, trade: decode, depthUpdate: decode, executionReport: decode, bookTicker: decode, '!miniTicker@arr': decode };
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
  return { kline: decode, trade: decode, depthUpdate: decode, executionReport: decode, bookTicker: decode, '!miniTicker@arr': decode };
}

export const id = 'decoding';
export const title = '3. Stream decoding (per message)';

/** `kinds` limits the run to those messages (`node bench/run.js --only decoding --kinds bookTicker,!miniTicker@arr`); all by default. */
export async function run({ quick, kinds }) {
  const options = quick ? { rounds: 3, msPerRun: 80, warmupMs: 100 } : { rounds: 7, msPerRun: 300, warmupMs: 400 };
  const decoders = { ours: await oursDecoders(), ccxt: await ccxtDecoders(), binance: binanceDecoders(), '@binance/spot': await spotDecoders() };
  const rows = [];
  const targets = [];
  for (const { kind, text } of KINDS.filter((k) => kinds === undefined || kinds.includes(k.kind))) {
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
      'ours: JSON.parse + the stream parser into Candlestick / Trade / OrderUpdate; depth diffs, book tickers and mini-ticker arrays are decoded from the frame text in one pass into OrderBook diffs, BookTicker and MarketTicker[] (JSON.parse only for frames of another layout); every price and quantity an exact decimal (big.js), computed when decoded',
      'ccxt: `handleMessage` (depth: `handleOrderBookMessage` into a synced book) — numbers become binary floats; binance: JSON.parse + its beautifier (floats, renamed keys); @binance/spot: `json-with-bigint` parse, payload handed over as received (strings, no model)',
    ],
    targets,
  };
}
