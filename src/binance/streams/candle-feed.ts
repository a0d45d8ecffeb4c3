import { delay, type Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Candlestick, Interval } from '../../core/models.js';
import { guardListener, logListenerError } from '../../core/stream/listener-guard.js';
import type { StreamSignal } from './market-stream-manager.js';
import { parseKlineEvent } from './stream-parsers.js';
import type { WireKlineEvent } from './stream-wire-types.js';

/** What a candle feed needs besides the stream. */
export interface CandleFeedDeps {
  /** Candles from `startTime` to now over REST, in order. */
  fetchSince(startTime: number): Promise<Candlestick[]>;
  clock: Clock;
  logger: Logger;
  /** Waits before each further backfill attempt after a failure. @default [1000, 3000, 10000] */
  retryDelaysMs?: readonly number[] | undefined;
  /** Told how many closed candles each backfill delivered. */
  onBackfill?: (delivered: number) => void;
  /** Told about each stream candle dropped as already delivered. */
  onDuplicate?: () => void;
}

/**
 * One candle subscription's delivery rules: closed candles in order, none missed and none twice.
 * The feed remembers the last closed candle it delivered; after a reconnect, or when the stream
 * skips past a candle that never arrived closed, it buffers live candles, fetches the missing
 * closed ones over REST, delivers them, then the buffer, dropping anything at or before the last
 * closed candle delivered. The listener is guarded: what it throws is logged and counts as delivered,
 * so it never touches this bookkeeping (a throw inside a backfill must not pass for a failed fetch).
 */
export class CandleFeed {
  /**
   * Open and close time of the last closed candle delivered (NaN before the first). Two numbers
   * rather than the candle: a 1s stream closes a candle every second, and holding each one until
   * the next made it outlive the young generation, for no use.
   */
  #lastClosedOpen = Number.NaN;
  #lastClosedEnd = Number.NaN;
  /** Open time of the first candle seen, the starting point when nothing closed was delivered yet. */
  #firstSeen: number | undefined;
  /** Newest open time seen on the stream: every candle before it has ended. */
  #newestSeen = 0;
  /** Live candles held while a backfill runs; undefined while delivering live. */
  #buffer: Candlestick[] | undefined;
  #backfill: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  /** Aborted by `stop()`, so no retry wait outlives the feed. */
  readonly #stopping = new AbortController();
  readonly #deliver: (candle: Candlestick) => void;

  constructor(
    private readonly interval: Interval,
    deliver: (candle: Candlestick) => void,
    private readonly deps: CandleFeedDeps,
  ) {
    this.#deliver = guardListener(deliver, logListenerError(deps.logger, { stream: 'candles', interval }));
  }

  /** Handles one stream signal. */
  handle(signal: StreamSignal): void {
    if (this.#stopped) return;
    if (signal.kind === 'interrupted') {
      this.#buffer ??= [];
      return;
    }
    if (signal.kind === 'resumed') {
      this.#buffer ??= [];
      this.#startBackfill();
      return;
    }
    const candle = parseKlineEvent(signal.payload as WireKlineEvent, this.interval);
    this.#firstSeen ??= candle.openTime;
    this.#newestSeen = Math.max(this.#newestSeen, candle.openTime);
    if (this.#buffer !== undefined) {
      this.#buffer.push(candle);
      return;
    }
    const cursor = this.#cursor();
    if (cursor !== undefined && candle.openTime > cursor) {
      // The stream moved past a candle that was never delivered closed: fetch it before going on.
      this.#buffer = [candle];
      this.#startBackfill();
      return;
    }
    this.#deliverLive(candle);
  }

  /** Stops delivery; a running backfill delivers nothing more. */
  stop(): void {
    this.#stopped = true;
    this.#buffer = undefined;
    this.#stopping.abort();
  }

  /** A promise that settles when no backfill runs (for tests and orderly shutdown). */
  idle(): Promise<void> {
    return this.#backfill ?? Promise.resolve();
  }

  /** Open time of the earliest candle not yet delivered closed. */
  #cursor(): number | undefined {
    return Number.isNaN(this.#lastClosedEnd) ? this.#firstSeen : this.#lastClosedEnd + 1;
  }

  #deliverLive(candle: Candlestick): void {
    // NaN compares false: before the first closed candle nothing is a duplicate.
    if (candle.openTime <= this.#lastClosedOpen) {
      this.deps.onDuplicate?.();
      return;
    }
    if (candle.closed) this.#closedAt(candle);
    this.#deliver(candle);
  }

