/**
 * 9. Optimisation seams: each optimisation against the plain reference beside it (the same
 * signature, see docs/PERFORMANCE.md, "Optimisation seams"), on the same input in one process;
 * undici's Agent loaded each way in fresh processes.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import Big from 'big.js';
import { compareMicro, fmt, fmtRatio, median, rotate } from '../lib/stats.js';
import { BOOK_TICKER, DEPTH_UPDATE, MINI_TICKER_ARR } from '../lib/messages.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = (path) => import(`../../dist/${path}`);

/** Each seam's two sides as [name, function, calls per run]: the reference first. */
async function microSeams() {
  const [decimal, textFast, textReference] = await Promise.all([dist('core/decimal.js'), dist('core/decimal-text-fast.js'), dist('core/decimal-text-reference.js')]);
  const texts = Array.from({ length: 100 }, (_, i) => `${(i * 7919) % 100_000}.${String(i * 104_729).padStart(8, '0').slice(0, 8)}`);
  const withPrototype = (prototypeOf) => {
    const Ctor = Big();
    Object.assign(Ctor, { NE: decimal.Decimal.NE, PE: decimal.Decimal.PE, DP: decimal.Decimal.DP, RM: decimal.Decimal.RM });
    Ctor.prototype = prototypeOf(Ctor.prototype);
    return texts.map((text) => new Ctor(text));
  };
  const fastValues = withPrototype(textFast.decimalTextPrototype);
  const referenceValues = withPrototype(textReference.decimalTextPrototype);
  const toText = (values) => () => {
    for (const value of values) value.toFixed();
  };

  const parseReference = (await dist('core/decimal-parse-reference.js')).plainRangeParser(decimal.Decimal);
  const parseWith = (parse) => () => {
    for (const text of texts) parse(text, 0, text.length);
  };

  const [depthFast, depthReference] = await Promise.all([dist('binance/streams/depth-frame-fast.js'), dist('binance/streams/depth-frame-reference.js')]);
  const [tickerFast, tickerReference] = await Promise.all([dist('binance/streams/ticker-frames-fast.js'), dist('binance/streams/ticker-frames-reference.js')]);

  const [klinesFast, klinesReference] = await Promise.all([dist('simulator/market/klines-json-fast.js'), dist('simulator/market/klines-json-reference.js')]);
  const source = { spec: { tickDecimals: 2, stepDecimals: 5, quoteVolumeDecimals: 7 } };
  const klines = Array.from({ length: 1000 }, (_, i) => ({
    closed: true,
    candle: {
      openTime: 1_700_000_000_000 + i * 60_000, closeTime: 1_700_000_059_999 + i * 60_000,
      open: 9_000_000 + i, high: 9_000_500 + i, low: 8_999_000 + i, close: 9_000_100 + i,
      volume: 123_456_789 + i, quoteVolume: 1_111_111_111_111 + i, trades: 1000 + i,
      takerBuyVolume: 61_728_394 + i, takerBuyQuoteVolume: 555_555_555_555 + i, firstTradeId: -1, lastTradeId: -1,
    },
  }));

  const [pagedFast, pagedReference] = await Promise.all([dist('binance/paged-candles-fast.js'), dist('binance/paged-candles-reference.js')]);
  const pages = Array.from({ length: 10 }, (_, p) => Array.from({ length: 1000 }, (_, i) => ({ openTime: (p * 1000 + i) * 60_000 })));
  const drain = (pagedCandles) => async () => {
    for await (const _candle of pagedCandles((async function* pagesOf() {
      yield* pages;
    })()));
  };

  return [
    { seam: 'decimal text: toFixed() of a decimal', per: 'value', calls: texts.length, sides: [['big.js (reference)', toText(referenceValues)], ['decimal-text-fast', toText(fastValues)]] },
    { seam: 'decimal parse: a plain decimal', per: 'value', calls: texts.length, sides: [['regex + big.js (reference)', parseWith(parseReference)], ['decimal-parse-fast', parseWith(decimal.parsePlainRange)]] },
    { seam: 'depth frame: one depthUpdate frame', per: 'frame', calls: 1, sides: [['JSON.parse + parser (reference)', () => depthReference.decodeDepthFrame(DEPTH_UPDATE)], ['depth-frame-fast', () => depthFast.decodeDepthFrame(DEPTH_UPDATE)]] },
    { seam: 'ticker frames: one bookTicker frame', per: 'frame', calls: 1, sides: [['JSON.parse + parser (reference)', () => tickerReference.decodeTickerFrame(BOOK_TICKER)], ['ticker-frames-fast', () => tickerFast.decodeTickerFrame(BOOK_TICKER)]] },
    { seam: 'ticker frames: one !miniTicker@arr frame of 50', per: 'frame', calls: 1, sides: [['JSON.parse + parser (reference)', () => tickerReference.decodeTickerFrame(MINI_TICKER_ARR)], ['ticker-frames-fast', () => tickerFast.decodeTickerFrame(MINI_TICKER_ARR)]] },
    { seam: 'klines JSON: a page of 1000 klines', per: 'page', calls: 1, sides: [['JSON.stringify (reference)', () => klinesReference.klinesJson(source, klines, false)], ['klines-json-fast', () => klinesFast.klinesJson(source, klines, false)]] },
    { seam: 'paged candles: 10 pages of 1000', per: 'candle', calls: 10_000, async: true, sides: [['async generator (reference)', drain(pagedReference.pagedCandles)], ['paged-candles-fast', drain(pagedFast.pagedCandles)]] },
  ];
}

