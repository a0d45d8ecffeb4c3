/** A listener of one event carrying one payload. */
export type Listener<T> = (payload: T) => void;

/**
 * A minimal typed event emitter. Listener exceptions are caught and handed to `onListenerError`
 * so that one faulty consumer cannot break a connection's state machine mid-transition.
 */
export class TypedEvents<E extends object> {
  private readonly listeners = new Map<keyof E, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof E) => void = () => undefined) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener added with `on`. */
  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Calls every listener of `event` in the order they were added. */
  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.listeners.get(event) as Set<Listener<E[K]>> | undefined;
    if (set === undefined) return;
    // Copy so that listeners removing themselves do not disturb the iteration.
    for (const listener of [...set]) {
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
