import { isIP } from 'node:net';
import { ConfigurationError } from '../core/errors.js';

/** Where a Binance connector points: the embedded simulator, the Spot Testnet, Demo Mode or production. */
export type BinanceEnvironment = 'sim' | 'testnet' | 'demo' | 'live';

/** The environments, in order of increasing risk. */
export const BINANCE_ENVIRONMENTS: readonly BinanceEnvironment[] = ['sim', 'testnet', 'demo', 'live'];

/** The three endpoints a connector talks to. */
export interface BinanceEndpoints {
  /** REST origin, such as `https://testnet.binance.vision`; `/api/v3/...` is appended. */
  restUrl: string;
  /** Market stream origin; `/ws` and `/stream` are appended. */
  wsStreamUrl: string;
  /** Full WebSocket API URL, ending in `/ws-api/v3`. */
  wsApiUrl: string;
}

/** Public market-data-only REST host: no key, no trading; used for the opt-in read fallback. */
export const MARKET_DATA_URL = 'https://data-api.binance.vision';

/** Fixed endpoints of the hosted environments (`sim` has none: its URLs come from the simulator). */
export const ENVIRONMENT_ENDPOINTS: Readonly<Record<Exclude<BinanceEnvironment, 'sim'>, BinanceEndpoints>> = {
  testnet: {
    restUrl: 'https://testnet.binance.vision',
    wsStreamUrl: 'wss://stream.testnet.binance.vision',
    wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
  },
  demo: {
    restUrl: 'https://demo-api.binance.com',
    wsStreamUrl: 'wss://demo-stream.binance.com',
    wsApiUrl: 'wss://demo-ws-api.binance.com/ws-api/v3',
  },
  live: {
    restUrl: 'https://api.binance.com',
    wsStreamUrl: 'wss://stream.binance.com:9443',
    wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
  },
};

/** Binance's production Spot REST hosts, whose market data `data-api.binance.vision` serves. */
export const PRODUCTION_REST_HOSTS: ReadonlySet<string> = new Set([
  'api.binance.com', 'api-gcp.binance.com', 'api1.binance.com', 'api2.binance.com', 'api3.binance.com', 'api4.binance.com',
]);

/**
 * Hosts of the Spot Testnet and of Demo Mode (REST, market streams, SBE streams, WebSocket API),
 * where orders move no real funds (BINANCE_API.md §1.2 and §1.3).
 */
export const NON_LIVE_BINANCE_HOSTS: ReadonlySet<string> = new Set([
  'testnet.binance.vision', 'api1.testnet.binance.vision', 'stream.testnet.binance.vision',
  'stream-sbe.testnet.binance.vision', 'ws-api.testnet.binance.vision',
  'demo-api.binance.com', 'demo-stream.binance.com', 'demo-stream-sbe.binance.com', 'demo-ws-api.binance.com',
]);

/** A host name as the WHATWG URL parser gives it, without IPv6 brackets or a trailing dot, lower-case. */
function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * True for a host that always means this machine: `localhost`, `*.localhost`, 127.0.0.0/8, ::1 and
 * ::ffff:127.x.x.x. The URL parser has already normalised other spellings (`127.1`, `0x7f000001`).
 */
function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * True when an order sent to `url` would trade real funds: anything but loopback, the Spot Testnet
 * and Demo Mode hosts, and the hosts the user declared non-live (`nonLiveHosts`, compared by host
 * name without the port, case-insensitively). A URL that cannot be read counts as live.
 */
export function isLiveUrl(url: string, nonLiveHosts: readonly string[] = []): boolean {
  let host: string;
  try {
    host = bareHost(new URL(url).hostname);
  } catch {
    return true;
  }
  if (isLoopbackHost(host) || NON_LIVE_BINANCE_HOSTS.has(host)) return false;
  return !nonLiveHosts.some((declared) => bareHost(declared) === host);
}

/** True when `value` names an environment. */
export function isBinanceEnvironment(value: unknown): value is BinanceEnvironment {
  return typeof value === 'string' && (BINANCE_ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * The endpoints for an environment with any overrides applied. `sim` has no fixed URLs, so it
 * needs at least `restUrl`; its stream URLs default to the same origin, as the simulator serves all three.
 */
export function resolveEndpoints(
  environment: BinanceEnvironment,
  overrides: Partial<BinanceEndpoints> = {},
): BinanceEndpoints {
  if (environment === 'sim') {
    const restUrl = overrides.restUrl;
    if (restUrl === undefined) {
      throw new ConfigurationError('restUrl is required when environment is "sim" (the simulator has no fixed URL; use startSimulator().restUrl)');
    }
    const wsOrigin = restUrl.replace(/^http/, 'ws');
    return {
      restUrl: stripTrailingSlash(restUrl),
      wsStreamUrl: stripTrailingSlash(overrides.wsStreamUrl ?? wsOrigin),
      wsApiUrl: overrides.wsApiUrl ?? `${stripTrailingSlash(wsOrigin)}/ws-api/v3`,
    };
  }
  const fixed = ENVIRONMENT_ENDPOINTS[environment];
  return {
    restUrl: stripTrailingSlash(overrides.restUrl ?? fixed.restUrl),
    wsStreamUrl: stripTrailingSlash(overrides.wsStreamUrl ?? fixed.wsStreamUrl),
    wsApiUrl: overrides.wsApiUrl ?? fixed.wsApiUrl,
  };
}

function stripTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
