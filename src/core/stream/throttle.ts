import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { ConfigurationError, ConnectionError } from '../errors.js';

/** Options of {@link MessageThrottle}. */
export interface ThrottleOptions {
  /**
   * Messages allowed in any rolling window of `windowMs`. Binance disconnects (close code 1008) a
   * connection that receives more than 5 messages per second, counting pongs and control frames,
   * so the default keeps one slot free for the pong we owe the server.
   * @default 4
   */
  maxPerWindow?: number;
  /**
   * Length of the rolling window, in milliseconds. Longer than Binance's second because the server
   * counts frames when they arrive: two sent exactly a second apart can arrive closer together, and
   * with the pong that makes six.
   * @default 1500
   */
  windowMs?: number;
  /** Time source and timers. @default systemClock */
  clock?: Clock;
}

interface Queued {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An outgoing message throttle for one connection: FIFO, at most `maxPerWindow` messages in any
 * rolling window. A rolling window (rather than fixed spacing) lets a short burst of subscriptions
 * go out at once while still never exceeding the limit in any second the server might count.
 */
export class MessageThrottle {
  private readonly maxPerWindow: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly queue: Queued[] = [];
  /** Send times of the last `maxPerWindow` messages, oldest first. */
  private readonly sentAt: number[] = [];
  private timer: TimerHandle | undefined;
  private closedWith: Error | undefined;

  constructor(private readonly write: (text: string) => void, options: ThrottleOptions = {}) {
    this.maxPerWindow = options.maxPerWindow ?? 4;
    this.windowMs = options.windowMs ?? 1500;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.maxPerWindow) || this.maxPerWindow < 1) {
      throw new ConfigurationError(`maxPerWindow must be a positive integer, got ${this.maxPerWindow}`);
    }
    if (!Number.isFinite(this.windowMs) || this.windowMs <= 0) {
      throw new ConfigurationError(`windowMs must be a positive number, got ${this.windowMs}`);
    }
  }

  /** Messages waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `text`; resolves once it was written, rejects if writing fails or the throttle closes first. */
  send(text: string): Promise<void> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.drain();
    });
  }

  /** Rejects every queued message with `reason` and clears the timer; later sends reject too. */
  close(reason: Error = new ConnectionError('The connection closed before the message was sent')): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = reason;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const item of this.queue.splice(0)) item.reject(reason);
  }

  private drain(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const wait = this.waitMs();
      if (wait > 0) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      const item = this.queue.shift() as Queued;
      this.sentAt.push(this.clock.now());
      if (this.sentAt.length > this.maxPerWindow) this.sentAt.shift();
      try {
        this.write(item.text);
        item.resolve();
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** Milliseconds until the next message may go out. */
  private waitMs(): number {
    if (this.sentAt.length < this.maxPerWindow) return 0;
    const oldest = this.sentAt[0] as number;
    return Math.max(0, oldest + this.windowMs - this.clock.now());
  }
}
