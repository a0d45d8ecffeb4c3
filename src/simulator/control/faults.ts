import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { EventHub } from '../engine/events.js';
import { badRequest } from '../sim-error.js';

/**
 * Injected faults. REST faults are applied by the HTTP front; stream faults are stored and
 * announced so the WebSocket layers can act on them. Injecting a kind again replaces it.
 */

/** A fault, as `inject()` and `POST /sim/faults` take it. */
export type Fault =
  | { readonly kind: 'drop-streams' }
  | { readonly kind: 'stop-pings' }
  | { readonly kind: 'ignore-pongs' }
  | { readonly kind: 'server-shutdown' }
  | { readonly kind: 'stall-streams' }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'clock-skew'; readonly ms: number }
  | { readonly kind: 'order-status-unknown'; readonly count: number; readonly as: 503 | -1007 }
  | { readonly kind: 'http-error'; readonly status: number; readonly count: number }
  | { readonly kind: 'rate-limit'; readonly count: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'revoke-key'; readonly apiKey: string };

/** Fault kind names. */
export type FaultKind = Fault['kind'];

/** Events of the fault store, for the stream layers. */
export interface FaultEvents {
  inject: Fault;
  clear: undefined;
}

/**
 * Bounds of the numeric fault parameters: wide enough for any test of a client (a latency past
 * every request timeout, a clock a day off, thousands of forced failures), narrow enough that no
 * value can stall the server. SIMULATOR.md lists them.
 */
export const FAULT_BOUNDS = {
  latencyMs: { min: 0, max: 600_000 },
  clockSkewMs: { min: -86_400_000, max: 86_400_000 },
  count: { min: 1, max: 10_000 },
  status: { min: 400, max: 599 },
  retryAfterSeconds: { min: 0, max: 3600 },
} as const;

const KINDS: readonly FaultKind[] = [
  'drop-streams', 'stop-pings', 'ignore-pongs', 'server-shutdown', 'stall-streams', 'latency', 'clock-skew',
  'order-status-unknown', 'http-error', 'rate-limit', 'revoke-key',
];

/** The parameters each kind takes besides `kind`. */
const PARAMETERS: Readonly<Record<FaultKind, readonly string[]>> = {
  'drop-streams': [], 'stop-pings': [], 'ignore-pongs': [], 'server-shutdown': [], 'stall-streams': [],
  latency: ['ms'], 'clock-skew': ['ms'], 'order-status-unknown': ['count', 'as'], 'http-error': ['status', 'count'],
  'rate-limit': ['count', 'retryAfterSeconds'], 'revoke-key': ['apiKey'],
};

/** The same rule as an account's API key. */
const API_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Throws the control API's 400 -1130 naming `field` and what is expected of it. */
export function invalid(field: string, expected: string): never {
  throw badRequest(BinanceErrorCode.INVALID_PARAMETER, `${BinanceMessage.invalidParameter(field).slice(0, -1)}: ${expected}.`);
}

function integerField(raw: Record<string, unknown>, field: string, bounds: { readonly min: number; readonly max: number }): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    invalid(field, `an integer from ${bounds.min} to ${bounds.max} is expected`);
  }
  return value;
}

function kindOf(value: unknown): FaultKind {
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).kind : undefined;
  if (!KINDS.includes(kind as FaultKind)) invalid('kind', `one of ${KINDS.join(', ')} is expected`);
  return kind as FaultKind;
}

/**
 * Validates an untrusted fault description (the admin API's JSON body, `inject()`'s argument):
 * every parameter within its bound and none the kind does not take; throws -1130 naming the
 * parameter and what is expected.
 */
export function parseFault(value: unknown): Fault {
  const kind = kindOf(value);
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((field) => field !== 'kind' && !PARAMETERS[kind].includes(field));
  if (unknown !== undefined) invalid(unknown, `${kind} takes no such parameter`);
  switch (kind) {
    case 'drop-streams':
    case 'stop-pings':
    case 'ignore-pongs':
    case 'server-shutdown':
    case 'stall-streams':
      return { kind };
    case 'latency':
      return { kind, ms: integerField(raw, 'ms', FAULT_BOUNDS.latencyMs) };
    case 'clock-skew':
      return { kind, ms: integerField(raw, 'ms', FAULT_BOUNDS.clockSkewMs) };
    case 'order-status-unknown': {
      const as = raw.as ?? 503;
      if (as !== 503 && as !== -1007) invalid('as', '503 or -1007 is expected');
      return { kind, count: integerField(raw, 'count', FAULT_BOUNDS.count), as };
    }
    case 'http-error':
      return { kind, status: integerField(raw, 'status', FAULT_BOUNDS.status), count: integerField(raw, 'count', FAULT_BOUNDS.count) };
    case 'rate-limit': {
      const count = integerField(raw, 'count', FAULT_BOUNDS.count);
      return raw.retryAfterSeconds === undefined
        ? { kind, count }
        : { kind, count, retryAfterSeconds: integerField(raw, 'retryAfterSeconds', FAULT_BOUNDS.retryAfterSeconds) };
    }
    case 'revoke-key':
      if (typeof raw.apiKey !== 'string' || !API_KEY_PATTERN.test(raw.apiKey)) invalid('apiKey', '1 to 128 visible ASCII characters are expected');
      return { kind, apiKey: raw.apiKey };
  }
}

/** The active faults, with counters for the counted kinds. */
export class FaultState {
  /** Announces injections and clears to the stream layers. */
  readonly events = new EventHub<FaultEvents>();
  private readonly active = new Map<FaultKind, Fault>();
  private readonly remaining = new Map<FaultKind, number>();

  /**
   * Activates `fault`, replacing an earlier one of the same kind. Every way in (the admin API,
   * `inject()`, this store) goes through `parseFault`, so no fault escapes its bounds.
   */
  inject(untrusted: Fault): void {
    const fault = parseFault(untrusted);
    this.active.set(fault.kind, fault);
    if ('count' in fault) this.remaining.set(fault.kind, fault.count);
    this.events.emit('inject', fault);
  }

  /** Removes every fault. */
  clear(): void {
    this.active.clear();
    this.remaining.clear();
    this.events.emit('clear', undefined);
  }

  /** The active fault of `kind`, if any. */
  get<K extends FaultKind>(kind: K): Extract<Fault, { kind: K }> | undefined {
    return this.active.get(kind) as Extract<Fault, { kind: K }> | undefined;
  }

  /** Every active fault. */
  list(): Fault[] {
    return [...this.active.values()];
  }

  /** Extra response delay in ms. */
  latencyMs(): number {
    return this.get('latency')?.ms ?? 0;
  }

  /** Server clock offset in ms. */
  skewMs(): number {
    return this.get('clock-skew')?.ms ?? 0;
  }

  /** Uses one occurrence of a counted fault; returns it while it lasts, then deactivates it. */
  take<K extends 'order-status-unknown' | 'http-error' | 'rate-limit'>(kind: K): Extract<Fault, { kind: K }> | undefined {
    const fault = this.get(kind);
    if (fault === undefined) return undefined;
    const left = (this.remaining.get(kind) ?? 0) - 1;
    if (left <= 0) {
      this.active.delete(kind);
      this.remaining.delete(kind);
    } else {
      this.remaining.set(kind, left);
    }
    return fault;
  }
}
