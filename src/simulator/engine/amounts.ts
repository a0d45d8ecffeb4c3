import { Decimal } from '../../core/decimal.js';
import type { SymbolSpec } from '../market/symbols.js';
import { formatUnits } from '../market/units.js';

/** Conversions between a symbol's integer grids (ticks, steps) and exact decimals. */

/** Price in ticks as a decimal. */
export function ticksToDecimal(spec: SymbolSpec, ticks: number): Decimal {
  return new Decimal(formatUnits(ticks, spec.tickDecimals));
}

/** Quantity in steps as a decimal. */
export function stepsToDecimal(spec: SymbolSpec, steps: number): Decimal {
  return new Decimal(formatUnits(steps, spec.stepDecimals));
}

/** Exact quote amount of `steps` at `ticks`, without float rounding. */
export function quoteOf(spec: SymbolSpec, ticks: number, steps: number): Decimal {
  return new Decimal(formatUnits(BigInt(ticks) * BigInt(steps), spec.tickDecimals + spec.stepDecimals));
}

/** A decimal on the tick grid as ticks; undefined when it is off the grid. */
export function decimalToTicks(spec: SymbolSpec, value: Decimal): number | undefined {
  const scaled = value.times(new Decimal(10).pow(spec.tickDecimals));
  return scaled.eq(scaled.round(0, 0)) ? Number(scaled.toFixed(0)) : undefined;
}

/** A decimal on the step grid as steps; undefined when it is off the grid. */
export function decimalToSteps(spec: SymbolSpec, value: Decimal): number | undefined {
  const scaled = value.times(new Decimal(10).pow(spec.stepDecimals));
  return scaled.eq(scaled.round(0, 0)) ? Number(scaled.toFixed(0)) : undefined;
}

/** Binance's 8-decimal rendering of an amount, as in order and account responses. */
export function fixed8(value: Decimal): string {
  return value.toFixed(8);
}
