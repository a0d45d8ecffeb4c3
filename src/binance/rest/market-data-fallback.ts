import { ConnectionError, ExchangeUnavailableError } from '../../core/errors.js';
import { MARKET_DATA_URL, PRODUCTION_REST_HOSTS } from '../environments.js';
import type { RestPolicy } from './types.js';

/**
 * The host a failed public read may fall back to, or undefined for none. Only the same
 * exchange's data will do: production's market-data host serves production, so it backs only a
 * production REST host; the Spot Testnet, Demo Mode and the simulator are other exchanges, whose
 * symbols, filters and clock production's would replace. A `marketDataUrl` given explicitly is the
 * user's statement that it serves their REST host's data.
 */
export function marketDataFallbackOrigin(restUrl: string, marketDataUrl: string | undefined): string | undefined {
  if (marketDataUrl !== undefined) return marketDataUrl.replace(/\/+$/, '');
  return PRODUCTION_REST_HOSTS.has(new URL(restUrl).hostname) ? MARKET_DATA_URL : undefined;
}

/** Endpoints the public market-data host serves (no key, no trading). */
export const MARKET_DATA_PATHS: ReadonlySet<string> = new Set([
  '/api/v3/ping', '/api/v3/time', '/api/v3/exchangeInfo', '/api/v3/depth', '/api/v3/trades', '/api/v3/aggTrades',
  '/api/v3/klines', '/api/v3/uiKlines', '/api/v3/avgPrice', '/api/v3/ticker', '/api/v3/ticker/24hr',
  '/api/v3/ticker/price', '/api/v3/ticker/bookTicker',
]);

/**
 * When the main REST host is unreachable or failing (ConnectionError or 5xx) for a public
 * market-data read, tries that read once against the market-data host. Signed and keyed calls
 * never leave the main host: the market-data host has no accounts.
 */
export function marketDataFallback(origin: string, onFallback?: (path: string) => void): RestPolicy {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (error) {
      const eligible = req.security === 'public' && req.method === 'GET' && MARKET_DATA_PATHS.has(req.path) && req.origin === undefined;
      if (!eligible || !(error instanceof ConnectionError || error instanceof ExchangeUnavailableError)) throw error;
      onFallback?.(req.path);
      return next({ ...req, origin });
    }
  };
}
