import { delay, type Clock } from '../../core/clock.js';
import { ZERO } from '../../core/decimal.js';
import { OrderNotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { AccountTrade, Order, OrderList, Position } from '../../core/models.js';
import type { BalanceLevel, UserDataEvent } from '../../core/stream/events.js';
import { isThisPlacement, type UnresolvedPlacement } from '../order-placement.js';
import { missedUpdates, OrderTracker, type RecoveredFill } from './order-tracker.js';

/** REST reads a recovery needs. */
export interface UserDataHost {
  /** Open orders of every symbol. */
  openOrders(): Promise<Order[]>;
  getOrder(orderId: string, symbol: string): Promise<Order>;
  getOrderByClientId(clientOrderId: string, symbol: string): Promise<Order>;
  /** The account's non-zero balances. */
  positions(): Promise<Position[]>;
  /** An order's fills with their fees, oldest first. */
  orderTrades(orderId: string, symbol: string): Promise<AccountTrade[]>;
  /** Open order lists of every symbol. */
  openOrderLists(): Promise<OrderList[]>;
  getOrderList(orderListId: string): Promise<OrderList>;
}

/** What a recovery takes from its stream. */
export interface UserDataRecoveryOptions {
  host: UserDataHost;
  clock: Clock;
  logger: Logger;
  /** Server-aligned now. */
  serverNow: () => number;
  /** Waits before each further try of a recovery whose REST reads failed. @default [1000, 3000, 10000] */
  retryDelaysMs?: readonly number[] | undefined;
  /** Whether the stream is still subscribed. */
  active: () => boolean;
  /** Hands an event to the stream's listeners. */
  deliver: (event: UserDataEvent) => void;
  /** Aborted when the stream closes, so no retry wait outlives it. */
  closing: AbortSignal;
}

/**
 * How long a placement that ended unknown is looked up while the exchange does not know it: long
 * past any `recvWindow`, after which a request still in flight would be refused.
 */
const UNRESOLVED_KEPT_MS = 10 * 60_000;
/** Placements that ended unknown looked up at most, beyond which the oldest are forgotten. */
const MAX_UNRESOLVED = 100;
/** Ended lists remembered so that late news of them is recognised, as the order tracker remembers final orders. */
const MAX_DONE_LISTS = 1000;

/** One comparison of the exchange's state with what listeners saw. */
interface ReconcilePass {
  /** Updates delivered. */
  count: number;
  /** Whether every read answered. */
  complete: boolean;
  /** The account's balances, when that read answered. */
  positions: Position[] | undefined;
}

/**
 * What a user-data stream knows about orders and balances, and how it closes a gap: the orders
 * listeners saw (and those placed or canceled through the connector), the placements that ended
 * unknown, the assets listeners may hold; after a reconnect it reads the exchange's state over
 * REST and delivers, as `recovered` updates, what listeners missed.
 */
export class UserDataRecovery {
  readonly #o: UserDataRecoveryOptions;
  /** The last state of each order delivered to listeners. */
  readonly tracker = new OrderTracker();
  /** Assets listeners may hold a balance of: read when subscribing or recovering, or seen on the stream. */
  readonly knownAssets = new Set<string>();
  /** Placements that ended unknown and whose order no event or read has shown yet, by client order id. */
  readonly #unresolved = new Map<string, UnresolvedPlacement>();
  /** Recovery passes that have taken their snapshot of known orders. */
  #epoch = 0;
  /**
   * The last status listeners saw of each order list not yet done, by list id; undefined for a
   * list known only from the answer to our own request, which listeners did not get.
   */
  readonly #lists = new Map<string, string | undefined>();
  /** Lists whose end (ALL_DONE) listeners saw, oldest first, bounded: nothing about them is news any more. */
  readonly #doneLists = new Set<string>();

  constructor(options: UserDataRecoveryOptions) {
    this.#o = options;
  }

  /** Recovery passes that have taken their snapshot of known orders. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Remembers an order placed or canceled through the connector, so a recovery checks it even if
   * no event about it arrived. `epochAtSend` is {@link epoch} before the request was sent: when a
   * recovery has taken its snapshot since, it could not check this order, so the changes
   * listeners missed are reported now, as that recovery would have.
   */
  track(order: Order, epochAtSend: number): void {
    if (epochAtSend === this.#epoch || !this.#o.active()) this.tracker.known(order);
    // The answer's own fills report what a recovery missed; without them, the order's fills are read.
    else if (this.report(order) === undefined) void this.#reportRead(order);
  }

  /**
   * Remembers a placement that ended unknown (its answer lost, its order not found), so that the
   * next recovery looks it up by client order id, as it looks up known orders by id, until an
   * event or a read shows it or the exchange can no longer have it. When a recovery has taken its
   * snapshot since sending, it is looked up now, as that recovery would have.
   */
  trackUnresolved(placement: UnresolvedPlacement, epochAtSend: number): void {
    if (!this.#o.active()) return;
    const oldest = this.#unresolved.keys().next();
    if (this.#unresolved.size >= MAX_UNRESOLVED && oldest.done !== true) this.#unresolved.delete(oldest.value);
    this.#unresolved.set(placement.intent.clientOrderId, placement);
    if (epochAtSend !== this.#epoch) void this.#lookUp(placement);
  }

  /**
   * Reconciles, and again after each wait while a read failed: a pass reports only what is still
   * missing, so repeating it delivers nothing twice.
   */
  async reconcileWithRetries(): Promise<ReconcilePass> {
    const waits = this.#o.retryDelaysMs ?? [1_000, 3_000, 10_000];
    let count = 0;
    let positions: Position[] | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const pass = await this.#reconcile();
      count += pass.count;
      positions = pass.positions ?? positions;
      if (pass.complete) return { count, complete: true, positions };
      const wait = waits[attempt];
      if (wait === undefined || !this.#o.active()) {
        this.#o.logger.error({ attempts: attempt + 1 }, 'user-data recovery after reconnect failed; updates may be missing');
        return { count, complete: false, positions };
      }
      this.#o.logger.warn({ attempt: attempt + 1, waitMs: wait }, 'user-data recovery read failed; trying again');
      await delay(wait, this.#o.clock, this.#o.closing).catch(() => undefined);
      if (!this.#o.active()) return { count, complete: false, positions };
    }
  }

  /** Compares the exchange's orders with what listeners saw; delivers the difference. */
  async #reconcile(): Promise<ReconcilePass> {
    const { host, logger } = this.#o;
    const known = this.tracker.openOrders();
    this.#epoch += 1;
    let count = 0;
    let complete = true;
    const report = async (order: Order): Promise<void> => {
      const reported = await this.#reportRead(order);
      count += reported.count;
      if (!reported.complete) complete = false;
    };
    let positions: Position[] | undefined;
    try {
      positions = await host.positions();
    } catch (error) {
      complete = false;
      logger.warn({ err: (error as Error).message }, 'could not read the account during recovery');
    }
    let open: Order[];
    try {
      open = await host.openOrders();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'could not read open orders during recovery');
      return { count, complete: false, positions };
    }
    const seen = new Set(open.map((order) => order.orderId));
    for (const order of open) await report(order);
    for (const { orderId, symbol } of known) {
      if (seen.has(orderId)) continue;
      try {
        await report(await host.getOrder(orderId, symbol));
      } catch (error) {
        // An order the exchange does not know has nothing to report; any other failure leaves a gap.
        if (!(error instanceof OrderNotFoundError)) complete = false;
        logger.warn({ orderId, symbol, err: (error as Error).message }, 'could not read an order during recovery');
      }
    }
    for (const placement of [...this.#unresolved.values()]) {
      const { found, read } = await this.#lookUp(placement);
      count += found;
      if (!read) complete = false;
    }
    const lists = await this.#reconcileLists(seen);
    return { count: count + lists.count, complete: complete && lists.complete, positions };
  }

  /**
   * Compares the exchange's order lists with what listeners saw: the open ones, and each list not
   * yet done that is no longer open. A list whose status changed is delivered as a `recovered`
   * update, after the updates of its orders that neither the open orders nor earlier updates
   * showed (an OTO's pending order that was placed and filled during the gap).
   */
  async #reconcileLists(openOrderIds: ReadonlySet<string>): Promise<{ count: number; complete: boolean }> {
    const { host, logger } = this.#o;
    let open: OrderList[];
    try {
      open = await host.openOrderLists();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'could not read open order lists during recovery');
      return { count: 0, complete: false };
    }
    let count = 0;
    let complete = true;
    const lists = [...open];
    const openIds = new Set(open.map((list) => list.orderListId));
    for (const id of [...this.#lists.keys()]) {
      if (openIds.has(id)) continue;
      try {
        lists.push(await host.getOrderList(id));
      } catch (error) {
        if (error instanceof OrderNotFoundError) this.#lists.delete(id);
        else complete = false;
        logger.warn({ orderListId: id, err: (error as Error).message }, 'could not read an order list during recovery');
      }
    }
    for (const list of lists) {
      const last = this.#lists.get(list.orderListId);
      if (last === listStatus(list) || this.#doneLists.has(list.orderListId)) continue;
      for (const { orderId } of list.orders) {
        if (openOrderIds.has(orderId) || this.tracker.lastDelivered(orderId) !== undefined) continue;
        try {
          const reported = await this.#reportRead(await host.getOrder(orderId, list.symbol));
          count += reported.count;
          if (!reported.complete) complete = false;
        } catch (error) {
          if (!(error instanceof OrderNotFoundError)) complete = false;
        }
      }
      this.#o.deliver({ type: 'orderList', orderList: list, eventTime: this.#o.clock.now(), recovered: true });
    }
    return { count, complete };
  }

  /** Remembers the status listeners now know of an order list (delivered, or open when subscribing); forgets a list once done. */
  listSeen(list: OrderList): void {
    if (!isDone(list)) {
      this.#lists.set(list.orderListId, listStatus(list));
      return;
    }
    this.#lists.delete(list.orderListId);
    this.#doneLists.add(list.orderListId);
    if (this.#doneLists.size > MAX_DONE_LISTS) this.#doneLists.delete(this.#doneLists.values().next().value!);
  }

  /** True when listeners already saw the end of the list: a stream event about it is older news. */
  listEnded(orderListId: string): boolean {
    return this.#doneLists.has(orderListId);
  }

  /**
   * Remembers an order list placed or cancelled through the connector. The answer is not an update
   * listeners got: what they saw stays the status a recovery compares with, and a list they never
   * saw is checked by the next recovery. When a recovery has taken its snapshot since the request
   * was sent, it could not check this list, so the list is read and what listeners missed is
   * reported now, as that recovery would have.
   */
  trackList(list: OrderList, epochAtSend: number): void {
    const id = list.orderListId;
    if (this.#doneLists.has(id) || this.#lists.has(id)) return;
    this.#lists.set(id, undefined);
    if (epochAtSend !== this.#epoch && this.#o.active()) void this.#reportList(id);
  }

  /** Reads a list and delivers its status when listeners have not seen it; a failed read leaves it to the next recovery. */
  async #reportList(orderListId: string): Promise<void> {
    try {
      const list = await this.#o.host.getOrderList(orderListId);
      if (this.#doneLists.has(orderListId) || this.#lists.get(orderListId) === listStatus(list)) return;
      this.#o.deliver({ type: 'orderList', orderList: list, eventTime: this.#o.clock.now(), recovered: true });
    } catch (error) {
      if (error instanceof OrderNotFoundError) this.#lists.delete(orderListId);
      this.#o.logger.warn({ orderListId, err: (error as Error).message }, 'could not read an order list placed or cancelled during a recovery');
    }
  }

  /**
   * Reads a placement that ended unknown by its client order id and reports what listeners missed
   * when it is that placement; forgets it once the exchange can no longer have it.
   */
  async #lookUp(placement: UnresolvedPlacement): Promise<{ found: number; read: boolean }> {
    const { clientOrderId, symbol } = placement.intent;
    const expired = (): boolean => this.#o.serverNow() - placement.sentAt > UNRESOLVED_KEPT_MS;
    try {
      const order = await this.#o.host.getOrderByClientId(clientOrderId, symbol);
      if (isThisPlacement(order, placement.intent, placement.sentAt)) {
        this.#unresolved.delete(clientOrderId);
        const reported = await this.#reportRead(order);
        return { found: reported.count, read: reported.complete };
      }
      if (expired()) this.#unresolved.delete(clientOrderId);
      return { found: 0, read: true };
    } catch (error) {
      if (error instanceof OrderNotFoundError) {
        if (expired()) this.#unresolved.delete(clientOrderId);
        return { found: 0, read: true };
      }
      this.#o.logger.warn({ clientOrderId, symbol, err: (error as Error).message }, 'could not look up a placement that ended unknown');
      return { found: 0, read: false };
    }
  }

  /** Forgets a placement that ended unknown once `order`, seen on the stream or in a read, shows it. */
  resolved(order: Order): void {
    const placement = this.#unresolved.get(order.clientOrderId);
    if (placement !== undefined && isThisPlacement(order, placement.intent, placement.sentAt)) this.#unresolved.delete(order.clientOrderId);
  }

  /**
   * Delivers, as `recovered` updates, the changes of `order` listeners have not seen, each missed
   * fill with its own trade id and fee from `fills` (by default the order's own, as a placement
   * answer carries them); returns how many, or undefined when `fills` cannot tell the missed
   * fills, and then delivers nothing.
   */
  report(order: Order, fills: readonly RecoveredFill[] = order.fills): number | undefined {
    const updates = missedUpdates(this.tracker.lastDelivered(order.orderId), order, this.#o.clock.now(), fills);
    if (updates === undefined) return undefined;
    for (const update of updates) this.#o.deliver(update);
    if (updates.length > 0) this.tracker.recovered(order);
    return updates.length;
  }

  /**
   * Reports `order`; when it missed fills its state does not carry, reads them (`myTrades` by
   * order id) so each reaches listeners with its real trade id and fee. A read that fails, or fills
   * that do not add up yet, leave the order for the next pass: nothing is made up.
   */
  async #reportRead(order: Order): Promise<{ count: number; complete: boolean }> {
    const direct = this.report(order);
    if (direct !== undefined) return { count: direct, complete: true };
    try {
      const trades = await this.#o.host.orderTrades(order.orderId, order.symbol);
      const count = this.report(order, trades);
      if (count !== undefined) return { count, complete: true };
      this.#o.logger.warn({ orderId: order.orderId, symbol: order.symbol }, 'the fills read do not add up to the order yet; reporting it later');
    } catch (error) {
      this.#o.logger.warn({ orderId: order.orderId, symbol: order.symbol, err: (error as Error).message }, 'could not read an order\'s fills during recovery');
    }
    return { count: 0, complete: false };
  }

  /** Every asset the account holds, then zero for each asset known before that it no longer holds. */
  balancesOf(positions: readonly Position[]): UserDataEvent {
    const balances: BalanceLevel[] = positions.map(({ asset, free, locked }) => ({ asset, free, locked }));
    const held = new Set(positions.map((p) => p.asset));
    for (const asset of this.knownAssets) if (!held.has(asset)) balances.push({ asset, free: ZERO, locked: ZERO });
    this.knownAssets.clear();
    for (const asset of held) this.knownAssets.add(asset);
    const now = this.#o.clock.now();
    return { type: 'balance', reason: 'position', balances, eventTime: now, updateTime: now, recovered: true };
  }
}

/** What distinguishes one status of a list from the next. */
function isDone(list: OrderList): boolean {
  return list.listOrderStatus === 'ALL_DONE' || list.listStatusType === 'ALL_DONE';
}

function listStatus(list: OrderList): string {
  return `${list.listStatusType}/${list.listOrderStatus}`;
}
