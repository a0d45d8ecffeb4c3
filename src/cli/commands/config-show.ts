import type { Command } from 'commander';
import { redactedConfig } from '../../core/config.js';
import type { CliIo } from '../cli-io.js';
import { globalsOf } from '../globals.js';
import { emit, keyValues } from '../output.js';
import { loadSettings } from '../settings.js';

/** `autotrader config show`: the effective config (file, environment variables, flags) with every secret redacted. */
export function registerConfigShow(config: Command, io: CliIo): void {
  config
    .command('show')
    .description('print the effective configuration, secrets redacted')
    .action((_options: object, command: Command) => {
      const globals = globalsOf(command);
      const settings = loadSettings(io, globals);
      // redactedConfig replaces every secret field; the Secret type redacts again if one slipped through.
      const shown = { ...redactedConfig(settings.config), ...(settings.restUrl === undefined ? {} : { restUrl: settings.restUrl }) };
      const data = { file: settings.configFile ?? null, credentials: settings.credentials?.source ?? null, config: shown };
      emit(io, globals.json, data, () => keyValues([
        ['config file', settings.configFile ?? '(none)'],
        ['credentials', settings.credentials?.source ?? '(none)'],
        ...Object.entries(shown).map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)] as const),
      ]));
    });
}
