import { Command, Option, type CommanderError } from 'commander';
import { BINANCE_CONFIGURATION } from '../binance/option-rules.js';
import { ENVIRONMENTS } from '../core/config.js';
import { ConnectorFactory } from '../core/factory.js';
import type { CliIo } from './cli-io.js';
import { registerBalance } from './commands/balance.js';
import { registerCandles } from './commands/candles.js';
import { registerConfig } from './commands/config.js';
import { registerDemo } from './commands/demo.js';
import { registerDepth } from './commands/depth.js';
import { registerDoctor } from './commands/doctor.js';
import { registerFees } from './commands/fees.js';
import { registerOrder } from './commands/order.js';
import { registerOrders } from './commands/orders.js';
import { registerPing } from './commands/ping.js';
import { registerPositions } from './commands/positions.js';
import { registerSim } from './commands/sim.js';
import { registerStream } from './commands/stream.js';
import { registerTicker } from './commands/ticker.js';
import { registerTickers } from './commands/tickers.js';
import { registerTrades } from './commands/trades.js';
import { registerTime } from './commands/time.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

/**
 * Every command, in help order. A command is one `register` function in its own file under
 * `commands/`.
 */
const COMMANDS: readonly ((program: Command, io: CliIo) => void)[] = [
  registerDemo, registerSim, registerPing, registerTime, registerCandles, registerTicker, registerTickers, registerDepth,
  registerBalance, registerPositions, registerFees, registerOrder, registerOrders, registerTrades, registerStream, registerDoctor, registerConfig,
];

/** True for commander's "help or version was shown" exits, which are successes. */
export function isHelpExit(error: CommanderError): boolean {
  return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
}

/**
 * The `autotrader` command tree, reading and writing through `io` only (commander's own help and
 * errors included). Commander throws instead of exiting, so `run` decides every exit code.
 */
export function createProgram(version: string, io: CliIo): Command {
  // The rules of the options a config file holds, without loading the connector itself: commands
  // that only read or write the configuration start faster.
  ConnectorFactory.registerConfiguration('binance', BINANCE_CONFIGURATION);
  const program = new Command();
  program
    .name('autotrader')
    .description('Binance Spot connector, exchange simulator and tools')
    .version(version)
    .addOption(new Option('--env <environment>', 'where to trade (default: config, AUTOTRADER_ENV, else sim)').choices(ENVIRONMENTS))
    .option('--json', 'machine-readable output: one JSON value (an object, or an array for lists); streams and candles give one JSON line per item', false)
    .option('--config <file>', 'config file (default: AUTOTRADER_CONFIG, else ./autotrader.config.json if present)')
    .option('--rest-url <url>', 'REST origin, overriding the environment\'s (sim default: http://127.0.0.1:4500)')
    .option('--ws-stream-url <url>', 'market stream origin, overriding the environment\'s (sim: ws:// on the REST host and port)')
    .option('--ws-api-url <url>', 'WebSocket API URL ending in /ws-api/v3, overriding the environment\'s (sim: ws://<REST host:port>/ws-api/v3)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own default width, 80, when the output is not a terminal.
      getOutHelpWidth: () => (io.stdout.isTTY === true ? io.stdout.columns : undefined) ?? 80,
      getErrHelpWidth: () => (io.stderr.isTTY === true ? io.stderr.columns : undefined) ?? 80,
      getOutHasColors: () => io.stdout.isTTY === true && io.stdout.hasColors?.() === true,
      getErrHasColors: () => io.stderr.isTTY === true && io.stderr.hasColors?.() === true,
    })
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);
  for (const register of COMMANDS) register(program, io);
  return program;
}
