import { ConfigurationError } from '../../core/errors.js';
import { wsApiSignaturePayload, type ParamValue } from '../../spec/binance/signature.js';
import type { Signer } from '../signing.js';
import { checkWireValues } from '../rest/encoding.js';
import type { RestHandler, RestResponse } from '../rest/types.js';
import { endpointSpec } from '../../spec/binance/endpoints.js';
import type { WireWsApiRateLimit, WireWsApiResponse } from './stream-wire-types.js';
import type { WsApiClient } from './ws-api-client.js';

/** Interval names of `rateLimits`, as the suffix letters of the usage headers. */
const INTERVAL_LETTER: Readonly<Record<string, string>> = { SECOND: 's', MINUTE: 'm', HOUR: 'h', DAY: 'd' };

/** What signing a WebSocket API request needs. */
export interface WsApiSigning {
  apiKey: () => string | undefined;
  signer: Signer | undefined;
  recvWindow: number | undefined;
  /** Server-aligned now, for `timestamp`. */
  serverNow: () => number;
  /** Measures the clock offset again, after the exchange refused a timestamp (-1021). */
  resync?: () => Promise<unknown>;
}

/** Signs WebSocket API params (§2.5: every param but `signature`, sorted, raw values) and adds apiKey and timestamp. */
export function signWsApiParams(params: Record<string, ParamValue>, signing: WsApiSigning): Record<string, ParamValue> {
  const apiKey = signing.apiKey();
  if (apiKey === undefined || signing.signer === undefined) {
    throw new ConfigurationError('apiKey with apiSecret or privateKey is required for signed WebSocket API requests');
  }
  const signed: Record<string, ParamValue> = { ...params, apiKey, timestamp: signing.serverNow() };
  if (signing.recvWindow !== undefined) signed.recvWindow = signing.recvWindow;
  signed.signature = signing.signer.sign(wsApiSignaturePayload(signed));
  return signed;
}

/**
 * `rateLimits` as the `X-MBX-USED-WEIGHT-*` / `X-MBX-ORDER-COUNT-*` headers a REST response
 * would carry, and `retryAfter` as `Retry-After`, so the REST rate-limit stage adopts WebSocket
 * API usage and pauses exactly as it does for REST.
 */
export function rateLimitHeaders(response: WireWsApiResponse, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const limit of response.rateLimits ?? ([] as WireWsApiRateLimit[])) {
    const letter = INTERVAL_LETTER[limit.interval];
    if (letter === undefined) continue;
    const kind = limit.rateLimitType === 'REQUEST_WEIGHT' ? 'used-weight' : limit.rateLimitType === 'ORDERS' ? 'order-count' : undefined;
    if (kind !== undefined) headers[`x-mbx-${kind}-${limit.intervalNum}${letter}`] = String(limit.count);
  }
  const retryAfter = response.error?.data?.retryAfter;
  if (typeof retryAfter === 'number') headers['retry-after'] = String(Math.max(0, Math.ceil((retryAfter - nowMs) / 1000)));
  return headers;
}

/**
 * The WebSocket API as the innermost handler of the request pipeline: a request is sent as the
 * WebSocket API method that does the same as its endpoint (from the endpoint spec), with the
 * parameters the signing stage already signed in the WebSocket API's format, and its answer
 * comes back as a response of the same status, body and usage headers. Every policy of the
 * pipeline (live guard, retry, -1021 resync, error table, rate limiter, signing, metrics) wraps
 * it exactly as it wraps the REST transport.
 */
export function createWsApiHandler(client: WsApiClient, now: () => number): RestHandler {
  return async (req): Promise<RestResponse> => {
    const method = endpointSpec(req.method, req.path)?.wsApi;
    if (method === undefined) throw new ConfigurationError(`${req.method} ${req.path} has no WebSocket API method`);
    checkWireValues(req.params);
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of req.params) if (value !== undefined) params[name] = value;
    const response = await client.request(method, params);
    return {
      status: response.status,
      headers: rateLimitHeaders(response, now()),
      body: response.status >= 200 && response.status < 300 ? response.result : (response.error ?? ''),
    };
  };
}
