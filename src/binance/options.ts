import { createPrivateKey } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import { systemClock, type Clock } from '../core/clock.js';
import { ConfigurationError } from '../core/errors.js';
import { unescapePem } from '../core/pem.js';
import { createRetryPolicy, type RetryPolicy, type RetryPolicyInput } from '../core/retry-policy.js';
import { Secret } from '../core/secret.js';
import { createSigner, type Signer } from './signing.js';
import { BINANCE_ENVIRONMENTS, isBinanceEnvironment, resolveEndpoints, type BinanceEndpoints, type BinanceEnvironment } from './environments.js';
import type { BINANCE_OPTION_RULES} from './option-rules.js';
import { binanceOptionDefaults, binanceOptionIssues } from './option-rules.js';
import { marketDataFallbackOrigin } from './rest/market-data-fallback.js';
import { DEFAULT_MAX_MESSAGE_BYTES, type StreamConnectionOptions } from './streams/stream-options.js';

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

/** The options a config file or the environment can set: the plain data ones, with their defaults applied. */
export type BinanceConfigOptions = Omit<
  BinanceConnectorOptions, 'environment' | 'apiKey' | 'apiSecret' | 'privateKey' | 'logger' | 'clock' | 'random'
> & {
  [K in 'allowLiveTrading' | 'marketDataFallback' | 'requestTimeoutMs' | 'maxResponseBytes' | 'timeSyncIntervalMs' | 'candleConcurrency'
    | 'reconcileDelaysMs' | 'orderEntry']-?: NonNullable<BinanceConnectorOptions[K]>;
};

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

function fail(option: string, rule: string): never {
  throw new ConfigurationError(`${option}: ${rule}`);
}

function checkSigner(apiSecret: Secret | undefined, privateKey: Secret | undefined): Signer | undefined {
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

function secretOf(value: string | Secret | undefined): Secret | undefined {
  return value === undefined ? undefined : Secret.from(value);
}

/**
 * Validates options once; every message names the option and the rule it breaks. The plain-data
 * options are checked by the rules `loadConfig` applies to a config file ({@link binanceOptionIssues}).
 */
export function resolveOptions(options: BinanceConnectorOptions): ResolvedBinanceOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  if (!isBinanceEnvironment(options.environment)) {
    fail('environment', `must be one of ${BINANCE_ENVIRONMENTS.join(', ')}, got ${JSON.stringify(options.environment)}`);
  }
  const issue = binanceOptionIssues(options as unknown as Readonly<Record<string, unknown>>)[0];
  if (issue !== undefined) fail(issue.field, issue.message);
  if (options.random !== undefined && typeof options.random !== 'function') fail('random', 'must be a function returning a number in [0, 1)');
  const { restUrl, wsStreamUrl, wsApiUrl } = options;
  const endpoints = resolveEndpoints(options.environment, {
    ...(restUrl === undefined ? {} : { restUrl }),
    ...(wsStreamUrl === undefined ? {} : { wsStreamUrl }),
    ...(wsApiUrl === undefined ? {} : { wsApiUrl }),
  });
  const apiKey = secretOf(options.apiKey);
  const signer = checkSigner(secretOf(options.apiSecret), secretOf(options.privateKey));
  if (signer !== undefined && apiKey === undefined) fail('apiKey', 'is required with apiSecret or privateKey');
  const defaults = binanceOptionDefaults();
  const value = <K extends keyof typeof BINANCE_OPTION_RULES>(name: K): NonNullable<BinanceConnectorOptions[K & keyof BinanceConnectorOptions]> =>
    (options[name as keyof BinanceConnectorOptions] ?? defaults[name]) as NonNullable<BinanceConnectorOptions[K & keyof BinanceConnectorOptions]>;
  const streams = options.streams ?? {};
  return {
    environment: options.environment,
    endpoints,
    apiKey,
    signer,
    recvWindow: options.recvWindow,
    allowLiveTrading: value('allowLiveTrading'),
    // Host names compare in lower case, as URLs give them.
    nonLiveHosts: (options.nonLiveHosts ?? []).map((host) => new URL(`http://${host}`).hostname),
    marketDataUrl: options.marketDataFallback === true ? marketDataFallbackOrigin(endpoints.restUrl, options.marketDataUrl) : undefined,
    requestTimeoutMs: value('requestTimeoutMs'),
    maxResponseBytes: value('maxResponseBytes'),
    retry: createRetryPolicy(options.retry ?? {}),
    logger: options.logger,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    timeSyncIntervalMs: value('timeSyncIntervalMs'),
    candleConcurrency: value('candleConcurrency'),
    reconcileDelaysMs: [...value('reconcileDelaysMs')],
    orderEntry: value('orderEntry'),
    streams: { ...streams, maxMessageBytes: streams.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
  };
}
