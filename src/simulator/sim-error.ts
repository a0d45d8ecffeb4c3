import type { BinanceErrorBody } from '../spec/binance/error-codes.js';

/**
 * A Binance error raised anywhere in the simulator (validation, auth, engine) and turned into the
 * `{code,msg}` response in one place, the way hono's HTTPException works.
 */
export class SimError extends Error {
  override readonly name = 'SimError';

  /**
   * `status` is the HTTP status; `code` and `msg` the Binance error body, and `data` what it
   * carries besides (cancel-replace names the outcome of each half there).
   */
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly data?: unknown,
  ) {
    super(msg);
  }

  /** The JSON body Binance sends for this error. */
  body(): BinanceErrorBody {
    return this.data === undefined ? { code: this.code, msg: this.msg } : { code: this.code, msg: this.msg, data: this.data };
  }
}

/** A 400 with the given Binance code and message: the common case for rejected requests. */
export function badRequest(code: number, msg: string): SimError {
  return new SimError(400, code, msg);
}

/** True when `value` is a SimError. */
export function isSimError(value: unknown): value is SimError {
  return value instanceof SimError;
}
