import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { Decimal, ZERO } from '../../core/decimal.js';
import { balanceOf, type SimAccount } from './accounts.js';
import { stepsToDecimal } from './amounts.js';
import type { ListHooks, MatchingEngine } from './matching-engine.js';
import { fundingAsset, fundsNeeded, planMatches } from './order-plan.js';
import type { ContingencyType, OrderListStore, SimOrderList } from './order-lists.js';
import { isLive, isOpen, isStopType, type Fill, type NewOrder, type SimOrder } from './order-types.js';
import { withPeggedPrice } from './pegs.js';
import { stopLock, waitingCondition } from './stop-orders.js';
import { badRequest } from '../sim-error.js';

/**
 * What order lists do with their orders, as rest-api.md describes each list: in an OCO pair,
 * the first order to start working or to trade expires the other (`OCO_TRIGGER`); an OTO's
 * pending orders (an OTOCO's pending pair) are placed once the working order is fully filled, and
 * expire with it (`OTO_PHASE_ONE_EXPIRED`) when it ends otherwise; cancelling any order of a list
 * cancels the whole list. A list is `ALL_DONE` once none of its orders can trade any more. An OPO
 * or OPOCO (faqs/opo.md) is an OTO or OTOCO whose pending orders sell what the working BUY
 * received, net of its commission and rounded down to the step size.
 */

/** A list's orders by role. */
interface ListRoles {
  readonly list: SimOrderList;
  /** The OTO's working order. */
  working: SimOrder | undefined;
  /** Orders waiting for the working order (PENDING_NEW until it fills). */
  readonly pending: SimOrder[];
  /** The OCO pair, the order holding the pair's funds first. */
  readonly pair: SimOrder[];
  /** True while the list is being placed or cancelled: its own changes are not reactions. */
  busy: boolean;
  /** An OPO or OPOCO: the pending orders' quantity is what the working order received. */
  readonly paysOther: boolean;
}

/** An OCO pair to place: its two orders, below first, as Binance numbers them. */
export interface PairRequest {
  readonly below: NewOrder;
  readonly above: NewOrder;
}

/** A list to place: an OCO pair, or a working order with its pending order or pair. */
export type ListRequest =
  | { readonly kind: 'OCO'; readonly pair: PairRequest }
  | { readonly kind: 'OTO'; readonly working: NewOrder; readonly pending: NewOrder }
  | { readonly kind: 'OTOCO'; readonly working: NewOrder; readonly pair: PairRequest }
  | { readonly kind: 'OPO'; readonly working: NewOrder; readonly pending: NewOrder }
  | { readonly kind: 'OPOCO'; readonly working: NewOrder; readonly pair: PairRequest };

/** A list as placed: the list, its orders as they stood in the answer, and each order's fills then. */
export interface PlacedList {
  readonly list: SimOrderList;
  readonly orders: SimOrder[];
  readonly fills: ReadonlyMap<number, readonly Fill[]>;
}

/** The order of a pair that holds its funds: the LIMIT_MAKER when there is one, else the below order. */
function holderFirst(pair: PairRequest): [NewOrder, NewOrder] {
  return pair.above.type === 'LIMIT_MAKER' ? [pair.above, pair.below] : [pair.below, pair.above];
}

/** What an order of a pair would hold: a priced order its whole amount, a stop what it holds while waiting. */
function holds(order: NewOrder): ReturnType<typeof stopLock> {
  if (isStopType(order.type)) return stopLock(order);
  return fundsNeeded(order.spec, order, order.quantitySteps ?? 0, []);
}

/** The order lists of every account and what their orders do to each other. */
export class Contingencies implements ListHooks {
  private readonly roles = new Map<number, ListRoles>();

  constructor(private readonly engine: MatchingEngine, private readonly store: OrderListStore) {
    engine.useLists(this);
  }

