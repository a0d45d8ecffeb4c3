import { describe, expect, it } from 'vitest';
import { parseKlineEvent, parseTradeEvent } from '../../src/binance/streams/stream-parsers.js';
import type { WireKlineEvent, WireTradeEvent } from '../../src/binance/streams/stream-wire-types.js';
import { Decimal } from '../../src/core/decimal.js';
import { ExchangeError } from '../../src/core/errors.js';

// The exact samples of BINANCE_API.md (WebSocket streams).
const TRADE = JSON.parse('{"e":"trade","E":1672515782137,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}') as WireTradeEvent;
const KLINE = JSON.parse('{"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}') as WireKlineEvent;

describe('stream parsers', () => {
  it('reads a trade event into a Trade with exact decimals and both times', () => {
    const trade = parseTradeEvent(TRADE);
    expect({ ...trade, price: trade.price.toFixed(), quantity: trade.quantity.toFixed() }).toEqual({
      symbol: 'BNBBTC', tradeId: 12345, price: '0.001', quantity: '100', time: 1672515782136, isBuyerMaker: true, eventTime: 1672515782137,
    });
    expect(trade.price).toBeInstanceOf(Decimal);
    expect(parseTradeEvent({ ...TRADE, m: false }).isBuyerMaker).toBe(false);
  });

  it.each([['p', { p: 1.5 }], ['q', { q: 'x' }], ['t', { t: '12345' }], ['T', { T: undefined }], ['E', { E: null }], ['s', { s: 7 }]])(
    'names field %s when a trade event carries it malformed',
    (field, change) => {
      const wire = { ...TRADE, ...change } as unknown as WireTradeEvent;
      expect(() => parseTradeEvent(wire)).toThrow(ExchangeError);
      expect(() => parseTradeEvent(wire)).toThrow(`trade event: field ${field} `);
    },
  );

  it('gives a stream candle the event time of its kline event', () => {
    const candle = parseKlineEvent(KLINE, '1m');
    expect([candle.openTime, candle.closeTime, candle.eventTime, candle.closed]).toEqual([1672515780000, 1672515839999, 1672515782136, false]);
    expect([candle.open, candle.close, candle.quoteVolume].map((v) => v.toFixed())).toEqual(['0.001', '0.002', '1']);
    expect(() => parseKlineEvent({ ...KLINE, E: undefined } as unknown as WireKlineEvent, '1m')).toThrow('kline event: field E ');
  });
});
