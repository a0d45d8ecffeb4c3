import { createPrivateKey } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import { systemClock, type Clock } from '../core/clock.js';
import { ConfigurationError } from '../core/errors.js';
import { unescapePem } from '../core/pem.js';
import { createRetryPolicy, retryPolicyIssues, type RetryPolicy, type RetryPolicyInput } from '../core/retry-policy.js';
import { Secret } from '../core/secret.js';
import { createSigner, type Signer } from './signing.js';
import { BINANCE_ENVIRONMENTS, isBinanceEnvironment, resolveEndpoints, type BinanceEndpoints, type BinanceEnvironment } from './environments.js';
import { DEFAULT_RECONCILE } from './order-placement.js';
import { marketDataFallbackOrigin } from './rest/market-data-fallback.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './rest/transport.js';
import { DEFAULT_MAX_MESSAGE_BYTES, TIMING_FIELDS, type StreamConnectionOptions } from './streams/stream-options.js';

/** Where orders are placed and canceled: REST, or the WebSocket API connection that also carries order updates. */
export type OrderEntry = 'rest' | 'ws-api';

/** Options of a BinanceConnector; validated once, at construction. */
export interface BinanceConnectorOptions {
  /** `sim` (the local simulator; needs `restUrl`), `testnet`, `demo` or `live`. */
  environment: BinanceEnvironment;
  /** REST origin overriding the environment's, such as `http://127.0.0.1:4500`. */
  restUrl?: string | undefined;
  /** Stream origin overriding the environment's. */
  wsStreamUrl?: string | undefined;
  /** Full WebSocket API URL (ending in `/ws-api/v3`) overriding the environment's. */
  wsApiUrl?: string | undefined;
  /** API key, sent as `X-MBX-APIKEY`; needed for account and order calls. */
  apiKey?: string | Secret | undefined;
  /** HMAC secret of the API key. Mutually exclusive with `privateKey`. */
  apiSecret?: string | Secret | undefined;
  /** PEM private key (Ed25519 or RSA PKCS#8) of the API key, with line breaks or on one line with `\n` escapes. Mutually exclusive with `apiSecret`. */
  privateKey?: string | Secret | undefined;
  /** recvWindow sent with signed requests, in ms (up to 60000, 3 decimals). @default Binance's 5000 */
  recvWindow?: number | undefined;
  /**
   * Must be true to place, change or cancel orders on a live host: `environment: 'live'`, or any
   * REST or WebSocket API host but loopback, the Spot Testnet, Demo Mode and `nonLiveHosts`. @default false
   */
  allowLiveTrading?: boolean | undefined;
  /** Host names (no scheme, no port) of private non-production exchanges, such as a simulator on another machine, that trade no real funds. @default [] */
  nonLiveHosts?: readonly string[] | undefined;
  /**
   * Retry a public market-data read once against the public market-data host when the REST host
   * fails; only from Binance's production REST hosts (the Testnet, Demo Mode and the simulator are
   * other exchanges), unless `marketDataUrl` names a host explicitly. @default false
   */
  marketDataFallback?: boolean | undefined;
  /** The host of that fallback, serving the same exchange's data as the REST host. @default https://data-api.binance.vision for production */
  marketDataUrl?: string | undefined;
  /** Per-request timeout in ms. @default 10000 */
  requestTimeoutMs?: number | undefined;
  /**
   * Largest REST response body read, in bytes; past it reading stops, the connection is dropped and
   * the request fails with ResponseTooLargeError. @default 33554432 (32 MiB, about three times the
   * largest legitimate Binance answer, the full production exchangeInfo)
   */
  maxResponseBytes?: number | undefined;
  /** Retry policy of idempotent requests, or changes to the defaults. @default DEFAULT_RETRY_POLICY */
  retry?: RetryPolicyInput | undefined;
  /** pino logger; secrets are never passed to it. @default a silent logger */
  logger?: Logger | undefined;
  /** Clock and timers. @default systemClock */
  clock?: Clock | undefined;
  /** Randomness in [0, 1) for client order ids and retry jitter. @default Math.random */
  random?: (() => number) | undefined;
  /** How often the server time offset is measured again. @default 300000 (5 min) */
  timeSyncIntervalMs?: number | undefined;
  /** Candle pages fetched at once for a known range. @default 4 */
  candleConcurrency?: number | undefined;
  /** Waits before each status query after a lost placement or cancel answer; the length is the number of queries. @default [250, 600, 1200] */
  reconcileDelaysMs?: readonly number[] | undefined;
  /** Send `placeOrder`/`cancelOrder` over REST or the WebSocket API (same validation, limits and reconciliation). @default 'rest' */
  orderEntry?: OrderEntry | undefined;
  /** Stream connection rules: backoff, staleness watchdog, planned replacement age, request timeout. */
  streams?: StreamConnectionOptions | undefined;
}

