/**
 * A memo that keeps only the most recently added results: values computed for the current second
 * are asked for again by every request in it, and older ones are dropped so memory stays bounded.
 * Its capacities are a handful, so it is a ring of slots searched in order rather than a Map: a
 * Map that deletes its oldest key on every miss was measured to make paging through a year of
 * candles about half again slower, in young-generation GC.
 */
export class RecentMemo<K, V> {
  private readonly keys: K[] = [];
  private readonly values: V[] = [];
  /** The slot the next miss overwrites once all are filled: the oldest. */
  private oldest = 0;

  /** Keeps at most `capacity` results, dropping the oldest first. */
  constructor(private readonly capacity: number) {}

  /** The value kept for `key`, or `compute()`'s, which is then kept. */
  get(key: K, compute: () => V): V {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) return this.values[i]!;
    const value = compute();
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.values.push(value);
    } else {
      this.keys[this.oldest] = key;
      this.values[this.oldest] = value;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    return value;
  }
}
