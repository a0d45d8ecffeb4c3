import { fold, signedUnit } from './hash.js';

/**
 * The synthetic price at any whole minute, without iterating from the past: the log price is a sum
 * of value-noise octaves (periods from 1 minute to about a year), each interpolated between random
 * lattice points. Short octaves give Brownian-like minute returns, long ones trends, and the capped
 * amplitudes keep the price within a realistic band around the base price.
 */

/** One noise octave: lattice spacing in minutes and amplitude in log-price units. */
interface Octave {
  readonly period: number;
  readonly amplitude: number;
  readonly key: number;
  /** One-entry cache of the last lattice cell, because consecutive minutes share it. */
  cellIndex: number;
  cellStart: number;
  cellEnd: number;
}

/** Standard deviation of a one-minute log return before the symbol's volatility multiplier. */
export const MINUTE_VOLATILITY = 0.0006;

const PERIODS = [1, 3, 9, 27, 81, 243, 729, 2187, 6561, 19_683, 59_049, 177_147, 531_441];
const MAX_AMPLITUDE = 0.07;

/** Deterministic price path of one symbol. */
export class PricePath {
  private readonly octaves: Octave[];

  /** `key` identifies the seed and symbol; `volatility` scales the short octaves. */
  constructor(key: number, private readonly basePrice: number, volatility: number) {
    // sqrt(2/3) is the std of the difference of two uniform[-1,1] lattice values.
    const perMinute = (MINUTE_VOLATILITY * volatility) / Math.sqrt(2 / 3);
    this.octaves = PERIODS.map((period, index) => ({
      period,
      amplitude: Math.min(MAX_AMPLITUDE, perMinute * Math.sqrt(period)),
      key: fold(key, 1000 + index),
      cellIndex: Number.NaN,
      cellStart: 0,
      cellEnd: 0,
    }));
  }

  /** Price (as a float) at the start of epoch minute `minute`. */
  priceAt(minute: number): number {
    let offset = 0;
    for (const octave of this.octaves) {
      const cell = Math.floor(minute / octave.period);
      if (cell !== octave.cellIndex) {
        // Walking forward, the next cell starts where the previous one ended.
        octave.cellStart = cell === octave.cellIndex + 1 ? octave.cellEnd : signedUnit(octave.key, cell);
        octave.cellEnd = signedUnit(octave.key, cell + 1);
        octave.cellIndex = cell;
      }
      const t = (minute - cell * octave.period) / octave.period;
      // Smoothstep keeps long octaves free of visible kinks at lattice points.
      const s = octave.period === 1 ? t : t * t * (3 - 2 * t);
      offset += octave.amplitude * (octave.cellStart + (octave.cellEnd - octave.cellStart) * s);
    }
    return this.basePrice * Math.exp(offset);
  }
}
