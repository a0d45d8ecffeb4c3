import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { ORDER_HEADERS, orderCells } from '../order-view.js';
import { emitRows } from '../output.js';
import { parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';
import { emitOrderLists } from './order-list.js';

/** `autotrader orders [symbol]`: open orders; one JSON array of them with `--json`. `orders cancel-all <symbol>` cancels them. */
export function registerOrders(program: Command, io: CliIo): void {
  const orders = program
    .command('orders')
    .description('list open orders, of one symbol or all')
    .argument('[symbol]', 'symbol, such as BTCUSDT; all symbols when absent (weight 80)')
    .option('--lists', 'list the open order lists instead (all symbols, or those of <symbol>)')
    .action(async (symbolText: string | undefined, options: { lists?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = symbolText === undefined ? undefined : parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        if (options.lists === true) {
          const lists = await connector.getOpenOrderLists();
          emitOrderLists(io, globals.json, lists.filter((l) => symbol === undefined || l.symbol === symbol));
          return;
        }
        const orders = await connector.getOrders(symbol);
        emitRows(io, globals.json, orders, { toJson: orderJson, headers: ORDER_HEADERS, cells: orderCells, empty: 'no open orders' });
      });
    });
  orders
    .command('cancel-all')
    .description('cancel every open order of a symbol, order lists included (the kill switch)')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .option('--yes', 'confirm cancelling on live without a prompt')
    .action(async (symbolText: string, options: { yes?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        const cancelled = await connector.cancelAllOrders(symbol);
        emitRows(io, globals.json, cancelled, { toJson: orderJson, headers: ORDER_HEADERS, cells: orderCells, empty: `no open orders on ${symbol}` });
      }, (settings, connector) => guardLiveAction(io, settings, connector, `cancel every open order of ${symbol}`, options.yes === true));
    });
}
