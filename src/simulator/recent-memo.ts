/**
 * A memo that keeps only the most recently added results: values computed for the current second
 * are asked for again by every request in it, and older ones are dropped so memory stays bounded.
 */
export class RecentMemo<K, V> {
  private readonly entries = new Map<K, V>();

  /** Keeps at most `capacity` results, dropping the oldest first. */
  constructor(private readonly capacity: number) {}

  /** The value kept for `key`, or `compute()`'s, which is then kept. */
  get(key: K, compute: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, value);
    }
    return value;
  }
}
