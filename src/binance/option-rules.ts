import type { ConfigurationSpec, EnvVariable, OptionIssue } from '../core/options.js';
import { parseBoolean, parseList, parseNumber } from '../core/options.js';
import { unescapePem } from '../core/pem.js';
import { retryPolicyIssues } from '../core/retry-policy.js';
import { Secret } from '../core/secret.js';
import type { BinanceConnectorOptions } from './options.js';
import { TIMING_FIELDS } from './streams/stream-options.js';

/**
 * The Binance connector's options that are plain data, each defined once: its rule, its default
 * and its environment variable. `resolveOptions` (what `ConnectorFactory.create('binance', ...)`
 * runs) and `loadConfig` (a config file and the environment) both check options through
 * {@link binanceOptionIssues}, so the two cannot disagree. Functions (`logger`, `clock`, `random`)
 * and the environment name are checked by `resolveOptions` alone.
 */

/**
 * Default cap on a response body: 32 MiB. The largest legitimate Binance Spot answer is the full
 * production `exchangeInfo`, estimated at about 10 MB (docs/BINANCE_CONNECTOR.md, "Response size
 * cap", records the measurements); the cap leaves three times that, and bounds what a broken or
 * hostile endpoint can make the process hold.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Waits before the status queries of a lost placement or cancel: three over about two seconds, enough for the order to reach the query database. */
export const DEFAULT_RECONCILE_DELAYS_MS: readonly number[] = [250, 600, 1200];

/** Bounds of the size caps: below 1 KiB no Binance answer fits; above 1 GiB a cap no longer protects the process. */
const MIN_SIZE_CAP = 1024;
const MAX_SIZE_CAP = 1024 * 1024 * 1024;

/** A value as a message shows it; never throws, whatever the value (a null-prototype object has no toString). */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return `${value}`;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** One option: the rule its value must meet (a message when it does not) and its default. */
interface OptionRule {
  check: (value: unknown) => string | undefined;
  default?: unknown;
}

const url = (protocols: readonly string[]) => (value: unknown): string | undefined => {
  if (typeof value !== 'string') return `must be a URL string, got ${typeof value}`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `must be an absolute URL, got ${JSON.stringify(value)}`;
  }
  return protocols.includes(parsed.protocol) ? undefined : `must use ${protocols.join(' or ')}, got ${JSON.stringify(value)}`;
};

const integer = (min: number, max: number) => (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? undefined : `must be an integer from ${min} to ${max}, got ${show(value)}`;

const boolean = (value: unknown): string | undefined => (typeof value === 'boolean' ? undefined : `must be a boolean, got ${JSON.stringify(value)}`);

const secret = (value: unknown): string | undefined => {
  if (!(value instanceof Secret) && typeof value !== 'string') return 'must be a string or a Secret';
  return Secret.from(value).reveal().trim().length === 0 ? 'must not be empty' : undefined;
};

const delays = (minLength: number) => (value: unknown): string | undefined =>
  Array.isArray(value) && value.length >= minLength && value.length <= 20
    && value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 60_000)
    ? undefined : `must be ${minLength === 0 ? 'up' : minLength} to 20 integers from 0 to 60000`;

/** recvWindow: Binance takes up to 60000 ms with at most 3 decimals (microsecond precision). */
function recvWindow(value: unknown): string | undefined {
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 60_000 && Math.round(value * 1000) === value * 1000;
  return ok ? undefined : `must be a number of ms above 0 and at most 60000 with at most 3 decimals, got ${show(value)}`;
}

/** A bare host name, as `nonLiveHosts` holds them: no scheme, port or path. */
function hosts(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of host names';
  for (const entry of value as unknown[]) {
    let parsed: URL | undefined;
    try {
      parsed = typeof entry === 'string' && entry.length > 0 ? new URL(`http://${entry}`) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.port !== '' || parsed.pathname !== '/' || parsed.host !== String(entry).toLowerCase()) {
      return `each entry must be a host name without scheme, port or path, got ${JSON.stringify(entry)}`;
    }
  }
  return undefined;
}

/** The stream connection rules, each named `streams.<field>`. */
function streamIssues(value: unknown): OptionIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: 'streams', message: 'must be an object' }];
  const streams = value as Record<string, unknown>;
  const issues: OptionIssue[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message !== undefined) issues.push({ field: `streams.${field}`, message });
  };
  for (const field of Object.keys(streams)) if (!STREAM_FIELDS.has(field)) add(field, 'unknown field');
  for (const field of [...TIMING_FIELDS, 'requestTimeoutMs'] as const) {
    const v = streams[field];
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v) || v <= 0)) add(field, `must be a positive number of ms, got ${show(v)}`);
  }
  if (streams.recoveryDelaysMs !== undefined) add('recoveryDelaysMs', delays(0)(streams.recoveryDelaysMs));
  const failures = streams.maxResubscribeFailures;
  if (failures !== undefined && (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 1)) {
    add('maxResubscribeFailures', `must be a positive integer, got ${show(failures)}`);
  }
  if (streams.maxMessageBytes !== undefined) add('maxMessageBytes', integer(MIN_SIZE_CAP, MAX_SIZE_CAP)(streams.maxMessageBytes));
  const backoff = streams.backoff;
  if (backoff !== undefined) {
    if (typeof backoff !== 'object' || backoff === null) {
      add('backoff', 'must be an object');
    } else {
      for (const [field, v] of Object.entries(backoff)) {
        if (!['initialMs', 'maxMs', 'factor'].includes(field)) add(`backoff.${field}`, 'unknown field');
        else if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) add(`backoff.${field}`, `must be a positive number, got ${show(v)}`);
      }
    }
  }
  return issues;
}

