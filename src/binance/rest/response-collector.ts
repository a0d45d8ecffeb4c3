import type { Dispatcher } from 'undici';
import { MalformedResponseError, ResponseTooLargeError } from '../../core/errors.js';
import type { RestResponse } from './types.js';

/**
 * One request's undici dispatch handler: gathers the status, headers and body chunks and settles
 * a promise with the RestResponse. It stands in for undici's `request()`, which wraps every
 * response in an async resource and a Readable stream that the body is then read back out of;
 * for a small JSON body that machinery costs more CPU than the parsing does.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
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
    const error = new ResponseTooLargeError(
      `${this.#label} answered with a body larger than ${this.#maxBytes} bytes (maxResponseBytes); reading stopped`,
      { exchange: 'binance', httpStatus: status, limitBytes: this.#maxBytes },
    );
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
    const text = bodyText(chunks);
    const body = parseBody(text);
    if (body === NOT_JSON && status >= 200 && status < 300) {
      this.#reject(new MalformedResponseError(
        `${this.#label} answered ${status} with a body that is not JSON (${Buffer.byteLength(text)} bytes)`,
        { exchange: 'binance', httpStatus: status },
      ));
      return;
    }
    this.#resolve({ status, headers: this.#headers, body: body === NOT_JSON ? text : body });
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

/** undici's parsed headers (names already lower-cased), with repeated headers joined as HTTP allows. */
function singleValued(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') continue;
    if (value === undefined) delete headers[name];
    else headers[name] = value.join(', ');
  }
  return headers as Record<string, string>;
}

/** The body as UTF-8 text, without a byte-order mark. */
function bodyText(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return '';
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString('utf8', start);
}

/** What {@link parseBody} returns for a body that is not JSON. */
const NOT_JSON: unique symbol = Symbol('not JSON');

/** The parsed JSON, or NOT_JSON (an empty body included). */
function parseBody(text: string): unknown {
  if (text.length === 0) return NOT_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}
