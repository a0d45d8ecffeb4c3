import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError, UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { countText, isoTime } from '../format.js';
import { globalsOf } from '../globals.js';
import { catchInterrupt } from '../interrupt.js';
import { note } from '../output.js';
import { parseSymbol, parseTime } from '../parse-args.js';
import { createProgress } from '../progress.js';
import { chooseRowFormat, RowSink, TRADE_ROWS } from '../row-sink.js';

interface TradesOptions {
  since?: string;
  until?: string;
  order?: string;
  format?: string;
  out?: string;
}

const DAY_MS = 86_400_000;
const FILLS = { one: 'fill', many: 'fills' };

/** The query of `trades`, checked before any request. */
function parseQuery(options: TradesOptions): { since: number | undefined; until: number | undefined } {
  const since = options.since === undefined ? undefined : parseTime('--since', options.since);
  const until = options.until === undefined ? undefined : parseTime('--until', options.until);
  if (until !== undefined && since === undefined) throw new UsageError('--until: needs --since');
  if (since !== undefined && until !== undefined && until < since) throw new UsageError('--until: must not be before --since');
  if (since !== undefined && options.order !== undefined) throw new UsageError('--order: cannot be combined with --since (Binance reads an order\'s fills by id)');
  return { since, until };
}

/** `autotrader trades <symbol>`: the account's own fills with their fees, recent ones, one order's, or a range of any length. */
export function registerTrades(program: Command, io: CliIo): void {
  program
    .command('trades')
    .description("the account's own fills of a symbol, with their fees (the most recent 500 without --since or --order)")
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .option('--since <time>', 'every fill from this time on: ISO date (UTC unless a zone is given) or epoch ms')
    .option('--until <time>', 'with --since: the last time wanted (default now)')
    .option('--order <orderId>', 'only the fills of this order')
    .option('--format <format>', 'csv, jsonl or table (default: jsonl with --json, csv for files and --since, else table)')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nCtrl-C stops a download cleanly: the output keeps whole lines only, and the exit code is 130.')
    .action(async (symbolText: string, options: TradesOptions, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      const { since, until } = parseQuery(options);
      const format = chooseRowFormat(options, globals.json, since !== undefined);
      const sink = await RowSink.open(TRADE_ROWS, format, options.out === undefined ? undefined : resolve(io.cwd, options.out), io.stdout);
      const interrupt = catchInterrupt(io);
      try {
        await withConnector(io, globals, async (connector) => {
          if (since === undefined) {
            for (const trade of await connector.getTrades(symbol, options.order === undefined ? {} : { orderId: options.order })) await sink.add(trade);
            return;
          }
          const end = until ?? Date.now() + connector.timeOffsetMs();
          // Progress in days of the range covered: how many fills a range holds is not known ahead.
          const bar = await createProgress(io.stderr, 'fills (days)', Math.max(1, Math.ceil((end - since) / DAY_MS)), !globals.json);
          const history = connector.tradeHistory(symbol, { startTime: since, endTime: end });
          try {
            for await (const trade of history) {
              if (await sink.add(trade)) bar.update(Math.floor((trade.time - since) / DAY_MS));
              if (interrupt.requested) break;
            }
          } finally {
            bar.stop();
          }
        });
      } finally {
        interrupt.release();
        await sink.close();
      }
      if (interrupt.requested) {
        throw new CliError(`interrupted after ${sink.count} fills written${options.out === undefined ? '' : ` to ${options.out}`}`, { exitCode: ExitCode.INTERRUPTED });
      }
      const range = sink.range;
      if (options.out !== undefined) {
        note(io, globals.json, range === undefined ? `no fills of ${symbol}; ${options.out} ${format === 'csv' ? 'holds the header only' : 'is empty'}`
          : `wrote ${countText(sink.count, FILLS)} (${isoTime(range.first)} to ${isoTime(range.last)}) to ${options.out}`);
      }
    });
}
