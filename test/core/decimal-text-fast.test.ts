import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal } from '../../src/core/decimal.js';
import { decimalTextPrototype } from '../../src/core/decimal-text-fast.js';
import { decimalTextPrototype as referencePrototype } from '../../src/core/decimal-text-reference.js';

/** A big.js constructor with Decimal's settings and the given text prototype. */
function withSettings(prototypeOf: (bigPrototype: Big) => Big, NE = Decimal.NE, PE = Decimal.PE): Big.BigConstructor {
  const Ctor = Big();
  Ctor.NE = NE;
  Ctor.PE = PE;
  Ctor.DP = Decimal.DP;
  Ctor.RM = Decimal.RM;
  Ctor.prototype = prototypeOf(Ctor.prototype);
  return Ctor;
}

/** The reference: Decimal's settings with big.js's own text methods. */
const Reference = withSettings(referencePrototype);

/** Decimal text: zeros, nines, trailing zeros, negative values, exponents from tiny to huge. */
const decimalText = fc.record({
  negative: fc.boolean(),
  digits: fc.array(fc.constantFrom('0', '0', '0', '1', '5', '9', '9', '3'), { minLength: 1, maxLength: 40 }).map((d) => d.join('')),
  point: fc.nat({ max: 40 }),
  trailingZeros: fc.nat({ max: 12 }),
  exponent: fc.oneof(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -400, max: 400 }), fc.constantFrom(-1000, 1000, 0)),
}).map(({ negative, digits, point, trailingZeros, exponent }) => {
  const all = digits + '0'.repeat(trailingZeros);
  const at = Math.min(point, all.length);
  const mantissa = at === 0 || at === all.length ? all : `${all.slice(0, at)}.${all.slice(at)}`;
  return `${negative ? '-' : ''}${mantissa}e${exponent}`;
});

/** Every text conversion of one value, as the caller sees them. */
function texts(value: Big): string[] {
  return [value.toString(), value.toJSON(), value.valueOf(), value.toFixed(), `${value}`, `${value as unknown as string}!`, JSON.stringify({ value })];
}

/** A call's result or its error message, so failures compare too. */
function outcome(run: () => string): string {
  try {
    return `ok ${run()}`;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

/** Fixed seeds: the same cases on every run. */
const RUNS = { seed: 20261203, numRuns: 1500 };

describe('decimalTextPrototype (optimisation) against big.js\'s own text (reference)', () => {
  it('writes toString, toJSON, valueOf, toFixed() and template text exactly as the reference does', () => {
    fc.assert(fc.property(decimalText, (text) => {
      expect(texts(new Decimal(text))).toEqual(texts(new Reference(text)));
      // Values built by the wire parser, which skips big.js's constructor, too.
      const plain = new Reference(text).toFixed();
      expect(texts(parseDecimal(plain))).toEqual(texts(new Reference(plain)));
    }), RUNS);
  });

  it('writes toFixed(dp, rm) exactly as the reference does, or throws its error, for any dp and rounding mode', () => {
    const dp = fc.oneof(fc.integer({ min: 0, max: 45 }), fc.constantFrom(-1, 1.5, 1_000_001, Number.NaN));
    const rm = fc.constantFrom(undefined, 0, 1, 2, 3, 4, 1.5, null);
    fc.assert(fc.property(decimalText, dp, rm, (text, places, mode) => {
      const call = (value: Big) => outcome(() => value.toFixed(places, mode as Big.RoundingMode));
      expect(call(new Decimal(text))).toBe(call(new Reference(text)));
    }), RUNS);
  });

  it('leaves exponent notation to big.js: with big.js\'s default NE and PE the text is the reference\'s', () => {
    const Fast = withSettings(decimalTextPrototype, -7, 21);
    const Plain = withSettings(referencePrototype, -7, 21);
    fc.assert(fc.property(decimalText, (text) => {
      expect(texts(new Fast(text))).toEqual(texts(new Plain(text)));
    }), RUNS);
  });

  it('converts to a primitive as big.js does, in templates, concatenation and comparison', () => {
    for (const text of ['90215.13', '-0', '-0.5', '1e-7', '123456789012345678901234567890']) {
      const [ours, theirs] = [new Decimal(text), new Reference(text)];
      expect([`${ours}`, String(ours), `${ours as unknown as string}!`, +ours, ours < new Decimal('1'), ours + ''])
        .toEqual([`${theirs}`, String(theirs), `${theirs as unknown as string}!`, +theirs, theirs < new Reference('1'), theirs + '']);
    }
    const Strict = Big();
    Strict.strict = true;
    Strict.prototype = decimalTextPrototype(Strict.prototype);
    expect(`${new Strict('1.5')}`).toBe('1.5');
    expect(() => new Strict('1.5') + '').toThrow('[big.js] valueOf disallowed');
  });

  it('keeps the sign of negative zero only where big.js does', () => {
    const zero = new Decimal('-0');
    expect([zero.toString(), zero.toFixed(), zero.toFixed(2), zero.valueOf()]).toEqual(['0', '0', '0.00', '-0']);
    expect(new Decimal('-0.001').toFixed(2)).toBe('-0.00');
    expect(new Decimal('-0.001').toFixed(2, Big.roundUp)).toBe('-0.01');
  });

  it('rejects the arguments big.js rejects, with its messages', () => {
    const value = new Decimal('1.25');
    for (const [dp, rm] of [[-1, undefined], [1.5, undefined], [1_000_001, undefined], [2, 4], [2, 1.5], [2, null], [Number.NaN, 1]] as const) {
      expect(() => value.toFixed(dp, rm as Big.RoundingMode)).toThrow(/\[big\.js\] Invalid/);
      expect(() => new Reference('1.25').toFixed(dp, rm as Big.RoundingMode)).toThrow(/\[big\.js\] Invalid/);
    }
  });

  it('leaves exponent notation and strict mode to big.js', () => {
    const Small = Big();
    Small.prototype = decimalTextPrototype(Small.prototype);
    const Plain = Big();
    for (const text of ['1e-7', '1.5e21', '-2.5e-9', '123', '1e20', '0.000001']) {
      const [ours, theirs] = [new Small(text), new Plain(text)];
      expect([ours.toString(), ours.toJSON(), ours.valueOf(), ours.toFixed(), ours.toFixed(3)])
        .toEqual([theirs.toString(), theirs.toJSON(), theirs.valueOf(), theirs.toFixed(), theirs.toFixed(3)]);
    }
    Small.strict = true;
    expect(() => new Small('1').valueOf()).toThrow('[big.js] valueOf disallowed');
  });

  it('keeps the instance shape and big.js prototype untouched while results keep the faster prototype', () => {
    const parsed = parseDecimal('90215.13');
    const built = new Decimal('90215.13');
    expect(Object.keys(parsed)).toEqual(['s', 'e', 'c', 'constructor']);
    expect(Object.keys(built)).toEqual(['s', 'e', 'c', 'constructor']);
    expect(parsed).toEqual(built);
    expect(Object.getPrototypeOf(parsed)).toBe(Decimal.prototype);
    expect(Object.getPrototypeOf(parsed.times('3'))).toBe(Decimal.prototype);
    expect(parsed.plus('1')).toBeInstanceOf(Decimal);
    const shared = Object.getPrototypeOf(new Big('1')) as Big;
    expect(Object.getPrototypeOf(Decimal.prototype)).toBe(shared);
    expect(Object.hasOwn(shared, 'toFixed') && shared.toFixed !== Decimal.prototype.toFixed).toBe(true);
    expect(new Big('1e-7').toString()).toBe('1e-7');
  });
});
