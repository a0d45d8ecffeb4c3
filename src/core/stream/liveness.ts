import type { Clock, TimerHandle } from '../clock.js';

/** The timings that decide whether a connection is alive. */
export interface LivenessTimings {
  /** A connection quiet this long is pinged by the client (Infinity: never). */
  pingIntervalMs: number;
  /** With nothing received this long after the client's ping, the connection is dead. */
  pongTimeoutMs: number;
  /** A connection that received nothing at all this long is dead (Infinity: never). */
  staleAfterMs: number;
}

/** What liveness does to its connection. */
export interface LivenessActions {
  /** Sends a ping frame; false when the connection cannot send one now. */
  ping(): boolean;
  /** The connection is dead: nothing arrived in time. Called at most once. */
  dead(): void;
}

/**
 * Whether one connection is alive, kept from the client's side whatever the server's cadence: the
 * heartbeat of the ws README's recipe (once nothing has arrived for `pingIntervalMs`, ping; anything
 * arriving within `pongTimeoutMs` shows the connection alive, nothing means it is dead) and a
 * staleness watchdog. A busy connection is never pinged, so pings cost nothing of the exchange's
 * incoming-message budget there. Each timer is re-armed lazily, never reset per message.
 */
export class Liveness {
  #lastActivity: number;
  /** When our own ping went out, while its answer is awaited. */
  #pingSentAt: number | undefined;
  #heartbeat: TimerHandle | undefined;
  #watchdog: TimerHandle | undefined;
  #stopped = false;

  constructor(private readonly clock: Clock, private readonly timings: LivenessTimings, private readonly actions: LivenessActions) {
    this.#lastActivity = clock.now();
  }

  /** When anything last arrived. */
  get lastActivity(): number {
    return this.#lastActivity;
  }

  /** Starts watching, as the connection opens. */
  start(): void {
    this.activity();
    this.#armWatchdog();
    this.#armHeartbeat();
  }

  /** Something arrived: a message or a ping. */
  activity(): void {
    this.#lastActivity = this.clock.now();
  }

  /** The answer to our ping: the next one is due `pingIntervalMs` from now, not after the pong deadline. */
  pong(): void {
    this.activity();
    if (this.#pingSentAt === undefined || this.#stopped) return;
    this.#pingSentAt = undefined;
    this.#clear(this.#heartbeat);
    this.#armHeartbeat();
  }

  /** Stops every timer; nothing more is sent or decided. */
  stop(): void {
    this.#stopped = true;
    this.#clear(this.#watchdog);
    this.#clear(this.#heartbeat);
    this.#watchdog = this.#heartbeat = undefined;
  }

  #armWatchdog(): void {
    if (!Number.isFinite(this.timings.staleAfterMs)) return;
    const wait = this.#lastActivity + this.timings.staleAfterMs - this.clock.now();
    this.#watchdog = this.clock.setTimeout(() => {
      this.#watchdog = undefined;
      if (this.#stopped) return;
      if (this.clock.now() - this.#lastActivity >= this.timings.staleAfterMs) this.#die();
      else this.#armWatchdog();
    }, Math.max(0, wait));
  }

  #armHeartbeat(): void {
    const { pingIntervalMs, pongTimeoutMs } = this.timings;
    if (!Number.isFinite(pingIntervalMs)) return;
    const sent = this.#pingSentAt;
    const due = sent === undefined ? this.#lastActivity + pingIntervalMs : sent + pongTimeoutMs;
    this.#heartbeat = this.clock.setTimeout(() => {
      this.#heartbeat = undefined;
      if (this.#stopped) return;
      const now = this.clock.now();
      if (this.#pingSentAt !== undefined) {
        if (this.#lastActivity < this.#pingSentAt && now - this.#pingSentAt >= pongTimeoutMs) {
          this.#die();
          return;
        }
        if (this.#lastActivity >= this.#pingSentAt) this.#pingSentAt = undefined;
      } else if (now - this.#lastActivity >= pingIntervalMs) {
        if (this.actions.ping()) this.#pingSentAt = now;
      }
      this.#armHeartbeat();
    }, Math.max(0, due - this.clock.now()));
  }

  #die(): void {
    this.stop();
    this.actions.dead();
  }

  #clear(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.clock.clearTimeout(handle);
  }
}