/** Options after validation, with defaults applied. */
export interface ResolvedBinanceOptions {
  environment: BinanceEnvironment;
  endpoints: BinanceEndpoints;
  apiKey: Secret | undefined;
  signer: Signer | undefined;
  recvWindow: number | undefined;
  allowLiveTrading: boolean;
  nonLiveHosts: readonly string[];
  marketDataUrl: string | undefined;
  requestTimeoutMs: number;
  maxResponseBytes: number;
  retry: RetryPolicy;
  logger: Logger | undefined;
  clock: Clock;
  random: () => number;
  timeSyncIntervalMs: number;
  candleConcurrency: number;
  reconcileDelaysMs: readonly number[];
  orderEntry: OrderEntry;
  streams: StreamConnectionOptions;
}

/** Bounds of the size caps: below 1 KiB no Binance answer fits; above 1 GiB a cap no longer protects the process. */
const MIN_SIZE_CAP = 1024;
const MAX_SIZE_CAP = 1024 * 1024 * 1024;

function fail(option: string, rule: string): never {
  throw new ConfigurationError(`${option}: ${rule}`);
}

function checkUrl(option: string, value: unknown, protocols: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(option, `must be a URL string, got ${typeof value}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(option, `must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (!protocols.includes(url.protocol)) fail(option, `must use ${protocols.join(' or ')}, got ${JSON.stringify(value)}`);
  return value;
}

function checkInteger(option: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(option, `must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function checkText(option: string, value: unknown): Secret | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Secret) && typeof value !== 'string') fail(option, 'must be a string or a Secret');
  const secret = Secret.from(value);
  if (secret.reveal().trim().length === 0) fail(option, 'must not be empty');
  return secret;
}

function checkSigner(apiSecret: Secret | undefined, privateKey: Secret | undefined): Signer | undefined {
  if (apiSecret !== undefined && privateKey !== undefined) fail('apiSecret', 'give either apiSecret (HMAC) or privateKey (Ed25519/RSA), not both');
  if (apiSecret !== undefined) return createSigner({ apiSecret: apiSecret.reveal() });
  if (privateKey === undefined) return undefined;
  try {
    // The same rule as BINANCE_PRIVATE_KEY in loadConfig: a one-line key with `\n` escapes is accepted.
    return createSigner({ privateKey: createPrivateKey(unescapePem(privateKey.reveal())) });
  } catch (error) {
    // The key's text must not reach the message, only the reason it was refused.
    const reason = error instanceof TypeError && /Ed25519 or RSA/.test(error.message) ? error.message.replace(/^privateKey /, '') : 'is not a readable PEM private key';
    return fail('privateKey', `must be an Ed25519 or RSA private key in PEM (PKCS#8): ${reason}`);
  }
}

function checkRecvWindow(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 60_000 || Math.round(value * 1000) !== value * 1000) {
    fail('recvWindow', `must be a number of ms above 0 and at most 60000 with at most 3 decimals, got ${String(value)}`);
  }
  return value;
}

function checkDelays(value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_RECONCILE.delaysMs;
  if (!Array.isArray(value) || value.length === 0 || value.length > 20
    || !value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 60_000)) {
    fail('reconcileDelaysMs', 'must be 1 to 20 integers from 0 to 60000');
  }
  return [...(value as number[])];
}

function checkHosts(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('nonLiveHosts', 'must be an array of host names');
  return value.map((entry: unknown) => {
    let url: URL | undefined;
    try {
      url = typeof entry === 'string' && entry.length > 0 ? new URL(`http://${entry}`) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || url.port !== '' || url.pathname !== '/' || url.host !== String(entry).toLowerCase()) {
      fail('nonLiveHosts', `each entry must be a host name without scheme, port or path, got ${JSON.stringify(entry)}`);
    }
    return url.hostname;
  });
}

function checkOrderEntry(value: unknown): OrderEntry {
  if (value === undefined) return 'rest';
  if (value !== 'rest' && value !== 'ws-api') fail('orderEntry', `must be "rest" or "ws-api", got ${JSON.stringify(value)}`);
  return value;
}

