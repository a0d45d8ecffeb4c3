import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { tickerFields } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit, keyValues } from '../output.js';
import { parseSymbol } from '../parse-args.js';
import { tickerJson } from '../serialize.js';

/** `autotrader ticker <symbol>`: the 24-hour ticker. */
export function registerTicker(program: Command, io: CliIo): void {
  program
    .command('ticker')
    .description('show the 24-hour ticker of a symbol')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .action(async (symbolText: string, _options: object, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        const t = await connector.getTicker(symbol);
        emit(io, globals.json, tickerJson(t), () => keyValues([['symbol', t.symbol], ...tickerFields(t)]));
      });
    });
}
