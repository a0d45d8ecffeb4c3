import type { Command } from 'commander';
import { registerOrderCancel } from './order-cancel.js';
import { registerOrderGet } from './order-get.js';
import { registerOrderList } from './order-list.js';
import { registerOrderPlace } from './order-place.js';
import { registerOrderReplace } from './order-replace.js';
import type { CliIo } from '../cli-io.js';

/** `autotrader order place|cancel|get|list|amend|replace`. */
export function registerOrder(program: Command, io: CliIo): void {
  const order = program.command('order').description('place, cancel, amend, replace or look up an order');
  registerOrderPlace(order, io);
  registerOrderCancel(order, io);
  registerOrderGet(order, io);
  registerOrderList(order, io);
  registerOrderReplace(order, io);
}
