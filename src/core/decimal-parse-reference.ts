import type Big from 'big.js';

const PLAIN = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * The plain reference for `decimal-parse-fast.ts`, with the same signature: the range as a string,
 * checked by a regular expression and parsed by big.js.
 */
export function plainRangeParser(Decimal: Big.BigConstructor): (text: string, from: number, end: number) => Big | undefined {
  return (text, from, end) => {
    const plain = text.slice(from, end);
    return PLAIN.test(plain) ? new Decimal(plain) : undefined;
  };
}
