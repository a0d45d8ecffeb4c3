import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, parseDecimal } from '../../src/core/decimal.js';
import { fastTextPrototype } from '../../src/core/decimal-text.js';

/** A big.js constructor with Decimal's settings and big.js's own prototype: the expected text. */
const Reference = Big();
Reference.NE = Decimal.NE;
Reference.PE = Decimal.PE;
Reference.DP = Decimal.DP;
Reference.RM = Decimal.RM;

/** A seeded generator of integers below `n`, so the generated cases are the same on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

/** Decimal texts in exponent form: digit runs heavy in zeros and nines, exponents from tiny to huge. */
function generatedTexts(count: number): string[] {
  const next = generator(11);
  const texts = ['0', '-0', '1', '-1', '0.5', '-0.5', '9.99', '-9.995', '0.000000001', '100000', '-100000'];
  const exponents = [0, 1, -1, 5, -5, 8, -8, 9, -9, 10, 17, -17, 40, -40, 300, -300];
  while (texts.length < count) {
    const length = 1 + next(30);
    let digits = '';
    for (let i = 0; i < length; i++) digits += '0919053'[next(7)];
    const exponent = next(3) === 0 ? exponents[next(exponents.length)]! : next(25) - 12;
    texts.push(`${next(3) === 0 ? '-' : ''}${digits}e${exponent}`);
  }
  return texts;
}

describe('Decimal text', () => {
  const texts = generatedTexts(3000);

  it('writes toString, toJSON, valueOf and toFixed() exactly as big.js does', () => {
    for (const text of texts) {
      const expected = new Reference(text);
      for (const value of [new Decimal(text), parseDecimal(expected.valueOf())]) {
        expect([value.toString(), value.toJSON(), value.valueOf(), value.toFixed(), `${value}`, JSON.stringify({ value })])
          .toEqual([expected.toString(), expected.toJSON(), expected.valueOf(), expected.toFixed(), `${expected}`, JSON.stringify({ value: expected })]);
      }
    }
  });

  it('writes toFixed(dp) and toFixed(dp, rm) exactly as big.js does for dp 0 to 30 and every rounding mode', () => {
    const modes = [undefined, Big.roundDown, Big.roundHalfUp, Big.roundHalfEven, Big.roundUp] as const;
    for (const text of texts.slice(0, 1500)) {
      const value = new Decimal(text);
      const expected = new Reference(text);
      for (let dp = 0; dp <= 30; dp++) {
        for (const rm of modes) {
          const actual = value.toFixed(dp, rm);
          if (actual !== expected.toFixed(dp, rm)) expect([text, dp, rm, actual]).toEqual([text, dp, rm, expected.toFixed(dp, rm)]);
        }
      }
    }
  });

  it('converts to a primitive as big.js does, in templates, concatenation and comparison', () => {
    for (const text of ['90215.13', '-0', '-0.5', '1e-7', '123456789012345678901234567890']) {
      const [ours, theirs] = [new Decimal(text), new Reference(text)];
      expect([`${ours}`, String(ours), `${ours as unknown as string}!`, +ours, ours < new Decimal('1'), ours + ''])
        .toEqual([`${theirs}`, String(theirs), `${theirs as unknown as string}!`, +theirs, theirs < new Reference('1'), theirs + '']);
    }
    const Strict = Big();
    Strict.strict = true;
    Strict.prototype = fastTextPrototype(Strict.prototype);
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
    Small.prototype = fastTextPrototype(Small.prototype);
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