function checkStreams(value: unknown): StreamConnectionOptions {
  if (value === undefined) return { maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
  if (typeof value !== 'object' || value === null) fail('streams', 'must be an object');
  const streams = value as StreamConnectionOptions;
  for (const field of [...TIMING_FIELDS, 'requestTimeoutMs'] as const) {
    const v = streams[field];
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v) || v <= 0)) fail(`streams.${field}`, `must be a positive number of ms, got ${String(v)}`);
  }
  const delays: unknown = streams.recoveryDelaysMs;
  if (delays !== undefined && (!Array.isArray(delays) || delays.length > 20
    || !delays.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 60_000))) {
    fail('streams.recoveryDelaysMs', 'must be up to 20 integers from 0 to 60000');
  }
  const failures = streams.maxResubscribeFailures;
  if (failures !== undefined && (!Number.isInteger(failures) || failures < 1)) fail('streams.maxResubscribeFailures', `must be a positive integer, got ${String(failures)}`);
  const backoff = streams.backoff;
  if (backoff !== undefined) {
    for (const field of ['initialMs', 'maxMs', 'factor'] as const) {
      const v = backoff[field];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) fail(`streams.backoff.${field}`, `must be a positive number, got ${String(v)}`);
    }
  }
  return { ...streams, maxMessageBytes: checkInteger('streams.maxMessageBytes', streams.maxMessageBytes, MIN_SIZE_CAP, MAX_SIZE_CAP, DEFAULT_MAX_MESSAGE_BYTES) };
}

/** Validates options once; every message names the option and the rule it breaks. */
export function resolveOptions(options: BinanceConnectorOptions): ResolvedBinanceOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  if (!isBinanceEnvironment(options.environment)) {
    fail('environment', `must be one of ${BINANCE_ENVIRONMENTS.join(', ')}, got ${JSON.stringify(options.environment)}`);
  }
  const restUrl = checkUrl('restUrl', options.restUrl, ['http:', 'https:']);
  const wsStreamUrl = checkUrl('wsStreamUrl', options.wsStreamUrl, ['ws:', 'wss:']);
  const wsApiUrl = checkUrl('wsApiUrl', options.wsApiUrl, ['ws:', 'wss:']);
  const endpoints = resolveEndpoints(options.environment, {
    ...(restUrl === undefined ? {} : { restUrl }),
    ...(wsStreamUrl === undefined ? {} : { wsStreamUrl }),
    ...(wsApiUrl === undefined ? {} : { wsApiUrl }),
  });
  const apiKey = checkText('apiKey', options.apiKey);
  const signer = checkSigner(checkText('apiSecret', options.apiSecret), checkText('privateKey', options.privateKey));
  if (signer !== undefined && apiKey === undefined) fail('apiKey', 'is required with apiSecret or privateKey');
  if (options.allowLiveTrading !== undefined && typeof options.allowLiveTrading !== 'boolean') fail('allowLiveTrading', 'must be a boolean');
  if (options.marketDataFallback !== undefined && typeof options.marketDataFallback !== 'boolean') fail('marketDataFallback', 'must be a boolean');
  const marketDataUrl = checkUrl('marketDataUrl', options.marketDataUrl, ['http:', 'https:']);
  // One option governs the longest rate-limit wait; a second one (removed) must not be silently ignored.
  if ((options as { maxRateLimitWaitMs?: unknown }).maxRateLimitWaitMs !== undefined) {
    fail('maxRateLimitWaitMs', 'no longer an option; retry.maxRetryAfterMs sets the longest rate-limit wait (default 120000)');
  }
  const retryIssues = options.retry === undefined ? [] : retryPolicyIssues(options.retry);
  if (retryIssues.length > 0) fail(`retry.${retryIssues[0]!.field}`, retryIssues[0]!.message);
  if (options.random !== undefined && typeof options.random !== 'function') fail('random', 'must be a function returning a number in [0, 1)');
  return {
    environment: options.environment,
    endpoints,
    apiKey,
    signer,
    recvWindow: checkRecvWindow(options.recvWindow),
    allowLiveTrading: options.allowLiveTrading ?? false,
    nonLiveHosts: checkHosts(options.nonLiveHosts),
    marketDataUrl: options.marketDataFallback === true ? marketDataFallbackOrigin(endpoints.restUrl, marketDataUrl) : undefined,
    requestTimeoutMs: checkInteger('requestTimeoutMs', options.requestTimeoutMs, 1, 120_000, 10_000),
    maxResponseBytes: checkInteger('maxResponseBytes', options.maxResponseBytes, MIN_SIZE_CAP, MAX_SIZE_CAP, DEFAULT_MAX_RESPONSE_BYTES),
    retry: createRetryPolicy(options.retry ?? {}),
    logger: options.logger,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    timeSyncIntervalMs: checkInteger('timeSyncIntervalMs', options.timeSyncIntervalMs, 1_000, 86_400_000, 300_000),
    candleConcurrency: checkInteger('candleConcurrency', options.candleConcurrency, 1, 16, 4),
    reconcileDelaysMs: checkDelays(options.reconcileDelaysMs),
    orderEntry: checkOrderEntry(options.orderEntry),
    streams: checkStreams(options.streams),
  };
}
