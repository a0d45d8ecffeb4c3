import { ZERO, type Decimal } from '../core/decimal.js';
import type { AccountTrade, AccountTradeQuery, CommissionRates, Order, OrderRateLimit, Position } from '../core/models.js';
import { parseCommissionRates, parseOrderRateLimits } from './account-rates.js';
import type { ExchangeInfoSource } from './exchange-info-source.js';
import { parseAccountBalances, parseAccountPositions, parseAccountTrades } from './parsers.js';
import type { Params } from './rest/types.js';
import { tradeHistory } from './trade-history.js';
import { checkHistoryRange, checkOrderId, checkTradeQuery } from './validation.js';
import type { WireAccount } from './wire-types.js';

/**
 * The account's signed reads: balances and positions, its own fills (one page, or a whole range a
 * page at a time), what an order left after fees, commission rates and the ORDERS window counts.
 */

/** What the account reads take from the connector. */
export interface AccountDeps {
  /** A signed GET through the connector's pipeline; resolves to the answer's body. */
  get(path: string, params: Params): Promise<unknown>;
  exchangeInfo: ExchangeInfoSource;
  /** Server-aligned now, the default end of a history range. */
  serverNow(): number;
}

/** The account reads, bound to one connector. */
export class AccountReads {
  readonly #deps: AccountDeps;

  constructor(deps: AccountDeps) {
    this.#deps = deps;
  }

  /** Free amount of every asset whose free amount is not zero (`GET /api/v3/account`). */
  async balance(): Promise<Map<string, Decimal>> {
    return parseAccountBalances(await this.#account());
  }

  /** Every asset with a non-zero free or locked amount (`GET /api/v3/account`). */
  async positions(): Promise<Position[]> {
    return parseAccountPositions(await this.#account());
  }

  /** `GET /api/v3/myTrades` after the query's checks. */
  async trades(symbol: string, query: AccountTradeQuery): Promise<AccountTrade[]> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    checkTradeQuery(query);
    return this.#trades(name, query);
  }

  /** Every fill of a symbol in the range, a page at a time (see `tradeHistory`); checked when the first fill is asked for. */
  async *tradeHistory(symbol: string, range: { startTime: number; endTime?: number }): AsyncGenerator<AccountTrade, void, undefined> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    checkHistoryRange(range);
    const endTime = range.endTime ?? this.#deps.serverNow();
    yield* tradeHistory((query) => this.#trades(name, query), { startTime: range.startTime, endTime });
  }

  /** The order's executed quantity less the fees paid in the base asset, from its fills or else from `myTrades`. */
  async netQuantity(order: Order): Promise<Decimal> {
    const name = await this.#deps.exchangeInfo.symbolName(order.symbol);
    const base = this.#deps.exchangeInfo.symbol(name)!.baseAsset;
    const filled = order.fills.reduce((sum, fill) => sum.plus(fill.quantity), ZERO);
    const fills = filled.eq(order.executedQuantity) ? order.fills : await this.#trades(name, { orderId: checkOrderId(order.orderId) });
    const fees = fills.reduce((sum, fill) => (fill.commissionAsset === base ? sum.plus(fill.commission) : sum), ZERO);
    return order.executedQuantity.minus(fees);
  }

  /** `GET /api/v3/account/commission` (weight 20). */
  async commissionRates(symbol: string): Promise<CommissionRates> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    return parseCommissionRates(await this.#deps.get('/api/v3/account/commission', [['symbol', name]]));
  }

  /** `GET /api/v3/rateLimit/order` (weight 40). */
  async orderRateLimits(): Promise<OrderRateLimit[]> {
    return parseOrderRateLimits(await this.#deps.get('/api/v3/rateLimit/order', []));
  }

  async #account(): Promise<WireAccount> {
    return await this.#deps.get('/api/v3/account', []) as WireAccount;
  }

  async #trades(name: string, query: AccountTradeQuery): Promise<AccountTrade[]> {
    return parseAccountTrades(await this.#deps.get('/api/v3/myTrades', [
      ['symbol', name], ['orderId', query.orderId], ['startTime', query.startTime], ['endTime', query.endTime],
      ['fromId', query.fromId], ['limit', query.limit],
    ]));
  }
}
