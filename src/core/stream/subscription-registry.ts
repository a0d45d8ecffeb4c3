import { ConfigurationError } from '../errors.js';

/** Binance's limit of streams on one connection. */
export const DEFAULT_MAX_STREAMS_PER_CONNECTION = 1024;

/** A stream listener. */
export type StreamListener<T> = (payload: T) => void;

/** One reference to a stream, returned by {@link SubscriptionRegistry.add}. */
export interface StreamHandle {
  /** The stream name. */
  readonly stream: string;
  /** Index of the connection that carries the stream. */
  readonly connection: number;
  /** True when this reference made the stream wanted (the first reference). */
  readonly first: boolean;
  /** Drops this reference; true when it was the last one. Calling it again does nothing. */
  remove(): boolean;
}

/** What a connection must send to match the wanted streams. */
export interface PendingChanges {
  readonly subscribe: string[];
  readonly unsubscribe: string[];
}

/** Options of {@link SubscriptionRegistry}. */
export interface SubscriptionRegistryOptions {
  /**
   * Streams one connection may carry.
   * @default 1024
   */
  maxStreamsPerConnection?: number;
}

interface Ref<T> {
  readonly listener: StreamListener<T>;
}

interface Entry<T> {
  readonly connection: number;
  /**
   * One element per reference; a listener added twice counts twice. Replaced rather than changed,
   * so `dispatch` (once per message) iterates what it read without a copy while listeners come and go.
   */
  refs: readonly Ref<T>[];
}

/**
 * The single source of truth of wanted streams: reference-counted per stream name, spread over
 * connections of at most `maxStreamsPerConnection` streams, with the server-side state of each
 * connection tracked so that the diff to send, and the full list to replay after a reconnect, are
 * always derived from here rather than remembered by the socket code. Pure: no I/O, no timers.
 */
export class SubscriptionRegistry<T = unknown> {
  private readonly max: number;
  private readonly entries = new Map<string, Entry<T>>();
  /** Wanted streams per connection, in the order they were first wanted. */
  private readonly assigned: Set<string>[] = [];
  /** Streams each connection has been told to carry. */
  private readonly active: Set<string>[] = [];

  constructor(options: SubscriptionRegistryOptions = {}) {
    this.max = options.maxStreamsPerConnection ?? DEFAULT_MAX_STREAMS_PER_CONNECTION;
    if (!Number.isInteger(this.max) || this.max < 1) {
      throw new ConfigurationError(`maxStreamsPerConnection must be a positive integer, got ${this.max}`);
    }
  }

  /** Adds a reference to `stream` with its listener. */
  add(stream: string, listener: StreamListener<T>): StreamHandle {
    let entry = this.entries.get(stream);
    const first = entry === undefined;
    if (entry === undefined) {
      entry = { connection: this.placeStream(stream), refs: [] };
      this.entries.set(stream, entry);
    }
    const ref: Ref<T> = { listener };
    entry.refs = [...entry.refs, ref];
    const owner = entry;
    let removed = false;
    return {
      stream,
      connection: owner.connection,
      first,
      remove: () => {
        if (removed) return false;
        removed = true;
        owner.refs = owner.refs.filter((r) => r !== ref);
        if (owner.refs.length > 0 || this.entries.get(stream) !== owner) return false;
        this.entries.delete(stream);
        this.assigned[owner.connection]?.delete(stream);
        return true;
      },
    };
  }

  /** True while `stream` has at least one reference. */
  has(stream: string): boolean {
    return this.entries.has(stream);
  }

  /** References held on `stream`. */
  refCount(stream: string): number {
    return this.entries.get(stream)?.refs.length ?? 0;
  }

  /** Every wanted stream. */
  streams(): string[] {
    return [...this.entries.keys()];
  }

  /** Index of the connection carrying `stream`, if wanted. */
  connectionOf(stream: string): number | undefined {
    return this.entries.get(stream)?.connection;
  }

  /** Number of connection slots in use, including ones left empty by removals. */
  get connectionCount(): number {
    return this.assigned.length;
  }

  /** Wanted streams grouped per connection: what to subscribe on each after a (re)connect. */
  groups(): string[][] {
    return this.assigned.map((set) => [...set]);
  }

  /** Wanted streams of one connection: what to replay after it reconnects. */
  streamsOf(connection: number): string[] {
    return [...(this.assigned[connection] ?? [])];
  }

  /** Calls every listener of `stream`; returns how many ran. Throws the first listener error after all ran. */
  dispatch(stream: string, payload: T): number {
    const entry = this.entries.get(stream);
    if (entry === undefined) return 0;
    let failure: { error: unknown } | undefined;
    let count = 0;
    for (const ref of entry.refs) {
      count += 1;
      try {
        ref.listener(payload);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
    return count;
  }

  /** The subscribe and unsubscribe lists that bring `connection` in line with the wanted streams. */
  pending(connection: number): PendingChanges {
    const wanted = this.assigned[connection] ?? new Set<string>();
    const active = this.active[connection] ?? new Set<string>();
    return {
      subscribe: [...wanted].filter((s) => !active.has(s)),
      unsubscribe: [...active].filter((s) => !wanted.has(s)),
    };
  }

  /** Records that `connection` now carries `streams` (after sending SUBSCRIBE, or opening with them in the URL). */
  markSubscribed(connection: number, streams: Iterable<string>): void {
    const active = this.activeSet(connection);
    for (const s of streams) active.add(s);
  }

  /** Records that `connection` no longer carries `streams`. */
  markUnsubscribed(connection: number, streams: Iterable<string>): void {
    const active = this.active[connection];
    if (active === undefined) return;
    for (const s of streams) active.delete(s);
  }

  /** Forgets what `connection` carries, as after a reconnect: `pending` then lists every wanted stream. */
  resetConnection(connection: number): void {
    this.active[connection]?.clear();
  }

  private activeSet(connection: number): Set<string> {
    while (this.active.length <= connection) this.active.push(new Set());
    return this.active[connection] as Set<string>;
  }

  /**
   * First connection with room. Streams never move once placed, so adding one never forces other
   * streams to be unsubscribed and resubscribed elsewhere.
   */
  private placeStream(stream: string): number {
    let index = this.assigned.findIndex((set) => set.size < this.max);
    if (index === -1) {
      index = this.assigned.length;
      this.assigned.push(new Set());
    }
    (this.assigned[index] as Set<string>).add(stream);
    return index;
  }
}

/** Splits `items` into arrays of at most `size` (for example SUBSCRIBE params per message). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new ConfigurationError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