  #closedAt(candle: Candlestick): void {
    this.#lastClosedOpen = candle.openTime;
    this.#lastClosedEnd = candle.closeTime;
  }

  #startBackfill(): void {
    if (this.#backfill !== undefined) {
      this.#again = true;
      return;
    }
    this.#backfill = this.#runBackfill().finally(() => {
      this.#backfill = undefined;
    });
  }

  /**
   * Fills from the cursor, then delivers the held candles. A held candle past the cursor means a
   * closed candle is still missing (it ended while the REST answer travelled, and its close never
   * came on the stream): the held rest waits for another fill. A fill that failed, or a second one
   * that found nothing, ends that search, so an exchange without the candle cannot hold delivery.
   */
  async #runBackfill(): Promise<void> {
    let checkGaps = true;
    let gapPass = false;
    for (;;) {
      let delivered = 0;
      let failed = false;
      do {
        this.#again = false;
        const from = this.#cursor();
        if (from === undefined) continue;
        const filled = await this.#fillFrom(from);
        if (filled === undefined) failed = true;
        else delivered += filled;
      } while (this.#again && !this.#stopped);
      if (this.#stopped) return;
      if (failed || (gapPass && delivered === 0)) checkGaps = false;
      const held = this.#buffer ?? [];
      let next = 0;
      for (; next < held.length; next += 1) {
        const cursor = this.#cursor();
        if (checkGaps && cursor !== undefined && held[next]!.openTime > cursor) break;
        this.#deliverLive(held[next]!);
      }
      if (next === held.length) {
        this.#buffer = undefined;
        return;
      }
      this.#buffer = held.slice(next);
      gapPass = true;
    }
  }

  /** Delivers the closed candles of a REST read from `from`; the number delivered, or undefined when the read failed. */
  async #fillFrom(from: number): Promise<number | undefined> {
    const read = await this.#fetchSince(from);
    if (read === undefined || this.#stopped) return undefined;
    const { candles, newestSeen } = read;
    let delivered = 0;
    for (const [i, candle] of candles.entries()) {
      // Final when the server answered after it ended: closed by the time the request left, followed
      // by another candle in the answer, or followed on the stream before the request left. A later
      // stream candle alone proves nothing about an answer that may have been computed earlier.
      const ended = candle.closed || i < candles.length - 1 || candle.openTime < newestSeen;
      if (!ended) break;
      if (candle.openTime <= this.#lastClosedOpen) continue;
      const closed = { ...candle, closed: true };
      this.#closedAt(closed);
      this.#deliver(closed);
      delivered += 1;
    }
    this.deps.onBackfill?.(delivered);
    return delivered;
  }

  /**
   * The REST read of a backfill, tried again after each wait, with the newest open time the stream
   * had shown when the answering request left; undefined once every attempt failed.
   */
  async #fetchSince(from: number): Promise<{ candles: Candlestick[]; newestSeen: number } | undefined> {
    const waits = this.deps.retryDelaysMs ?? [1_000, 3_000, 10_000];
    for (let attempt = 0; ; attempt += 1) {
      const newestSeen = this.#newestSeen;
      try {
        return { candles: await this.deps.fetchSince(from), newestSeen };
      } catch (error) {
        const wait = waits[attempt];
        if (wait === undefined || this.#stopped) {
          this.deps.logger.error({ err: (error as Error).message, from }, 'candle backfill failed; closed candles may be missing');
          return undefined;
        }
        this.deps.logger.warn({ err: (error as Error).message, attempt: attempt + 1 }, 'candle backfill failed; trying again');
        await delay(wait, this.deps.clock, this.#stopping.signal).catch(() => undefined);
        if (this.#stopped) return undefined;
      }
    }
  }
}
