import type { Agent } from 'undici';
import { ConnectionError } from '../../core/errors.js';
import { mapNetworkError } from '../error-map.js';
import { encodeRequestParams } from './encoding.js';
import type { RestRequest, RestResponse } from './types.js';
import { loadUndiciCore } from './undici-core.js';

/** What the transport needs to know. */
export interface TransportOptions {
  /** REST origin, such as `https://testnet.binance.vision`. */
  restUrl: string;
  /** Reads the API key when a request needs it; a function so the key is revealed only at send time. */
  apiKey?: (() => string) | undefined;
  /** Abort a request that has not completed after this long. */
  timeoutMs: number;
}

/** Error codes meaning the connection never opened, so the request cannot have reached the exchange. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * False only when a network error proves the request never left (connection refused, DNS
 * failure, connect timeout); a timeout or reset after connecting may have reached the exchange.
 */
export function mayHaveBeenSent(error: unknown): boolean {
  if (!(error instanceof ConnectionError)) return true;
  const code = errorCode(error.cause) ?? errorCode((error.cause as { cause?: unknown } | undefined)?.cause);
  return code === undefined || !NOT_SENT_CODES.has(code);
}

function lowerHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return headers;
}

function parseBody(text: string): unknown {
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The thin HTTP layer: one keep-alive undici Agent (a connection pool per origin) sends each
 * request once, with the API key header, a timeout and the caller's abort signal. Any HTTP status
 * is a response; only network failures and timeouts throw, as ConnectionError.
 */
export class RestTransport {
  readonly #options: TransportOptions;
  /** Created with the first request, when undici is loaded; undefined until then. */
  #agent: Agent | undefined;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /** Sends one request and returns its response, whatever the status. */
  readonly send = async (req: RestRequest): Promise<RestResponse> => {
    const { query, body } = encodeRequestParams(req.method, req.params);
    const origin = req.origin ?? this.#options.restUrl;
    const url = `${origin}${req.path}${query.length > 0 ? `?${query}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.security !== 'public') {
      const apiKey = this.#options.apiKey?.();
      if (apiKey !== undefined) headers['x-mbx-apikey'] = apiKey;
    }
    if (body.length > 0) headers['content-type'] = 'application/x-www-form-urlencoded';
    // One controller and one timer a request: cheaper than AbortSignal.timeout() plus AbortSignal.any().
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, this.#options.timeoutMs);
    timer.unref();
    const caller = req.signal;
    const onAbort = (): void => controller.abort(caller?.reason);
    if (caller !== undefined) {
      if (caller.aborted) onAbort();
      else caller.addEventListener('abort', onAbort, { once: true });
    }
    const { signal } = controller;
    try {
      // Loaded on the first request rather than with the package: it is a large share of the import cost.
      const { Agent, request } = loadUndiciCore();
      if (this.#agent === undefined) {
        this.#agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 16 });
        // Closed before its first request: undici then fails the send as it would after any close.
        if (this.#closed) void this.#agent.close();
      }
      const response = await request(this.#agent, url, {
        method: req.method,
        headers,
        ...(body.length > 0 ? { body } : {}),
        signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: lowerHeaders(response.headers), body: parseBody(text) };
    } catch (error) {
      if (req.signal?.aborted === true) throw req.signal.reason;
      const what = `${req.method} ${req.path}`;
      if (timedOut) throw mapNetworkError(`${what} timed out after ${this.#options.timeoutMs} ms`, error);
      throw mapNetworkError(`${what} failed: ${(error as Error).message}`, error);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    }
  };

  /** Closes every pooled connection; later sends fail with ConnectionError. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#agent !== undefined && !this.#agent.closed) await this.#agent.close();
  }
}
