import type { Logger } from '../core/logger.js';
import { composeMetrics, type BinanceMetrics } from './metrics.js';
import type { ResolvedBinanceOptions } from './options.js';
import type { PlacementDeps } from './order-placement.js';
import { parseOrder } from './parsers.js';
import { createRequestCounters, type RequestCounters } from './rest/observe.js';
import type { PipelineCounters } from './rest/pipeline.js';
import type { Params, RestHandler, Security } from './rest/types.js';
import { createRestSession, type RestSession } from './session.js';
import type { StreamMetrics } from './streams/binance-streams.js';
import type { WireOrder } from './wire-types.js';

/**
 * The connector's REST side across sessions: the session of the moment (opened by `connect()`,
 * closed by `disconnect()`), the counters that outlive sessions, and what order requests share
 * (the pipeline, the reconciliation schedule, the count and log of lost answers).
 */

/** What a connection takes from the connector. */
export interface ConnectionDeps {
  options: ResolvedBinanceOptions;
  logger: Logger;
  /** Throws unless the connector is connected. */
  ensureConnected(): void;
  /** The WebSocket API transport of order entry with `orderEntry: 'ws-api'`. */
  wsApi: RestHandler;
}

/** The REST session and its counters, owned by one connector. */
export class RestConnection {
  readonly #deps: ConnectionDeps;
  readonly #requestCounters: RequestCounters = createRequestCounters();
  readonly #counters: PipelineCounters = { retries: 0, timeResyncs: 0, fallbacks: 0 };
  #reconciliations = 0;
  #rateLimitTotals = { tooManyRequests: 0, banned: 0 };
  #session: RestSession | undefined;

  constructor(deps: ConnectionDeps) {
    this.#deps = deps;
  }

  /** The session while there is one. */
  get session(): RestSession | undefined {
    return this.#session;
  }

  /** The session, opened if there is none (as `connect()` does before the connector is connected). */
  open(): RestSession {
    // The WebSocket API transport is opened on first use, by the first order sent over it.
    this.#session ??= createRestSession(this.#deps.options, { requests: this.#requestCounters, pipeline: this.#counters }, this.#deps.logger,
      this.#deps.wsApi);
    return this.#session;
  }

  /** One request through the pipeline; resolves to the answer's body. */
  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, params: Params, security: Security, idempotent = method === 'GET'): Promise<T> {
    const session = this.#session ?? this.#requireSession();
    const response = await session.send({ method, path, params, security, idempotent });
    return response.body as T;
  }

  /** Server-aligned now: the local clock plus the measured offset (the local clock alone before any session). */
  serverNow(): number {
    return this.#session?.timeSync.now() ?? this.#deps.options.clock.now();
  }

  /** What placements and cancels share: the pipeline, the reconciliation schedule and the order parser. */
  placement(): PlacementDeps {
    const { options, logger } = this.#deps;
    return {
      send: this.#requireSession().send,
      clock: options.clock,
      serverNow: () => this.serverNow(),
      reconcile: { delaysMs: options.reconcileDelaysMs },
      parse: (body) => parseOrder(body as WireOrder),
      onReconcile: ({ action, id, attempt, outcome }) => {
        if (attempt === 1) this.#reconciliations += 1;
        logger.warn({ action, id, attempt, outcome }, `order ${action === 'place' ? 'placement' : action} answer lost; querying the order`);
      },
    };
  }

  /** Closes the session, keeping its rate-limit answer counts for `metrics()`. */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined) return;
    this.#rateLimitTotals = {
      tooManyRequests: this.#rateLimitTotals.tooManyRequests + session.limits.counters.tooManyRequests,
      banned: this.#rateLimitTotals.banned + session.limits.counters.banned,
    };
    await session.close();
  }

  /** The connector's metrics, with the given stream counters. */
  metrics(streams: StreamMetrics): BinanceMetrics {
    return composeMetrics({
      requests: this.#requestCounters, pipeline: this.#counters, reconciliations: this.#reconciliations,
      rateLimitTotals: this.#rateLimitTotals, session: this.#session, streams,
    });
  }

  #requireSession(): RestSession {
    this.#deps.ensureConnected();
    return this.#session ?? this.open();
  }
}
