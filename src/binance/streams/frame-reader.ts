import { parsePlainRange } from '../../core/decimal.js';
import type { PriceLevel } from '../../core/models.js';

/**
 * The cursor the frame decoders (the depth-frame and ticker-frame optimisation seams) read a
 * frame's text with, in place: each read either advances past what it read or reports failure,
 * so a decoder turns down any frame not in the exact layout it knows.
 */

/** Integers beyond this many digits may not be exact as a double; they are left to JSON.parse. */
const MAX_INTEGER_DIGITS = 15;

/** A cursor over a frame's text. */
export class FrameReader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  /** Steps over `literal` if the text continues with it. */
  skip(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  /** A JSON integer without sign, fraction or exponent; -1 if there is none. */
  integer(): number {
    const text = this.text;
    const start = this.at;
    let value = 0;
    let i = start;
    for (; i < text.length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    const length = i - start;
    // JSON allows no leading zero; `012` must fail as JSON.parse fails it.
    if (length === 0 || length > MAX_INTEGER_DIGITS || (length > 1 && text.charCodeAt(start) === 48)) return -1;
    this.at = i;
    return value;
  }

  /**
   * Steps over the rest of a string whose opening quote was read and returns where its closing
   * quote is; -1 if it holds an escape or a control character (its value would differ from its text).
   */
  stringEnd(): number {
    const text = this.text;
    const end = text.indexOf('"', this.at);
    if (end < 0) return -1;
    for (let i = this.at; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === 92 || code < 32) return -1;
    }
    this.at = end + 1;
    return end;
  }

  /** `["price","quantity"],...]` after the opening bracket: the levels, or undefined. */
  levels(): PriceLevel[] | undefined {
    const out: PriceLevel[] = [];
    if (this.skip(']')) return out;
    for (;;) {
      if (!this.skip('["')) return undefined;
      const price = this.decimal();
      if (price === undefined || !this.skip(',"')) return undefined;
      const quantity = this.decimal();
      if (quantity === undefined || !this.skip(']')) return undefined;
      out.push({ price, quantity });
      if (this.skip(']')) return out;
      if (!this.skip(',')) return undefined;
    }
  }

  /**
   * A decimal string after its opening quote. No escape check is needed: a backslash (or any
   * character but digits, one point and a leading minus) makes parsePlainRange answer undefined.
   */
  decimal(): PriceLevel['price'] | undefined {
    const start = this.at;
    const end = this.text.indexOf('"', start);
    if (end < 0) return undefined;
    this.at = end + 1;
    return parsePlainRange(this.text, start, end);
  }
}
