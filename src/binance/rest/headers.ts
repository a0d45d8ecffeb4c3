import type { RestResponse } from './types.js';

/** A usage header, such as `X-MBX-USED-WEIGHT-1M: 42`, split into its limit type, interval suffix and count. */
export interface UsageHeader {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS';
  /** Interval suffix such as `1M` or `10S`. */
  suffix: string;
  used: number;
}

const USAGE_HEADER = /^x-mbx-(used-weight|order-count)-(\d+[smhd])$/;

/** Every `X-MBX-USED-WEIGHT-*` and `X-MBX-ORDER-COUNT-*` header of a response. */
export function usageHeaders(headers: Readonly<Record<string, string>>): UsageHeader[] {
  const usage: UsageHeader[] = [];
  for (const name in headers) {
    // Every response carries a dozen headers and one or two usage headers: test the prefix before the pattern.
    if (!name.startsWith('x-mbx-')) continue;
    const match = USAGE_HEADER.exec(name);
    const used = Number(headers[name]);
    if (match === null || !Number.isFinite(used)) continue;
    usage.push({
      rateLimitType: match[1] === 'used-weight' ? 'REQUEST_WEIGHT' : 'ORDERS',
      suffix: match[2]!.toUpperCase(),
      used,
    });
  }
  return usage;
}

/**
 * Milliseconds to wait from a 429/418 response: `Retry-After` (seconds, or an HTTP date), else
 * the "IP banned until <epoch ms>" of a -1003 ban message. Undefined when neither is given.
 */
export function retryAfterMs(response: RestResponse, nowMs: number): number | undefined {
  const header = response.headers['retry-after'];
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  const msg = (response.body as { msg?: unknown } | null)?.msg;
  const until = typeof msg === 'string' ? /banned until (\d+)/.exec(msg)?.[1] : undefined;
  return until === undefined ? undefined : Math.max(0, Number(until) - nowMs);
}
