import type { Command } from 'commander';
import type { AccountTrade } from '../../core/models.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { UsageError } from '../cli-error.js';
import { isoTime } from '../format.js';
import { globalsOf } from '../globals.js';
import { emitRows } from '../output.js';
import { parseSymbol, parseTime } from '../parse-args.js';
import { accountTradeJson } from '../serialize.js';

const HEADERS = ['tradeId', 'orderId', 'side', 'price', 'qty', 'quoteQty', 'fee', 'feeAsset', 'maker', 'time'];

function cells(t: AccountTrade): string[] {
  return [
    String(t.tradeId), t.orderId, t.side, t.price.toFixed(), t.quantity.toFixed(), t.quoteQuantity.toFixed(),
    t.commission.toFixed(), t.commissionAsset, t.isMaker ? 'yes' : 'no', isoTime(t.time),
  ];
}

/** `autotrader trades <symbol>`: the account's own fills with their fees, recent ones or a range. */
export function registerTrades(program: Command, io: CliIo): void {
  program
    .command('trades')
    .description("the account's own fills of a symbol, with their fees (the most recent 500 without --since or --order)")
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .option('--since <time>', 'every fill from this time on: ISO date (UTC unless a zone is given) or epoch ms')
    .option('--until <time>', 'with --since: the last time wanted (default now)')
    .option('--order <orderId>', 'only the fills of this order')
    .action(async (symbolText: string, options: { since?: string; until?: string; order?: string }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      const since = options.since === undefined ? undefined : parseTime('--since', options.since);
      const until = options.until === undefined ? undefined : parseTime('--until', options.until);
      if (until !== undefined && since === undefined) throw new UsageError('--until: needs --since');
      if (since !== undefined && until !== undefined && until < since) throw new UsageError('--until: must not be before --since');
      if (since !== undefined && options.order !== undefined) throw new UsageError('--order: cannot be combined with --since (Binance reads an order\'s fills by id)');
      await withConnector(io, globals, async (connector) => {
        let trades: AccountTrade[];
        if (since === undefined) {
          trades = await connector.getTrades(symbol, options.order === undefined ? {} : { orderId: options.order });
        } else {
          trades = [];
          for await (const trade of connector.tradeHistory(symbol, { startTime: since, ...(until === undefined ? {} : { endTime: until }) })) trades.push(trade);
        }
        emitRows(io, globals.json, trades, { toJson: accountTradeJson, headers: HEADERS, cells, empty: `no fills on ${symbol}` });
      });
    });
}
