import type { Logger } from '../core/logger.js';
import type { ResolvedBinanceOptions } from './options.js';
import { parseServerTime } from './parsers.js';
import { DEFAULT_RATE_LIMITS } from '../spec/binance/rate-limits.js';
import type { RequestCounters } from './rest/observe.js';
import { buildPipeline, type PipelineCounters } from './rest/pipeline.js';
import { BinanceRateLimits } from './rest/rate-limit.js';
import { RestTransport } from './rest/transport.js';
import type { RestHandler } from './rest/types.js';
import { TimeSync } from './time-sync.js';
import type { WireServerTime } from './wire-types.js';

/** The resources of one connection: created by `connect()`, released together by `close()`. */
export interface RestSession {
  transport: RestTransport;
  limits: BinanceRateLimits;
  timeSync: TimeSync;
  /** The full REST pipeline. */
  send: RestHandler;
  /** Stops the time-sync timer, rejects waiting requests and closes every pooled connection. */
  close(): Promise<void>;
}

/** Counters that outlive sessions, owned by the connector. */
export interface SessionCounters {
  requests: RequestCounters;
  pipeline: PipelineCounters;
}

/**
 * Wires a transport, a rate limiter, a clock-offset tracker and the policy pipeline together.
 * `wsApi` is the WebSocket API transport that order entry uses with `orderEntry: 'ws-api'`.
 */
export function createRestSession(options: ResolvedBinanceOptions, counters: SessionCounters, logger: Logger, wsApi?: RestHandler): RestSession {
  const transport = new RestTransport({
    restUrl: options.endpoints.restUrl,
    apiKey: options.apiKey === undefined ? undefined : () => options.apiKey!.reveal(),
    timeoutMs: options.requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
  });
  const limits = new BinanceRateLimits({ clock: options.clock, rules: DEFAULT_RATE_LIMITS, maxPauseWaitMs: options.retry.maxRetryAfterMs });
  const timeSync: TimeSync = new TimeSync({
    clock: options.clock,
    refreshIntervalMs: options.timeSyncIntervalMs,
    // Server time goes through the pipeline too, so it is rate-limited and retried like any read.
    fetchServerTime: async () => {
      const response = await send({ method: 'GET', path: '/api/v3/time', params: [], security: 'public', idempotent: true });
      return parseServerTime(response.body as WireServerTime);
    },
    onRefreshError: (error) => logger.warn({ err: (error as Error).message }, 'periodic server time sync failed'),
  });
  const send = buildPipeline({
    send: transport.send,
    wsApi,
    orderEntry: options.orderEntry,
    liveGuard: options,
    limits,
    clock: options.clock,
    random: options.random,
    retry: options.retry,
    signer: options.signer,
    apiKey: () => options.apiKey?.reveal(),
    recvWindow: options.recvWindow,
    serverNow: () => timeSync.now(),
    resyncTime: () => timeSync.sync(),
    marketDataUrl: options.marketDataUrl,
    requestCounters: counters.requests,
    counters: counters.pipeline,
    logger,
  });
  return {
    transport,
    limits,
    timeSync,
    send,
    close: async () => {
      timeSync.stop();
      limits.close();
      await transport.close();
    },
  };
}
