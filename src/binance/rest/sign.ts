import { AuthenticationError } from '../../core/errors.js';
import { restSigningPayload, wsApiSignaturePayload, type ParamValue } from '../../spec/binance/signature.js';
import type { Signer } from '../signing.js';
import { encodeRequestParams } from './encoding.js';
import type { Params, RestPolicy, RestRequest } from './types.js';

/** What the signing stage needs. */
export interface SignOptions {
  /** Absent when the connector has no key: signed requests then fail before sending. */
  signer: Signer | undefined;
  /** The API key, which the WebSocket API takes as a signed parameter (REST sends it as a header). */
  apiKey?: (() => string | undefined) | undefined;
  /** Sent with every signed request when set; Binance's default is 5000 ms. */
  recvWindow?: number | undefined;
  /** Server-aligned epoch ms for `timestamp` (local clock plus the measured offset). */
  timestamp: () => number;
}

const SIGNING_PARAMS = new Set(['timestamp', 'signature', 'recvWindow', 'apiKey']);

/**
 * Adds `timestamp`, `recvWindow` and `signature` to signed requests, in the format of the
 * transport the request leaves on. REST signs the percent-encoded query string followed by the
 * body, exactly as the transport will send them; the WebSocket API signs every parameter but
 * `signature`, `apiKey` included, sorted by name with raw values (§2.5). It runs after the rate
 * limiter, so a request that waited for capacity still carries a fresh timestamp.
 */
export function signRequests(options: SignOptions): RestPolicy {
  const sign = (req: RestRequest, signer: Signer): RestRequest => {
    const kept = req.params.filter(([name]) => !SIGNING_PARAMS.has(name));
    const timing = [
      ...(options.recvWindow === undefined ? [] : [['recvWindow', options.recvWindow] as const]),
      ['timestamp', Math.round(options.timestamp())] as const,
    ];
    if (req.transport === 'ws-api') return { ...req, params: signWsApi([...kept, ...timing], signer, options.apiKey?.()) };
    const params = [...kept, ...timing];
    const { query, body } = encodeRequestParams(req.method, params);
    return { ...req, params: [...params, ['signature', signer.sign(restSigningPayload(query, body))]] };
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

function signWsApi(params: Params, signer: Signer, apiKey: string | undefined): Params {
  if (apiKey === undefined) throw new AuthenticationError('signed WebSocket API requests need apiKey', { exchange: 'binance' });
  const record: Record<string, ParamValue> = { apiKey };
  for (const [name, value] of params) if (value !== undefined) record[name] = value;
  return [...params, ['apiKey', apiKey], ['signature', signer.sign(wsApiSignaturePayload(record))]];
}
