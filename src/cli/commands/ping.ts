import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';

/** `autotrader ping`: proves the REST API answers, and how fast. */
export function registerPing(program: Command, io: CliIo): void {
  program
    .command('ping')
    .description('check that the exchange REST API answers')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      await withConnector(io, globals, async (connector) => {
        const started = performance.now();
        await connector.ping();
        const latencyMs = Math.round(performance.now() - started);
        emit(io, globals.json, { ok: true, environment: connector.environment, restUrl: connector.restUrl, latencyMs },
          () => `pong from ${connector.restUrl} (${connector.environment}) in ${latencyMs} ms`);
      });
    });
}
