import type { Clock, TimerHandle } from '../core/clock.js';

/** What a TimeSync needs. */
export interface TimeSyncOptions {
  clock: Clock;
  /** Asks the exchange for its time (`GET /api/v3/time`). */
  fetchServerTime: () => Promise<number>;
  /** How often the offset is measured again while started. */
  refreshIntervalMs: number;
  /** Told about a failed periodic refresh (the last offset stays in use). */
  onRefreshError?: (error: unknown) => void;
}

/**
 * The offset between the local clock and the exchange's, measured at the midpoint of the
 * request's round trip so the network delay cancels out. Signed requests use `now()`, which is
 * why a drifting local clock does not cause -1021 rejections.
 */
export class TimeSync {
  readonly #options: TimeSyncOptions;
  #offsetMs = 0;
  #roundTripMs: number | undefined;
  #syncedAt: number | undefined;
  #timer: TimerHandle | undefined;
  #pending: Promise<number> | undefined;
  #syncs = 0;

  constructor(options: TimeSyncOptions) {
    this.#options = options;
  }

  /** Server-aligned epoch milliseconds. */
  now(): number {
    return this.#options.clock.now() + this.#offsetMs;
  }

  /** Server time minus local time, in ms (positive when the server is ahead). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Measurement state, for metrics. */
  state(): { offsetMs: number; roundTripMs: number | undefined; syncedAt: number | undefined; syncs: number } {
    return { offsetMs: this.#offsetMs, roundTripMs: this.#roundTripMs, syncedAt: this.#syncedAt, syncs: this.#syncs };
  }

  /** Measures the offset now; concurrent callers share one measurement. Resolves to the new offset. */
  sync(): Promise<number> {
    this.#pending ??= this.#measure().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Starts the periodic refresh (idempotent). The timer is owned here and cleared by `stop()`. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#options.clock.setInterval(() => {
      this.sync().catch((error: unknown) => this.#options.onRefreshError?.(error));
    }, this.#options.refreshIntervalMs);
  }

  /** Stops the periodic refresh. */
  stop(): void {
    if (this.#timer !== undefined) this.#options.clock.clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #measure(): Promise<number> {
    const { clock } = this.#options;
    const sentAt = clock.now();
    const serverTime = await this.#options.fetchServerTime();
    const receivedAt = clock.now();
    this.#roundTripMs = receivedAt - sentAt;
    this.#offsetMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
    this.#syncedAt = receivedAt;
    this.#syncs += 1;
    return this.#offsetMs;
  }
}
