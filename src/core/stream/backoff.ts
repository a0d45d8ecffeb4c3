import { ConfigurationError } from '../errors.js';

/** Shape of the reconnect backoff curve. */
export interface BackoffOptions {
  /**
   * Upper bound of the first delay, in milliseconds.
   * @default 500
   */
  initialMs?: number;
  /**
   * Cap on every delay, in milliseconds. Binance allows 300 connection attempts per 5 minutes per
   * IP, so a long outage must settle at a slow pace shared by every socket of the process.
   * @default 30_000
   */
  maxMs?: number;
  /**
   * Growth of the upper bound per attempt.
   * @default 2
   */
  factor?: number;
}

/** The documented defaults of {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
});

/** Fills in defaults and rejects values that would make the curve meaningless. */
export function resolveBackoff(options: BackoffOptions = {}): Required<BackoffOptions> {
  const resolved = { ...DEFAULT_BACKOFF, ...definedOnly(options) };
  if (!Number.isFinite(resolved.initialMs) || resolved.initialMs <= 0) {
    throw new ConfigurationError(`backoff.initialMs must be a positive number, got ${resolved.initialMs}`);
  }
  if (!Number.isFinite(resolved.maxMs) || resolved.maxMs < resolved.initialMs) {
    throw new ConfigurationError(`backoff.maxMs must be a number >= initialMs, got ${resolved.maxMs}`);
  }
  if (!Number.isFinite(resolved.factor) || resolved.factor < 1) {
    throw new ConfigurationError(`backoff.factor must be a number >= 1, got ${resolved.factor}`);
  }
  return resolved;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first attempt after a drop): a uniformly
 * random value in [0, min(maxMs, initialMs * factor^attempt)) — "full jitter", so that many
 * clients dropped at once by the same server do not come back in lockstep.
 */
export function reconnectDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new ConfigurationError(`attempt must be a non-negative integer, got ${attempt}`);
  }
  const { initialMs, maxMs, factor } = resolveBackoff(options);
  // factor ** attempt overflows to Infinity on long outages; Math.min turns that into the cap.
  const ceiling = Math.min(maxMs, initialMs * factor ** attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

function definedOnly(options: BackoffOptions): BackoffOptions {
  const out: BackoffOptions = {};
  if (options.initialMs !== undefined) out.initialMs = options.initialMs;
  if (options.maxMs !== undefined) out.maxMs = options.maxMs;
  if (options.factor !== undefined) out.factor = options.factor;
  return out;
}
