import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig, readPrivateKey, type ConnectorConfig, type Environment } from '../core/config.js';
import { Secret } from '../core/secret.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../simulator/engine/accounts.js';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './globals.js';
import { warn } from './output.js';

/** Where `autotrader sim` listens by default, and so where the other commands look for it. */
export const DEFAULT_SIM_PORT = 4500;
/** REST origin used in env `sim` when neither a flag, AUTOTRADER_REST_URL nor the config names one. */
export const DEFAULT_SIM_REST_URL = `http://127.0.0.1:${DEFAULT_SIM_PORT}`;

/** The credentials a command signs with, and where they came from. */
export interface Credentials {
  apiKey: Secret;
  apiSecret?: Secret | undefined;
  privateKey?: Secret | undefined;
  /** Where the API key came from: the config file, the environment variables (which win over the file), or the simulator's demo account. */
  source: 'config file' | 'environment variables' | 'simulator demo account';
}

/** Everything a command needs to reach the exchange. */
export interface Settings {
  config: ConnectorConfig;
  environment: Environment;
  /** The REST origin in use, defaults applied. */
  restUrl: string | undefined;
  credentials: Credentials | undefined;
  /** The config file read, if any. */
  configFile: string | undefined;
}

/** Which config file loadConfig reads, for display: the flag, AUTOTRADER_CONFIG, or the default if present. */
export function configFilePath(globals: Pick<GlobalOptions, 'config'>, io: Pick<CliIo, 'env' | 'cwd'>): string | undefined {
  const named = globals.config ?? (io.env.AUTOTRADER_CONFIG?.trim() || undefined);
  if (named !== undefined) return resolve(io.cwd, named);
  const fallback = resolve(io.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

function credentialsOf(config: ConnectorConfig, environment: Environment, io: Pick<CliIo, 'env' | 'cwd'>): Credentials | undefined {
  const privateKey = readPrivateKey(config, io.cwd);
  if (config.apiKey !== undefined) {
    // The same rule loadConfig applies: a set variable wins over the file.
    const source = io.env.BINANCE_API_KEY?.trim() ? 'environment variables' : 'config file';
    return { apiKey: config.apiKey, apiSecret: config.apiSecret, privateKey, source };
  }
  // The simulator's demo account is public and documented, so `sim` works with no setup at all.
  if (environment === 'sim' && config.apiSecret === undefined && privateKey === undefined) {
    return { apiKey: new Secret(DEMO_API_KEY), apiSecret: new Secret(DEMO_API_SECRET), source: 'simulator demo account' };
  }
  return undefined;
}

/** Config file, then environment variables, then flags (which win); with the `sim` defaults filled in. */
export function loadSettings(io: CliIo, globals: GlobalOptions): Settings {
  const config = loadConfig({
    ...(globals.config === undefined ? {} : { file: globals.config }),
    env: io.env,
    cwd: io.cwd,
    onWarning: (message) => warn(io, globals.json, message),
    overrides: { environment: globals.env, restUrl: globals.restUrl, wsStreamUrl: globals.wsStreamUrl, wsApiUrl: globals.wsApiUrl },
  });
  const environment = config.environment;
  const restUrl = config.restUrl ?? (environment === 'sim' ? DEFAULT_SIM_REST_URL : undefined);
  return { config, environment, restUrl, credentials: credentialsOf(config, environment, io), configFile: configFilePath(globals, io) };
}
