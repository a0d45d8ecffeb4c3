import type { RateLimiterSnapshot } from '../core/rate-limiter.js';
import type { RequestCounters } from './rest/observe.js';
import type { PipelineCounters } from './rest/pipeline.js';
import type { RestSession } from './session.js';
import type { StreamMetrics } from './streams/binance-streams.js';

/** What a BinanceConnector has done, for dashboards and tests. */
export interface BinanceMetrics {
  /** Requests sent over the wire (retries and reconciliation queries included). */
  requests: number;
  /** Requests per `METHOD /path`. */
  requestsByEndpoint: Record<string, number>;
  /** Responses per HTTP status. */
  responsesByStatus: Record<string, number>;
  /** Requests that got no response (network failure or timeout). */
  networkErrors: number;
  /** Idempotent requests sent again after a transient failure. */
  retries: number;
  /** 429 responses. */
  rateLimited: number;
  /** 418 responses (IP bans). */
  banned: number;
  /** Clock offset re-measurements triggered by -1021. */
  timeResyncs: number;
  /** Reads served by the public market-data host after the REST host failed. */
  marketDataFallbacks: number;
  /** Order placements and cancels whose answer was lost and that were resolved by querying. */
  reconciliations: number;
  /** Rate-limit window usage and any pause in force. */
  rateLimits: RateLimiterSnapshot;
  /** Server time offset measurement. */
  time: { offsetMs: number; roundTripMs: number | undefined; syncedAt: number | undefined; syncs: number };
  /** Stream connections, reconnects by reason, state changes, backfills, order book resyncs, order recoveries. */
  streams: StreamMetrics;
}

/** Stream metrics before any stream was opened. */
export function emptyStreamMetrics(): StreamMetrics {
  return {
    connections: { market: [], wsApi: undefined }, reconnects: 0, reconnectsByReason: {}, stateChanges: 0,
    candleBackfills: 0, backfilledCandles: 0, duplicateCandles: 0, orderBookResyncs: 0, orderRecoveries: 0, recoveredOrderUpdates: 0,
  };
}

/** What the connector's metrics are computed from. */
export interface MetricsSources {
  requests: RequestCounters;
  pipeline: PipelineCounters;
  reconciliations: number;
  /** 429/418 counts of earlier sessions. */
  rateLimitTotals: { tooManyRequests: number; banned: number };
  session: RestSession | undefined;
  streams: StreamMetrics;
}

/** A snapshot of every counter. */
export function composeMetrics(m: MetricsSources): BinanceMetrics {
  const limitCounters = m.session?.limits.counters ?? { tooManyRequests: 0, banned: 0 };
  return {
    requests: m.requests.requests,
    requestsByEndpoint: { ...m.requests.byEndpoint },
    responsesByStatus: { ...m.requests.byStatus },
    networkErrors: m.requests.networkErrors,
    retries: m.pipeline.retries,
    rateLimited: m.rateLimitTotals.tooManyRequests + limitCounters.tooManyRequests,
    banned: m.rateLimitTotals.banned + limitCounters.banned,
    timeResyncs: m.pipeline.timeResyncs,
    marketDataFallbacks: m.pipeline.fallbacks,
    reconciliations: m.reconciliations,
    rateLimits: m.session?.limits.snapshot() ?? { windows: [], pausedUntil: null, waits: 0, waitedMs: 0 },
    time: m.session?.timeSync.state() ?? { offsetMs: 0, roundTripMs: undefined, syncedAt: undefined, syncs: 0 },
    streams: m.streams,
  };
}
