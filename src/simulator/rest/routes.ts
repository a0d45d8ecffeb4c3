import { isFreeOnSuccess, orderCountCost, requestWeight } from '../../spec/binance/weights.js';
import type { SimAccount } from '../engine/accounts.js';
import type { Exchange } from '../exchange.js';
import { marketRoutes } from './market-routes.js';
import type { Params } from './params.js';
import type { Route, RouteResult } from './route.js';
import { orderListRoutes } from './order-list-routes.js';
import { preventedMatchRoutes } from './prevented-match-routes.js';
import { tradingRoutes } from './trading-routes.js';
import { amendRoutes } from './amend-routes.js';
import { cancelReplaceRoutes } from './cancel-replace-route.js';

/**
 * Every endpoint and the one pipeline both fronts run them through: weight, market advance,
 * authentication, handler, refund. REST and the WebSocket API differ only in how they read
 * parameters and prove the caller's identity, which they pass in.
 */

const ROUTES = new Map<string, Route>([
  ...marketRoutes, ...tradingRoutes, ...orderListRoutes, ...amendRoutes, ...cancelReplaceRoutes, ...preventedMatchRoutes,
].map((r) => [`${r.method} ${r.path}`, r]));

/** The route of `method path`, if any. */
export function findRoute(method: string, path: string): Route | undefined {
  return ROUTES.get(`${method} ${path}`);
}

/** How one request is run. */
export interface RouteCall {
  readonly exchange: Exchange;
  readonly route: Route;
  readonly params: Params;
  /** Client address the weight is charged to. */
  readonly address: string;
  readonly now: number;
  /** Proves the caller of a SIGNED route; throws the Binance error otherwise. */
  authenticate(): SimAccount;
  /** Called once the weight is charged, so errors after it report the usage. */
  onCharged?(): void;
  /**
   * Called once the sender of an order placement is known, so the answer, placed or rejected,
   * reports that account's unfilled order count as Binance's does.
   */
  onOrderAccount?(accountId: number): void;
}

/** Runs `call.route` under Binance's rules; errors are thrown as SimError. */
export function runRoute(call: RouteCall): RouteResult {
  const { exchange, route, params, address, now } = call;
  const weight = requestWeight(route.method, route.path, params);
  exchange.limiter.charge(address, weight, now);
  call.onCharged?.();
  exchange.engine.advance(now);
  const account = route.security === 'SIGNED' ? call.authenticate() : undefined;
  if (account !== undefined && orderCountCost(route.method, route.path) > 0) call.onOrderAccount?.(account.id);
  const result = route.handle({ exchange, params, now, account });
  if (isFreeOnSuccess(route.method, route.path) || result.free === true) exchange.limiter.refund(address, weight, now);
  return result;
}
