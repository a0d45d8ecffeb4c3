import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DepthDiff, depthDiffOf } from '../../src/binance/streams/depth-diff.js';
import { decodeDepthFrame } from '../../src/binance/streams/depth-frame-fast.js';
import { decodeDepthFrame as reference } from '../../src/binance/streams/depth-frame-reference.js';
import { changedFrames, COMMON_CHANGES, type FrameChange } from './support/frame-changes.js';

type Levels = [string, string][];

/** The general path: JSON.parse, then the level parser; `'not JSON'` or the error's message when it fails. */
function general(text: string): { stream: unknown; diff: DepthDiff } | string {
  let message: { stream?: unknown; data?: unknown };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    return 'not JSON';
  }
  try {
    return { stream: message.stream, diff: depthDiffOf(message.data) };
  } catch (error) {
    return (error as Error).message;
  }
}

/** A decimal as Binance writes them, or one of the odd plain shapes JSON allows in a string. */
const decimal = fc.oneof(
  fc.tuple(fc.nat(99_999), fc.integer({ min: 2, max: 8 })).map(([n, places]) => (n / 100).toFixed(places)),
  fc.nat(999_999).map((n) => (n / 1e8).toFixed(8)),
  fc.constantFrom('0.00000000', '0', '0.0', '123456789012345678901234567890.123456789'),
  fc.nat(999).map(String),
  fc.nat(9).map((n) => `${n}.`),
  fc.nat(999).map((n) => `.${n}`),
  fc.nat(9_999).map((n) => `-${(n / 100).toFixed(2)}`),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `000${a}.${b}000`),
);

/** A book side: empty as often as not small. */
const levels = fc.oneof(fc.constant<Levels>([]), fc.array(fc.tuple(decimal, decimal), { minLength: 1, maxLength: 30 }));

/** A frame in Binance's layout, key order and all. */
const frame = fc.record({
  symbol: fc.constantFrom('BTCUSDT', 'ETHBTC', 'A'),
  every100ms: fc.boolean(),
  first: fc.oneof(fc.nat(9), fc.integer({ min: 71_000_000_000, max: 71_001_000_000 })),
  span: fc.nat(50),
  eventTime: fc.integer({ min: 1_795_000_000_000, max: 1_795_001_000_000 }),
  b: levels,
  a: levels,
}).map(({ symbol, every100ms, first, span, eventTime, b, a }) => JSON.stringify({
  stream: `${symbol.toLowerCase()}@depth${every100ms ? '@100ms' : ''}`,
  data: { e: 'depthUpdate', E: eventTime, s: symbol, U: first, u: first + span, b, a },
}));

/** Changes of these frames the decoder must leave to the general path, or still decode to the same diff. */
const CHANGES: FrameChange[] = [
  ...COMMON_CHANGES,
  // Reordered keys inside the payload.
  (text, next) => {
    const message = JSON.parse(text) as { stream: string; data: Record<string, unknown> };
    const keys = Object.keys(message.data).sort(() => next(3) - 1);
    return JSON.stringify({ stream: message.stream, data: Object.fromEntries(keys.map((k) => [k, message.data[k]])) });
  },
  (text) => text.replace('@depth', '\\u0040depth'),
  (text) => text.replace('usdt@', 'usd\\u0074@'),
  (text) => text.replace('"s":"', '"s":"\\"'),
  // Extra fields, other value types, numbers JSON.parse reads differently.
  (text) => text.replace('"U":', '"x":[{"y":null}],"U":'),
  (text) => text.replace('}}', ',"z":"extra"}}'),
  (text) => text.replace('}}', '},"extra":1}'),
  (text) => text.replace(/"u":(\d+)/, '"u":"$1"'),
  (text) => text.replace(/"U":(\d+)/, '"U":$1e0'),
  (text) => text.replace(/"U":(\d+)/, '"U":-$1'),
  (text) => text.replace(/"U":(\d+)/, '"U":0$1'),
  (text) => text.replace('"]', '","7"]'),
  (text) => text.replace('@depth', '@depth5'),
  (text) => text.replace('depthUpdate', 'depthUpdatex'),
];

/** A frame with one or two of the changes above. */
const changedFrame = changedFrames(frame, CHANGES);

/** Fixed seeds: the same cases on every run. */
const RUNS = { seed: 20261203, numRuns: 1000 };