  /**
   * Places a list for `account` at `now` and returns it with its orders as placed (an OTO's
   * pending orders PENDING_NEW even when the working order filled at once: they start right after,
   * as Binance's answer shows them). Throws SimError, placing nothing, when an order is refused.
   */
  place(account: SimAccount, symbol: string, listClientOrderId: string, request: ListRequest, now: number): PlacedList {
    const pendingRequest = request.kind === 'OTO' || request.kind === 'OPO' ? request.pending : undefined;
    const pairRequest = 'pair' in request ? request.pair : undefined;
    this.check(account, listClientOrderId, request, now);
    const contingencyType: ContingencyType = request.kind === 'OCO' ? 'OCO' : 'OTO';
    const list = this.store.add({
      accountId: account.id, listClientOrderId, symbol, contingencyType, listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', orders: [], time: now,
    });
    const roles: ListRoles = { list, working: undefined, pending: [], pair: [], busy: true, paysOther: request.kind === 'OPO' || request.kind === 'OPOCO' };
    this.roles.set(list.orderListId, roles);
    const fills = new Map<number, Fill[]>();
    const placeNow = (order: NewOrder): SimOrder => {
      const placed = this.engine.placeOrder(account, order, now);
      fills.set(placed.order.orderId, placed.fills);
      return placed.order;
    };
    const inList = (order: NewOrder, heldByPair = false): NewOrder => ({ ...order, orderListId: list.orderListId, heldByPair });
    const add = (order: SimOrder): SimOrder => {
      list.orders.push({ orderId: order.orderId, clientOrderId: order.clientOrderId });
      return order;
    };
    if (request.kind !== 'OCO') {
      try {
        roles.working = add(placeNow(inList(request.working)));
      } catch (error) {
        // The working order goes first: refused, nothing of the list stands.
        this.store.discard(list);
        this.roles.delete(list.orderListId);
        throw error;
      }
    }
    if (pendingRequest !== undefined) roles.pending.push(add(this.engine.addPending(account, inList(pendingRequest), now)));
    if (pairRequest !== undefined) {
      const [holder, other] = holderFirst(pairRequest);
      // Numbered below first, as Binance numbers them; the holder is started first so the other holds nothing.
      const byId = new Map<NewOrder, SimOrder>();
      for (const order of [pairRequest.below, pairRequest.above]) {
        const shared = order === other;
        byId.set(order, request.kind === 'OCO' ? placeNow(inList(order, shared)) : this.engine.addPending(account, inList(order, shared), now));
      }
      for (const order of [pairRequest.below, pairRequest.above]) add(byId.get(order)!);
      roles.pair.push(byId.get(holder)!, byId.get(other)!);
      if (request.kind !== 'OCO') roles.pending.push(...roles.pair);
    }
    const placed = list.orders.map(({ orderId }) => this.orderOf(roles, orderId)!);
    const snapshot = placed.map((order) => ({ ...order }));
    this.emitList(list, now);
    roles.busy = false;
    // A working order that filled or ended while the list was being placed has its effect now.
    if (roles.working !== undefined && !isOpen(roles.working)) {
      this.afterWorking(roles, roles.working, now);
      this.engine.settleDeferred(symbol, now);
    }
    return { list: { ...list, orders: [...list.orders] }, orders: snapshot, fills };
  }

