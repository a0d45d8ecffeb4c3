import { ConfigurationError } from '../../core/errors.js';
import { isLiveUrl, type BinanceEndpoints, type BinanceEnvironment } from '../environments.js';
import { endpointSpec } from '../../spec/binance/endpoints.js';
import type { RestPolicy, RestRequest } from './types.js';

/** What the live-trading guard decides from. */
export interface LiveGuardOptions {
  environment: BinanceEnvironment;
  endpoints: BinanceEndpoints;
  allowLiveTrading: boolean;
  /** Host names the user declared non-live (a private simulator, say). */
  nonLiveHosts: readonly string[];
}

/**
 * True for a request that places, changes or cancels orders: its endpoint's security type is
 * TRADE. A signed request that changes state on an endpoint the spec does not list counts as
 * trading too, so an order action added later is guarded before anyone lists it.
 */
export function isTradeRequest(req: Pick<RestRequest, 'method' | 'path' | 'security'>): boolean {
  const spec = endpointSpec(req.method, req.path);
  if (spec !== undefined) return spec.security === 'TRADE';
  return req.method !== 'GET' && req.security === 'signed';
}

/** True when a TRADE request to `url` trades real funds under `options` (the guard's one rule). */
export function isLiveTarget(options: Pick<LiveGuardOptions, 'environment' | 'nonLiveHosts'>, url: string): boolean {
  return options.environment === 'live' || isLiveUrl(url, options.nonLiveHosts);
}

/**
 * Refuses every TRADE request bound for a live host, on either transport, unless
 * `allowLiveTrading` is true, before any byte is sent. Live is decided by the host the request
 * leaves for (REST origin or WebSocket API URL), not by the environment's name alone:
 * `environment: 'live'` is always live, and so is any host but loopback, the Spot Testnet, Demo
 * Mode and the declared `nonLiveHosts`.
 */
export function guardLiveTrading(options: LiveGuardOptions): RestPolicy {
  if (options.allowLiveTrading) return (next) => next;
  return (next) => (req) => {
    if (!isTradeRequest(req)) return next(req);
    const url = req.transport === 'ws-api' ? options.endpoints.wsApiUrl : (req.origin ?? options.endpoints.restUrl);
    if (!isLiveTarget(options, url)) return next(req);
    const where = options.environment === 'live' ? 'environment "live"' : `${new URL(url).host} is not a test host (loopback, Spot Testnet, Demo Mode or nonLiveHosts)`;
    return Promise.reject(new ConfigurationError(
      `${req.method} ${req.path} refused: ${where}, so this would trade real funds. To allow it set allowLiveTrading: true `
        + '(connector option allowLiveTrading, "allowLiveTrading": true in the config file, or AUTOTRADER_ALLOW_LIVE_TRADING=true)',
      { exchange: 'binance', field: 'allowLiveTrading' },
    ));
  };
}
