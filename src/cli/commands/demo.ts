import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { globalsOf } from '../globals.js';
import { parseInteger } from '../parse-args.js';

/** `autotrader demo` (what `npm start` runs): the guided tour against an embedded simulator. */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run the guided demo against an embedded simulator')
    .option('--seed <n>', 'market seed', '42')
    .action(async (options: { seed: string }, command: Command) => {
      const globals = globalsOf(command);
      const seed = parseInteger('--seed', options.seed, 0, 2 ** 32 - 1);
      // Loaded on demand: it embeds the whole simulator, which the other commands do not need.
      const { jsonOutput, runDemo, textOutput } = await import('../demo-tour.js');
      await runDemo((globals.json ? jsonOutput : textOutput)(io.stdout), { seed });
    });
}
