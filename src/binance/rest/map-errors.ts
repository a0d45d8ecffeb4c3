import { STATUS_CODES } from 'node:http';
import { mapBinanceError } from '../error-map.js';
import { endpointSpec } from '../../spec/binance/endpoints.js';
import { isBinanceErrorBody } from '../../spec/binance/error-codes.js';
import { retryAfterMs } from './headers.js';
import type { RestPolicy, RestResponse } from './types.js';

/** A message for a response without a Binance error body: the status text, plus the start of any body (such as a proxy's page). */
function statusText(response: RestResponse): string {
  const reason = STATUS_CODES[response.status] ?? 'Unexpected status';
  const body = typeof response.body === 'string' ? response.body.trim().slice(0, 200) : '';
  return body.length > 0 ? `${reason}: ${body}` : reason;
}

/**
 * Turns every non-2xx response into the framework error the error table gives for its Binance
 * code, message and status, keeping the code, the status and a `Retry-After` delay; a response
 * whose code the request lists in `answerCodes` is its answer and passes through.
 */
export function mapErrors(now: () => number): RestPolicy {
  return (next) => async (req) => {
    const response = await next(req);
    if (response.status >= 200 && response.status < 300) return response;
    const body = response.body;
    if (isBinanceErrorBody(body) && req.answerCodes?.includes(body.code) === true) return response;
    const wait = retryAfterMs(response, now());
    throw mapBinanceError({
      ...(isBinanceErrorBody(body) ? { code: body.code, message: body.msg } : { message: statusText(response) }),
      httpStatus: response.status,
      retryAfterMs: wait,
      orderRequest: endpointSpec(req.method, req.path)?.security === 'TRADE',
    });
  };
}
