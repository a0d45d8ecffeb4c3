import type { HttpMethod } from '../../spec/binance/endpoints.js';
import type { ParamValue } from '../../spec/binance/signature.js';

/** Who may call an endpoint: anyone, any holder of an API key, or only a signed request. */
export type Security = 'public' | 'apiKey' | 'signed';

/** Request parameters, in the order they go on the wire; undefined values are left out. */
export type Params = ReadonlyArray<readonly [string, ParamValue | undefined]>;

/** The wire a request leaves on: REST, or the WebSocket API connection (order entry only). */
export type Transport = 'rest' | 'ws-api';

/** A REST request as it travels through the policies. */
export interface RestRequest {
  method: HttpMethod;
  /** Path such as `/api/v3/order`. */
  path: string;
  params: Params;
  security: Security;
  /** True when sending it twice does no harm (reads); only these are retried. */
  idempotent: boolean;
  /** Where it is sent; set by the pipeline's routing stage, REST when absent. */
  transport?: Transport;
  /**
   * Binance error codes whose body is this request's answer rather than a failure (cancel-replace's
   * -2021 and -2022 name in `data` which half happened): such a response is returned, not thrown.
   */
  answerCodes?: readonly number[];
  /** Origin to send to instead of the connector's REST URL (used by the market-data fallback). */
  origin?: string;
  signal?: AbortSignal;
}

/** A response of any HTTP status, body parsed as JSON when it is JSON. */
export interface RestResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

/** The one call signature every stage of the REST pipeline shares. */
export type RestHandler = (request: RestRequest) => Promise<RestResponse>;

/** A stage of the pipeline: wraps the next handler. */
export type RestPolicy = (next: RestHandler) => RestHandler;

/** Stacks policies around a transport; the first policy is the outermost. */
export function composePolicies(policies: readonly RestPolicy[], transport: RestHandler): RestHandler {
  return policies.reduceRight<RestHandler>((next, policy) => policy(next), transport);
}
