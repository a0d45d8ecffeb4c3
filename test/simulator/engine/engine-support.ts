import type { SimAccount } from '../../../src/simulator/engine/accounts.js';
import { SimError } from '../../../src/simulator/sim-error.js';

/** Helpers shared by the engine tests. */

/** An account's balance of `asset` as plain decimal strings. */
export function balance(account: SimAccount, asset: string): { free: string; locked: string } {
  const b = account.balances.get(asset)!;
  return { free: b.free.toFixed(), locked: b.locked.toFixed() };
}

/** The Binance code and message `run` is refused with; fails when it is not refused. */
export function rejection(run: () => unknown): { code: number; msg: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof SimError) return { code: error.code, msg: error.msg };
    throw error;
  }
  throw new Error('expected a rejection');
}
