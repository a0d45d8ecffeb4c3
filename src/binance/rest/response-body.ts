import { MalformedResponseError, ResponseTooLargeError } from '../../core/errors.js';
import type { RestResponse } from './types.js';

/**
 * What every way of reading a REST response shares (the optimised dispatch handler and its plain
 * reference alike): the headers as single strings, the body's text and JSON, and the errors for a
 * body too large or not JSON.
 */

/**
 * The response of `status` with the body `chunks`. A success whose body is not JSON (truncated, a
 * proxy's page) cannot be read, so it throws MalformedResponseError; an error status keeps its
 * text for the error message.
 */
export function restResponse(label: string, status: number, headers: Record<string, string>, chunks: readonly Buffer[]): RestResponse {
  const text = bodyText(chunks);
  const body = parseBody(text);
  if (body === NOT_JSON && status >= 200 && status < 300) {
    throw new MalformedResponseError(
      `${label} answered ${status} with a body that is not JSON (${Buffer.byteLength(text)} bytes)`,
      { exchange: 'binance', httpStatus: status },
    );
  }
  return { status, headers, body: body === NOT_JSON ? text : body };
}

/** The error of a body past `maxBytes` (maxResponseBytes). */
export function tooLargeError(label: string, maxBytes: number, status: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${label} answered with a body larger than ${maxBytes} bytes (maxResponseBytes); reading stopped`,
    { exchange: 'binance', httpStatus: status, limitBytes: maxBytes },
  );
}

/** undici's parsed headers (names already lower-cased), with repeated headers joined as HTTP allows. */
export function singleValued(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (value === undefined) delete headers[name];
    else headers[name] = value.join(', ');
  }
  return headers as Record<string, string>;
}

/** The body as UTF-8 text, without a byte-order mark. */
function bodyText(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return '';
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString('utf8', start);
}

/** What {@link parseBody} returns for a body that is not JSON. */
const NOT_JSON: unique symbol = Symbol('not JSON');

/** The parsed JSON, or NOT_JSON (an empty body included). */
function parseBody(text: string): unknown {
  if (text.length === 0) return NOT_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
