import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExchangeInfo } from '../../src/binance/exchange-info.js';
import {
  parseAccountBalances, parseAccountPositions, parseDepth, parseKlines, parseOrder, parseOrders, parseServerTime, parseTicker24hr,
} from '../../src/binance/parsers.js';
import {
  parseAccountPosition, parseBalanceUpdate, parseExecutionReport, parseKlineEvent, parseTickerEvent, parseTradeEvent,
} from '../../src/binance/streams/stream-parsers.js';
import { MalformedResponseError } from '../../src/core/errors.js';

/** Every wire parser, each given a body as `unknown`, as the transport hands it over. */
const PARSERS: Record<string, (wire: unknown) => unknown> = {
  serverTime: (w) => parseServerTime(w),
  klines: (w) => parseKlines(w, 'BTCUSDT', '1m', 0),
  ticker24hr: (w) => parseTicker24hr(w),
  depth: (w) => parseDepth(w, 'BTCUSDT'),
  accountBalances: (w) => parseAccountBalances(w),
  accountPositions: (w) => parseAccountPositions(w),
  order: (w) => parseOrder(w),
  orders: (w) => parseOrders(w, 'open orders'),
  exchangeInfo: (w) => parseExchangeInfo(w),
  klineEvent: (w) => parseKlineEvent(w, '1m'),
  tradeEvent: (w) => parseTradeEvent(w),
  tickerEvent: (w) => parseTickerEvent(w),
  executionReport: (w) => parseExecutionReport(w),
  accountPosition: (w) => parseAccountPosition(w),
  balanceUpdate: (w) => parseBalanceUpdate(w),
};

/** Valid samples (Binance's documented shapes), whose fields the properties below replace one at a time. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  serverTime: { serverTime: 1499827319559 },
  ticker24hr: {
    symbol: 'BNBBTC', priceChangePercent: '-95.960', lastPrice: '4.00000200', bidPrice: '4.00000000', askPrice: '4.00000200',
    openPrice: '99.00000000', highPrice: '100.00000000', lowPrice: '0.10000000', volume: '8913.30000000', quoteVolume: '15.30000000', closeTime: 1499869899040,
  },
  depth: { lastUpdateId: 1027024, bids: [['4.00000000', '431.00000000']], asks: [['4.00000200', '12.00000000']] },
  accountBalances: { balances: [{ asset: 'BTC', free: '1.5', locked: '0' }] },
  accountPositions: { balances: [{ asset: 'BTC', free: '1.5', locked: '0' }] },
  order: {
    symbol: 'LTCBTC', orderId: 1, clientOrderId: 'myOrder1', price: '0.1', origQty: '1.0', executedQty: '0.0', cummulativeQuoteQty: '0.0',
    status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', time: 1499827319559, updateTime: 1499827319559, fills: [],
  },
  exchangeInfo: {
    timezone: 'UTC', serverTime: 1,
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
    symbols: [{
      symbol: 'ETHBTC', status: 'TRADING', baseAsset: 'ETH', baseAssetPrecision: 8, quoteAsset: 'BTC', quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'MARKET'], quoteOrderQtyMarketAllowed: true,
      filters: [{ filterType: 'PRICE_FILTER', minPrice: '0.00000100', maxPrice: '100000.00000000', tickSize: '0.00000100' }],
    }],
  },
  tradeEvent: { e: 'trade', E: 1, s: 'BNBBTC', t: 12345, p: '0.001', q: '100', T: 1, m: true },
  tickerEvent: { s: 'BNBBTC', c: '1', b: '1', a: '1', o: '1', h: '1', l: '1', v: '1', q: '1', P: '1', C: 1 },
  balanceUpdate: { e: 'balanceUpdate', E: 1, a: 'BTC', d: '100.00000000', T: 1 },
  accountPosition: { e: 'outboundAccountPosition', E: 1, u: 1, B: [{ a: 'ETH', f: '10000.000000', l: '0.000000' }] },
};

/** Runs `parse` and fails the property unless it returns or throws MalformedResponseError. */
function modelOrMalformed(parse: (wire: unknown) => unknown, wire: unknown): void {
  try {
    parse(wire);
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw error;
  }
}

const RUNS = 300;

describe('wire parsers under any JSON', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name}: any JSON value yields a model or a MalformedResponseError`, () => {
      fc.assert(fc.property(fc.jsonValue(), (wire) => modelOrMalformed(parse, wire)), { numRuns: RUNS });
    });
  }

  for (const [name, sample] of Object.entries(SAMPLES)) {
    const parse = PARSERS[name]!;
    it(`${name}: a valid sample with any one field replaced by any JSON value yields a model or a MalformedResponseError`, () => {
      expect(() => parse(sample)).not.toThrow();
      const field = fc.constantFrom(...Object.keys(sample));
      fc.assert(fc.property(field, fc.jsonValue({ maxDepth: 3 }), (key, value) => {
        modelOrMalformed(parse, { ...sample, [key]: value });
      }), { numRuns: RUNS });
    });
  }

  it('exchangeInfo: a symbol or filter with any one field replaced yields a model or a MalformedResponseError', () => {
    const info = SAMPLES.exchangeInfo!;
    const symbol = (info.symbols as Record<string, unknown>[])[0]!;
    const filter = (symbol.filters as Record<string, unknown>[])[0]!;
    fc.assert(fc.property(fc.constantFrom(...Object.keys(symbol)), fc.jsonValue({ maxDepth: 2 }), (key, value) => {
      modelOrMalformed(PARSERS.exchangeInfo!, { ...info, symbols: [{ ...symbol, [key]: value }] });
    }), { numRuns: RUNS });
    fc.assert(fc.property(fc.constantFrom(...Object.keys(filter)), fc.jsonValue({ maxDepth: 2 }), (key, value) => {
      modelOrMalformed(PARSERS.exchangeInfo!, { ...info, symbols: [{ ...symbol, filters: [{ ...filter, [key]: value }] }] });
    }), { numRuns: RUNS });
  });

  it('decimal fields: any string yields a model or a MalformedResponseError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => {
      modelOrMalformed(PARSERS.ticker24hr!, { ...SAMPLES.ticker24hr, lastPrice: text });
      modelOrMalformed(PARSERS.depth!, { ...SAMPLES.depth, bids: [[text, '1']] });
    }), { numRuns: RUNS });
  });
});
