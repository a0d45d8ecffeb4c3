import { AuthenticationError } from '../../core/errors.js';
import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import type { RestPolicy } from './types.js';

/** True for Binance's -1021 "timestamp outside recvWindow / ahead of server time". */
export function isTimestampError(error: unknown): boolean {
  return error instanceof AuthenticationError && error.exchangeCode === BinanceErrorCode.INVALID_TIMESTAMP;
}

/**
 * On -1021, measures the clock offset again and sends the request once more (with a new
 * timestamp, since signing sits inside this stage). -1021 is a rejection before execution, so
 * resending even an order is safe. A second -1021 is passed on as an AuthenticationError.
 */
export function resyncOnTimestampError(resync: () => Promise<unknown>, onResync?: () => void): RestPolicy {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (error) {
      if (req.security !== 'signed' || !isTimestampError(error)) throw error;
      onResync?.();
      await resync();
      return next(req);
    }
  };
}
