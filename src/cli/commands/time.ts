import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { isoTime } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit, keyValues } from '../output.js';

/** `autotrader time`: the exchange's clock next to ours, and the offset signed requests are corrected by. */
export function registerTime(program: Command, io: CliIo): void {
  program
    .command('time')
    .description('show the exchange time and the offset of the local clock')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      await withConnector(io, globals, async (connector) => {
        const serverTime = await connector.getServerTime();
        const localTime = Date.now();
        const offsetMs = connector.timeOffsetMs();
        const roundTripMs = connector.metrics().time.roundTripMs ?? null;
        emit(io, globals.json, { serverTime, localTime, offsetMs, roundTripMs }, () => keyValues([
          ['server time', `${isoTime(serverTime)} (${serverTime})`],
          ['local time', `${isoTime(localTime)} (${localTime})`],
          ['offset', `${offsetMs} ms (server minus local)`],
          ['round trip', roundTripMs === null ? 'unknown' : `${roundTripMs} ms`],
        ]));
      });
    });
}
