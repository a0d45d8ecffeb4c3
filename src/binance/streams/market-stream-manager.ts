import { ConnectionError, ExchangeError, TimeoutError } from '../../core/errors.js';
import { ReconnectingSocket } from '../../core/stream/reconnecting-socket.js';
import type { SocketMetrics, SocketSender, SocketState } from '../../core/stream/socket-types.js';
import { chunk, SubscriptionRegistry } from '../../core/stream/subscription-registry.js';
import { PendingRequests } from './pending-requests.js';
import { socketTiming, type StreamContext } from './stream-options.js';
import { jsonObjectOf } from './json-message.js';
import { connectWithin } from './connect-within.js';
import { decodeDepthFrame } from './depth-frame-fast.js';
import { decodeTickerFrame } from './ticker-frames-fast.js';

/** What a market stream listener receives: a payload, or news about the connection carrying it. */
export type StreamSignal =
  | { kind: 'data'; payload: unknown }
  /** The connection dropped; payloads may be missing until `resumed`. */
  | { kind: 'interrupted' }
  /** A new connection carries the stream again (after a drop or a planned replacement). */
  | { kind: 'resumed' };

/** Options of {@link MarketStreamManager}. */
export interface MarketStreamManagerOptions extends StreamContext {
  /** Stream origin; `/stream?streams=` is appended. */
  wsStreamUrl: string;
  /** Streams per connection. @default 1024 */
  maxStreamsPerConnection?: number | undefined;
  /** Streams put in the connect URL (the rest are subscribed in batches), to keep the URL short. @default 200 */
  maxUrlStreams?: number | undefined;
  /** Streams per SUBSCRIBE message. @default 100 */
  maxParamsPerMessage?: number | undefined;
  /** Told about every state change of every connection. */
  onStateChange?: (change: { connection: number; from: SocketState; to: SocketState }) => void;
}

/** A SUBSCRIBE/UNSUBSCRIBE answer: `{"result":null,"id":N}` or an error. */
interface ControlAnswer {
  error?: { code: number; msg: string } | undefined;
}

interface Slot {
  readonly index: number;
  readonly socket: ReconnectingSocket;
  readonly acks: PendingRequests<ControlAnswer>;
  /** Streams put in the URL of the connection being opened. */
  urlStreams: string[];
  /** Streams the connection being opened carries once `onOpen` finished. */
  carried: string[];
  /** Id of the physical connection serving now; acks of an older one are not trusted. */
  servingId: number;
  chain: Promise<void>;
  /** The diff queued behind the running one, not started yet; later callers wait for it. */
  queued: Promise<void> | undefined;
  /** The wait for a ready connection that subscribers share while none is. */
  connecting: Promise<void> | undefined;
}

/**
 * All market streams of a connector over combined-stream connections of at most 1024 streams.
 * The SubscriptionRegistry is the single source of truth: each connection is opened with its
 * wanted streams (in the URL, the rest by SUBSCRIBE), and every later change is a diff from the
 * registry, sent through the socket's throttle and confirmed by its ack.
 */
export class MarketStreamManager {
  readonly #options: MarketStreamManagerOptions;
  readonly #registry: SubscriptionRegistry<StreamSignal>;
  readonly #slots = new Map<number, Slot>();
  readonly #maxUrlStreams: number;
  readonly #perMessage: number;
  #nextId = 1;
  #closed = false;

  constructor(options: MarketStreamManagerOptions) {
    this.#options = options;
    this.#registry = new SubscriptionRegistry({ maxStreamsPerConnection: options.maxStreamsPerConnection ?? 1024 });
    this.#maxUrlStreams = options.maxUrlStreams ?? 200;
    this.#perMessage = options.maxParamsPerMessage ?? 100;
  }

  /** Streams wanted now. */
  streams(): string[] {
    return this.#registry.streams();
  }

