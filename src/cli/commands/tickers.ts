import type { Command } from 'commander';
import type { Ticker } from '../../core/models.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { emitRows } from '../output.js';
import { parseSymbol } from '../parse-args.js';
import { tickerJson } from '../serialize.js';

const HEADERS = ['symbol', 'last', 'bid', 'ask', 'change %', 'high', 'low', 'volume', 'quote volume'];

function cells(t: Ticker): string[] {
  return [
    t.symbol, t.lastPrice.toFixed(), t.bidPrice.toFixed(), t.askPrice.toFixed(), t.priceChangePercent.toFixed(),
    t.highPrice.toFixed(), t.lowPrice.toFixed(), t.volume.toFixed(), t.quoteVolume.toFixed(),
  ];
}

/** `autotrader tickers [symbol...]`: 24-hour tickers of several symbols, or of all, in one request. */
export function registerTickers(program: Command, io: CliIo): void {
  program
    .command('tickers')
    .description('show the 24-hour tickers of several symbols in one request, or of every symbol (weight 80)')
    .argument('[symbols...]', 'symbols, such as BTCUSDT ETHUSDT; every symbol when absent')
    .action(async (symbolTexts: string[], _options: object, command: Command) => {
      const globals = globalsOf(command);
      const symbols = symbolTexts.length === 0 ? undefined : symbolTexts.map(parseSymbol);
      await withConnector(io, globals, async (connector) => {
        const tickers = await connector.getTickers(symbols);
        emitRows(io, globals.json, tickers, { toJson: tickerJson, headers: HEADERS, cells, empty: 'no tickers' });
      });
    });
}
