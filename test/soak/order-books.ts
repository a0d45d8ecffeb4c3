import { Decimal } from '../../src/core/decimal.js';
import type { OrderBookUpdate } from '../../src/core/stream/events.js';
import type { Findings } from './findings.js';
import type { ExchangeDepth, Oracle } from './oracle.js';

/**
 * One local order book subscription, compared at quiet points with a REST depth snapshot of the
 * same `lastUpdateId`: the recent books delivered are kept by update id, a snapshot is read, and
 * the book delivered for exactly that id must equal it level by level. The simulator's book moves
 * every second, so a few snapshots may be needed before one lands on an id the local book was at.
 */

/** Books delivered kept for the comparison. */
const KEPT = 64;
/** Snapshot attempts before giving up. */
const ATTEMPTS = 25;
/** Levels compared on each side (the simulator shows 50 synthetic levels a side and user orders). */
export const BOOK_DEPTH = 100;

function sideKey(levels: readonly { price: Decimal; quantity: Decimal }[]): string {
  return levels.map((l) => `${l.price.toFixed()}@${l.quantity.toFixed()}`).join(',');
}

function rawSideKey(levels: readonly [string, string][]): string {
  return levels.map(([price, quantity]) => `${new Decimal(price).toFixed()}@${new Decimal(quantity).toFixed()}`).join(',');
}

function firstDifference(local: string, remote: string): string {
  const a = local.split(',');
  const b = remote.split(',');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `level ${i}: local ${a[i] ?? 'none'}, exchange ${b[i] ?? 'none'} (${a.length} vs ${b.length} levels)`;
  }
  return 'equal';
}

/** One local book's recent states. */
export class OrderBookRecorder {
  readonly #recent = new Map<number, { bids: string; asks: string }>();
  #latest = 0;
  readonly counts = { updates: 0, compared: 0 };

  constructor(readonly label: string, readonly symbol: string, private readonly findings: Findings) {}

  /** Handles one delivered book. */
  onBook(book: OrderBookUpdate): void {
    this.counts.updates += 1;
    this.#latest = Math.max(this.#latest, book.lastUpdateId);
    this.#recent.set(book.lastUpdateId, { bids: sideKey(book.bids), asks: sideKey(book.asks) });
    if (this.#recent.size > KEPT) this.#recent.delete(this.#recent.keys().next().value!);
  }

  /** Compares the local book with a snapshot of the same update id; fails when none can be matched. */
  async verify(oracle: Oracle, sleep: (ms: number) => Promise<void>): Promise<void> {
    let snapshot: ExchangeDepth | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      snapshot = await oracle.depth(this.symbol, BOOK_DEPTH);
      // The local book trails the exchange by the diff cadence: give it time to reach the snapshot's id.
      for (let wait = 0; wait < 10 && this.#latest < snapshot.lastUpdateId; wait++) await sleep(100);
      const local = this.#recent.get(snapshot.lastUpdateId);
      if (local === undefined) {
        await sleep(150 + attempt * 20);
        continue;
      }
      this.counts.compared += 1;
      const bids = rawSideKey(snapshot.bids);
      const asks = rawSideKey(snapshot.asks);
      if (local.bids !== bids || local.asks !== asks) {
        this.findings.fail('order-book', `${this.label}: at update id ${snapshot.lastUpdateId} the local book differs from the exchange's: bids ${firstDifference(local.bids, bids)}; asks ${firstDifference(local.asks, asks)}`);
      }
      return;
    }
    this.findings.fail('order-book', `${this.label}: no delivered book matched any of ${ATTEMPTS} snapshots (last snapshot id ${String(snapshot?.lastUpdateId)}, latest local id ${this.#latest}, ${this.#latest < (snapshot?.lastUpdateId ?? 0) ? 'the local book is behind' : 'ids never coincided'})`);
  }
}
