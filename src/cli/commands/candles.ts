import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { BinanceConnector } from '../../binance/index.js';
import { intervalMs } from '../../binance/candles.js';
import type { Candlestick, Interval } from '../../core/models.js';
import { CANDLE_ROWS, chooseRowFormat, RowSink } from '../row-sink.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf } from '../globals.js';
import { catchInterrupt, type Interrupt } from '../interrupt.js';
import { countText, isoTime } from '../format.js';
import { note, warn } from '../output.js';
import { parseInteger, parseInterval, parseSymbol, parseTime } from '../parse-args.js';
import { createProgress, type Progress } from '../progress.js';
import { COUNTED } from '../stream-views.js';

interface CandlesOptions {
  start?: string;
  end?: string;
  limit?: string;
  format?: string;
  out?: string;
}

/** What to fetch, parsed and checked before any request. */
interface CandleJob {
  symbol: string;
  interval: Interval;
  startTime: number | undefined;
  endTime: number | undefined;
  limit: number | undefined;
}

function parseJob(symbolText: string, intervalText: string, options: CandlesOptions): CandleJob {
  const job: CandleJob = {
    symbol: parseSymbol(symbolText),
    interval: parseInterval(intervalText),
    startTime: options.start === undefined ? undefined : parseTime('--start', options.start),
    endTime: options.end === undefined ? undefined : parseTime('--end', options.end),
    limit: options.limit === undefined ? undefined : parseInteger('--limit', options.limit, 1),
  };
  if (job.startTime !== undefined && job.endTime !== undefined && job.endTime < job.startTime) {
    throw new UsageError('--end: must not be before --start');
  }
  return job;
}

const STOPPED: unique symbol = Symbol('stopped');

/** Resolves to STOPPED on Ctrl-C, to race against a pending page. */
function stopped(interrupt: Interrupt): Promise<typeof STOPPED> {
  return interrupt.signal.then(() => STOPPED);
}

/** Pages through a range with the connector's history iterator, writing as pages arrive, until done, `--limit` or Ctrl-C. */
async function streamRange(connector: BinanceConnector, job: CandleJob & { startTime: number }, sink: RowSink<Candlestick>, interrupt: Interrupt, progress: (total: number) => Promise<Progress>): Promise<void> {
  const step = intervalMs(job.interval);
  let endTime = job.endTime ?? Date.now() + connector.timeOffsetMs();
  // With a limit, stop the range where the limit ends so no page beyond it is fetched.
  if (job.limit !== undefined && step !== undefined) endTime = Math.min(endTime, job.startTime + job.limit * step - 1);
  const estimate = Math.floor((endTime - job.startTime) / (step ?? 30 * 86_400_000)) + 1;
  const bar = await progress(job.limit === undefined ? estimate : Math.min(estimate, job.limit));
  const history = connector.candleHistory(job.symbol, job.interval, { startTime: job.startTime, endTime });
  try {
    while (!interrupt.requested && (job.limit === undefined || sink.count < job.limit)) {
      const pending = history.next();
      // A pending page may fail after an interrupt; nobody waits for it then.
      pending.catch(() => undefined);
      const next = await Promise.race([pending, stopped(interrupt)]);
      if (next === STOPPED || next.done === true) break;
      if (await sink.add(next.value)) bar.update(sink.count);
    }
    bar.update(sink.count);
  } finally {
    bar.stop();
    // A generator still waiting on a page cannot be returned; the disconnect ends that page instead.
    if (!interrupt.requested) await history.return(undefined);
  }
}

/** The last `--limit` candles (default 500) up to `--end` or now: one bounded request set. */
async function fetchRecent(connector: BinanceConnector, job: CandleJob, sink: RowSink<Candlestick>, interrupt: Interrupt): Promise<void> {
  const request = connector.getCandles(job.symbol, job.interval, {
    limit: job.limit ?? 500, ...(job.endTime === undefined ? {} : { endTime: job.endTime }),
  });
  request.catch(() => undefined);
  const candles: Candlestick[] | typeof STOPPED = await Promise.race([request, stopped(interrupt)]);
  if (candles === STOPPED) return;
  for (const candle of candles) await sink.add(candle);
}

/**
 * What was written, on stderr: how many candles, their open times and the file. With no candle at
 * all, a warning instead, so an empty range is never mistaken for a download.
 */
function reportWritten(io: CliIo, job: CandleJob, sink: RowSink<Candlestick>, out: string | undefined, json: boolean): void {
  const range = sink.range;
  if (range === undefined) {
    const to = job.endTime === undefined ? 'now' : isoTime(job.endTime);
    const times = job.startTime === undefined ? `up to ${to}` : `from ${isoTime(job.startTime)} to ${to}`;
    const file = out === undefined ? '' : `; ${out} ${sink.format === 'csv' ? 'holds the header only' : 'is empty'}`;
    // A table says "no candles" itself, on stdout.
    if (out !== undefined || sink.format !== 'table') warn(io, json, `no candles of ${job.symbol} ${job.interval} with open times ${times}${file}`);
    return;
  }
  if (out !== undefined) note(io, json, `wrote ${countText(sink.count, COUNTED.candles)} (open times ${isoTime(range.first)} to ${isoTime(range.last)}) to ${out}`);
}

/** `autotrader candles <symbol> <interval>`: candle history of any length as CSV, JSON lines or a table. */
export function registerCandles(program: Command, io: CliIo): void {
  program
    .command('candles')
    .description('download candles (klines): a range of any length streams to a file or stdout')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<interval>', '1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w or 1M')
    .option('--start <time>', 'first open time: ISO date (UTC unless a zone is given) or epoch ms')
    .option('--end <time>', 'last open time (inclusive): ISO date or epoch ms (default now)')
    .option('--limit <n>', 'at most n candles; without --start, the last n (default 500)')
    .option('--format <format>', 'csv, jsonl or table (default: jsonl with --json, csv for files and ranges, else table)')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nCtrl-C stops a download cleanly: the output keeps whole lines only, and the exit code is 130.')
    .action(async (symbolText: string, intervalText: string, options: CandlesOptions, command: Command) => {
      const globals = globalsOf(command);
      const job = parseJob(symbolText, intervalText, options);
      const format = chooseRowFormat(options, globals.json, options.start !== undefined);
      const sink = await RowSink.open(CANDLE_ROWS, format, options.out === undefined ? undefined : resolve(io.cwd, options.out), io.stdout);
      const interrupt = catchInterrupt(io);
      try {
        await withConnector(io, globals, async (connector) => {
          if (job.startTime === undefined) await fetchRecent(connector, job, sink, interrupt);
          else await streamRange(connector, { ...job, startTime: job.startTime }, sink, interrupt, (total) => createProgress(io.stderr, 'candles', total, !globals.json));
        });
      } finally {
        interrupt.release();
        await sink.close();
      }
      if (interrupt.requested) {
        const where = options.out === undefined ? '' : ` to ${options.out}`;
        throw new CliError(`interrupted after ${sink.count} candles written${where}`, { exitCode: ExitCode.INTERRUPTED });
      }
      reportWritten(io, job, sink, options.out, globals.json);
    });
}
