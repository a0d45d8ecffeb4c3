import type { Fault } from '../../src/simulator/index.js';
import { generator } from '../support/seeded.js';

/**
 * The seeded fault schedule: the run is cut into segments that each end at a quiet point; within
 * a segment, lasting faults (stalls, latency, skew, a revoked key...) follow one another, each
 * ended by clearing every fault, and one-shot faults (drops, shutdowns, counted failures) fall
 * between them and inside them. The same seed gives the same schedule.
 */

/** One step of the schedule, `atMs` after its segment starts. */
export type ChaosEvent =
  | { readonly atMs: number; readonly action: 'inject'; readonly fault: Fault }
  | { readonly atMs: number; readonly action: 'clear' };

/** The faults of the run between two quiet points. */
export interface ChaosSegment {
  /** Offset of the segment in the run's fault time. */
  readonly startMs: number;
  readonly lengthMs: number;
  readonly events: readonly ChaosEvent[];
}

/** Every fault kind the simulator has; the soak injects each of them. */
export const FAULT_KINDS: readonly Fault['kind'][] = [
  'drop-streams', 'stop-pings', 'ignore-pongs', 'server-shutdown', 'stall-streams', 'latency', 'clock-skew',
  'order-status-unknown', 'http-error', 'rate-limit', 'revoke-key',
];

/** What the schedule needs to know about the run. */
export interface PlanOptions {
  /** Fault time of the whole run. */
  readonly totalMs: number;
  /** Longest segment; a quiet point follows each. */
  readonly segmentMs: number;
  /** Keys `revoke-key` may revoke. */
  readonly apiKeys: readonly string[];
}

/** Relative weights of the kinds: order faults and stream cuts often, the rest now and then. */
const WEIGHTS: Readonly<Record<Fault['kind'], number>> = {
  'drop-streams': 2, 'server-shutdown': 2, 'stall-streams': 2, 'stop-pings': 1, 'ignore-pongs': 1, latency: 1,
  'clock-skew': 1, 'order-status-unknown': 3, 'http-error': 2, 'rate-limit': 1, 'revoke-key': 1,
};

/** Kinds that last until the next clear; the others act once. */
export const LASTING = new Set<Fault['kind']>(['stop-pings', 'ignore-pongs', 'stall-streams', 'latency', 'clock-skew', 'revoke-key']);

/**
 * Kinds that cut or stall every stream connection, so that every connector reconnects and recovers
 * over REST: its account and open orders (weight 20 + 80), a book snapshot (50), candle backfills.
 */
export const CUTS = new Set<Fault['kind']>(['drop-streams', 'server-shutdown', 'stall-streams', 'stop-pings', 'ignore-pongs']);

/** HTTP statuses `http-error` answers with; never 418, since the soak checks that no 418 is ever answered. */
const HTTP_ERROR_STATUSES = [500, 502, 503, 504, 400];

/** Builds the schedule of `seed`. */
export function planChaos(seed: number, options: PlanOptions): ChaosSegment[] {
  const next = generator(seed ^ 0x5ca1ab1e);
  const between = (min: number, max: number): number => min + next(max - min + 1);
  const pick = <T>(items: readonly T[]): T => items[next(items.length)]!;
  const weighted = FAULT_KINDS.flatMap((kind) => Array.from({ length: WEIGHTS[kind] }, () => kind));
  const oneShot = weighted.filter((kind) => !LASTING.has(kind));

  const fault = (kind: Fault['kind']): Fault => {
    switch (kind) {
      case 'latency': return { kind, ms: between(50, 2_000) };
      case 'clock-skew': return { kind, ms: (next(2) === 0 ? -1 : 1) * between(1_000, 8_000) };
      case 'order-status-unknown': return { kind, count: between(1, 2), as: next(2) === 0 ? 503 : -1007 };
      case 'http-error': return { kind, status: pick(HTTP_ERROR_STATUSES), count: between(1, 3) };
      case 'rate-limit': return { kind, count: between(1, 3), retryAfterSeconds: between(1, 2) };
      case 'revoke-key': return { kind, apiKey: pick(options.apiKeys) };
      default: return { kind } as Fault;
    }
  };
  const lasting = (kind: Fault['kind']): number => {
    switch (kind) {
      case 'stall-streams': return between(1_500, 4_000);
      case 'ignore-pongs': return between(3_000, 6_000);
      case 'revoke-key': return between(1_000, 2_000);
      default: return between(2_000, 5_000);
    }
  };

  const segments: ChaosSegment[] = [];
  for (let startMs = 0; startMs < options.totalMs; startMs += options.segmentMs) {
    const lengthMs = Math.min(options.segmentMs, options.totalMs - startMs);
    const events: ChaosEvent[] = [];
    // The last second of a segment stays free of new faults: the quiet point clears them anyway.
    let at = between(300, 1_500);
    while (at < lengthMs - 1_000) {
      const kind = pick(weighted);
      if (!LASTING.has(kind)) {
        events.push({ atMs: at, action: 'inject', fault: fault(kind) });
        at += between(400, 2_500);
        continue;
      }
      const duration = Math.min(lasting(kind), lengthMs - 500 - at);
      events.push({ atMs: at, action: 'inject', fault: fault(kind) });
      // A revoked key is held alone: a connection that reconnects meanwhile would lose its user data for good.
      if (kind !== 'revoke-key' && next(5) < 2) {
        events.push({ atMs: at + Math.floor(duration / 2), action: 'inject', fault: fault(pick(oneShot)) });
      }
      events.push({ atMs: at + duration, action: 'clear' });
      at += duration + between(300, 2_000);
    }
    segments.push({ startMs, lengthMs, events });
  }
  return segments;
}

/** One line per event, with its time in the run's fault time: what a failure report prints. */
export function describeSchedule(segments: readonly ChaosSegment[]): string[] {
  return segments.flatMap((segment, index) => [
    `segment ${index + 1} (${(segment.startMs / 1000).toFixed(1)} s, ${(segment.lengthMs / 1000).toFixed(1)} s long, then a quiet point):`,
    ...segment.events.map((event) => {
      const at = `${((segment.startMs + event.atMs) / 1000).toFixed(2).padStart(7)} s`;
      return event.action === 'clear' ? `  ${at} clear` : `  ${at} ${describeFault(event.fault)}`;
    }),
  ]);
}

/** A fault as one short line, the revoked key shortened. */
export function describeFault(fault: Fault): string {
  const { kind, ...rest } = fault;
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${key === 'apiKey' ? String(value).slice(0, 10) : String(value)}`);
  return [kind, ...fields].join(' ');
}
