import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, SECRET_FIELDS, saveConfigFile, type ConnectorConfigInput } from '../../core/config.js';
import { Secret } from '../../core/secret.js';
import { encryptSecret, masterKeyWeakness } from '../../core/secrets-crypto.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { globalsOf } from '../globals.js';
import { emit, warn } from '../output.js';
import { parseChoice } from '../parse-args.js';
import { readSecret } from '../read-secret.js';

function masterKey(env: NodeJS.ProcessEnv): Secret {
  const key = env.AUTOTRADER_MASTER_KEY;
  if (key === undefined || key.trim() === '') {
    throw new UsageError('AUTOTRADER_MASTER_KEY is not set', 'export AUTOTRADER_MASTER_KEY with a long random passphrase; keep it out of the config file');
  }
  return new Secret(key);
}

/** The file's own fields, as written: encrypted secrets stay encrypted, nothing from the environment is mixed in. */
function readRawConfig(path: string): ConnectorConfigInput {
  if (!existsSync(path)) return { exchange: 'binance' };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`config file ${path}: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`config file ${path}: must hold a JSON object`);
  // saveConfigFile validates every field before writing, so the unchecked fields here cannot slip through.
  return data as ConnectorConfigInput;
}

/** `autotrader config encrypt [field]`: encrypts a secret read from stdin; stores it in the config file, or prints it. */
export function registerConfigEncrypt(config: Command, io: CliIo): void {
  config
    .command('encrypt')
    .description('encrypt a secret read from stdin with AUTOTRADER_MASTER_KEY; store it as <field> in the config file, or print it')
    .argument('[field]', `${SECRET_FIELDS.join(', ')}: store it in the config file; without it, print the enc:v2: text`)
    .action(async (fieldText: string | undefined, _options: object, command: Command) => {
      const globals = globalsOf(command);
      const field = fieldText === undefined ? undefined : parseChoice('field', fieldText, SECRET_FIELDS);
      const key = masterKey(io.env);
      const secret = new Secret(await readSecret(io));
      if (field === undefined) {
        const weakness = masterKeyWeakness(key);
        if (weakness !== undefined) warn(io, globals.json, weakness);
        const encrypted = encryptSecret(secret, key);
        emit(io, globals.json, { encrypted }, () => encrypted);
        return;
      }
      const path = resolve(io.cwd, globals.config ?? DEFAULT_CONFIG_FILE);
      // saveConfigFile encrypts every clear secret, and says when the master key is weak.
      saveConfigFile(path, { ...readRawConfig(path), [field]: secret }, { masterKey: key, onWarning: (message) => warn(io, globals.json, message) });
      emit(io, globals.json, { file: path, field, encrypted: true }, () => `stored ${field} encrypted in ${path}`);
    });
}
