import { normalizeSymbol } from '../binance/validation.js';
import { InvalidArgumentError } from '../core/errors.js';
import { INTERVALS, type Interval } from '../core/models.js';
import { UsageError } from './cli-error.js';

/** Parsers for command-line values: each names the argument and the rule it breaks, and throws UsageError (exit 2). */

/** A symbol such as BTCUSDT, by the connector's one symbol rule: lower case is accepted and upper-cased. */
export function parseSymbol(text: string): string {
  try {
    return normalizeSymbol(text);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(error.message);
    throw error;
  }
}

/** A kline interval, case-sensitive as Binance writes it (`1m` is a minute, `1M` a month). */
export function parseInterval(text: string): Interval {
  const found = INTERVALS.find((interval) => interval === text);
  if (found === undefined) throw new UsageError(`interval: must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(text)}`);
  return found;
}

/** One of `choices`, case-insensitive; returns the choice as written in `choices`. */
export function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice.toLowerCase() === text.trim().toLowerCase());
  if (found === undefined) throw new UsageError(`${name}: must be one of ${choices.join(', ')}, got ${JSON.stringify(text)}`);
  return found;
}

/** An integer in `[min, max]`. */
export function parseInteger(name: string, text: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${name}: must be an integer ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A time as epoch milliseconds or an ISO 8601 date (`2024-01-01`, `2024-01-01T12:00:00Z`); dates without a zone are UTC. */
export function parseTime(name: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return parseInteger(name, trimmed, 0);
  const value = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed) || trimmed.length === 10 ? trimmed : `${trimmed}Z`) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new UsageError(`${name}: must be epoch milliseconds or an ISO date such as 2024-01-01T00:00:00Z, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A positive decimal amount as text (`0.001`), kept as text so no binary float touches it. */
export function parseAmount(name: string, text: string): string {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed) || !/[1-9]/.test(trimmed)) {
    throw new UsageError(`${name}: must be a positive decimal such as 0.001, got ${JSON.stringify(text)}`);
  }
  return trimmed;
}
