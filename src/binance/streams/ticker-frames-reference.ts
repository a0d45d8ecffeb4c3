import { DecodedPayload } from './decoded-payload.js';
import { jsonObjectOf } from './json-message.js';
import { parseAllTickersEvent, parseBookTickerEvent } from './market-stream-parsers.js';
import type { DecodedTickerFrame } from './ticker-frames-fast.js';

/**
 * The plain reference for `ticker-frames-fast.ts`, with the same signature: `JSON.parse`, then the
 * stream parser. A combined-stream frame of `<symbol>@bookTicker` or `!miniTicker@arr` decodes to
 * its stream name and model; anything else (not JSON, another stream, a malformed field) is
 * undefined, left to the market stream's general path.
 */
export function decodeTickerFrame(text: string): DecodedTickerFrame | undefined {
  const frame = jsonObjectOf(text);
  if (frame === undefined) return undefined;
  const { stream, data } = frame;
  if (typeof stream !== 'string') return undefined;
  try {
    if (stream === '!miniTicker@arr') return { stream, payload: new DecodedPayload(parseAllTickersEvent(data, '24h')) };
    if (stream.length > '@bookTicker'.length && stream.endsWith('@bookTicker')) return { stream, payload: new DecodedPayload(parseBookTickerEvent(data)) };
  } catch {
    return undefined;
  }
  return undefined;
}
