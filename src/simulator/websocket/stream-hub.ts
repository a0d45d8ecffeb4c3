import type { Exchange } from '../exchange.js';
import { createFeed, type Feed } from './stream-feeds.js';
import { parseStreamName } from './stream-names.js';
import { streamPayloadInMicroseconds } from './stream-time-unit.js';
import type { ResolvedTiming } from './stream-timing.js';
import type { TimerHandle } from '../../core/clock.js';

/**
 * The market stream registry shared by every connection: one feed per stream name, started by
 * the first subscriber and stopped by the last, each payload serialized once for all of them.
 * A single tick, running only while some feed exists, moves the market forward and lets the
 * periodic feeds publish.
 */

/** Receives the serialized payloads of one stream. */
export type StreamSink = (stream: string, json: string) => void;

interface Entry {
  readonly feed: Feed;
  /** Sinks of each connection, by whether it asked for times in microseconds (`timeUnit=MICROSECOND`). */
  readonly sinks: Set<StreamSink>;
  readonly microsecondSinks: Set<StreamSink>;
}

/** Shortest tick: finer cadences are not useful and would only burn CPU. */
const MIN_TICK_MS = 10;
const MAX_TICK_MS = 100;

/** Every active market stream of the simulator. */
export class StreamHub {
  private readonly entries = new Map<string, Entry>();
  private readonly tickMs: number;
  private timer: TimerHandle | undefined;

  /** Creates the hub over `exchange`'s market with the given cadences. */
  constructor(private readonly exchange: Exchange, private readonly timing: ResolvedTiming) {
    const cadences = [timing.klineUpdateMs, timing.secondKlineUpdateMs, timing.tickerUpdateMs, timing.depthUpdateMs, timing.fastDepthUpdateMs];
    this.tickMs = Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, ...cadences));
  }

  /**
   * Subscribes `sink` to `stream`, with times in microseconds when `microseconds`; returns the
   * unsubscribe function. Unknown names never carry data.
   */
  subscribe(stream: string, sink: StreamSink, microseconds = false): () => void {
    let entry = this.entries.get(stream);
    if (entry === undefined) {
      const spec = parseStreamName(stream, this.exchange.specs);
      if (spec === undefined) return () => undefined;
      const sinks = new Set<StreamSink>();
      const microsecondSinks = new Set<StreamSink>();
      const feed = createFeed(spec, {
        exchange: this.exchange,
        timing: this.timing,
        emit: (payload) => {
          if (sinks.size > 0) {
            const json = JSON.stringify(payload);
            for (const deliver of [...sinks]) deliver(stream, json);
          }
          if (microsecondSinks.size > 0) {
            const json = JSON.stringify(streamPayloadInMicroseconds(payload));
            for (const deliver of [...microsecondSinks]) deliver(stream, json);
          }
        },
      });
      entry = { feed, sinks, microsecondSinks };
      this.entries.set(stream, entry);
      this.timer ??= this.exchange.timers.setInterval(() => this.tick(), this.tickMs);
    }
    const current = entry;
    const own = microseconds ? current.microsecondSinks : current.sinks;
    own.add(sink);
    return () => {
      own.delete(sink);
      if (current.sinks.size + current.microsecondSinks.size > 0 || this.entries.get(stream) !== current) return;
      current.feed.stop();
      this.entries.delete(stream);
      if (this.entries.size === 0) this.stopTimer();
    };
  }

  /** Stops every feed and the tick. */
  close(): void {
    for (const entry of this.entries.values()) entry.feed.stop();
    this.entries.clear();
    this.stopTimer();
  }

  private tick(): void {
    const now = this.exchange.now();
    // Moving the market publishes trades and book diffs through the engine's events.
    this.exchange.engine.advance(now);
    const wallMs = this.exchange.timers.now();
    for (const entry of [...this.entries.values()]) entry.feed.tick(now, wallMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.exchange.timers.clearInterval(this.timer);
    this.timer = undefined;
  }
}
