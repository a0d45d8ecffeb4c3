import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigurationError } from './errors.js';
import { ConnectorFactory } from './factory.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import type { ConfigurationSpec, EnvVariable } from './options.js';
import { Secret } from './secret.js';
import { decryptSecret, encryptSecret, isEncryptedSecret, masterKeyWeakness } from './secrets-crypto.js';

/** Where a connector trades: the local simulator, the exchange's testnet or demo mode, or live. */
export const ENVIRONMENTS = ['sim', 'testnet', 'demo', 'live'] as const;
/** One of {@link ENVIRONMENTS}. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Config fields that hold secrets: kept as `Secret`, may be stored encrypted (`enc:v2:...`, or the older `enc:v1:...`). */
export const SECRET_FIELDS = ['apiKey', 'apiSecret', 'privateKey'] as const;
/** Name of a secret config field. */
export type SecretField = (typeof SECRET_FIELDS)[number];

/** File read when neither `file` nor `AUTOTRADER_CONFIG` names one, if it exists. */
export const DEFAULT_CONFIG_FILE = 'autotrader.config.json';

/** Configuration fields every exchange shares. */
export interface CoreConfig {
  /** The exchange's name in the connector factory. @default 'binance' */
  exchange: string;
  /** Where to trade. @default 'sim' */
  environment: Environment;
  /** API key. */
  apiKey?: Secret;
  /** HMAC secret of the API key. */
  apiSecret?: Secret;
  /** PEM private key of the API key. */
  privateKey?: Secret;
  /** File holding the PEM private key, instead of `privateKey`. */
  privateKeyPath?: string;
  /** Log level of the connector's logger. @default 'silent' */
  logLevel: LogLevel;
}

/**
 * The options of the configured exchange, filled in by each exchange module through declaration
 * merging, as `ConnectorRegistry` is; their rules come from the module's registration.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: exchange modules augment it
export interface ExchangeConfigOptions {}

/** A validated configuration; secrets are `Secret` instances, so printing it never shows them. */
export type ConnectorConfig = CoreConfig & ExchangeConfigOptions;

/** Configuration as written by people: every field optional, secrets as text or `Secret`. */
export type ConnectorConfigInput = {
  [K in keyof ConnectorConfig]?: (K extends SecretField ? string | Secret : ConnectorConfig[K]) | undefined;
};

/** A configuration safe to print: secrets set are shown as `[redacted]`. */
export type RedactedConfig = Omit<ConnectorConfig, SecretField> & { [K in SecretField]?: '[redacted]' };

/** Variables of the exchange-agnostic fields; each exchange brings its own (see `ConfigurationSpec.env`). */
const CORE_ENV: readonly EnvVariable[] = [
  { name: 'AUTOTRADER_ENV', field: 'environment' },
  { name: 'AUTOTRADER_LOG_LEVEL', field: 'logLevel' },
];

/** The schema of the exchange-agnostic fields, with their defaults. */
function buildCoreSchema(zod: typeof z) {
  return zod.object({
    exchange: zod.string().regex(/^[a-z0-9-]+$/, { error: 'must be a lower-case exchange name such as "binance"' }).default('binance'),
    environment: zod.enum(ENVIRONMENTS).default('sim'),
    privateKeyPath: zod.string().min(1).optional(),
    logLevel: zod.enum(LOG_LEVELS).default('silent'),
  });
}

/** Names of the exchange-agnostic fields. */
const CORE_FIELDS: ReadonlySet<string> = new Set(['exchange', 'environment', 'privateKeyPath', 'logLevel']);

/**
 * zod is required (it ships CommonJS, so loading stays synchronous) only when configuration is
 * validated, because loading it is a large share of the package's import cost and most programs
 * validate configuration once or never.
 */
let zodModule: typeof z | undefined;
function loadZod(): typeof z {
  zodModule ??= (createRequire(import.meta.url)('zod') as { z: typeof z }).z;
  return zodModule;
}

/** The options of exchange `name` (default binance) as its module registered them; the factory refuses an unknown one. */
function specOf(name: unknown): ConfigurationSpec {
  return ConnectorFactory.configuration(typeof name === 'string' ? name : String(name ?? 'binance'));
}

