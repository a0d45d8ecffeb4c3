import type { Command } from 'commander';
import { withConnector } from '../connect.js';
import { table } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';
import { balancesJson } from '../serialize.js';

/** `autotrader balance`: free amounts of every asset held. */
export function registerBalance(program: Command): void {
  program
    .command('balance')
    .description('show the free balance of every asset held')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      await withConnector(globals, async (connector) => {
        const balances = balancesJson(await connector.getBalance());
        emit(globals.json, balances, () => {
          const rows = Object.entries(balances);
          return rows.length === 0 ? 'no balances' : table(['asset', 'free'], rows);
        });
      });
    });
}
