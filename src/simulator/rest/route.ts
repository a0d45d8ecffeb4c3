import type { HttpMethod } from '../../spec/binance/endpoints.js';
import type { SimAccount } from '../engine/accounts.js';
import type { Exchange } from '../exchange.js';
import type { Params } from './params.js';

/** The shape every REST handler shares. */

/** NONE is public; SIGNED needs the API key, a signature and a fresh timestamp. */
export type RouteSecurity = 'NONE' | 'SIGNED';

/** What a handler receives. */
export interface RouteContext {
  readonly exchange: Exchange;
  readonly params: Params;
  /** Server time of this request. */
  readonly now: number;
  /** The authenticated account; set for SIGNED routes. */
  readonly account: SimAccount | undefined;
}

/** What a handler returns (errors are thrown as SimError). */
export interface RouteResult {
  readonly status?: number;
  readonly body: unknown;
  /** True when this answer costs no weight although its endpoint's answers usually do (an amendment that expires its order). */
  readonly free?: boolean;
}

/** One REST endpoint. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly security: RouteSecurity;
  handle(context: RouteContext): RouteResult;
}

/** The account of a SIGNED route (the pipeline guarantees it). */
export function signedAccount(context: RouteContext): SimAccount {
  if (context.account === undefined) throw new Error('route declared SIGNED ran without an account');
  return context.account;
}
