/**
 * Deterministic integer hashing: every synthetic value (prices, volumes, book quantities) is a pure
 * function of the seed and its coordinates, so history is computed on demand instead of stored.
 */

const TWO_32 = 4_294_967_296;

/** Murmur3's 32-bit finaliser: cheap and well mixed, enough for market noise. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one more number (any safe integer, including values above 2^32) into a running hash. */
export function fold(hash: number, value: number): number {
  const low = value >>> 0;
  const high = Math.floor(value / TWO_32) >>> 0;
  return mix32(mix32(hash ^ low) + Math.imul(high ^ 0x9e3779b9, 0x27d4eb2d));
}

/** Hash of a string, used once per symbol to derive its own noise key. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Uniform number in [0, 1) for the given key and coordinates. */
export function unit(key: number, a: number, b = 0): number {
  return fold(fold(key, a), b) / TWO_32;
}

/** Uniform number in [-1, 1) for the given key and coordinates. */
export function signedUnit(key: number, a: number, b = 0): number {
  return unit(key, a, b) * 2 - 1;
}

/** Key for a family of values at one coordinate; read them with `unitAt`. */
export function cellKey(key: number, a: number): number {
  return fold(key, a);
}

/** The `index`-th uniform number in [0, 1) of a cell key: one multiply-mix instead of a full fold. */
export function unitAt(cell: number, index: number): number {
  return mix32(cell ^ Math.imul(index + 1, 0x9e3779b9)) / TWO_32;
}
