import { BinanceErrorCode, BinanceMessage } from '../binance/protocol/error-codes.js';
import { EventHub } from './events.js';
import { badRequest } from './sim-error.js';

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

function invalid(field: string): never {
  throw badRequest(BinanceErrorCode.INVALID_PARAMETER, BinanceMessage.invalidParameter(field));
}

function integerField(raw: Record<string, unknown>, field: string, min: number): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) invalid(field);
  return value;
}

/** Validates an untrusted fault description (the admin API's JSON body); throws -1130 naming the field. */
export function parseFault(value: unknown): Fault {
  if (typeof value !== 'object' || value === null) invalid('kind');
  const raw = value as Record<string, unknown>;
  switch (raw.kind) {
    case 'drop-streams':
    case 'stop-pings':
    case 'ignore-pongs':
    case 'server-shutdown':
    case 'stall-streams':
      return { kind: raw.kind };
    case 'latency':
      return { kind: 'latency', ms: integerField(raw, 'ms', 0) };
    case 'clock-skew':
      return { kind: 'clock-skew', ms: integerField(raw, 'ms', Number.MIN_SAFE_INTEGER) };
    case 'order-status-unknown': {
      const as = raw.as ?? 503;
      if (as !== 503 && as !== -1007) invalid('as');
      return { kind: 'order-status-unknown', count: integerField(raw, 'count', 1), as };
    }
    case 'http-error': {
      const status = integerField(raw, 'status', 400);
      if (status > 599) invalid('status');
      return { kind: 'http-error', status, count: integerField(raw, 'count', 1) };
    }
    case 'rate-limit': {
      const count = integerField(raw, 'count', 1);
      return raw.retryAfterSeconds === undefined
        ? { kind: 'rate-limit', count }
        : { kind: 'rate-limit', count, retryAfterSeconds: integerField(raw, 'retryAfterSeconds', 0) };
    }
    case 'revoke-key':
      if (typeof raw.apiKey !== 'string' || raw.apiKey.length === 0) invalid('apiKey');
      return { kind: 'revoke-key', apiKey: raw.apiKey };
    default:
      return invalid('kind');
  }
}

/** The active faults, with counters for the counted kinds. */
export class FaultState {
  /** Announces injections and clears to the stream layers. */
  readonly events = new EventHub<FaultEvents>();
  private readonly active = new Map<FaultKind, Fault>();
  private readonly remaining = new Map<FaultKind, number>();

  /** Activates `fault`, replacing an earlier one of the same kind. */
  inject(fault: Fault): void {
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
