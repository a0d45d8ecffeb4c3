import type { Agent } from 'undici';
import { ConnectionError } from '../../core/errors.js';
import { mapNetworkError } from '../error-map.js';
import { encodeRequestParams } from './encoding.js';
import type { RestRequest, RestResponse } from './types.js';
import { loadUndiciAgent } from './undici-agent-fast.js';
import { sendRequest } from './undici-send-fast.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../option-rules.js';

/** What the transport needs to know. */
export interface TransportOptions {
  /** REST origin, such as `https://testnet.binance.vision`. */
  restUrl: string;
  /** Reads the API key when a request needs it; a function so the key is revealed only at send time. */
  apiKey?: (() => string) | undefined;
  /** Abort a request that has not completed after this long. */
  timeoutMs: number;
  /** Largest response body read; a larger one fails with ResponseTooLargeError. @default DEFAULT_MAX_RESPONSE_BYTES */
  maxResponseBytes?: number | undefined;
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

/** Headers of a public read; undici only reads them, so one object serves every request. */
const PUBLIC_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json' });

/** Where a base URL sends: the origin to connect to and the path to put before each request path. */
interface Target {
  origin: string;
  prefix: string;
}

/**
 * The thin HTTP layer: one keep-alive undici Agent (a connection pool per origin) sends each
 * request once, with the API key header, a timeout and the caller's abort signal. Any HTTP status
 * is a response; only network failures and timeouts throw, as ConnectionError. Each exchange
 * goes through the REST optimisation seam (`undici-send-fast.ts`), the Agent through undici's
 * (`undici-agent-fast.ts`).
 */
export class RestTransport {
  readonly #options: TransportOptions;
  /** Created with the first request, when undici is loaded; undefined until then. */
  #agent: Agent | undefined;
  #closed = false;
  /** Each base URL split once into what undici connects to and the path prefix. */
  readonly #targets = new Map<string, Target>();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /** Sends one request and returns its response, whatever the status. */
  readonly send = (req: RestRequest): Promise<RestResponse> => this.#dispatch(this.#agent ?? this.#createAgent(), req);

  /** Loads undici (on the first request rather than with the package: it is a large share of the import cost) and creates the Agent. */
  #createAgent(): Agent {
    const Agent = loadUndiciAgent();
    const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 16 });
    this.#agent = agent;
    // Closed before its first request: undici then fails the send as it would after any close.
    if (this.#closed) void agent.close();
    return agent;
  }

  #dispatch(agent: Agent, req: RestRequest): Promise<RestResponse> {
    if (req.signal?.aborted === true) return Promise.reject(req.signal.reason);
    let query: string;
    let body: string;
    let target: Target;
    try {
      ({ query, body } = encodeRequestParams(req.method, req.params));
      target = this.#target(req.origin ?? this.#options.restUrl);
    } catch (error) {
      return Promise.reject(error);
    }
    const label = `${req.method} ${req.path}`;
    const timeoutMs = this.#options.timeoutMs;
    return sendRequest(agent, {
      origin: target.origin,
      path: query.length > 0 ? `${target.prefix}${req.path}?${query}` : `${target.prefix}${req.path}`,
      method: req.method,
      headers: this.#headers(req.security, body.length > 0),
      body: body.length > 0 ? body : null,
    }, {
      label,
      maxBytes: this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      timeoutMs,
      signal: req.signal,
      mapError: (error) => mapNetworkError(`${label} failed: ${error.message}`, error),
      timeoutError: (reason) => mapNetworkError(`${label} timed out after ${timeoutMs} ms`, reason),
    });
  }

  /** undici dispatches to a bare origin; a base URL's path (a proxy's `/binance`, say) goes before every request path. */
  #target(baseUrl: string): Target {
    let target = this.#targets.get(baseUrl);
    if (target === undefined) {
      const url = new URL(baseUrl);
      target = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
      this.#targets.set(baseUrl, target);
    }
    return target;
  }

  #headers(security: RestRequest['security'], form: boolean): Record<string, string> {
    if (security === 'public' && !form) return PUBLIC_HEADERS;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (security !== 'public') {
      const apiKey = this.#options.apiKey?.();
      if (apiKey !== undefined) headers['x-mbx-apikey'] = apiKey;
    }
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    return headers;
  }

  /** Closes every pooled connection; later sends fail with ConnectionError. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#agent !== undefined && !this.#agent.closed) await this.#agent.close();
  }
}
