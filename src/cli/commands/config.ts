import type { Command } from 'commander';
import { registerConfigEncrypt } from './config-encrypt.js';
import { registerConfigInit } from './config-init.js';
import { registerConfigShow } from './config-show.js';
import type { CliIo } from '../cli-io.js';

/** `autotrader config init|show|encrypt`. */
export function registerConfig(program: Command, io: CliIo): void {
  const config = program.command('config').description('create, show or add encrypted secrets to the config file');
  registerConfigInit(config, io);
  registerConfigShow(config, io);
  registerConfigEncrypt(config, io);
}
