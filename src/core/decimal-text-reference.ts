import type Big from 'big.js';

/**
 * The plain reference for `decimal-text-fast.ts`: a prototype for one big.js constructor that
 * adds nothing, so `toString`, `toJSON`, `valueOf` and `toFixed` are big.js's own. Same signature
 * as the optimised seam, which must give exactly this text (test/core/decimal-text-fast.test.ts).
 */
export function decimalTextPrototype(bigPrototype: Big): Big {
  return Object.create(bigPrototype) as Big;
}
