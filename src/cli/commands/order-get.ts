import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { orderText } from '../order-view.js';
import { emit } from '../output.js';
import { parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';

/** `autotrader order get <symbol> <orderId>` (or `--client-id`): one order, open or not. */
export function registerOrderGet(order: Command, io: CliIo): void {
  order
    .command('get')
    .description('show one order, by the exchange\'s id or by your client order id')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('[orderId]', 'the order id the exchange assigned')
    .option('--client-id <id>', 'look the order up by its client order id instead')
    .action(async (symbolText: string, orderId: string | undefined, options: { clientId?: string }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      if ((orderId === undefined) === (options.clientId === undefined)) {
        throw new UsageError('give either <orderId> or --client-id <id>');
      }
      await withConnector(io, globals, async (connector) => {
        const found = orderId === undefined
          ? await connector.getOrderByClientId(options.clientId!, symbol)
          : await connector.getOrder(orderId, symbol);
        emit(io, globals.json, orderJson(found), () => orderText(found));
      });
    });
}
