import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { SimError } from '../sim-error.js';

/**
 * Keeps web pages from driving the simulator cross-site. Browsers add `Origin` to cross-site
 * requests and WebSocket upgrades; Binance clients outside a browser send none. So a request with
 * an `Origin` is served only when that origin is the simulator's own: `http://` and the `Host` it
 * was sent to, where that host is `localhost` or an IP address (a DNS name could be rebound to
 * 127.0.0.1 by the page's own site). The control API further needs a JSON body, which a page
 * cannot send cross-site without a preflight the simulator never grants, and the control token
 * when one is set.
 */

/** Longest control token accepted. */
const MAX_TOKEN_LENGTH = 256;
const TOKEN_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${MAX_TOKEN_LENGTH}}$`);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether `host` (a Host header: name or address, optional port) cannot be a rebound DNS name. */
function isFixedHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase() === 'localhost' || isIP(name) !== 0;
}

/** Throws 403 when the request comes from a browser page of another origin. */
export function checkOrigin(headers: IncomingHttpHeaders): void {
  const origin = header(headers, 'origin');
  if (origin === undefined) return;
  const host = header(headers, 'host');
  if (host !== undefined && isFixedHost(host) && origin.toLowerCase() === `http://${host.toLowerCase()}`) return;
  throw new SimError(403, BinanceErrorCode.UNAUTHORIZED, 'Cross-origin requests to the simulator are refused.');
}

/** Validates the `controlToken` option; throws TypeError naming the rule. */
export function validateControlToken(token: string | undefined): void {
  if (token !== undefined && !TOKEN_PATTERN.test(token)) {
    throw new TypeError(`controlToken must be 1 to ${MAX_TOKEN_LENGTH} visible ASCII characters`);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The checks of a `/sim/` request, before it is routed: its origin, the bearer token when
 * `token` is set (compared in constant time), and a JSON body for a POST.
 */
export function checkControlRequest(method: string, headers: IncomingHttpHeaders, token: string | undefined): void {
  checkOrigin(headers);
  if (token !== undefined) {
    const sent = /^Bearer (.+)$/.exec(header(headers, 'authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(sent), digest(token))) throw new SimError(401, BinanceErrorCode.UNAUTHORIZED, BinanceMessage.unauthorized);
  }
  const type = header(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (method === 'POST' && type !== 'application/json') {
    throw new SimError(415, BinanceErrorCode.INVALID_JSON, 'Content-Type must be application/json.');
  }
}