  /** Counters of every open connection. */
  metrics(): SocketMetrics[] {
    return [...this.#slots.values()].map((slot) => slot.socket.metrics);
  }

  /**
   * Adds a listener to `stream` and resolves once the stream is subscribed (its ack received, or
   * the connection opened with it). The returned function removes the listener again.
   */
  async subscribe(stream: string, listener: (signal: StreamSignal) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new ConnectionError('The market streams were closed', { exchange: 'binance' });
    const handle = this.#registry.add(stream, listener);
    const slot = this.#slotFor(handle.connection);
    let removed = false;
    const remove = async (): Promise<void> => {
      if (removed) return;
      removed = true;
      if (handle.remove()) await this.#afterRemove(slot);
    };
    try {
      await this.#connected(slot);
      await this.#sync(slot);
    } catch (error) {
      await remove().catch(() => undefined);
      throw error;
    }
    return remove;
  }

  /** Closes every connection and clears every timer. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    await Promise.all(slots.map((slot) => this.#closeSlot(slot)));
  }

  #slotFor(index: number): Slot {
    const existing = this.#slots.get(index);
    if (existing !== undefined) return existing;
    const o = this.#options;
    const slot: Slot = {
      index,
      socket: new ReconnectingSocket({
        url: () => this.#url(slot),
        onOpen: (sender) => this.#onOpen(slot, sender),
        clock: o.clock,
        random: o.random,
        ...socketTiming(o),
      }),
      acks: new PendingRequests(o.clock, o.requestTimeoutMs ?? 10_000),
      urlStreams: [],
      carried: [],
      servingId: 0,
      chain: Promise.resolve(),
      queued: undefined,
      connecting: undefined,
    };
    slot.socket.on('message', (text) => this.#onMessage(slot, text));
    slot.socket.on('open', ({ connectionId, reconnect }) => this.#onPromoted(slot, connectionId, reconnect));
    slot.socket.on('error', (error) => o.logger.warn({ connection: index, err: error.message }, 'market stream connection error'));
    slot.socket.onStateChange(({ from, to }) => {
      o.onStateChange?.({ connection: index, from, to });
      if (to === 'reconnecting') {
        slot.acks.rejectAll(new ConnectionError('The market stream connection dropped', { exchange: 'binance' }));
        this.#signalAll(slot, { kind: 'interrupted' });
      }
    });
    this.#slots.set(index, slot);
    return slot;
  }

  /** Resolves once the slot's connection is ready; subscribers arriving meanwhile share one wait and one deadline. */
  #connected(slot: Slot): Promise<void> {
    if (slot.socket.state === 'open') return Promise.resolve();
    slot.connecting ??= connectWithin(() => slot.socket.connect(), this.#options.requestTimeoutMs ?? 10_000, this.#options.clock, 'The market stream')
      .finally(() => {
        slot.connecting = undefined;
      });
    return slot.connecting;
  }

  #url(slot: Slot): string {
    slot.urlStreams = this.#registry.streamsOf(slot.index).slice(0, this.#maxUrlStreams);
    const base = `${this.#options.wsStreamUrl}/stream`;
    return slot.urlStreams.length === 0 ? base : `${base}?streams=${slot.urlStreams.join('/')}`;
  }

