import { describe, expect, it } from 'vitest';
import { DepthDiff, depthDiffOf } from '../../src/binance/streams/depth-diff.js';
import { decodeDepthFrame } from '../../src/binance/streams/depth-frame.js';
import { generator } from '../support/seeded.js';

type Next = (n: number) => number;
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
function decimal(next: Next): string {
  const shapes = [
    () => (next(100_000) / 100).toFixed(2 + next(7)),
    () => (next(1_000_000) / 1e8).toFixed(8),
    () => '0.00000000',
    () => '0',
    () => String(next(1000)),
    () => `${next(10)}.`,
    () => `.${next(1000)}`,
    () => `-${(next(10_000) / 100).toFixed(2)}`,
    () => `000${next(100)}.${next(100)}000`,
    () => '123456789012345678901234567890.123456789',
  ];
  return shapes[next(shapes.length)]!();
}

function levels(next: Next): Levels {
  const count = next(4) === 0 ? 0 : 1 + next(30);
  return Array.from({ length: count }, () => [decimal(next), decimal(next)]);
}

/** A frame in Binance's layout, key order and all. */
function frame(next: Next): string {
  const symbol = ['BTCUSDT', 'ETHBTC', 'A'][next(3)]!;
  const stream = `${symbol.toLowerCase()}@depth${next(2) === 0 ? '@100ms' : ''}`;
  const first = next(2) === 0 ? next(10) : 71_000_000_000 + next(1_000_000);
  const data = { e: 'depthUpdate', E: 1_795_000_000_000 + next(1_000_000), s: symbol, U: first, u: first + next(50), b: levels(next), a: levels(next) };
  return JSON.stringify({ stream, data });
}

/** A frame changed in one of the ways the decoder must leave to the general path (or still decode equally). */
function variant(text: string, next: Next): string {
  const message = JSON.parse(text) as { stream: string; data: Record<string, unknown> };
  const at = next(text.length);
  const changes = [
    // Another key order.
    () => JSON.stringify({ data: message.data, stream: message.stream }),
    () => {
      const keys = Object.keys(message.data).sort(() => next(3) - 1);
      return JSON.stringify({ stream: message.stream, data: Object.fromEntries(keys.map((k) => [k, message.data[k]])) });
    },
    // Whitespace between tokens, or everywhere.
    () => JSON.stringify(message, null, next(3)),
    () => text.replace(/,/g, () => [',', ', ', ',\n'][next(3)]!),
    () => `${text} `,
    // Escapes inside strings: the same value, another text.
    () => text.replace(/"(\d)/, (_, d: string) => `"\\u003${d}`),
    () => text.replace('@depth', '\\u0040depth'),
    () => text.replace('"s":"', '"s":"\\n'),
    () => text.replace('usdt@', 'usd\\u0074@'),
    // Strings JSON does not allow: an unknown escape, a raw control character.
    () => text.replace('"s":"', '"s":"\\q'),
    () => text.replace('"s":"', '"s":"\t'),
    // Unknown keys, other value types, numbers JSON.parse reads differently.
    () => text.replace('"U":', '"x":[{"y":null}],"U":'),
    () => text.replace(/"u":(\d+)/, '"u":"$1"'),
    () => text.replace(/"E":(\d+)/, '"E":$1.0'),
    () => text.replace(/"U":(\d+)/, '"U":$1e0'),
    () => text.replace(/"U":(\d+)/, '"U":-$1'),
    () => text.replace(/"U":(\d+)/, '"U":0$1'),
    () => text.replace(/"E":(\d+)/, '"E":99999999999999999999'),
    () => text.replace('"]', '","7"]'),
    () => text.replace('@depth', '@depth5'),
    // Any single character added, removed or replaced: mostly malformed JSON.
    () => `${text.slice(0, at)}${'"[]{},:.-0e\\ x'[next(15)]}${text.slice(at)}`,
    () => `${text.slice(0, at)}${text.slice(at + 1)}`,
    () => `${text.slice(0, at)}${'"0.]x'[next(5)]}${text.slice(at + 1)}`,
  ];
  return changes[next(changes.length)]!();
}

describe('decodeDepthFrame', () => {
  it('decodes every generated frame of Binance\'s layout to the diff the general path gives', () => {
    const next = generator(5);
    for (let k = 0; k < 1_000; k++) {
      const text = frame(next);
      const decoded = decodeDepthFrame(text);
      expect(decoded, text).toBeDefined();
      expect(decoded, text).toStrictEqual(general(text));
    }
  });

  it('decodes a changed frame to what the general path gives, or leaves it to that path', () => {
    const next = generator(9);
    let decodedCount = 0;
    let leftCount = 0;
    for (let k = 0; k < 6_000; k++) {
      const text = variant(frame(next), next);
      const decoded = decodeDepthFrame(text);
      if (decoded === undefined) {
        leftCount += 1;
        continue;
      }
      decodedCount += 1;
      expect(decoded, text).toStrictEqual(general(text));
    }
    // Both outcomes occur, so neither half of the comparison is vacuous.
    expect(decodedCount).toBeGreaterThan(200);
    expect(leftCount).toBeGreaterThan(4_000);
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
