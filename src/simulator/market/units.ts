/**
 * Integer fixed-point helpers. Market data is kept as integers of a symbol's smallest unit (price
 * ticks, quantity steps) so that aggregation is exact and fast, and turned into Binance's decimal
 * strings only at the edge.
 */

const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);
const ZEROS = Array.from({ length: 21 }, (_, i) => '0'.repeat(i));

/** Formats an integer count of `10^-decimals` units as a decimal string with `outDecimals` places. */
export function formatUnits(units: number | bigint, decimals: number, outDecimals = decimals): string {
  if (typeof units === 'number' && units >= 0 && decimals > 0 && outDecimals >= decimals) {
    // The hot path for klines: plain integer arithmetic instead of string slicing.
    const scale = POWERS[decimals]!;
    const whole = Math.floor(units / scale);
    const fraction = String(units - whole * scale).padStart(decimals, '0');
    return `${whole}.${fraction}${ZEROS[outDecimals - decimals]!}`;
  }
  const negative = units < 0;
  let digits = (negative ? -units : units).toString();
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0');
    const whole = digits.slice(0, digits.length - decimals);
    let fraction = digits.slice(digits.length - decimals);
    if (outDecimals > decimals) fraction = fraction.padEnd(outDecimals, '0');
    else if (outDecimals < decimals) fraction = fraction.slice(0, outDecimals);
    digits = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  } else if (outDecimals > 0) {
    digits = `${digits}.${'0'.repeat(outDecimals)}`;
  }
  return negative ? `-${digits}` : digits;
}

/**
 * Splits `total` into integer parts proportional to `weights` (rounded to integers), so the parts
 * always sum to exactly `total`: part i is the rounded-down running total through i minus the one
 * before it, so each part is its exact share rounded down or up (one unit further at most when
 * `total * weightSum` passes 2^53 and the products are rounded), in one pass without sorting.
 */
export function splitProportional(total: number, weights: readonly number[]): number[] {
  // Plain loops over packed arrays: this runs a few times for every hour and minute generated.
  let weightSum = 0;
  for (let i = 0; i < weights.length; i++) weightSum += Math.max(0, Math.round(weights[i]!));
  const parts: number[] = [];
  if (weightSum <= 0) {
    for (let i = 0; i < weights.length; i++) parts.push(0);
    return parts;
  }
  const exact = total * weightSum <= Number.MAX_SAFE_INTEGER;
  let running = 0;
  let before = 0;
  for (let i = 0; i < weights.length; i++) {
    running += Math.max(0, Math.round(weights[i]!));
    const product = total * running;
    let through = running === weightSum ? total : Math.min(total, Math.floor(product / weightSum));
    // An exact product divided can still round up to the next integer.
    if (exact && through * weightSum > product) through -= 1;
    parts.push(through - before);
    before = through;
  }
  return parts;
}

/**
 * Splits `total` into integer parts proportional to `weights`, each part between its `lower` and
 * `upper` bound (arrays as long as `weights`). What a bound cuts off is shared among the parts that
 * still have room, so the parts always sum to exactly `total`; the bounds must allow it.
 */
export function splitBounded(
  total: number, weights: readonly number[], lower: readonly number[], upper: readonly number[],
): number[] {
  let rest = total;
  for (let i = 0; i < lower.length; i++) rest -= lower[i]!;
  const shares = splitProportional(rest, weights);
  const parts: number[] = [];
  let within = true;
  let given = 0;
  for (let i = 0; i < shares.length; i++) {
    parts.push(lower[i]! + shares[i]!);
    given += shares[i]!;
    if (parts[i]! > upper[i]!) within = false;
  }
  // Weights that are all zero give nothing out: the slow path shares by room instead.
  return within && given === rest ? parts : splitWithin(total, weights, lower, upper);
}

/** splitBounded when a bound cuts: parts at a bound are set aside, the rest split again among the others. */
function splitWithin(total: number, weights: readonly number[], lower: readonly number[], upper: readonly number[]): number[] {
  const parts = lower.slice();
  let rest = total;
  for (let i = 0; i < parts.length; i++) rest -= parts[i]!;
  let open: number[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i]! < upper[i]!) open.push(i);
  while (rest > 0) {
    if (open.length === 0) throw new RangeError(`cannot split ${total} within the bounds`);
    const openWeights = open.map((i) => weights[i]!);
    // Parts left with room but no weight still take what the others cannot.
    const weighted = openWeights.some((w) => Math.round(w) > 0);
    const shares = splitProportional(rest, weighted ? openWeights : open.map((i) => Math.min(Number.MAX_SAFE_INTEGER, upper[i]! - parts[i]!)));
    rest = 0;
    const stillOpen: number[] = [];
    for (let k = 0; k < open.length; k++) {
      const i = open[k]!;
      const added = Math.min(upper[i]! - parts[i]!, shares[k]!);
      parts[i] = parts[i]! + added;
      rest += shares[k]! - added;
      if (parts[i]! < upper[i]!) stillOpen.push(i);
    }
    open = stillOpen;
  }
  return parts;
}