  /**
   * What can refuse a list, checked before any of its orders stands (a refused list leaves nothing
   * behind): client ids unique among the account's live orders and lists, and for an OCO the
   * funds of the pair, a LIMIT_MAKER that would take, a stop that would trigger at once.
   */
  private check(account: SimAccount, listClientOrderId: string, request: ListRequest, now: number): void {
    const duplicate = (): never => { throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.duplicateOrder); };
    if (this.store.open(account.id).some((l) => l.listClientOrderId === listClientOrderId)) duplicate();
    const orders = request.kind === 'OCO' ? [request.pair.below, request.pair.above]
      : 'pending' in request ? [request.working, request.pending] : [request.working, request.pair.below, request.pair.above];
    const ids = orders.map((o) => o.clientOrderId);
    if (new Set(ids).size !== ids.length || ids.some((id) => this.engine.records.hasLiveClientId(account, id))) duplicate();
    if (request.kind !== 'OCO') return;
    const market = this.engine.market(request.pair.below.spec.symbol)!;
    // A pegged order is checked at the price it will take, as the engine places it.
    const priced = orders.map((order) => withPeggedPrice(market, order, now));
    const needed = priced.map(holds).reduce((a, b) => (a.gt(b) ? a : b));
    if (balanceOf(account, fundingAsset(request.pair.below)).free.lt(needed)) {
      throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.insufficientBalance);
    }
    const last = this.engine.lastPrice(market, now);
    for (const order of priced) {
      if (order.type === 'LIMIT_MAKER' && planMatches(market, order, now).length > 0) {
        throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, BinanceMessage.wouldMatchAndTake);
      }
      if (isStopType(order.type)) waitingCondition(order, last);
    }
  }

  /** Cancels every order of the list that can still trade (CANCELED, with the cancel's client id); the list is ALL_DONE. */
  cancel(account: SimAccount, list: SimOrderList, cancelClientId: string, now: number): SimOrder[] {
    const roles = this.roles.get(list.orderListId)!;
    roles.busy = true;
    const orders = list.orders.map(({ orderId }) => this.orderOf(roles, orderId)!);
    for (const order of orders) {
      if (isLive(order)) this.engine.cancelFound(order, cancelClientId, now);
    }
    roles.busy = false;
    this.finish(roles, now);
    return orders;
  }

  activating(order: SimOrder, time: number): void {
    const roles = this.roles.get(order.orderListId);
    if (roles === undefined || roles.busy) return;
    this.expirePair(roles, order, time);
  }

  filled(order: SimOrder, time: number): void {
    const roles = this.roles.get(order.orderListId);
    if (roles === undefined || roles.busy) return;
    this.expirePair(roles, order, time);
    if (order === roles.working && order.status === 'FILLED') this.afterWorking(roles, order, time);
    this.finish(roles, time);
  }

  ended(order: SimOrder, time: number): void {
    const roles = this.roles.get(order.orderListId);
    if (roles === undefined || roles.busy) return;
    if (order.status === 'CANCELED') {
      // rest-api.md: cancelling one order of a list cancels the whole list.
      roles.busy = true;
      for (const { orderId } of roles.list.orders) {
        const other = this.orderOf(roles, orderId)!;
        if (other !== order && isLive(other)) this.engine.cancelFound(other, this.engine.generateClientOrderId(), time);
      }
      roles.busy = false;
    } else if (order === roles.working) {
      this.afterWorking(roles, order, time);
    } else if (order.expiryReason !== 'OCO_TRIGGER' && order.expiryReason !== 'OTO_PHASE_ONE_EXPIRED') {
      this.expirePair(roles, order, time);
    }
    this.finish(roles, time);
  }

  /** The first order of a pair to work, trade or end otherwise expires the other. */
  private expirePair(roles: ListRoles, order: SimOrder, time: number): void {
    if (!roles.pair.includes(order)) return;
    for (const other of roles.pair) {
      if (other !== order && isLive(other)) this.engine.expireListOrder(other, 'OCO_TRIGGER', time);
    }
  }

  /** The working order is done: fully filled, the pending orders start (the holder of a pair first); else they expire with it. */
  private afterWorking(roles: ListRoles, working: SimOrder, time: number): void {
    const waiting = roles.pending.filter((o) => o.status === 'PENDING_NEW');
    if (waiting.length === 0) return;
    if (working.status !== 'FILLED') {
      for (const order of waiting) if (order.status === 'PENDING_NEW') this.engine.expireListOrder(order, 'OTO_PHASE_ONE_EXPIRED', time);
      return;
    }
    if (roles.paysOther) this.sizeFromWorking(roles, working, time);
    this.engine.defer(() => {
      for (const order of roles.pending) {
        if (order.status === 'PENDING_NEW') this.engine.startPending(order, time, roles.pair.indexOf(order) === 1);
      }
      this.finish(roles, time);
    });
  }

  /**
   * An OPO's pending orders get the quantity the working order received, net of commission paid
   * in the base asset, rounded down to the step size (faqs/opo.md); below the LOT_SIZE minimum
   * they cannot start and expire as REJECTED, as a pending order the engine refuses does.
   */
  private sizeFromWorking(roles: ListRoles, working: SimOrder, time: number): void {
    const { spec } = working;
    const fees = this.engine.records.orderTrades(working)
      .filter((t) => t.commissionAsset === spec.baseAsset)
      .reduce((sum, t) => sum.plus(t.commission), ZERO);
    const received = stepsToDecimal(spec, working.executedSteps).minus(fees);
    const steps = Number(received.times(new Decimal(10).pow(spec.stepDecimals)).round(0, Decimal.roundDown).toFixed(0));
    const refused = stepsToDecimal(spec, steps).lt(spec.minQty);
    // Both orders of a pair are refused alike: neither expires the other as a pair would.
    roles.busy = true;
    for (const order of roles.pending) {
      if (order.status !== 'PENDING_NEW') continue;
      order.origSteps = steps;
      if (refused) this.engine.expireListOrder(order, 'REJECTED', time);
    }
    roles.busy = false;
  }

  /** Marks the list ALL_DONE, and says so, once none of its orders can trade any more. */
  private finish(roles: ListRoles, time: number): void {
    const { list } = roles;
    if (list.listOrderStatus === 'ALL_DONE') return;
    const orders = list.orders.map(({ orderId }) => this.orderOf(roles, orderId)!);
    if (orders.some((o) => isLive(o))) return;
    list.listStatusType = 'ALL_DONE';
    list.listOrderStatus = 'ALL_DONE';
    this.emitList(list, time);
  }

  private emitList(list: SimOrderList, time: number): void {
    this.engine.events.emit('orderList', { accountId: list.accountId, list: { ...list, orders: [...list.orders] }, time });
  }

  /** The other order of the OCO pair `order` belongs to (an OCO's, or an OTOCO's pending pair); undefined for any other order. */
  pairedWith(order: SimOrder): SimOrder | undefined {
    const pair = this.roles.get(order.orderListId)?.pair ?? [];
    return pair.includes(order) ? pair.find((other) => other !== order) : undefined;
  }

  private orderOf(roles: ListRoles, orderId: number): SimOrder | undefined {
    if (roles.working?.orderId === orderId) return roles.working;
    return roles.pending.find((o) => o.orderId === orderId) ?? roles.pair.find((o) => o.orderId === orderId);
  }
}
