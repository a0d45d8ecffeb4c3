/**
 * OPTIMISATION SEAM (decimal text). A faster writer of our decimals' text than big.js's own:
 * `toFixed()` 180–191 ns → 40–45 ns a value (docs/PERFORMANCE.md, "Optimisation seams"). The plain reference
 * is `decimal-text-reference.ts` (big.js's own methods, same signature); the differential test
 * `test/core/decimal-text-fast.test.ts` checks both give the same text on generated values.
 */
import type Big from 'big.js';

/** big.js's largest accepted number of decimal places (its MAX_DP). */
const MAX_DP = 1_000_000;

/** Runs of zeros by length, so padding is one lookup instead of a loop of concatenations. */
const ZEROS: string[] = [];
for (let run = ''; ZEROS.length <= 40; run += '0') ZEROS.push(run);

function zeros(count: number): string {
  return count < ZEROS.length ? ZEROS[count]! : '0'.repeat(count);
}

/**
 * Digits `c[from..to)` as text. Up to nine digits are gathered into one small integer and turned into
 * text by the engine, which is several times cheaper than big.js's `join('')` and slicing; the
 * group's leading zeros, which the integer loses, come from the zeros table.
 */
function digitText(c: number[], from: number, to: number): string {
  let text = '';
  for (let end = Math.min(from + 9, to); ; end = Math.min(from + 9, to)) {
    let first = from;
    while (first < end && c[first] === 0) first += 1;
    if (first === end) {
      text += ZEROS[end - from]!;
    } else {
      let group = 0;
      for (let i = first; i < end; i++) group = group * 10 + c[i]!;
      text += first === from ? `${group}` : ZEROS[first - from]! + group;
    }
    if (end === to) return text;
    from = end;
  }
}

/**
 * The value in normal notation with at least `places` decimal places (zeros appended), prefixed
 * by `sign`: big.js's stringify without exponent notation, for any digit array.
 */
function plainText(x: Big, sign: string, places: number): string {
  const c = x.c;
  const length = c.length;
  const e = x.e;
  if (e < 0) {
    const text = `${sign}0.${zeros(-e - 1)}${digitText(c, 0, length)}`;
    return places > length - e - 1 ? text + zeros(places - (length - e - 1)) : text;
  }
  if (length <= e + 1) {
    const text = sign + digitText(c, 0, length) + zeros(e + 1 - length);
    return places > 0 ? `${text}.${zeros(places)}` : text;
  }
  const text = `${sign}${digitText(c, 0, e + 1)}.${digitText(c, e + 1, length)}`;
  return places > length - e - 1 ? text + zeros(places - (length - e - 1)) : text;
}

type Settings = { NE: number; PE: number; RM: number; strict: boolean };

/** True when big.js would use exponent notation for this value; ours never does, but big.js decides. */
function exponential(x: Big): boolean {
  const settings = x.constructor as unknown as Settings;
  return x.e <= settings.NE || x.e >= settings.PE;
}

/**
 * A prototype for one big.js constructor (the seam's signature): inherits every method from big.js's shared prototype
 * (which must not be patched, as every big.js constructor in the process shares it) and overrides
 * the conversions to text and to a primitive with a faster writer that gives exactly big.js's
 * output. Anything unusual — exponent notation, rounding, invalid arguments, strict mode — is
 * handed to big.js.
 */
export function decimalTextPrototype(bigPrototype: Big): Big {
  const base = bigPrototype;
  const prototype = Object.create(bigPrototype) as Big;

  function toString(this: Big): string {
    if (exponential(this)) return base.toString.call(this);
    return plainText(this, this.s < 0 && this.c[0] !== 0 ? '-' : '', 0);
  }

  Object.defineProperties(prototype, {
    toString: { value: toString, writable: true, configurable: true },
    toJSON: { value: toString, writable: true, configurable: true },
    valueOf: {
      value: function valueOf(this: Big): string {
        // valueOf keeps the sign of negative zero, unlike toString.
        const settings = this.constructor as unknown as Settings;
        if (settings.strict === true || exponential(this)) return base.valueOf.call(this);
        return plainText(this, this.s < 0 ? '-' : '', 0);
      },
      writable: true,
      configurable: true,
    },
    // Without it, `${decimal}` first searches the whole prototype chain for this symbol, then looks
    // up toString: about a quarter of the cost of a decimal in a template string. Same order as
    // the ordinary conversion: toString for a string hint, valueOf (big.js's, a string) otherwise.
    [Symbol.toPrimitive]: {
      value: function toPrimitive(this: Big, hint: string): string {
        return hint === 'string' ? this.toString() : this.valueOf();
      },
      writable: true,
      configurable: true,
    },
    toFixed: {
      value: function toFixed(this: Big, dp?: number, rm?: Big.RoundingMode): string {
        const c = this.c;
        const sign = this.s < 0 && c[0] !== 0 ? '-' : '';
        if (dp === undefined) return plainText(this, sign, 0);
        // Only the case with nothing to round is written here: big.js rounds, pads and validates the rest.
        const mode = rm === undefined ? (this.constructor as unknown as Settings).RM : rm;
        const valid = dp === Math.trunc(dp) && dp >= 0 && dp <= MAX_DP && (mode === 0 || mode === 1 || mode === 2 || mode === 3);
        if (!valid || dp + this.e + 1 < c.length) return base.toFixed.call(this, dp, rm);
        return plainText(this, sign, dp);
      },
      writable: true,
      configurable: true,
    },
  });
  return prototype;
}
