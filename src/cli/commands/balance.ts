import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { table } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';
import { balancesJson } from '../serialize.js';

/** `autotrader balance`: free amounts of every asset held. */
export function registerBalance(program: Command, io: CliIo): void {
  program
    .command('balance')
    .description('show the free balance of every asset held')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      await withConnector(io, globals, async (connector) => {
        const balances = balancesJson(await connector.getBalance());
        emit(io, globals.json, balances, () => {
          const rows = Object.entries(balances);
          return rows.length === 0 ? 'no balances' : table(['asset', 'free'], rows);
        });
      });
    });
}
