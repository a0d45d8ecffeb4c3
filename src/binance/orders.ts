import type { Decimal, DecimalInput } from '../core/decimal.js';
import { ExchangeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type {
  AmendOptions, Order, OrderRequest, ReplaceOptions, ReplaceResult, ReplacementOrderRequest,
} from '../core/models.js';
import { BinanceErrorCode } from '../spec/binance/error-codes.js';
import type { ExchangeInfoSource } from './exchange-info-source.js';
import { cancelOrderOnce, placeOrderOnce, type PlacementDeps } from './order-placement.js';
import { amendOrderOnce, orderLostMessage, prepareAmendQuantity, prepareReplacement, replaceOrderOnce } from './order-replace.js';
import { orderParams, prepareOrder } from './order-request.js';
import { parseCancelledOrders, parseOrder, parseOrders } from './parsers.js';
import type { Params } from './rest/types.js';
import type { BinanceStreams } from './streams/binance-streams.js';
import { asOrderContent, checkClientOrderId, checkObject, checkOrderId, checkOrderQuery } from './validation.js';

/**
 * Single orders: place, cancel, amend, replace, read back and cancel all. Each request is checked
 * against exchangeInfo before it is sent, and each order it returns is handed to the user-data
 * stream (when one is open) so a recovery after a reconnect knows it.
 */

/** What the order collaborators take from the connector. */
export interface OrderEntryDeps {
  /** A signed request through the connector's pipeline; resolves to the answer's body. */
  signed(method: 'GET' | 'DELETE', path: string, params: Params, idempotent?: boolean): Promise<unknown>;
  /** What placements and cancels share; read per request, as it holds the session of the moment. */
  placement(): PlacementDeps;
  /** The connector's streams while they are open. */
  streams(): BinanceStreams | undefined;
  exchangeInfo: ExchangeInfoSource;
  random: () => number;
}

/** What `Orders` needs beyond the order collaborators' share. */
export interface OrdersDeps extends OrderEntryDeps {
  /** The last price seen per symbol, the reference of a MARKET order's checks; a fill updates it. */
  lastPrices: Map<string, Decimal>;
  logger: Logger;
}

/** The single-order operations, bound to one connector. */
export class Orders {
  readonly #deps: OrdersDeps;

  constructor(deps: OrdersDeps) {
    this.#deps = deps;
  }

  /** Checks the order against exchangeInfo, then places it once (see `placeOrderOnce`). */
  async place(request: OrderRequest): Promise<Order> {
    const { exchangeInfo, lastPrices } = this.#deps;
    const prepared = await exchangeInfo.checkedFresh(() => asOrderContent(() => {
      checkObject(request, 'request');
      return prepareOrder(request, exchangeInfo.symbol(request.symbol), { random: this.#deps.random, referencePrice: lastPrices.get(request.symbol) });
    }));
    const order = await this.#tracked((epoch) => placeOrderOnce(this.#deps.placement(), orderParams(prepared), prepared,
      (placement) => this.#deps.streams()?.trackUnresolved(placement, epoch)));
    const lastFill = order.fills.at(-1);
    if (lastFill !== undefined) lastPrices.set(order.symbol, lastFill.price);
    return order;
  }

  /** Cancels an open order by the id Binance assigned (see `cancelOrderOnce`). */
  async cancel(orderId: string, symbol: string): Promise<Order> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    const id = checkOrderId(orderId);
    return this.#tracked(() => cancelOrderOnce(this.#deps.placement(), { symbol: name, orderId: id }));
  }

  /** Lowers an open order's quantity, keeping its client order id unless `options` sets another (see `amendOrderOnce`). */
  async amend(orderId: string, symbol: string, newQuantity: DecimalInput, options: AmendOptions): Promise<Order> {
    const { exchangeInfo } = this.#deps;
    const name = await exchangeInfo.symbolName(symbol);
    const id = checkOrderId(orderId);
    checkObject(options, 'options');
    const quantity = await exchangeInfo.checkedFresh(() => asOrderContent(() => prepareAmendQuantity(newQuantity, exchangeInfo.symbol(name))));
    const clientOrderId = options.clientOrderId === undefined
      ? (this.#deps.streams()?.lastDeliveredOrder(id) ?? await this.get(id, name)).clientOrderId
      : checkClientOrderId(options.clientOrderId);
    return this.#tracked(() => amendOrderOnce(this.#deps.placement(), { symbol: name, orderId: id }, quantity, clientOrderId));
  }

  /** Cancels an order and places a new one in one request; a cancel whose new order failed is logged (see `replaceOrderOnce`). */
  async replace(orderId: string, symbol: string, newOrder: ReplacementOrderRequest, options: ReplaceOptions): Promise<ReplaceResult> {
    const { exchangeInfo } = this.#deps;
    const name = await exchangeInfo.symbolName(symbol);
    const id = checkOrderId(orderId);
    const prepared = await exchangeInfo.checkedFresh(() => asOrderContent(() => prepareReplacement(
      newOrder, name, exchangeInfo.symbol(name), options, { random: this.#deps.random, referencePrice: this.#deps.lastPrices.get(name) },
    )));
    const epoch = recoveryEpoch(this.#deps);
    const result = await replaceOrderOnce(this.#deps.placement(), { symbol: name, orderId: id, prepared, options },
      (placement) => this.#deps.streams()?.trackUnresolved(placement, epoch));
    for (const order of [result.cancelledOrder, result.newOrder]) if (order !== undefined) this.#deps.streams()?.trackOrder(order, epoch);
    if (result.orderLost) this.#deps.logger.warn({ orderId: id, symbol: name }, orderLostMessage(result, { symbol: name, orderId: id }, prepared.clientOrderId));
    return result;
  }

  /** `GET /api/v3/order` by the id Binance assigned. */
  async get(orderId: string, symbol: string): Promise<Order> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    const id = checkOrderId(orderId);
    return parseOrder(await this.#deps.signed('GET', '/api/v3/order', [['symbol', name], ['orderId', id]]));
  }

  /** `GET /api/v3/order` by client order id. */
  async getByClientId(clientOrderId: string, symbol: string): Promise<Order> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    const id = checkClientOrderId(clientOrderId);
    return parseOrder(await this.#deps.signed('GET', '/api/v3/order', [['symbol', name], ['origClientOrderId', id]]));
  }

  /** `GET /api/v3/openOrders`, of one symbol or of all. */
  async open(symbol?: string): Promise<Order[]> {
    const name = symbol === undefined ? undefined : await this.#deps.exchangeInfo.symbolName(symbol);
    return parseOrders(await this.#deps.signed('GET', '/api/v3/openOrders', [['symbol', name]]), 'open orders');
  }

  /** `GET /api/v3/allOrders`, oldest first. */
  async all(symbol: string, query: { startTime?: number; endTime?: number; limit?: number }): Promise<Order[]> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    checkOrderQuery(query);
    const wire = await this.#deps.signed('GET', '/api/v3/allOrders', [
      ['symbol', name], ['startTime', query.startTime], ['endTime', query.endTime], ['limit', query.limit],
    ]);
    return parseOrders(wire, 'all orders');
  }

  /** `DELETE /api/v3/openOrders`, sent again on a lost answer as it is safe to repeat; nothing open (-2011) is an empty list. */
  async cancelAll(symbol: string): Promise<Order[]> {
    const name = await this.#deps.exchangeInfo.symbolName(symbol);
    try {
      return parseCancelledOrders(await this.#deps.signed('DELETE', '/api/v3/openOrders', [['symbol', name]], true));
    } catch (error) {
      if (error instanceof ExchangeError && error.exchangeCode === BinanceErrorCode.CANCEL_REJECTED) return [];
      throw error;
    }
  }

  /**
   * Sends an order request and hands the order it returns to the user-data stream. The epoch is
   * read before sending: a recovery that starts before the answer comes back cannot know this order.
   */
  async #tracked(send: (epoch: number) => Promise<Order>): Promise<Order> {
    const epoch = recoveryEpoch(this.#deps);
    const order = await send(epoch);
    this.#deps.streams()?.trackOrder(order, epoch);
    return order;
  }
}

/** The streams' order-recovery epoch, read before an order request is sent (0 without streams). */
export function recoveryEpoch(deps: Pick<OrderEntryDeps, 'streams'>): number {
  return deps.streams()?.orderRecoveryEpoch() ?? 0;
}
