import { OrderNotFoundError } from '../core/errors.js';
import type { OrderList, OrderListQuery, OrderListRequest } from '../core/models.js';
import { cancelOrderListOnce, placeOrderListOnce } from './order-list-placement.js';
import { prepareOrderList } from './order-list-request.js';
import { recoveryEpoch, type OrderEntryDeps } from './orders.js';
import { parseOrderList, parseOrderLists } from './parsers.js';
import { asOrderContent, checkClientOrderId, checkObject, checkOrderId, checkOrderListQuery } from './validation.js';

/**
 * Order lists (OCO, OTO, OTOCO, OPO, OPOCO): placed and cancelled with the guarantees single
 * orders have (see `order-list-placement.ts`), read back by id, by list client id, open or all.
 * Each list a request returns is handed to the user-data stream when one is open.
 */

/** The order-list operations, bound to one connector. */
export class OrderLists {
  readonly #deps: OrderEntryDeps;

  constructor(deps: OrderEntryDeps) {
    this.#deps = deps;
  }

  /** Checks every order of the list against exchangeInfo, then places the list once. */
  async place(request: OrderListRequest): Promise<OrderList> {
    const { exchangeInfo } = this.#deps;
    const prepared = await exchangeInfo.checkedFresh(() => asOrderContent(() => {
      checkObject(request, 'request');
      return prepareOrderList(request, exchangeInfo.symbol(request.symbol), this.#deps.random);
    }));
    return this.#tracked(() => placeOrderListOnce(this.#deps.placement(), prepared, parseOrderList));
  }

  /** `DELETE /api/v3/orderList`; a lost answer is resolved by reading the list. */
  async cancel(orderListId: string, symbol: string): Promise<OrderList> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    return this.#tracked(() => cancelOrderListOnce(this.#deps.placement(), { symbol: name, orderListId: checkOrderId(orderListId, 'orderListId') }, parseOrderList));
  }

  /** `GET /api/v3/orderList` by the id Binance assigned. */
  async get(orderListId: string): Promise<OrderList> {
    return parseOrderList(await this.#deps.signed('GET', '/api/v3/orderList', [['orderListId', checkOrderId(orderListId, 'orderListId')]]));
  }

  /** `GET /api/v3/orderList` by list client id, which Binance looks up across the account: a list of another symbol is OrderNotFoundError. */
  async getByClientId(listClientOrderId: string, symbol: string): Promise<OrderList> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    const id = checkClientOrderId(listClientOrderId, 'listClientOrderId');
    const list = parseOrderList(await this.#deps.signed('GET', '/api/v3/orderList', [['origClientOrderId', id]]));
    if (list.symbol !== name) {
      throw new OrderNotFoundError(`order list ${id} is on ${list.symbol}, not ${name}`, { exchange: 'binance' });
    }
    return list;
  }

  /** `GET /api/v3/openOrderList`. */
  async open(): Promise<OrderList[]> {
    return parseOrderLists(await this.#deps.signed('GET', '/api/v3/openOrderList', []), 'open order lists');
  }

  /** `GET /api/v3/allOrderList`, oldest first. */
  async all(query: OrderListQuery): Promise<OrderList[]> {
    checkOrderListQuery(query);
    return parseOrderLists(await this.#deps.signed('GET', '/api/v3/allOrderList', [
      ['fromId', query.fromId], ['startTime', query.startTime], ['endTime', query.endTime], ['limit', query.limit],
    ]), 'all order lists');
  }

  /** Sends a list request and hands the list it returns to the user-data stream (the epoch read before sending). */
  async #tracked(send: () => Promise<OrderList>): Promise<OrderList> {
    const epoch = recoveryEpoch(this.#deps);
    const list = await send();
    this.#deps.streams()?.trackOrderList(list, epoch);
    return list;
  }
}
