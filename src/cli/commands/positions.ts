import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { emitRows } from '../output.js';
import { positionJson } from '../serialize.js';

/** `autotrader positions`: free, locked and total of every asset held; one JSON array of them with `--json`. */
export function registerPositions(program: Command, io: CliIo): void {
  program
    .command('positions')
    .description('show free, locked and total amounts of every asset held')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      await withConnector(io, globals, async (connector) => {
        const positions = (await connector.getPositions()).sort((a, b) => a.asset.localeCompare(b.asset));
        emitRows(io, globals.json, positions, {
          toJson: positionJson,
          headers: ['asset', 'free', 'locked', 'total'],
          cells: (p) => [p.asset, p.free.toFixed(), p.locked.toFixed(), p.total.toFixed()],
          empty: 'no positions',
        });
      });
    });
}
