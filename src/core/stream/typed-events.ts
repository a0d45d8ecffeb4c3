/** A listener of one event carrying one payload. */
export type Listener<T> = (payload: T) => void;

/**
 * A minimal typed event emitter. Listener exceptions are caught and handed to `onListenerError`
 * so that one faulty consumer cannot break a connection's state machine mid-transition.
 */
export class TypedEvents<E extends object> {
  /**
   * Listeners per event, replaced rather than changed when one is added or removed: `emit` runs on
   * every message and iterates the array it read, so listeners that add or remove others during
   * an emit do not disturb it, without a copy per emit.
   */
  private readonly listeners = new Map<keyof E, readonly Listener<never>[]>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof E) => void = () => undefined) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const current = this.listeners.get(event) ?? [];
    if (!current.includes(listener)) this.listeners.set(event, [...current, listener]);
    return () => this.off(event, listener);
  }

  /** Removes a listener added with `on`. */
  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    const current = this.listeners.get(event);
    if (current?.includes(listener) === true) this.listeners.set(event, current.filter((l) => l !== listener));
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls every listener of `event` in the order they were added. */
  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const listeners = this.listeners.get(event) as readonly Listener<E[K]>[] | undefined;
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