const STREAM_FIELDS: ReadonlySet<string> = new Set([
  ...TIMING_FIELDS, 'requestTimeoutMs', 'backoff', 'maxMessageBytes', 'maxResubscribeFailures', 'recoveryDelaysMs',
]);

/** Every plain-data option of the connector, by name. */
export const BINANCE_OPTION_RULES = {
  restUrl: { check: url(['http:', 'https:']) },
  wsStreamUrl: { check: url(['ws:', 'wss:']) },
  wsApiUrl: { check: url(['ws:', 'wss:']) },
  apiKey: { check: secret },
  apiSecret: { check: secret },
  privateKey: { check: secret },
  recvWindow: { check: recvWindow },
  allowLiveTrading: { check: boolean, default: false },
  nonLiveHosts: { check: hosts },
  marketDataFallback: { check: boolean, default: false },
  marketDataUrl: { check: url(['http:', 'https:']) },
  requestTimeoutMs: { check: integer(1, 120_000), default: 10_000 },
  maxResponseBytes: { check: integer(MIN_SIZE_CAP, MAX_SIZE_CAP), default: DEFAULT_MAX_RESPONSE_BYTES },
  timeSyncIntervalMs: { check: integer(1_000, 86_400_000), default: 300_000 },
  candleConcurrency: { check: integer(1, 16), default: 4 },
  reconcileDelaysMs: { check: delays(1), default: DEFAULT_RECONCILE_DELAYS_MS },
  orderEntry: { check: (v: unknown) => (v === 'rest' || v === 'ws-api' ? undefined : `must be "rest" or "ws-api", got ${JSON.stringify(v)}`), default: 'rest' },
  // Checked field by field below.
  streams: { check: () => undefined },
  retry: { check: () => undefined },
  // One option governs the longest rate-limit wait; the one it replaced must not be silently ignored.
  maxRateLimitWaitMs: { check: () => 'no longer an option; retry.maxRetryAfterMs sets the longest rate-limit wait (default 120000)' },
} as const satisfies Readonly<Record<string, OptionRule>>;

/** Name of a plain-data option. */
export type BinanceOptionName = keyof typeof BINANCE_OPTION_RULES;

/**
 * Every rule `options` breaks, in the order the options are listed, each naming its option
 * (`retry.maxRetries`, `streams.pongTimeoutMs` for nested ones). Unset options break no rule.
 */
export function binanceOptionIssues(options: Readonly<Record<string, unknown>>): OptionIssue[] {
  const issues: OptionIssue[] = [];
  for (const [name, rule] of Object.entries(BINANCE_OPTION_RULES) as [BinanceOptionName, OptionRule][]) {
    const value = options[name];
    if (value === undefined) continue;
    const message = rule.check(value);
    if (message !== undefined) issues.push({ field: name, message });
  }
  if (options.retry !== undefined) {
    if (typeof options.retry !== 'object' || options.retry === null) issues.push({ field: 'retry', message: 'must be an object' });
    else for (const issue of retryPolicyIssues(options.retry as Record<string, unknown>)) issues.push({ field: `retry.${issue.field}`, message: issue.message });
  }
  if (options.streams !== undefined) issues.push(...streamIssues(options.streams));
  if (options.apiSecret !== undefined && options.privateKey !== undefined) {
    issues.push({ field: 'apiSecret', message: 'give either apiSecret (HMAC) or privateKey (Ed25519/RSA), not both' });
  }
  return issues;
}

/** The defaults of the options that have one. */
export function binanceOptionDefaults(): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(BINANCE_OPTION_RULES) as [string, OptionRule][]) {
    if (rule.default !== undefined) defaults[name] = rule.default;
  }
  return defaults;
}

/** The connector options a configuration holds (its plain-data options), ready to pass to the connector. */
export function connectorOptionsOf(config: object): Partial<BinanceConnectorOptions> {
  const options: Record<string, unknown> = {};
  const source = config as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(BINANCE_OPTION_RULES)) if (source[name] !== undefined) options[name] = source[name];
  return options as Partial<BinanceConnectorOptions>;
}

/** The environment variables of the Binance options, and of the private key's file. */
export const BINANCE_ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'AUTOTRADER_REST_URL', field: 'restUrl' },
  { name: 'AUTOTRADER_WS_STREAM_URL', field: 'wsStreamUrl' },
  { name: 'AUTOTRADER_WS_API_URL', field: 'wsApiUrl' },
  { name: 'AUTOTRADER_RECV_WINDOW', field: 'recvWindow', parse: parseNumber },
  { name: 'AUTOTRADER_ALLOW_LIVE_TRADING', field: 'allowLiveTrading', parse: parseBoolean },
  { name: 'AUTOTRADER_NON_LIVE_HOSTS', field: 'nonLiveHosts', parse: parseList },
  { name: 'AUTOTRADER_REQUEST_TIMEOUT_MS', field: 'requestTimeoutMs', parse: parseNumber },
  { name: 'AUTOTRADER_ORDER_ENTRY', field: 'orderEntry' },
  { name: 'BINANCE_API_KEY', field: 'apiKey' },
  { name: 'BINANCE_API_SECRET', field: 'apiSecret' },
  { name: 'BINANCE_PRIVATE_KEY', field: 'privateKey', parse: unescapePem },
  { name: 'BINANCE_PRIVATE_KEY_PATH', field: 'privateKeyPath' },
];

/** What `loadConfig` needs to read a Binance configuration: the options, their rules, defaults and variables. */
export const BINANCE_CONFIGURATION: ConfigurationSpec = {
  fields: Object.keys(BINANCE_OPTION_RULES),
  issues: binanceOptionIssues,
  defaults: binanceOptionDefaults,
  env: BINANCE_ENV_VARIABLES,
};
