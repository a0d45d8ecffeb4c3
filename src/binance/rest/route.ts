import { ConfigurationError } from '../../core/errors.js';
import type { OrderEntry } from '../options.js';
import { endpointSpec } from '../../spec/binance/endpoints.js';
import type { RestHandler, RestPolicy } from './types.js';

/**
 * Reads that go with the orders: the account's trading terms (commission rates, unfilled order
 * count), which a bot reads before it trades. No reconciliation depends on them.
 */
const WS_API_READS: ReadonlySet<string> = new Set(['/api/v3/account/commission', '/api/v3/rateLimit/order']);

/**
 * Marks the requests that leave on the WebSocket API: with `orderEntry: 'ws-api'`, every request
 * that changes orders (not a read) and has a WebSocket API method, and the account's trading terms.
 * Other reads, the status queries of a reconciliation included, stay on REST, which a broken
 * WebSocket cannot block. It is the outermost stage, so every other stage (signing above all)
 * knows the transport.
 */
export function routeOrderEntry(orderEntry: OrderEntry): RestPolicy {
  if (orderEntry === 'rest') return (next) => next;
  return (next) => (req) => {
    const viaWsApi = (req.method !== 'GET' || WS_API_READS.has(req.path)) && req.origin === undefined && endpointSpec(req.method, req.path)?.wsApi !== undefined;
    return next(viaWsApi ? { ...req, transport: 'ws-api' } : req);
  };
}

/** The innermost handler: hands each request to the transport its route names. */
export function chooseTransport(transports: { rest: RestHandler; wsApi: RestHandler | undefined }): RestHandler {
  const { rest, wsApi } = transports;
  return (req) => {
    if (req.transport !== 'ws-api') return rest(req);
    if (wsApi === undefined) return Promise.reject(new ConfigurationError(`${req.method} ${req.path}: orderEntry is "ws-api" but no WebSocket API transport was given`));
    return wsApi(req);
  };
}
