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
 * Splits `total` into integer parts proportional to `weights` (largest remainder method), so the
 * parts always sum to exactly `total` and no part exceeds the ceiling of its exact share.
 */
export function splitProportional(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  if (weights.length === 0) return [];
  if (weightSum <= 0 || total === 0) return weights.map(() => 0);
  const bigTotal = BigInt(total);
  const bigWeights = weights.map((w) => BigInt(Math.round(w)));
  const bigSum = bigWeights.reduce((sum, w) => sum + w, 0n);
  const parts: number[] = [];
  const remainders: { index: number; rest: bigint }[] = [];
  let assigned = 0n;
  bigWeights.forEach((w, index) => {
    const exact = bigTotal * w;
    const part = exact / bigSum;
    parts.push(Number(part));
    assigned += part;
    remainders.push({ index, rest: exact % bigSum });
  });
  let left = Number(bigTotal - assigned);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (let i = 0; left > 0; i = (i + 1) % remainders.length, left--) {
    const target = remainders[i]!.index;
    parts[target] = parts[target]! + 1;
  }
  return parts;
}
