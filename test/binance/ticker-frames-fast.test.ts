import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTickerFrame } from '../../src/binance/streams/ticker-frames-fast.js';
import { decodeTickerFrame as reference } from '../../src/binance/streams/ticker-frames-reference.js';
import { changedFrames, COMMON_CHANGES, type FrameChange } from './support/frame-changes.js';

/** A decimal as Binance writes them, or one of the odd plain shapes JSON allows in a string. */
const decimal = fc.oneof(
  fc.tuple(fc.nat(99_999), fc.integer({ min: 2, max: 8 })).map(([n, places]) => (n / 100).toFixed(places)),
  fc.nat(999_999).map((n) => (n / 1e8).toFixed(8)),
  fc.constantFrom('0.00000000', '0', '0.0', '123456789012345678901234567890.123456789'),
  fc.nat(9).map((n) => `${n}.`),
  fc.nat(999).map((n) => `.${n}`),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `000${a}.${b}000`),
);
const symbol = fc.constantFrom('BTCUSDT', 'ETHBTC', 'A', '币安人生USDT');

/** Frames in Binance's layout, key order and all. */
const bookFrame = fc.record({ symbol, u: fc.oneof(fc.nat(9), fc.integer({ min: 71_000_000_000, max: 71_001_000_000 })), b: decimal, B: decimal, a: decimal, A: decimal })
  .map(({ symbol: s, u, b, B, a, A }) => JSON.stringify({ stream: `${s.toLowerCase()}@bookTicker`, data: { u, s, b, B, a, A } }));
const mini = fc.record({ s: symbol, E: fc.integer({ min: 1_795_000_000_000, max: 1_795_001_000_000 }), c: decimal, o: decimal, h: decimal, l: decimal, v: decimal, q: decimal })
  .map(({ s, E, c, o, h, l, v, q }) => ({ e: '24hrMiniTicker', E, s, c, o, h, l, v, q }));
const miniFrame = fc.array(mini, { maxLength: 20 }).map((data) => JSON.stringify({ stream: '!miniTicker@arr', data }));
const frame = fc.oneof(bookFrame, miniFrame);

/** Changes of these frames the decoder must leave to the general path, or still decode to the same models. */
const CHANGES: FrameChange[] = [
  ...COMMON_CHANGES,
  (text) => text.replace('@book', '\\u0040book'),
  (text) => text.replace('"s":', '"x":[{"y":null}],"s":'),
  (text) => text.replace(/}(]?)}$/, ',"z":"extra"}$1}'),
  (text) => text.replace(/"u":(\d+)/, '"u":"$1"'),
  (text) => text.replace(/"u":(\d+)/, '"u":-$1'),
  (text) => text.replace('"b":"', '"b":"-'),
  (text) => text.replace('"c":"', '"c":"1e'),
  (text) => text.replace('@bookTicker', '@ticker'),
  (text) => text.replace('!miniTicker@arr', '!ticker_1h@arr'),
  (text) => text.replace('24hrMiniTicker', '1hTicker'),
];
const changedFrame = changedFrames(frame, CHANGES);

/** Fixed seeds: the same cases on every run. */
const RUNS = { seed: 20261203, numRuns: 1000 };

describe('decodeTickerFrame (optimisation) against JSON.parse and the stream parsers (reference)', () => {
  it('decodes every generated book-ticker and mini-ticker frame of Binance\'s layout to the reference\'s models', () => {
    fc.assert(fc.property(frame, (text) => {
      const decoded = decodeTickerFrame(text);
      expect(decoded, text).toBeDefined();
      expect(decoded, text).toStrictEqual(reference(text));
    }), RUNS);
  });

  it('decodes a changed or damaged frame to the reference\'s models, or leaves it to the general path', () => {
    let decodedCount = 0;
    let leftCount = 0;
    fc.assert(fc.property(changedFrame, (text) => {
      const decoded = decodeTickerFrame(text);
      if (decoded === undefined) {
        leftCount += 1;
        return;
      }
      decodedCount += 1;
      expect(decoded, text).toStrictEqual(reference(text));
    }), RUNS);
    // Both ways were taken: the property saw frames the decoder read and frames it left.
    expect(decodedCount).toBeGreaterThan(0);
    expect(leftCount).toBeGreaterThan(0);
  });

  it('leaves every other stream\'s frame alone', () => {
    for (const text of [
      '{"stream":"btcusdt@ticker","data":{"e":"24hrTicker"}}', '{"stream":"!ticker_1h@arr","data":[]}', '{"stream":"btcusdt@trade","data":{}}',
      '{"result":null,"id":1}', '{"stream":"@bookTicker","data":{"u":1,"s":"","b":"1","B":"1","a":"1","A":"1"}}',
    ]) expect(decodeTickerFrame(text), text).toBeUndefined();
  });
});
