import type { Exchange } from '../exchange.js';
import { accountPosition, executionReport, listStatus } from './user-data-events.js';

/**
 * Routes the engine's order, balance and transfer events to the WebSocket API subscriptions of
 * the account they concern, in the order the engine produced them, whichever front (REST or
 * WebSocket API) caused them.
 */

/** Receives the user data events of one account. */
export type UserDataListener = (event: Record<string, unknown>) => void;

/** Subscriptions to user data, by account. */
export class UserDataHub {
  private readonly listeners = new Map<number, Set<UserDataListener>>();
  private readonly offs: (() => void)[];

  /** Listens to `exchange`'s engine. */
  constructor(exchange: Exchange) {
    const events = exchange.engine.events;
    this.offs = [
      events.on('order', (event) => this.deliver(event.accountId, executionReport(event))),
      events.on('orderList', (event) => this.deliver(event.accountId, listStatus(event))),
      events.on('balance', (event) => this.deliver(event.accountId, accountPosition(event))),
      events.on('transfer', (event) => this.deliver(event.accountId, {
        e: 'balanceUpdate', E: event.time, a: event.asset, d: event.delta, T: event.time,
      })),
    ];
  }

  /** Delivers every later event of `accountId` to `listener`; returns the unsubscribe function. */
  subscribe(accountId: number, listener: UserDataListener): () => void {
    let set = this.listeners.get(accountId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(accountId, set);
    }
    const current = set;
    current.add(listener);
    return () => {
      current.delete(listener);
    };
  }

  /** Stops listening to the engine. */
  close(): void {
    for (const off of this.offs) off();
    this.listeners.clear();
  }

  private deliver(accountId: number, event: Record<string, unknown>): void {
    for (const listener of [...(this.listeners.get(accountId) ?? [])]) listener(event);
  }
}