  /** Subscribes what the URL did not carry, on the new connection, before it serves anyone. */
  async #onOpen(slot: Slot, sender: SocketSender): Promise<void> {
    const carried = new Set(slot.urlStreams);
    const rest = this.#registry.streamsOf(slot.index).filter((s) => !carried.has(s));
    const acks = new PendingRequests<ControlAnswer>(this.#options.clock, this.#options.requestTimeoutMs ?? 10_000);
    const closedWhileSubscribing = (): Error => new ConnectionError('The connection closed while subscribing', { exchange: 'binance' });
    // An ack cannot come on a closed connection: the replay ends then, not at its request timeout.
    const unwatch = acks.rejectAllOn(sender.closed, closedWhileSubscribing);
    const stop = sender.onMessage((text) => {
      const answer = parseControlAnswer(text);
      if (answer !== undefined) acks.resolve(answer.id, answer);
    });
    try {
      for (const batch of chunk(rest, this.#perMessage)) {
        const id = this.#nextId++;
        const waiting = handled(acks.wait(id, 'SUBSCRIBE'));
        await sender.send(JSON.stringify({ method: 'SUBSCRIBE', params: batch, id }));
        const answer = await waiting;
        if (answer.error !== undefined) {
          this.#options.logger.error({ streams: batch, code: answer.error.code, msg: answer.error.msg }, 'SUBSCRIBE refused on reconnect');
          continue;
        }
        for (const s of batch) carried.add(s);
      }
    } finally {
      stop();
      unwatch();
      acks.rejectAll(closedWhileSubscribing());
    }
    slot.carried = [...carried];
  }

  /** The new connection serves now: the registry learns what it carries, then any change made meanwhile is sent. */
  #onPromoted(slot: Slot, connectionId: number, reconnect: boolean): void {
    slot.servingId = connectionId;
    slot.acks.rejectAll(new ConnectionError('The market stream connection was replaced', { exchange: 'binance' }));
    this.#registry.resetConnection(slot.index);
    this.#registry.markSubscribed(slot.index, slot.carried);
    if (reconnect) this.#signalAll(slot, { kind: 'resumed' });
    void this.#sync(slot).catch((error: unknown) => {
      this.#options.logger.warn({ connection: slot.index, err: (error as Error).message }, 'stream changes after reconnect failed');
    });
  }

  /**
   * Runs one diff at a time per connection, so SUBSCRIBE and UNSUBSCRIBE never cross. A diff reads
   * the registry when it starts, so callers arriving while one is still queued wait for that one:
   * a burst of subscriptions costs one diff rather than one each.
   */
  #sync(slot: Slot): Promise<void> {
    if (slot.queued !== undefined) return slot.queued;
    const run = slot.chain.then(() => {
      slot.queued = undefined;
      return this.#syncNow(slot);
    });
    slot.queued = run;
    slot.chain = run.catch(() => undefined);
    return run;
  }

  async #syncNow(slot: Slot): Promise<void> {
    for (const method of ['UNSUBSCRIBE', 'SUBSCRIBE'] as const) {
      if (slot.socket.state !== 'open') return;
      const pending = this.#registry.pending(slot.index);
      const streams = method === 'SUBSCRIBE' ? pending.subscribe : pending.unsubscribe;
      for (const batch of chunk(streams, this.#perMessage)) {
        const serving = slot.servingId;
        const id = this.#nextId++;
        let answer: ControlAnswer;
        try {
          const waiting = handled(slot.acks.wait(id, method));
          await slot.socket.send(JSON.stringify({ method, params: batch, id }));
          answer = await waiting;
        } catch (error) {
          // A connection problem: the replay on the next connection restores the registry's streams.
          this.#options.logger.warn({ connection: slot.index, method, err: (error as Error).message }, 'stream control message not confirmed; reconnecting');
          // A dropped connection reconnects by itself, after its backoff; an unanswered one is replaced now.
          if (error instanceof TimeoutError && slot.servingId === serving) slot.socket.reconnectNow('ack-timeout');
          return;
        }
        if (slot.servingId !== serving) return;
        if (answer.error !== undefined) {
          throw new ExchangeError(`${method} ${batch.join(', ')} refused: ${answer.error.msg} (code ${answer.error.code})`, {
            exchange: 'binance', exchangeCode: answer.error.code,
          });
        }
        if (method === 'SUBSCRIBE') this.#registry.markSubscribed(slot.index, batch);
        else this.#registry.markUnsubscribed(slot.index, batch);
      }
    }
  }

  async #afterRemove(slot: Slot): Promise<void> {
    if (this.#registry.streamsOf(slot.index).length === 0) {
      this.#slots.delete(slot.index);
      this.#registry.resetConnection(slot.index);
      await this.#closeSlot(slot);
      return;
    }
    await this.#sync(slot);
  }

  async #closeSlot(slot: Slot): Promise<void> {
    slot.acks.rejectAll(new ConnectionError('The market streams were closed', { exchange: 'binance' }));
    await slot.socket.close();
  }

  #onMessage(slot: Slot, text: string): void {
    // Depth diffs are most of the traffic; their usual frames skip JSON.parse (the depth-frame optimisation seam).
    const depth = decodeDepthFrame(text);
    if (depth !== undefined) {
      this.#dispatch(depth.stream, depth.diff);
      return;
    }
    // Book tickers and the all-market mini tickers too (the ticker-frame optimisation seam).
    const tickers = decodeTickerFrame(text);
    if (tickers !== undefined) {
      this.#dispatch(tickers.stream, tickers.payload);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#options.logger.warn({ connection: slot.index }, 'market stream sent a message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { stream, data, e } = message as { stream?: unknown; data?: unknown; e?: unknown };
    // Stream payloads first: they are nearly every message, and never a control answer.
    if (typeof stream === 'string') {
      if (stream === '!serverShutdown' || (data as { e?: unknown } | null)?.e === 'serverShutdown') {
        this.#shutdownAnnounced(slot);
        return;
      }
      this.#dispatch(stream, data);
      return;
    }
    const answer = parseControlAnswer(message);
    if (answer !== undefined) slot.acks.resolve(answer.id, answer);
    else if (e === 'serverShutdown') this.#shutdownAnnounced(slot);
  }

  #dispatch(stream: string, payload: unknown): void {
    try {
      this.#registry.dispatch(stream, { kind: 'data', payload });
    } catch (error) {
      this.#options.logger.error({ stream, err: (error as Error).message }, 'stream listener failed');
    }
  }

  #shutdownAnnounced(slot: Slot): void {
    this.#options.logger.info({ connection: slot.index }, 'serverShutdown announced; moving to a new connection');
    slot.socket.reconnectNow('serverShutdown');
  }

  #signalAll(slot: Slot, signal: StreamSignal): void {
    for (const stream of this.#registry.streamsOf(slot.index)) {
      try {
        this.#registry.dispatch(stream, signal);
      } catch (error) {
        this.#options.logger.error({ stream, err: (error as Error).message }, 'stream listener failed');
      }
    }
  }
}

/**
 * `waiting`, marked as handled: a drop can reject an ack wait while its message still waits for the
 * throttle, before anyone awaits it, which would otherwise be an unhandled rejection.
 */
function handled<T>(waiting: Promise<T>): Promise<T> {
  waiting.catch(() => undefined);
  return waiting;
}

/** A control answer (`{"result":…,"id":N}` or an error with an id), or undefined for anything else. */
function parseControlAnswer(value: unknown): (ControlAnswer & { id: string | number }) | undefined {
  const message = jsonObjectOf(value);
  if (message === undefined) return undefined;
  const m = message as { id?: unknown; result?: unknown; error?: unknown; code?: unknown; msg?: unknown };
  if ((typeof m.id !== 'number' && typeof m.id !== 'string') || 'stream' in m) return undefined;
  const error = typeof m.error === 'object' && m.error !== null ? (m.error as { code?: unknown; msg?: unknown }) : typeof m.code === 'number' ? m : undefined;
  if (error !== undefined) return { id: m.id, error: { code: Number(error.code), msg: String(error.msg) } };
  return 'result' in m ? { id: m.id } : undefined;
}
