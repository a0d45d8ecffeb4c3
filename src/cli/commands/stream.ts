import { Option, type Command } from 'commander';
import type { MarketTickerWindow } from '../../core/models.js';
import type { BinanceConnector } from '../../binance/index.js';
import type { StreamSubscription } from '../../core/stream/events.js';
import { CommandExit, UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { globalsOf, type GlobalOptions } from '../globals.js';
import { parseInteger, parseInterval, parseSymbol } from '../parse-args.js';
import type { CountedItems } from '../format.js';
import { runStream, type StreamLimits, type StreamPresenter } from '../stream-runner.js';
import { bookPresenter, candlePresenter, COUNTED, orderPresenter, tickerPresenter, tradePresenter } from '../stream-views.js';
import { bookTickerPresenter, MARKET_COUNTED, tickersPresenter } from '../market-stream-views.js';

interface StopOptions {
  duration?: string;
  count?: string;
}

/** Longest `--duration`: 30 days. */
const MAX_DURATION_S = 30 * 86_400;

/** `--duration` in seconds (decimals allowed) and `--count`, checked before connecting. */
export function parseLimits(options: StopOptions): StreamLimits {
  let durationMs: number | undefined;
  if (options.duration !== undefined) {
    const text = options.duration.trim();
    const seconds = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_DURATION_S)) {
      throw new UsageError(`--duration: must be a number of seconds above 0 and at most ${MAX_DURATION_S}, got ${JSON.stringify(options.duration)}`);
    }
    durationMs = Math.round(seconds * 1000);
  }
  const count = options.count === undefined ? undefined : parseInteger('--count', options.count, 1);
  return { durationMs, count };
}

const HELP_AFTER = `
Output: a live view redrawn in place when stdout is a terminal, plain lines otherwise, and one
JSON object per line with --json ("subscribed", then one per event, "state" on every connection
change, "stopped" at the end with "count" of the items --count stops at and "counted" naming
them). Ctrl-C unsubscribes, disconnects and exits with 130; SIGTERM does the same and exits with
0; --duration and --count stop by themselves, exiting with 0. After a reconnect, orders and
balances missed meanwhile come first, marked "recovered", then the "resubscribed" notice; its
"complete" is false, with a warning on stderr, when the exchange could not be read to recover
them. When the exchange refuses to subscribe to order updates again (a revoked key, say),
"stopped" has reason "failed" and the command exits with 3 (authentication); when subscribing
again keeps failing (5 times in a row, with an error not known to pass, such as Binance's
unknown error -1000), it stops the same way, shows the error and exits with the code of its class (1 for an
unknown error).`;

function withStopOptions(command: Command, counted: CountedItems): Command {
  return command
    .option('--duration <seconds>', 'stop after this many seconds (decimals allowed)')
    .option('--count <n>', `stop after n ${counted.many}`)
    .addHelpText('after', HELP_AFTER);
}

/** Connects, streams until a stop condition, unsubscribes and disconnects; Ctrl-C leaves with exit code 130. */
async function stream<T>(
  io: CliIo,
  globals: GlobalOptions,
  limits: StreamLimits,
  presenter: (connector: BinanceConnector) => StreamPresenter<T>,
  subscribe: (connector: BinanceConnector, deliver: (value: T) => void) => Promise<StreamSubscription>,
): Promise<void> {
  const reason = await withConnector(io, globals, (connector) =>
    runStream(connector, presenter(connector), (deliver) => subscribe(connector, deliver), { io, json: globals.json, limits }));
  if (reason === 'SIGINT') throw new CommandExit(ExitCode.INTERRUPTED);
}

