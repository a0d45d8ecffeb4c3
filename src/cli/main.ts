#!/usr/bin/env node
import { Command } from 'commander';
import { jsonOutput, runDemo, textOutput } from './commands/demo.js';

const program = new Command();
program
  .name('autotrader')
  .description('Binance Spot connector, exchange simulator and tools')
  .option('--env <environment>', 'sim | testnet | demo | live', 'sim')
  .option('--json', 'machine-readable output: one JSON object per line', false);

program
  .command('demo')
  .description('run the guided demo against an embedded simulator')
  .option('--seed <n>', 'market seed', '42')
  .action(async (opts: { seed: string }) => {
    const globals = program.opts<{ json: boolean }>();
    await runDemo(globals.json ? jsonOutput : textOutput, { seed: Number(opts.seed) });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`autotrader: ${message}`);
  process.exitCode = 1;
});
