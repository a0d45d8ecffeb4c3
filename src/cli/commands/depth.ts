import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { table } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';
import { parseInteger, parseSymbol } from '../parse-args.js';
import { bookJson } from '../serialize.js';

/** `autotrader depth <symbol>`: an order book snapshot, bids and asks side by side. */
export function registerDepth(program: Command, io: CliIo): void {
  program
    .command('depth')
    .description('show the order book of a symbol')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .option('--limit <n>', 'levels per side (1-5000)', '10')
    .action(async (symbolText: string, options: { limit: string }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      const limit = parseInteger('--limit', options.limit, 1, 5000);
      await withConnector(io, globals, async (connector) => {
        const book = await connector.getOrderBook(symbol, limit);
        emit(io, globals.json, bookJson(book), () => {
          const rows = Array.from({ length: Math.max(book.bids.length, book.asks.length) }, (_, i) => {
            const bid = book.bids[i];
            const ask = book.asks[i];
            return [bid?.quantity.toFixed() ?? '', bid?.price.toFixed() ?? '', ask?.price.toFixed() ?? '', ask?.quantity.toFixed() ?? ''];
          });
          return `${book.symbol} order book (update ${book.lastUpdateId})\n${table(['bid qty', 'bid', 'ask', 'ask qty'], rows)}`;
        });
      });
    });
}