/** `autotrader stream candles|ticker|trades|book|book-ticker|tickers|orders`: live market data and order updates over WebSocket. */
export function registerStream(program: Command, io: CliIo): void {
  const group = program
    .command('stream')
    .description('stream live candles, tickers, trades, the order book, the best bid and ask, the whole market\'s tickers or order updates (WebSocket)');

  withStopOptions(group
    .command('candles')
    .description('live candles of a symbol: the forming candle as it changes, closed ones as they close')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<interval>', '1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w or 1M')
    .option('--closed', 'only closed candles (none missed across reconnects: backfilled over REST)'), COUNTED.candles)
    .action(async (symbolText: string, intervalText: string, options: StopOptions & { closed?: boolean }, command: Command) => {
      const symbol = parseSymbol(symbolText);
      const interval = parseInterval(intervalText);
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => candlePresenter(symbol, interval, connector.endpoints.wsStreamUrl),
        (connector, deliver) => connector.subscribeCandlesticks(symbol, interval, (candle) => {
          if (options.closed !== true || candle.closed) deliver(candle);
        }));
    });

  withStopOptions(group
    .command('ticker')
    .description('the live 24-hour ticker of a symbol')
    .argument('<symbol>', 'symbol, such as BTCUSDT'), COUNTED.ticker)
    .action(async (symbolText: string, options: StopOptions, command: Command) => {
      const symbol = parseSymbol(symbolText);
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => tickerPresenter(symbol, connector.endpoints.wsStreamUrl),
        (connector, deliver) => connector.subscribeTicker(symbol, deliver));
    });

  withStopOptions(group
    .command('trades')
    .description('public trades of a symbol, one by one as they happen')
    .argument('<symbol>', 'symbol, such as BTCUSDT'), COUNTED.trades)
    .action(async (symbolText: string, options: StopOptions, command: Command) => {
      const symbol = parseSymbol(symbolText);
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => tradePresenter(symbol, connector.endpoints.wsStreamUrl),
        (connector, deliver) => connector.subscribeTrades(symbol, deliver));
    });

  withStopOptions(group
    .command('book')
    .description('a local order book kept in sync from the diff stream and a REST snapshot')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .option('--depth <n>', 'levels per side (1-5000)', '10'), COUNTED.book)
    .action(async (symbolText: string, options: StopOptions & { depth: string }, command: Command) => {
      const symbol = parseSymbol(symbolText);
      const depth = parseInteger('--depth', options.depth, 1, 5000);
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => bookPresenter(symbol, depth, connector.endpoints.wsStreamUrl),
        // The default snapshot (1000 levels) covers any depth up to it; deeper books need the largest one.
        (connector, deliver) => connector.subscribeOrderBook(symbol, deliver, { depth, ...(depth > 1000 ? { snapshotLimit: 5000 } : {}) }));
    });

  withStopOptions(group
    .command('book-ticker')
    .description('the best bid and ask of a symbol, as they change')
    .argument('<symbol>', 'symbol, such as BTCUSDT'), MARKET_COUNTED.bookTicker)
    .action(async (symbolText: string, options: StopOptions, command: Command) => {
      const symbol = parseSymbol(symbolText);
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => bookTickerPresenter(symbol, connector.endpoints.wsStreamUrl),
        (connector, deliver) => connector.subscribeBookTicker(symbol, deliver));
    });

  withStopOptions(group
    .command('tickers')
    .description('the whole market\'s tickers, about once a second: only the symbols that changed, no bid or ask')
    .addOption(new Option('--window <window>', '24h: !miniTicker@arr (prices and volumes); 1h, 4h, 1d: rolling windows with change and trade count')
      .choices(['24h', '1h', '4h', '1d']).default('24h')), MARKET_COUNTED.tickers)
    .action(async (options: StopOptions & { window: MarketTickerWindow }, command: Command) => {
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => tickersPresenter(options.window, connector.endpoints.wsStreamUrl),
        (connector, deliver) => connector.subscribeAllTickers(deliver, { window: options.window }));
    });

  withStopOptions(group
    .command('orders')
    .description('order and balance updates of the account, as they happen (needs an API key)'), COUNTED.orders)
    .action(async (options: StopOptions, command: Command) => {
      const limits = parseLimits(options);
      await stream(io, globalsOf(command), limits,
        (connector) => orderPresenter(connector.endpoints.wsApiUrl),
        (connector, deliver) => connector.subscribeOrderUpdates(deliver));
    });
}
