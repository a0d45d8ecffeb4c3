import type { Logger } from '../../core/logger.js';
import type { Clock } from '../../core/clock.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import type { OrderEntry } from '../options.js';
import type { Signer } from '../signing.js';
import { guardLiveTrading, type LiveGuardOptions } from './live-guard.js';
import { mapErrors } from './map-errors.js';
import { marketDataFallback } from './market-data-fallback.js';
import { observeRequests, type RequestCounters } from './observe.js';
import type { BinanceRateLimits } from './rate-limit.js';
import { retryTransientFailures } from './retry.js';
import { chooseTransport, routeOrderEntry } from './route.js';
import { signRequests } from './sign.js';
import { resyncOnTimestampError } from './timestamp-resync.js';
import { composePolicies, type RestHandler, type RestPolicy } from './types.js';

/** Counters the policies add to. */
export interface PipelineCounters {
  retries: number;
  timeResyncs: number;
  fallbacks: number;
}

/** Everything the REST pipeline is made of. */
export interface PipelineParts {
  /** The REST transport. */
  send: RestHandler;
  /** The WebSocket API as a transport, for order entry over it. */
  wsApi: RestHandler | undefined;
  /** Where placements and cancels go. */
  orderEntry: OrderEntry;
  /** What decides whether a TRADE request may go out. */
  liveGuard: LiveGuardOptions;
  limits: BinanceRateLimits;
  clock: Clock;
  random: () => number;
  retry: RetryPolicy;
  signer: Signer | undefined;
  /** The API key, which WebSocket API requests carry as a signed parameter. */
  apiKey: () => string | undefined;
  recvWindow: number | undefined;
  /** Server-aligned now, for timestamps. */
  serverNow: () => number;
  resyncTime: () => Promise<unknown>;
  /** Set to enable the market-data fallback. */
  marketDataUrl: string | undefined;
  requestCounters: RequestCounters;
  counters: PipelineCounters;
  logger: Logger | undefined;
}

/**
 * The request path of both transports, outermost first: route (REST or WebSocket API) → live
 * trading guard → market-data fallback → retry → -1021 resync → map errors → rate limit → sign → observe →
 * the chosen transport. One set of policies governs REST and WebSocket API order entry alike;
 * only the innermost handler differs. Signing sits inside the rate limiter so a request that
 * waited for capacity still carries a fresh timestamp; the limiter sits inside error mapping so it
 * sees the usage headers and `Retry-After` of failed responses too.
 */
export function buildPipeline(parts: PipelineParts): RestHandler {
  const { counters, logger } = parts;
  const policies: RestPolicy[] = [
    routeOrderEntry(parts.orderEntry),
    guardLiveTrading(parts.liveGuard),
    ...(parts.marketDataUrl === undefined ? [] : [marketDataFallback(parts.marketDataUrl, (path) => {
      counters.fallbacks += 1;
      logger?.warn({ path }, 'REST host failed; reading market data from the public market-data host');
    })]),
    retryTransientFailures({
      policy: parts.retry,
      clock: parts.clock,
      random: parts.random,
      onRetry: ({ attempt, delayMs, error }) => {
        counters.retries += 1;
        logger?.info({ attempt, delayMs, err: (error as Error).message }, 'retrying Binance request');
      },
    }),
    resyncOnTimestampError(parts.resyncTime, () => {
      counters.timeResyncs += 1;
      logger?.warn('Binance rejected the timestamp (-1021); measuring the clock offset again');
    }),
    mapErrors(() => parts.clock.now()),
    parts.limits.policy(),
    signRequests({ signer: parts.signer, apiKey: parts.apiKey, recvWindow: parts.recvWindow, timestamp: parts.serverNow }),
    observeRequests(parts.requestCounters, parts.clock, logger),
  ];
  return composePolicies(policies, chooseTransport({ rest: parts.send, wsApi: parts.wsApi }));
}
