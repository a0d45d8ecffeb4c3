import { Decimal } from '../../src/core/decimal.js';
import type { StreamStateChange, UserDataEvent } from '../../src/core/stream/events.js';
import type { Findings } from './findings.js';
import type { AccountTrade, OrderList } from '../../src/core/models.js';
import type { ExchangeOrder } from './oracle.js';

/**
 * What one connector's order-update subscription delivered, per order, checked at quiet points
 * against the exchange's `allOrders`: every order of the account was seen, its last update has
 * the exchange's status and executed quantity, and the fills delivered add up to that quantity
 * (none missed, none twice), each with the trade id, quantity and commission `getTrades` reports.
 * It also keeps the last `listStatus` of every order list, checked against `getAllOrderLists`, and
 * every `protectionLost` notice, checked against the order's end on the exchange.
 */

interface SeenOrder {
  status: string;
  executed: Decimal;
  filled: Decimal;
  updates: number;
  /** The fills delivered, by trade id: quantity, commission and its asset. */
  trades: Map<number, string>;
}

/** A fill as the comparison with `getTrades` sees it. */
function fillKey(quantity: Decimal, commission: Decimal, asset: string | null): string {
  return `${quantity.toFixed()} fee ${commission.toFixed()} ${String(asset)}`;
}

/** A protectionLost notice delivered. */
interface Notice {
  readonly orderId: string;
  readonly reason: string;
  readonly at: string;
}

/** A window in which the user-data connection was not delivering (local ms). */
interface Outage {
  readonly from: number;
  to: number | undefined;
}

/** Margin after an outage within which a placement counts as made during it. */
const OUTAGE_MARGIN_MS = 1_000;
/**
 * Margin before it: a connection may have been silent for the watchdog's whole period (3 s in
 * the soak) before it was replaced, and events sent meanwhile are lost with it.
 */
const SILENT_BEFORE_MS = 4_000;

/** One connector's order updates. */
export class OrderUpdateRecorder {
  readonly #orders = new Map<string, SeenOrder>();
  readonly #outages: Outage[] = [];
  /** Local times of the last updates delivered, to tell a silent subscription from one lost order. */
  readonly #recent: number[] = [];
  /** The last user-data connection changes and notices, local ms, for failure messages. */
  readonly #timeline: string[] = [];
  /** Orders checked, and orders of the other connector that were excused (opened and ended during an outage). */
  readonly counts = { updates: 0, checked: 0, excused: 0, recovered: 0, listUpdates: 0, listsChecked: 0, notices: 0, fillsChecked: 0 };
  /** The last status delivered of each order list: `listStatusType/listOrderStatus`. */
  readonly #lists = new Map<string, string>();
  /** The listStatus updates delivered of each order list, for failure messages. */
  readonly #listHistory = new Map<string, string[]>();
  /** protectionLost notices not yet matched with an order on the exchange. */
  #notices: Notice[] = [];

  constructor(readonly connector: string, private readonly findings: Findings) {}

  /** Handles one event of `subscribeOrderUpdates`. */
  onEvent(event: UserDataEvent): void {
    if (event.type === 'stream') {
      this.#note(`${event.status}${event.status === 'terminated' ? ` ${event.reason}` : ''} (${event.recoveredOrders} recovered)`);
      if (event.status === 'resubscribed') this.#endOutage();
      if (event.status === 'terminated' && event.reason === 'refused') {
        this.findings.fail('user-data-refused', `${this.connector}: the order-update subscription was refused for good (${event.error.message}); a connection was replaced while the key was revoked`);
      }
      return;
    }
    if (event.type === 'orderList') {
      this.counts.listUpdates += 1;
      const status = `${event.orderList.listStatusType}/${event.orderList.listOrderStatus}`;
      this.#lists.set(event.orderList.orderListId, status);
      const history = this.#listHistory.get(event.orderList.orderListId) ?? [];
      history.push(`${this.findings.now()} s ${status}${event.recovered ? ' (recovered)' : ''} event time ${((event.eventTime - this.findings.startedAt) / 1000).toFixed(1)} s`);
      this.#listHistory.set(event.orderList.orderListId, history);
      return;
    }
    if (event.type === 'protectionLost') {
      this.counts.notices += 1;
      this.#notices.push({ orderId: event.order.orderId, reason: event.reason, at: this.findings.now() });
      return;
    }
    if (event.type !== 'order') return;
    this.counts.updates += 1;
    this.#recent.push(Date.now());
    if (this.#recent.length > 400) this.#recent.shift();
    if (event.recovered) this.counts.recovered += 1;
    const { order, execution } = event;
    const seen = this.#orders.get(order.orderId) ?? { status: '', executed: new Decimal(0), filled: new Decimal(0), updates: 0, trades: new Map() };
    seen.status = order.status;
    seen.executed = order.executedQuantity;
    if (execution.executionType === 'TRADE') {
      seen.filled = seen.filled.plus(execution.lastQuantity);
      const key = fillKey(execution.lastQuantity, execution.commission, execution.commissionAsset);
      const before = seen.trades.get(execution.tradeId);
      // The same trade delivered twice is caught by the executed quantity; two different fills under one id here.
      seen.trades.set(execution.tradeId, before === undefined ? key : `${before} and ${key}`);
    }
    seen.updates += 1;
    this.#orders.set(order.orderId, seen);
  }

  /** Follows the user-data connection: from leaving `open` until the `resubscribed` notice, updates may be missing. */
  onState(change: StreamStateChange): void {
    if (change.stream !== 'user-data') return;
    this.#note(`${change.from}→${change.to}`);
    if (change.from === 'open' && change.to !== 'open') this.#outages.push({ from: Date.now(), to: undefined });
  }

  #note(text: string): void {
    this.#timeline.push(`${this.findings.now()} s ${text}`);
    if (this.#timeline.length > 12) this.#timeline.shift();
  }

  #endOutage(): void {
    const last = this.#outages.at(-1);
    if (last !== undefined && last.to === undefined) last.to = Date.now();
  }

