/**
 * OPTIMISATION SEAM (REST exchange). One request through undici's `dispatch` with a handler of our
 * own instead of undici's `request()`: no Readable body, no async resource and no AbortController
 * per request: 90–93 µs → 51–54 µs a loopback GET (docs/PERFORMANCE.md, "Optimisation seams"). The plain reference is `undici-send-reference.ts` (same signature); the
 * differential test `test/binance/undici-send-fast.test.ts` sends the same requests through both
 * to a real local server.
 */
import type { Dispatcher } from 'undici';
import { restResponse, singleValued, tooLargeError } from './response-body.js';
import type { RestResponse } from './types.js';

/** How one exchange is bounded and how its failures read, for {@link sendRequest}. */
export interface ExchangeOptions {
  /** The request as errors name it, such as `GET /api/v3/time`. */
  label: string;
  /** Largest body read; past it reading stops, the connection is dropped and it fails with ResponseTooLargeError. */
  maxBytes: number;
  /** Abort the exchange after this long. */
  timeoutMs: number;
  /** The caller's signal: its abort rejects with its reason. */
  signal: AbortSignal | undefined;
  /** Turns an undici failure into the error the caller sees. */
  mapError: (error: Error) => unknown;
  /** The error the caller sees when the timeout passes. */
  timeoutError: (reason: DOMException) => unknown;
}

/**
 * Sends `request` through `agent` and reads the whole response (any status); the seam's signature.
 * What a request costs beyond undici's own work is one handler, its promise and a timer.
 */
export function sendRequest(agent: Dispatcher, request: Dispatcher.DispatchOptions, exchange: ExchangeOptions): Promise<RestResponse> {
  const caller = exchange.signal;
  const collector = new ResponseCollector(
    () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
    exchange.mapError,
    exchange.label,
    exchange.maxBytes,
  );
  const onAbort = (): void => {
    const reason: unknown = caller?.reason;
    collector.fail(reason instanceof Error ? reason : new Error('The operation was aborted'), reason);
  };
  const timer = setTimeout(() => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    collector.fail(reason, exchange.timeoutError(reason));
  }, exchange.timeoutMs);
  // The request's socket keeps the process alive while it is in flight; the timer must not.
  timer.unref();
  caller?.addEventListener('abort', onAbort, { once: true });
  try {
    agent.dispatch(request, collector);
  } catch (error) {
    collector.fail(error as Error, error);
  }
  return collector.response;
}

/**
 * One request's undici dispatch handler: gathers the status, headers and body chunks and settles
 * a promise with the RestResponse. It stands in for undici's `request()`, which wraps every
 * response in an async resource and a Readable stream that the body is then read back out of;
 * for a small JSON body that machinery costs more CPU than the parsing does.
 */
class ResponseCollector implements Dispatcher.DispatchHandler {
  /** Settles with the response, or with the error `fail` is given. */
  readonly response: Promise<RestResponse>;
  #resolve!: (response: RestResponse) => void;
  #reject!: (error: unknown) => void;
  /** Undefined until undici writes the request to a socket. */
  #controller: Dispatcher.DispatchController | undefined;
  /** Set once settled; later callbacks (an abort's echo, a late chunk) are ignored. */
  #settled = false;
  /** Why it was failed before undici handed over a controller to abort with. */
  #abortReason: Error | undefined;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  /** Body bytes received so far. */
  #bytes = 0;
  readonly #onSettled: () => void;
  readonly #mapError: (error: Error) => unknown;
  /** The request as errors name it, such as `GET /api/v3/time`. */
  readonly #label: string;
  /** Largest body read; past it reading stops and the connection is dropped. */
  readonly #maxBytes: number;

  /**
   * @param onSettled called once, when the response or an error settles the promise
   * @param mapError turns an undici failure into the error the caller sees
   * @param label the request as errors name it, such as `GET /api/v3/time`
   * @param maxBytes largest body read before failing with ResponseTooLargeError
   */
  constructor(onSettled: () => void, mapError: (error: Error) => unknown, label: string, maxBytes: number) {
    this.#onSettled = onSettled;
    this.#mapError = mapError;
    this.#label = label;
    this.#maxBytes = maxBytes;
    this.response = new Promise<RestResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Rejects with `error` at once and aborts the exchange, now or as soon as undici starts it. */
  fail(reason: Error, error: unknown): void {
    if (this.#settled) return;
    const controller = this.#controller;
    this.#settle();
    this.#reject(error);
    if (controller === undefined) this.#abortReason = reason;
    else controller.abort(reason);
  }

  /** undici is writing the request to a connection. */
  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Failed while still queued for a connection: undici aborts a request only once it has one.
    if (this.#abortReason !== undefined) {
      controller.abort(this.#abortReason);
      return;
    }
    // Called again when undici resends the request on another connection: start over.
    this.#controller = controller;
    this.#status = 0;
    this.#chunks = [];
    this.#bytes = 0;
  }

  /** The status line and headers have arrived. */
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // 1xx informational; the real response follows
    this.#status = statusCode;
    this.#headers = singleValued(headers);
    // A declared length past the cap fails before a byte of the body is read.
    const declared = Number(this.#headers['content-length']);
    if (declared > this.#maxBytes) this.#tooLarge(statusCode);
  }

  /** A piece of the body has arrived; past the cap, reading stops and the connection is dropped. */
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#bytes += chunk.length;
    if (this.#bytes > this.#maxBytes) this.#tooLarge(this.#status);
    else this.#chunks.push(chunk);
  }

  /** Fails with ResponseTooLargeError; the abort makes undici destroy the connection rather than drain it. */
  #tooLarge(status: number): void {
    const error = tooLargeError(this.#label, this.#maxBytes, status);
    this.fail(error, error);
  }

  /**
   * The whole body has arrived: settles with the response. A success whose body is not JSON
   * (truncated, a proxy's page) cannot be read, so it fails as malformed; an error status keeps
   * its text for the error message.
   */
  onResponseEnd(): void {
    if (this.#settled) return;
    const chunks = this.#chunks;
    const status = this.#status;
    this.#settle();
    try {
      this.#resolve(restResponse(this.#label, status, this.#headers, chunks));
    } catch (error) {
      this.#reject(error);
    }
  }

  /** The exchange failed (network error, or undici's echo of an abort): settles with the mapped error. */
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(this.#mapError(error));
  }

  #settle(): void {
    this.#settled = true;
    this.#controller = undefined;
    this.#chunks = [];
    this.#onSettled();
  }
}
