/** A minimal typed event hub: the engine emits, stream layers subscribe, neither knows the other. */

/** Listener of one event type. */
export type Listener<T> = (event: T) => void;

/** Typed publish/subscribe over a map of event names to payload types. */
export class EventHub<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Subscribes to `name`; returns the function that unsubscribes. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  /** Whether anyone listens to `name`, so costly events can be skipped when nobody does. */
  hasListeners<K extends keyof Events>(name: K): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  /** Delivers `event` to every listener of `name`; a throwing listener does not stop the others. */
  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(event);
      } catch (error) {
        console.error('simulator event listener failed', error);
      }
    }
  }

  /** Drops every listener (on close). */
  clear(): void {
    this.listeners.clear();
  }
}
