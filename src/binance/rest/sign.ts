import { AuthenticationError } from '../../core/errors.js';
import type { Signer } from '../protocol/signature.js';
import { encodeRequestParams } from './encoding.js';
import type { RestPolicy, RestRequest } from './types.js';

/** What the signing stage needs. */
export interface SignOptions {
  /** Absent when the connector has no key: signed requests then fail before sending. */
  signer: Signer | undefined;
  /** Sent with every signed request when set; Binance's default is 5000 ms. */
  recvWindow?: number | undefined;
  /** Server-aligned epoch ms for `timestamp` (local clock plus the measured offset). */
  timestamp: () => number;
}

/**
 * Adds `timestamp`, `recvWindow` and `signature` to signed requests. The signature covers the
 * percent-encoded query string followed by the body, exactly as the transport will send them.
 * It runs after the rate limiter, so a request that waited for capacity still carries a fresh timestamp.
 */
export function signRequests(options: SignOptions): RestPolicy {
  const sign = (req: RestRequest, signer: Signer): RestRequest => {
    const params = [
      ...req.params.filter(([name]) => name !== 'timestamp' && name !== 'signature' && name !== 'recvWindow'),
      ...(options.recvWindow === undefined ? [] : [['recvWindow', options.recvWindow] as const]),
      ['timestamp', Math.round(options.timestamp())] as const,
    ];
    const { query, body } = encodeRequestParams(req.method, params);
    return { ...req, params: [...params, ['signature', signer.sign(query + body)]] };
  };
  // Not an async function: an unsigned request is handed on as it is, without another promise around it.
  return (next) => (req) => {
    if (req.security !== 'signed') return next(req);
    const { signer } = options;
    if (signer === undefined) {
      return Promise.reject(new AuthenticationError(
        `${req.method} ${req.path} is a signed endpoint: set apiKey with apiSecret or privateKey`,
        { exchange: 'binance' },
      ));
    }
    let signed: RestRequest;
    try {
      signed = sign(req, signer);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return next(signed);
  };
}
