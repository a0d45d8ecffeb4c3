import type { Command } from 'commander';
import type { Environment } from '../core/config.js';

/** Options every command accepts, given before or after the command name. */
export interface GlobalOptions {
  /** Where to trade; unset means the config file's or AUTOTRADER_ENV's choice, else `sim`. */
  env?: Environment;
  /** Machine-readable output. */
  json: boolean;
  /** Config file, instead of AUTOTRADER_CONFIG or ./autotrader.config.json. */
  config?: string;
  /** REST origin overriding the environment's. */
  restUrl?: string;
  /** Market stream origin overriding the environment's (in `sim`, derived from the REST origin). */
  wsStreamUrl?: string;
  /** WebSocket API URL, ending in `/ws-api/v3`, overriding the environment's (in `sim`, derived from the REST origin). */
  wsApiUrl?: string;
}

/** The global options as seen from a (sub)command. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