/** Sources of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** JSON config file; a missing one is an error. @default AUTOTRADER_CONFIG, else ./autotrader.config.json if present */
  file?: string;
  /** Environment variables. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Values that win over the file and the environment, such as command-line flags. */
  overrides?: ConnectorConfigInput;
  /** Directory relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /**
   * Told about risks that do not stop loading: a weak master key, a clear secret in a file that
   * group or others can read. Messages never contain a secret. @default process.emitWarning
   */
  onWarning?: (message: string) => void;
}

/** Node's own channel for warnings: printed on stderr unless the program listens for them. */
function emitWarning(message: string): void {
  process.emitWarning(message, 'AutotraderConfigWarning');
}

type Raw = Record<string, unknown>;

/**
 * Loads the configuration from, in increasing priority, a JSON file, environment variables and
 * `overrides`; decrypts `enc:v2:` (and `enc:v1:`) secrets with `AUTOTRADER_MASTER_KEY`; validates
 * it. Throws ConfigurationError naming every bad field and its rule; warns (see `onWarning`) about
 * a weak master key and a clear secret in a file others can read.
 */
export function loadConfig(options: LoadConfigOptions = {}): ConnectorConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const onWarning = options.onWarning ?? emitWarning;
  const file = readConfigFile(options.file ?? nonEmpty(env.AUTOTRADER_CONFIG), cwd, onWarning);
  const overrides = withoutUndefined(options.overrides ?? {});
  const spec = specOf(overrides.exchange ?? file.exchange);
  const merged = mergeSources([file, fromEnv(env, [...CORE_ENV, ...spec.env]), overrides]);
  decryptFields(merged, nonEmpty(env.AUTOTRADER_MASTER_KEY), onWarning);
  return parseConfig(merged);
}

/** Validates raw configuration data (no files, no environment); throws ConfigurationError naming each bad field. */
export function parseConfig(raw: unknown): ConnectorConfig {
  if (!isObject(raw)) throw new ConfigurationError('invalid configuration: must be an object');
  // The exchange's options are checked by the exchange's own rules, the ones its connector applies.
  const spec = specOf(raw.exchange);
  const core = buildCoreSchema(loadZod()).safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => CORE_FIELDS.has(key))));
  const problems = core.success ? [] : core.error.issues.flatMap((issue) => describeIssue(issue));
  for (const issue of spec.issues(raw)) problems.push(`${issue.field}: ${issue.message}`);
  if (raw.privateKey !== undefined && raw.privateKeyPath !== undefined) problems.push('privateKeyPath: give either privateKey or privateKeyPath, not both');
  const known = new Set([...CORE_FIELDS, ...SECRET_FIELDS, ...spec.fields]);
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`${key}: unknown field`);
  if (!core.success || problems.length > 0) throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`);
  const config: Raw = { ...spec.defaults(), ...raw, ...core.data };
  for (const field of SECRET_FIELDS) if (config[field] !== undefined) config[field] = Secret.from(config[field] as string | Secret);
  return config as unknown as ConnectorConfig;
}

/** A copy of `config` for display, with every secret that is set replaced by `[redacted]`. */
export function redactedConfig(config: ConnectorConfig): RedactedConfig {
  const copy: Raw = { ...config };
  for (const field of SECRET_FIELDS) if (copy[field] !== undefined) copy[field] = '[redacted]';
  return copy as RedactedConfig;
}

/** The PEM private key: `privateKey` itself, or the contents of the file at `privateKeyPath`. */
export function readPrivateKey(config: ConnectorConfig, cwd: string = process.cwd()): Secret | undefined {
  if (config.privateKey !== undefined || config.privateKeyPath === undefined) return config.privateKey;
  const path = resolve(cwd, config.privateKeyPath);
  try {
    return new Secret(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`privateKeyPath: cannot read ${path}`, { cause: error });
  }
}

/**
 * Writes the fields of `config` as a JSON file readable only by its owner. Secrets are never
 * written in clear: already encrypted text is kept as it is, others are encrypted with
 * `masterKey` (default `AUTOTRADER_MASTER_KEY`), and without one the write is refused. A weak
 * master key is reported to `onWarning` (default `process.emitWarning`).
 */
export function saveConfigFile(
  path: string,
  config: ConnectorConfigInput,
  options: { masterKey?: string | Secret; onWarning?: (message: string) => void } = {},
): void {
  const data: Raw = withoutUndefined(config);
  parseConfig(data);
  const masterKey = options.masterKey ?? nonEmpty(process.env.AUTOTRADER_MASTER_KEY);
  const toEncrypt = SECRET_FIELDS.filter((field) => data[field] !== undefined && !isEncrypted(data[field]));
  if (toEncrypt.length > 0) {
    if (masterKey === undefined) {
      throw new ConfigurationError(`${toEncrypt[0]!}: refusing to write a secret in clear; set AUTOTRADER_MASTER_KEY to encrypt it`, { field: 'AUTOTRADER_MASTER_KEY' });
    }
    warnIfWeak(masterKey, options.onWarning ?? emitWarning);
    for (const field of toEncrypt) data[field] = encryptSecret(data[field] as string | Secret, masterKey);
  }
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function warnIfWeak(masterKey: string | Secret, onWarning: (message: string) => void): void {
  const weakness = masterKeyWeakness(masterKey);
  if (weakness !== undefined) onWarning(weakness);
}

/**
 * Group and others may not read a file that holds a secret in clear: the secret is as good as
 * theirs. Checked on the mode bits, which Windows does not keep.
 */
function checkClearSecretsMode(path: string, data: Raw, onWarning: (message: string) => void): void {
  if (process.platform === 'win32') return;
  const clear = SECRET_FIELDS.filter((field) => typeof data[field] === 'string' && !isEncrypted(data[field]));
  if (clear.length === 0) return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o044) === 0) return;
  onWarning(`config file ${path} holds ${clear.join(', ')} in clear and is readable by group or others (mode ${mode.toString(8)}): `
    + `run \`chmod 600 ${path}\`, or encrypt them with \`autotrader config encrypt <field>\``);
}

