import type { Logger } from '../../core/logger.js';
import type { Clock } from '../../core/clock.js';
import type { RestPolicy } from './types.js';

/** Counts of what went over the wire. */
export interface RequestCounters {
  /** Requests sent. */
  requests: number;
  /** Requests sent per `METHOD /path`. */
  byEndpoint: Record<string, number>;
  /** Responses per HTTP status. */
  byStatus: Record<string, number>;
  /** Requests that got no response (network failure or timeout). */
  networkErrors: number;
}

/** Fresh zeroed counters. */
export function createRequestCounters(): RequestCounters {
  return { requests: 0, byEndpoint: {}, byStatus: {}, networkErrors: 0 };
}

/**
 * Counts and logs every request as it goes on the wire. Only the method, path, origin override,
 * status, used-weight header and duration are logged: never parameters (the signature), headers
 * (the API key) or bodies.
 */
export function observeRequests(counters: RequestCounters, clock: Clock, logger: Logger | undefined): RestPolicy {
  return (next) => async (req) => {
    const endpoint = `${req.method} ${req.path}`;
    counters.requests += 1;
    counters.byEndpoint[endpoint] = (counters.byEndpoint[endpoint] ?? 0) + 1;
    const startedAt = clock.now();
    try {
      const response = await next(req);
      counters.byStatus[response.status] = (counters.byStatus[response.status] ?? 0) + 1;
      // Checked first so that a quiet logger costs no log record for every request.
      if (logger?.isLevelEnabled('debug') === true) {
        logger.debug({
          endpoint,
          ...(req.origin === undefined ? {} : { origin: req.origin }),
          status: response.status,
          usedWeight: response.headers['x-mbx-used-weight-1m'],
          ms: clock.now() - startedAt,
        }, 'binance request');
      }
      return response;
    } catch (error) {
      counters.networkErrors += 1;
      logger?.warn({ endpoint, err: (error as Error).message, ms: clock.now() - startedAt }, 'binance request failed without a response');
      throw error;
    }
  };
}
