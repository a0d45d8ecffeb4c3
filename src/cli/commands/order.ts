import type { Command } from 'commander';
import { registerOrderCancel } from './order-cancel.js';
import { registerOrderGet } from './order-get.js';
import { registerOrderPlace } from './order-place.js';

/** `autotrader order place|cancel|get`. */
export function registerOrder(program: Command): void {
  const order = program.command('order').description('place, cancel or look up an order');
  registerOrderPlace(order);
  registerOrderCancel(order);
  registerOrderGet(order);
}
