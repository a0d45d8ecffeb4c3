import type { Decimal } from '../../core/decimal.js';
import { balanceOf, type SimAccount } from './accounts.js';
import type { BalanceEvent } from './engine-events.js';

/**
 * Applies balance changes and remembers which assets of which accounts changed, so one operation
 * (an order with many fills) produces one balance event per account, as Binance does.
 */
export class Ledger {
  private readonly changed = new Map<SimAccount, Set<string>>();

  /** Adds the deltas to `asset`'s free and locked amounts. */
  adjust(account: SimAccount, asset: string, freeDelta: Decimal, lockedDelta: Decimal, now: number): void {
    const balance = balanceOf(account, asset);
    balance.free = balance.free.plus(freeDelta);
    balance.locked = balance.locked.plus(lockedDelta);
    account.updateTime = now;
    let assets = this.changed.get(account);
    if (assets === undefined) {
      assets = new Set();
      this.changed.set(account, assets);
    }
    assets.add(asset);
  }

  /** Moves `amount` of `asset` from free to locked (negative amounts unlock). */
  lock(account: SimAccount, asset: string, amount: Decimal, now: number): void {
    this.adjust(account, asset, amount.neg(), amount, now);
  }

  /** The balance events of everything changed since the last flush. */
  flush(now: number): BalanceEvent[] {
    const events: BalanceEvent[] = [];
    for (const [account, assets] of this.changed) {
      events.push({
        accountId: account.id,
        time: now,
        balances: [...assets].map((asset) => {
          const balance = balanceOf(account, asset);
          return { asset, free: balance.free, locked: balance.locked };
        }),
      });
    }
    this.changed.clear();
    return events;
  }
}