function readConfigFile(file: string | undefined, cwd: string, onWarning: (message: string) => void): Raw {
  const path = resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  if (file === undefined && !existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`config file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`config file ${path}: is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigurationError(`config file ${path}: must hold a JSON object`);
  }
  checkClearSecretsMode(path, data as Raw, onWarning);
  return data as Raw;
}

function fromEnv(env: NodeJS.ProcessEnv, variables: readonly EnvVariable[]): Raw {
  const data: Raw = {};
  for (const { name, field, parse } of variables) {
    const text = nonEmpty(env[name]);
    if (text !== undefined) data[field] = parse ? parse(text) : text;
  }
  return data;
}

function mergeSources(sources: Raw[]): Raw {
  const merged: Raw = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const previous = merged[key];
      merged[key] = key === 'retry' && isObject(previous) && isObject(value) ? { ...previous, ...value } : value;
    }
  }
  return merged;
}

function decryptFields(data: Raw, masterKey: string | undefined, onWarning: (message: string) => void): void {
  const encrypted = SECRET_FIELDS.filter((field) => isEncrypted(data[field]));
  if (masterKey !== undefined && encrypted.length > 0) warnIfWeak(masterKey, onWarning);
  for (const field of encrypted) {
    const value = data[field] as string;
    if (masterKey === undefined) throw new ConfigurationError(`${field}: is encrypted but AUTOTRADER_MASTER_KEY is not set`, { field: 'AUTOTRADER_MASTER_KEY' });
    try {
      data[field] = new Secret(decryptSecret(value, masterKey));
    } catch (error) {
      throw new ConfigurationError(`${field}: ${(error as Error).message}`, { field: 'AUTOTRADER_MASTER_KEY', cause: error });
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String).join('.');
  const at = (field: string): string => (path === '' ? field : `${path}.${field}`);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${at(key)}: unknown field`);
    case 'invalid_type':
      return [`${path}: must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`];
    case 'too_big':
      return [`${path}: must be at most ${String(issue.maximum)}`];
    case 'too_small':
      return [`${path}: ${issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`}`];
    case 'invalid_value':
      return [`${path}: must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`];
    default:
      return [`${path}: ${issue.message}`];
  }
}

function isEncrypted(value: unknown): boolean {
  return typeof value === 'string' && isEncryptedSecret(value);
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

function withoutUndefined(data: object): Raw {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}
