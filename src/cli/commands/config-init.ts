import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, saveConfigFile, type ConnectorConfigInput } from '../../core/config.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';

/** `autotrader config init`: a starter config file without secrets; refuses to overwrite unless `--force`. */
export function registerConfigInit(config: Command, io: CliIo): void {
  config
    .command('init')
    .description(`write a starter config file (default ./${DEFAULT_CONFIG_FILE}, or --config)`)
    .option('--force', 'overwrite an existing file')
    .action((options: { force?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const path = resolve(io.cwd, globals.config ?? DEFAULT_CONFIG_FILE);
      if (existsSync(path) && options.force !== true) {
        throw new UsageError(`config init: ${path} already exists`, 'pass --force to overwrite it, or --config <file> to write another');
      }
      // Only non-secret fields: keys are added encrypted, one at a time, with `config encrypt`.
      const data: ConnectorConfigInput = {
        exchange: 'binance',
        environment: globals.env ?? 'sim',
        ...(globals.restUrl === undefined ? {} : { restUrl: globals.restUrl }),
        recvWindow: 5000,
        requestTimeoutMs: 10_000,
        allowLiveTrading: false,
        logLevel: 'silent',
      };
      saveConfigFile(path, data);
      emit(io, globals.json, { file: path, config: data }, () => [
        `wrote ${path}`,
        'add your API key and secret encrypted (set AUTOTRADER_MASTER_KEY first):',
        `  autotrader --config ${path} config encrypt apiKey     < key.txt`,
        `  autotrader --config ${path} config encrypt apiSecret  < secret.txt`,
      ].join('\n'));
    });
}
