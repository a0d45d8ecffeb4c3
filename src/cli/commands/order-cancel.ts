import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { orderText } from '../order-view.js';
import { emit } from '../output.js';
import { parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';

/** `autotrader order cancel <symbol> <orderId>`: cancels an open order. */
export function registerOrderCancel(order: Command, io: CliIo): void {
  order
    .command('cancel')
    .description('cancel an open order')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<orderId>', 'the order id the exchange assigned')
    .option('--yes', 'confirm cancelling on live without a prompt')
    .action(async (symbolText: string, orderId: string, options: { yes?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        const cancelled = await connector.cancelOrder(orderId, symbol);
        emit(io, globals.json, orderJson(cancelled), () => orderText(cancelled));
      }, (settings, connector) => guardLiveAction(io, settings, connector, `cancel order ${orderId} of ${symbol}`, options.yes === true));
    });
}
