import WebSocket, { type RawData } from 'ws';
import type { FaultState } from '../control/faults.js';
import type { ResolvedTiming } from './stream-timing.js';
import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * One server-side WebSocket with Binance's connection rules: a ping every interval and a cut
 * when its pong does not come back in time, a lifetime cap, an optional incoming-message rate
 * limit (1008 "Too many requests"), and outgoing messages that honour the stall and latency
 * faults while keeping their order. A stall holds frames the way a stalled TCP path does: they
 * arrive late, once it clears, never dropped while the connection stays open; a connection that
 * would hold more than `MAX_HELD_FRAMES` is cut instead, as a server cuts a consumer that does
 * not keep up.
 */

/** What the owner of a connection reacts to. */
export interface ConnectionHandlers {
  /** A text frame arrived (binary frames are decoded as UTF-8). */
  onText(text: string): void;
  /** The socket closed, whoever closed it; called once. */
  onClose(): void;
}

/** Rules that differ between market streams and the WebSocket API. */
export interface ConnectionRules {
  /** Whether pings, pongs and messages count toward `incomingMessagesPerSecond`. */
  readonly limitIncoming: boolean;
}

const RATE_WINDOW_MS = 1_000;
/** Frames one connection holds through a stall before it is cut (1008, as for a slow consumer). */
export const MAX_HELD_FRAMES = 10_000;

/** A server-side connection under Binance's rules. */
export class WsConnection {
  private readonly timers = new Set<TimerHandle>();
  private readonly heartbeat: TimerHandle;
  private readonly outstandingPings = new Set<string>();
  private pongDeadline: TimerHandle | undefined;
  private readonly incoming: number[] = [];
  private readonly queue: { text: string; due: number }[] = [];
  private lastDue = 0;
  private flushTimer: TimerHandle | undefined;
  private pingCounter = 0;
  private ended = false;
  private readonly offClear: () => void;

  /** Takes over `socket`; `handlers` receive its messages and its end. */
  constructor(
    private readonly socket: WebSocket,
    private readonly clock: Clock,
    private readonly faults: FaultState,
    private readonly timing: ResolvedTiming,
    private readonly rules: ConnectionRules,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.heartbeat = clock.setInterval(() => this.ping(), timing.pingIntervalMs);
    // Frames held through a stall go out as soon as it is cleared.
    this.offClear = faults.events.on('clear', () => this.scheduleFlush());
    this.later(() => this.close(1001, 'Connection lifetime expired'), timing.connectionLifetimeMs);
    socket.on('message', (data: RawData) => {
      if (!this.countIncoming()) return;
      try {
        handlers.onText(rawText(data));
      } catch (error) {
        // A bug in one handler must not take the whole simulator down with an uncaught exception.
        console.error('simulator WebSocket message handling failed', error);
        this.close(1011, 'Internal error');
      }
    });
    socket.on('ping', (data: Buffer) => {
      if (!this.countIncoming()) return;
      // autoPong is off so the stop-pings and stall faults can silence the answer too.
      if (!this.silent('stop-pings')) socket.pong(data);
    });
    socket.on('pong', (data: Buffer) => {
      if (!this.countIncoming()) return;
      if (this.faults.get('ignore-pongs') !== undefined) return;
      // Only the answer to a ping of ours keeps the connection; unsolicited pongs do not.
      if (this.outstandingPings.has(data.toString('utf8'))) {
        this.outstandingPings.clear();
        if (this.pongDeadline !== undefined) this.clock.clearTimeout(this.pongDeadline);
        this.pongDeadline = undefined;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.end());
  }

  /** Whether the socket is still open for sending. */
  get open(): boolean {
    return !this.ended && this.socket.readyState === WebSocket.OPEN;
  }

  /** Queues a text frame; held while streams are stalled, delayed by the latency fault. */
  send(text: string): void {
    if (!this.open) return;
    const stalled = this.stalled();
    if (stalled && this.queue.length >= MAX_HELD_FRAMES) {
      this.close(1008, 'Too many messages held');
      return;
    }
    const latency = this.faults.latencyMs();
    if (!stalled && latency === 0 && this.queue.length === 0) {
      this.socket.send(text);
      return;
    }
    // Never earlier than the message before it, so a latency change cannot reorder frames.
    const due = Math.max(this.clock.now() + latency, this.lastDue);
    this.lastDue = due;
    this.queue.push({ text, due });
    this.scheduleFlush();
  }

  /** Closes with a close frame. */
  close(code: number, reason: string): void {
    if (this.ended) return;
    this.socket.close(code, reason);
    // A peer that never answers the close frame must not keep the socket alive.
    this.later(() => this.socket.terminate(), 1_000);
  }

  /** Drops the TCP connection without a close frame. */
  terminate(): void {
    this.socket.terminate();
    this.end();
  }

  /** Runs `action` after `ms` unless the connection ended first. */
  later(action: () => void, ms: number): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private stalled(): boolean {
    return this.faults.get('stall-streams') !== undefined;
  }

  private silent(kind: 'stop-pings'): boolean {
    return this.faults.get(kind) !== undefined || this.stalled();
  }

  private ping(): void {
    if (!this.open || this.silent('stop-pings')) return;
    const payload = String(++this.pingCounter);
    this.outstandingPings.add(payload);
    this.socket.ping(payload);
    this.pongDeadline ??= this.clock.setTimeout(() => {
      this.pongDeadline = undefined;
      this.terminate();
    }, this.timing.pongTimeoutMs);
  }

  /** Records one incoming frame; false (and the connection closing) when it exceeds the rate. */
  private countIncoming(): boolean {
    if (this.ended || this.socket.readyState !== WebSocket.OPEN) return false;
    if (!this.rules.limitIncoming) return true;
    const now = this.clock.now();
    while (this.incoming.length > 0 && this.incoming[0]! <= now - RATE_WINDOW_MS) this.incoming.shift();
    this.incoming.push(now);
    if (this.incoming.length <= this.timing.incomingMessagesPerSecond) return true;
    this.close(1008, 'Too many requests');
    return false;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.ended || this.stalled()) return;
    const head = this.queue[0];
    if (head === undefined) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      const now = this.clock.now();
      while (this.queue.length > 0 && this.queue[0]!.due <= now && !this.stalled()) {
        const { text } = this.queue.shift()!;
        if (this.open) this.socket.send(text);
      }
      this.scheduleFlush();
    }, Math.max(0, head.due - this.clock.now()));
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.offClear();
    this.clock.clearInterval(this.heartbeat);
    if (this.pongDeadline !== undefined) this.clock.clearTimeout(this.pongDeadline);
    if (this.flushTimer !== undefined) this.clock.clearTimeout(this.flushTimer);
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.handlers.onClose();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