describe('decodeDepthFrame (optimisation) against JSON.parse and the level parser (reference)', () => {
  it('decodes every generated frame of Binance\'s layout, empty sides included, to the reference\'s diff', () => {
    fc.assert(fc.property(frame, (text) => {
      const decoded = decodeDepthFrame(text);
      expect(decoded, text).toBeDefined();
      expect(decoded, text).toStrictEqual(reference(text));
      expect(decoded, text).toStrictEqual(general(text));
    }), RUNS);
  });

  it('decodes a frame with reordered keys, escapes, extra fields or damage to the reference\'s diff, or leaves it to the general path', () => {
    let decodedCount = 0;
    let leftCount = 0;
    fc.assert(fc.property(changedFrame, (text) => {
      const decoded = decodeDepthFrame(text);
      if (decoded === undefined) leftCount += 1;
      else decodedCount += 1;
      // The market stream takes the fast answer when there is one, else the general path's.
      expect(decoded ?? reference(text), text).toStrictEqual(reference(text));
    }), { ...RUNS, numRuns: 3000 });
    // Both outcomes occur, so neither half of the comparison is vacuous.
    expect(decodedCount).toBeGreaterThan(100);
    expect(leftCount).toBeGreaterThan(1000);
  });

  it('the reference decodes what the general path decodes: frames of any layout on a diff stream', () => {
    fc.assert(fc.property(changedFrame, (text) => {
      const viaGeneral = general(text);
      const expected = typeof viaGeneral === 'string' || typeof viaGeneral.stream !== 'string' || !/.@depth(@100ms)?$/.test(viaGeneral.stream)
        || (JSON.parse(text) as { data: { e?: unknown } }).data.e !== 'depthUpdate' ? undefined : viaGeneral;
      expect(reference(text), text).toStrictEqual(expected);
    }), RUNS);
  });

  it('leaves a frame of another layout to the general path, which decodes it', () => {
    const text = '{ "stream": "btcusdt@depth@100ms", "data": {"e":"depthUpdate","E":5,"s":"BTCUSDT","U":1,"u":2,"b":[["1.50","2"]],"a":[]} }';
    expect(decodeDepthFrame(text)).toBeUndefined();
    const result = general(text) as { diff: DepthDiff };
    expect(result.diff.bids.map((l) => `${l.price.toFixed()}x${l.quantity.toFixed()}`)).toEqual(['1.5x2']);
  });

  it.each([
    ['b', '"b":5', 'Malformed Binance depthUpdate event: field b is 5'],
    ['b[1]', '"b":[["1","2"],"x"]', 'Malformed Binance depthUpdate event: field b[1] is "x"'],
    ['b[0][0]', '"b":[["1.2.3","2"]]', 'Malformed Binance depthUpdate event: field b[0][0] is not a decimal: "1.2.3"'],
    ['b[0][1]', '"b":[["1",2]]', 'Malformed Binance depthUpdate event: field b[0][1] is 2'],
    ['b[0][1] missing', '"b":[["1"]]', 'Malformed Binance depthUpdate event: field b[0][1] is undefined'],
    ['b[0][0] empty', '"b":[["","1"]]', 'Malformed Binance depthUpdate event: field b[0][0] is not a decimal: ""'],
    ['b[0][0] exponent', '"b":[["1e5x","1"]]', 'Malformed Binance depthUpdate event: field b[0][0] is not a decimal: "1e5x"'],
  ])('fails a frame with a malformed %s as the general path does, naming the field', (_, bids, message) => {
    const text = `{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":5,"s":"BTCUSDT","U":1,"u":2,${bids},"a":[]}}`;
    expect(decodeDepthFrame(text)).toBeUndefined();
    expect(general(text)).toBe(message);
  });

  it('still reads exponent notation in a level, through big.js on the general path', () => {
    const text = '{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":5,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[["1e2","0.5"]]}}';
    expect(decodeDepthFrame(text)).toBeUndefined();
    expect((general(text) as { diff: DepthDiff }).diff.asks[0]!.price.toFixed()).toBe('100');
  });

  it('does not take the partial book stream or a frame with text after it', () => {
    const good = '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":5,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}}';
    expect(decodeDepthFrame(good)?.diff).toStrictEqual(new DepthDiff(1, 2, [], [], 5));
    expect(decodeDepthFrame(good.replace('@depth@100ms', '@depth5@100ms'))).toBeUndefined();
    expect(decodeDepthFrame(`${good}}`)).toBeUndefined();
    expect(decodeDepthFrame(good.slice(0, -1))).toBeUndefined();
  });
});