  #duringOutage(time: number): boolean {
    return this.#outages.some((o) => time >= o.from - SILENT_BEFORE_MS && (o.to === undefined || time <= o.to + OUTAGE_MARGIN_MS));
  }

  /**
   * True when the last update of every order in `orders` has the exchange's status and executed
   * quantity: the updates of the quiet point's last changes (the cancels) have arrived. Orders
   * with no update at all do not hold it: they are `verify`'s to judge.
   */
  caughtUp(orders: readonly ExchangeOrder[]): boolean {
    return orders.every((order) => {
      const seen = this.#orders.get(String(order.orderId));
      return seen === undefined || (seen.status === order.status && seen.executed.eq(new Decimal(order.executedQty)));
    });
  }

  /** True when the last listStatus delivered of each of `lists` that had one is the exchange's: the cancels' events are in. */
  listsCaughtUp(lists: readonly OrderList[]): boolean {
    return lists.every((list) => {
      const seen = this.#lists.get(list.orderListId);
      return seen === undefined || seen === `${list.listStatusType}/${list.listOrderStatus}`;
    });
  }

  /**
   * Checks the account's orders (all final at a quiet point). An order this connector placed and
   * got an answer for must have been seen; any other order (placed by the other connector of the
   * account, or whose placement answer was lost) may be missing only if it was placed during an
   * outage, as the docs allow for orders this connector never saw open.
   */
  verify(
    orders: readonly ExchangeOrder[], placedBy: ReadonlyMap<string, { connector: string; startedAt: number; answered: boolean }>,
    trades: ReadonlyMap<string, readonly AccountTrade[]>,
  ): void {
    for (const order of orders) {
      const placement = placedBy.get(order.clientOrderId);
      if (placement === undefined) continue;
      const seen = this.#orders.get(String(order.orderId));
      this.#orders.delete(String(order.orderId));
      this.counts.checked += 1;
      const at = (ms: number): string => `${((ms - this.findings.startedAt) / 1000).toFixed(1)} s`;
      const where = `${this.connector}: order ${order.orderId} (${order.clientOrderId}, ${order.type} ${order.side} ${order.symbol}, placed by ${placement.connector}; exchange times: created ${at(order.time)}, last changed ${at(order.updateTime)})`;
      const near = this.#recent.filter((t) => t >= order.updateTime - 2_000 && t <= order.updateTime + 2_000).length;
      const context = `user data: ${this.#timeline.join(', ') || 'no change'}; ${near} order updates delivered to this connector within 2 s of its last change`;
      if (seen === undefined) {
        const own = placement.connector === this.connector && placement.answered;
        if (!own && this.#duringOutage(placement.startedAt)) {
          this.counts.excused += 1;
          continue;
        }
        this.findings.fail('order-updates', `${where} is ${order.status} on the exchange but no update for it was delivered (${context})`);
        continue;
      }
      const executed = new Decimal(order.executedQty);
      if (seen.status !== order.status || !seen.executed.eq(executed)) {
        this.findings.fail('order-updates', `${where}: last update said ${seen.status} ${seen.executed.toFixed()} executed, the exchange says ${order.status} ${order.executedQty} (${context})`);
      } else if (!seen.filled.eq(executed)) {
        this.findings.fail('order-updates', `${where}: the delivered fills add up to ${seen.filled.toFixed()}, the exchange executed ${order.executedQty}`);
      }
      this.#compareFills(where, seen, trades.get(String(order.orderId)) ?? []);
    }
    // Outages that ended before this quiet point cannot excuse later orders.
    const open = this.#outages.filter((o) => o.to === undefined);
    this.#outages.length = 0;
    this.#outages.push(...open);
  }

  /** The fills delivered for an order against the account's fills (`getTrades`) of it: the same trade ids, quantities and commissions. */
  #compareFills(where: string, seen: SeenOrder, trades: readonly AccountTrade[]): void {
    this.counts.fillsChecked += trades.length;
    const expected = new Map(trades.map((t) => [t.tradeId, fillKey(t.quantity, t.commission, t.commissionAsset)]));
    const show = (fills: ReadonlyMap<number, string>): string => [...fills].sort(([a], [b]) => a - b).map(([id, key]) => `#${id} ${key}`).join('; ') || 'none';
    const same = expected.size === seen.trades.size && [...expected].every(([id, key]) => seen.trades.get(id) === key);
    if (!same) this.findings.fail('fills', `${where}: fills delivered ${show(seen.trades)}; getTrades reports ${show(expected)}`);
  }

  /**
   * Compares the last `listStatus` delivered of each list with the exchange's (`getAllOrderLists`),
   * which is final (ALL_DONE) at a quiet point. A list with no event at all is judged as an
   * order is: fine only if placed during an outage by a placement this connector did not answer.
   */
  verifyLists(lists: readonly { list: OrderList; placedBy: { connector: string; startedAt: number; answered: boolean } | undefined }[]): void {
    for (const { list, placedBy } of lists) {
      const seen = this.#lists.get(list.orderListId);
      const history = this.#listHistory.get(list.orderListId)?.join(', ');
      this.#lists.delete(list.orderListId);
      this.#listHistory.delete(list.orderListId);
      const exchange = `${list.listStatusType}/${list.listOrderStatus}`;
      const where = `${this.connector}: ${list.contingencyType} list ${list.orderListId} (${list.listClientOrderId}, ${list.symbol}${placedBy === undefined ? '' : `, placed by ${placedBy.connector}`})`;
      this.counts.listsChecked += 1;
      if (seen === undefined) {
        const own = placedBy !== undefined && placedBy.connector === this.connector && placedBy.answered;
        if (!own && placedBy !== undefined && this.#duringOutage(placedBy.startedAt)) continue;
        this.findings.fail('order-list', `${where} is ${exchange} on the exchange but no listStatus update for it was delivered (user data: ${this.#timeline.join(', ') || 'no change'})`);
      } else if (seen !== exchange) {
        this.findings.fail('order-list', `${where}: the last listStatus update said ${seen}, getAllOrderLists says ${exchange} (updates: ${String(history)}; user data: ${this.#timeline.join(', ') || 'no change'})`);
      }
    }
  }

  /**
   * Every protectionLost notice must name an order that really ended short: REJECTED, or EXPIRED
   * with less than its quantity executed, and not expired because its OCO pair worked. Notices
   * of orders not among `orders` wait for the next quiet point; at the last one (`final`) they fail.
   */
  verifyNotices(orders: readonly ExchangeOrder[], final: boolean): void {
    const byId = new Map(orders.map((o) => [String(o.orderId), o]));
    const waiting: Notice[] = [];
    for (const notice of this.#notices) {
      const order = byId.get(notice.orderId);
      if (order === undefined) {
        if (final) this.findings.fail('protection-lost', `${this.connector}: a protectionLost notice (${notice.reason}, at ${notice.at} s) names order ${notice.orderId}, which the account's orders of the run do not hold`);
        else waiting.push(notice);
        continue;
      }
      const short = new Decimal(order.executedQty).lt(new Decimal(order.origQty));
      const lost = order.status === 'REJECTED' || (order.status === 'EXPIRED' && short && order.expiryReason !== 'OCO_TRIGGER');
      if (!lost) {
        this.findings.fail('protection-lost', `${this.connector}: a protectionLost notice (${notice.reason}, at ${notice.at} s) for order ${order.orderId} (${order.clientOrderId}, ${order.type} ${order.side} ${order.symbol}), which ended ${order.status} with ${order.executedQty} of ${order.origQty} executed${order.expiryReason === undefined ? '' : ` (${order.expiryReason})`}`);
      }
    }
    this.#notices = waiting;
  }

  /** Orders with updates not yet checked (orders of earlier quiet points are forgotten). */
  get pending(): number {
    return this.#orders.size;
  }
}
