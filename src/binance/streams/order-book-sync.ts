import { delay, type Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { OrderBook } from '../../core/models.js';
import type { OrderBookUpdate } from '../../core/stream/events.js';
import { guardListener, logListenerError } from '../../core/stream/listener-guard.js';
import { depthDiffOf, type DepthDiff } from './depth-diff.js';
import { LocalOrderBook } from './local-order-book.js';
import type { StreamSignal } from './market-stream-manager.js';

/** What an order book sync needs besides the diff stream. */
export interface OrderBookSyncDeps {
  /** `GET /api/v3/depth?symbol=&limit=`. */
  fetchSnapshot(limit: number): Promise<OrderBook>;
  clock: Clock;
  logger: Logger;
  /** Levels of each side delivered to the callback. @default 100 */
  depth?: number | undefined;
  /** Snapshot size (up to 5000; larger costs more weight). @default 1000 */
  snapshotLimit?: number | undefined;
  /** Told each time the book is discarded and rebuilt (a gap, a reconnect). */
  onResync?: (reason: string) => void;
}

/** Pause before fetching a snapshot again when it was older than the first buffered diff. */
const SNAPSHOT_RETRY_MS = 250;

/**
 * A local order book kept in sync by Binance's documented algorithm: buffer the diff stream,
 * fetch a snapshot until it is not older than the first diff, drop diffs it already contains,
 * check the first diff straddles it, then apply each diff whose `U` follows the book's id. Any
 * gap (or a reconnect, where diffs were lost) discards the book and starts over. The snapshot is
 * fetched as soon as the stream is carried, not at the first diff: a book that nothing changes
 * sends no diff, and its snapshot alone is then the current book. What the listener throws is
 * logged and never reaches the sync loop.
 */
export class OrderBookSync {
  readonly #book: LocalOrderBook;
  readonly #depth: number;
  readonly #limit: number;
  #synced = false;
  #buffer: DepthDiff[] = [];
  /** Bumped on every restart, so a snapshot fetched for an older attempt is thrown away. */
  #generation = 0;
  #fetching = false;
  /** Set by `start()`: the stream is subscribed, so a snapshot is wanted even before any diff. */
  #started = false;
  #interrupted = false;
  #stopped = false;
  /** Aborted by `stop()`, so no retry pause outlives the sync. */
  readonly #stopping = new AbortController();
  readonly #deliver: (book: OrderBookUpdate) => void;

  constructor(symbol: string, deliver: (book: OrderBookUpdate) => void, private readonly deps: OrderBookSyncDeps) {
    this.#deliver = guardListener(deliver, logListenerError(deps.logger, { stream: 'order book', symbol }));
    this.#book = new LocalOrderBook(symbol);
    this.#depth = deps.depth ?? 100;
    this.#limit = deps.snapshotLimit ?? 1000;
  }

  /** True once a snapshot was applied and no gap has been seen since. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Tells that the diff stream is subscribed: the snapshot is fetched now rather than at the first diff. */
  start(): void {
    this.#started = true;
    void this.#sync();
  }

  /** Handles one stream signal. */
  handle(signal: StreamSignal): void {
    if (this.#stopped) return;
    if (signal.kind === 'interrupted') {
      // Diffs are lost while the connection is down; those of the next connection start a new book.
      this.#interrupted = true;
      this.#restart('stream interrupted');
      return;
    }
    if (signal.kind === 'resumed') {
      // A planned replacement may have lost a diff at the switch; a drop was handled when it happened.
      if (!this.#interrupted) this.#restart('connection replaced');
      this.#interrupted = false;
      void this.#sync();
      return;
    }
    const diff = depthDiffOf(signal.payload);
    if (!this.#synced) {
      this.#buffer.push(diff);
      void this.#sync();
      return;
    }
    this.#applyLive(diff);
  }

  /** Stops; a snapshot on its way is ignored. */
  stop(): void {
    this.#stopped = true;
    this.#buffer = [];
    this.#stopping.abort();
  }

  #applyLive(diff: DepthDiff): void {
    const id = this.#book.lastUpdateId;
    if (diff.last <= id) return;
    if (diff.first > id + 1) {
      this.#restart(`gap: expected update ${id + 1}, got ${diff.first}`);
      this.#buffer.push(diff);
      void this.#sync();
      return;
    }
    this.#book.apply(diff.bids, diff.asks, diff.last);
    this.#emit(diff.eventTime);
  }

  #restart(reason: string): void {
    this.#generation += 1;
    this.#synced = false;
    this.#buffer = [];
    this.deps.logger.info({ symbol: this.#book.symbol, reason }, 'order book resync');
    this.deps.onResync?.(reason);
  }

  /**
   * Whether a snapshot is wanted: a buffered diff waits for it, or the stream is carried (a quiet
   * book may send no diff for a long time). While the connection is down, diffs are lost anyway.
   */
  #wanted(): boolean {
    return !this.#stopped && !this.#synced && (this.#buffer.length > 0 || (this.#started && !this.#interrupted));
  }

  /** One loop at a time; it always works on the latest attempt and ends once synced or no longer wanted. */
  async #sync(): Promise<void> {
    if (this.#fetching) return;
    this.#fetching = true;
    try {
      while (this.#wanted()) {
        const generation = this.#generation;
        let snapshot: OrderBook;
        try {
          snapshot = await this.deps.fetchSnapshot(this.#limit);
        } catch (error) {
          if (this.#stopped) return;
          this.deps.logger.warn({ symbol: this.#book.symbol, err: (error as Error).message }, 'order book snapshot failed; trying again');
          await this.#pause(SNAPSHOT_RETRY_MS * 4);
          continue;
        }
        if (this.#stopped || generation !== this.#generation) continue;
        const first = this.#buffer[0];
        if (first !== undefined && snapshot.lastUpdateId < first.first) {
          await this.#pause(SNAPSHOT_RETRY_MS);
          continue;
        }
        const pending = this.#buffer.filter((d) => d.last > snapshot.lastUpdateId);
        const head = pending[0];
        if (head !== undefined && head.first > snapshot.lastUpdateId + 1) {
          this.#restart(`gap after snapshot: expected update ${snapshot.lastUpdateId + 1}, got ${head.first}`);
          continue;
        }
        this.#book.reset(snapshot);
        this.#buffer = [];
        this.#synced = true;
        let eventTime = this.deps.clock.now();
        for (const diff of pending) {
          this.#book.apply(diff.bids, diff.asks, diff.last);
          eventTime = diff.eventTime;
        }
        this.#emit(eventTime);
      }
    } finally {
      this.#fetching = false;
    }
  }

  /** Waits before the next snapshot attempt; `stop()` ends the wait early. */
  async #pause(ms: number): Promise<void> {
    await delay(ms, this.deps.clock, this.#stopping.signal).catch(() => undefined);
  }

  #emit(eventTime: number): void {
    this.#deliver({ ...this.#book.top(this.#depth), eventTime });
  }
}
