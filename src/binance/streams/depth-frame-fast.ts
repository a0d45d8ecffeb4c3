/**
 * OPTIMISATION SEAM (depth frames). Decodes a depth diff frame in one pass over its text instead of
 * `JSON.parse` and the level parser: 5.3–5.4 µs → 3.0–3.2 µs a depthUpdate frame
 * (docs/PERFORMANCE.md, "Optimisation seams"). The plain reference is `depth-frame-reference.ts`
 * (same signature); the differential test `test/binance/depth-frame-fast.test.ts` checks that
 * whatever this decodes, the reference decodes to the same diff.
 */
import { DepthDiff } from './depth-diff.js';
import { FrameReader } from './frame-reader.js';

/**
 * A decoder for the one frame that arrives ten times a second per book: a combined-stream
 * `depthUpdate`, exactly as Binance writes it. It reads the text once and builds each level's
 * decimals straight from their characters, where `JSON.parse` followed by the level parser makes
 * a string for every price and quantity, an array for every level, and reads each decimal twice.
 *
 * It accepts only the exact layout below (key order, no whitespace, no escapes, integers without
 * sign, fraction or exponent, plain decimals) and answers undefined for anything else, which the
 * caller decodes the general way; so it is never wrong, only sometimes not faster. Everything it
 * accepts is valid JSON that the general way decodes to the same diff.
 *
 * `{"stream":"<name>","data":{"e":"depthUpdate","E":<int>,"s":"<text>","U":<int>,"u":<int>,"b":[<levels>],"a":[<levels>]}}`
 */
export function decodeDepthFrame(text: string): { stream: string; diff: DepthDiff } | undefined {
  // Every market frame comes here first: those of other streams are turned away by the name's
  // last character, before comparing anything longer or allocating.
  if (!namesDepthDiff(text, FRAME_START.length, text.indexOf('"', FRAME_START.length)) || !text.startsWith(FRAME_START)) return undefined;
  const reader = new FrameReader(text, FRAME_START.length);
  const nameStart = reader.at;
  const nameEnd = reader.stringEnd();
  if (nameEnd < 0 || !reader.skip(',"data":{"e":"depthUpdate","E":')) return undefined;
  const eventTime = reader.integer();
  if (eventTime < 0 || !reader.skip(',"s":"') || reader.stringEnd() < 0 || !reader.skip(',"U":')) return undefined;
  const first = reader.integer();
  if (first < 0 || !reader.skip(',"u":')) return undefined;
  const last = reader.integer();
  if (last < 0 || !reader.skip(',"b":[')) return undefined;
  const bids = reader.levels();
  if (bids === undefined || !reader.skip(',"a":[')) return undefined;
  const asks = reader.levels();
  if (asks === undefined || !reader.skip('}}') || reader.at !== text.length) return undefined;
  return { stream: text.slice(nameStart, nameEnd), diff: new DepthDiff(first, last, bids, asks, eventTime) };
}

const FRAME_START = '{"stream":"';

/**
 * Whether the stream name between `start` and `end` is `<symbol>@depth` or `<symbol>@depth@100ms`:
 * a diff stream, not the partial book (`@depth5`). Read in place, so other streams' frames cost no string.
 */
function namesDepthDiff(text: string, start: number, end: number): boolean {
  // 104 is the `h` of `@depth`, 115 the `s` of `@100ms`.
  const lastCode = end > 0 ? text.charCodeAt(end - 1) : 0;
  if (lastCode === 104) return endsWith(text, start, end, '@depth');
  return lastCode === 115 && endsWith(text, start, end, '@depth@100ms');
}

/** Whether `text` from `start` to `end` is longer than `suffix` and ends with it. */
function endsWith(text: string, start: number, end: number, suffix: string): boolean {
  return end - start > suffix.length && text.startsWith(suffix, end - suffix.length);
}