/** The REST exchange both ways against a local node:http server, one request at a time. */
async function restSeam() {
  const [sendFast, sendReference, agentFast] = await Promise.all([dist('binance/rest/undici-send-fast.js'), dist('binance/rest/undici-send-reference.js'), dist('binance/rest/undici-agent-fast.js')]);
  const body = JSON.stringify({ symbol: 'BTCUSDT', lastPrice: '90215.13000000', bids: Array.from({ length: 20 }, (_, i) => [`${90_000 + i}.00`, '1.50000000']) });
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const Agent = agentFast.loadUndiciAgent();
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const request = { origin: `http://127.0.0.1:${server.address().port}`, path: '/api/v3/ticker', method: 'GET', headers: { accept: 'application/json' }, body: null };
  const exchange = { label: 'GET /api/v3/ticker', maxBytes: 1 << 20, timeoutMs: 10_000, signal: undefined, mapError: (e) => e, timeoutError: (e) => e };
  return {
    seam: 'REST exchange: one GET on loopback', per: 'request', calls: 1, async: true,
    sides: [['undici request() (reference)', () => sendReference.sendRequest(agent, request, exchange)], ['undici-send-fast', () => sendFast.sendRequest(agent, request, exchange)]],
    async close() {
      await agent.close();
      server.close();
    },
  };
}

/** undici's Agent loaded each way in a fresh process: ms to load and first-request-ready heap. */
function agentLoad(samples) {
  const script = (path) => `const t0 = performance.now(); const m = (await import('node:module')).createRequire(process.cwd() + '/')(${JSON.stringify(path)});
const Agent = m.Agent ?? m; new Agent().close(); const ms = performance.now() - t0; global.gc();
process.stdout.write(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }));`;
  const sides = [['undici index (reference)', 'undici'], ['undici-agent-fast (internal path)', 'undici/lib/dispatcher/agent.js']];
  const results = new Map(sides.map(([name]) => [name, []]));
  for (let i = 0; i < samples; i++) {
    for (const [name, path] of rotate(sides, i)) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script(path)], { cwd: ROOT, encoding: 'utf8' });
      results.get(name).push(JSON.parse(out));
    }
  }
  return sides.map(([name]) => {
    const runs = results.get(name);
    return { name, ms: median(runs.map((r) => r.ms)), heapMB: median(runs.map((r) => r.heap)) / 2 ** 20, rssMB: median(runs.map((r) => r.rss)) / 2 ** 20 };
  });
}

export const id = 'seams';
export const title = '9. Optimisation seams (each against its plain reference)';

export async function run({ quick }) {
  // A longer warm-up than the other quick runs: the REST sides need a few hundred requests before they settle.
  const options = quick ? { rounds: 3, msPerRun: 100, warmupMs: 300 } : { rounds: 7, msPerRun: 300, warmupMs: 400 };
  const rows = [];
  const rest = await restSeam();
  try {
    for (const seam of [...await microSeams(), rest]) {
      const candidates = seam.sides.map(([name, fn]) => ({ name, fn, async: seam.async === true }));
      const results = await compareMicro(candidates, options);
      const [reference, fast] = seam.sides.map(([name]) => results.get(name).median / seam.calls);
      rows.push([seam.seam, `${fmt(reference)} ns`, `${fmt(fast)} ns`, `per ${seam.per}`, fmtRatio(fast / reference)]);
    }
  } finally {
    await rest.close();
  }
  const [index, internal] = agentLoad(quick ? 3 : 7);
  rows.push(['undici Agent: load it (fresh process)', `${fmt(index.ms)} ms`, `${fmt(internal.ms)} ms`, 'per process', fmtRatio(internal.ms / index.ms)]);
  rows.push(['undici Agent: heap after loading', `${fmt(index.heapMB)} MB`, `${fmt(internal.heapMB)} MB`, 'per process', fmtRatio(internal.heapMB / index.heapMB)]);
  rows.push(['undici Agent: RSS after loading', `${fmt(index.rssMB)} MB`, `${fmt(internal.rssMB)} MB`, 'per process', fmtRatio(internal.rssMB / index.rssMB)]);
  return {
    header: ['seam', 'reference', 'optimised', 'unit', 'optimised / reference'],
    rows,
    samples: `${options.rounds} rounds of ${options.msPerRun} ms per side after ${options.warmupMs} ms warm-up, rotating order, medians; the Agent in ${quick ? 3 : 7} fresh processes per side`,
    notes: ['each seam\'s two sides have the same signature and are checked equal by a differential test (test/**/<name>-fast.test.ts)'],
  };
}
