import type { BinanceConnector } from '../../src/binance/index.js';
import { Decimal } from '../../src/core/decimal.js';
import type { AccountTrade } from '../../src/core/models.js';
import { DEFAULT_SYMBOLS } from '../../src/simulator/index.js';
import type { Findings } from './findings.js';
import type { AccountKeys, ExchangeOrder, ExchangeOrderList, Oracle } from './oracle.js';
import type { ListPlacement } from './protections.js';

/**
 * What one account did, reconciled at each quiet point: its fills since the last one (read with
 * the connector's `getTrades`, paged by trade id), its balances against the initial ones plus
 * every fill and fee of the run, to the last unit, and the order lists of the run: each placed at
 * most once, as its placement said, done, and with its orders ending as the contingency allows.
 */

const TRADES_PAGE = 1000;

/** One account's running reconciliation. */
export class AccountBook {
  /** Next trade id to read, by symbol. */
  readonly #fromTrade = new Map<string, number>();
  #fromList = 0;
  readonly #expected = new Map<string, Decimal>();
  readonly counts = { trades: 0, balancesChecked: 0, listsVerified: 0 };

  constructor(
    readonly index: number, readonly keys: AccountKeys, balances: Readonly<Record<string, string>>,
    private readonly findings: Findings,
  ) {
    for (const [asset, amount] of Object.entries(balances)) this.#expected.set(asset, new Decimal(amount));
  }

  /** The account's fills on `symbols` since the last call, by order id, as `connector.getTrades` reports them. */
  async newTrades(connector: BinanceConnector, symbols: readonly string[]): Promise<Map<string, AccountTrade[]>> {
    const byOrder = new Map<string, AccountTrade[]>();
    for (const symbol of symbols) {
      for (let fromId = this.#fromTrade.get(symbol) ?? 0; ;) {
        const page = await connector.getTrades(symbol, { fromId, limit: TRADES_PAGE });
        for (const trade of page) {
          this.#book(trade);
          byOrder.set(trade.orderId, [...byOrder.get(trade.orderId) ?? [], trade]);
        }
        if (page.length > 0) fromId = page.at(-1)!.tradeId + 1;
        this.#fromTrade.set(symbol, fromId);
        if (page.length < TRADES_PAGE) break;
      }
    }
    return byOrder;
  }

  #book(trade: AccountTrade): void {
    this.counts.trades += 1;
    const spec = DEFAULT_SYMBOLS.find((s) => s.symbol === trade.symbol)!;
    const add = (asset: string, amount: Decimal): void => {
      this.#expected.set(asset, (this.#expected.get(asset) ?? new Decimal(0)).plus(amount));
    };
    add(spec.baseAsset, trade.isBuyer ? trade.quantity : trade.quantity.neg());
    add(spec.quoteAsset, trade.isBuyer ? trade.quoteQuantity.neg() : trade.quoteQuantity);
    add(trade.commissionAsset, trade.commission.neg());
  }

  /** The exchange's balances (free plus locked) against the initial ones plus every fill and fee read so far. */
  async verifyBalances(oracle: Oracle): Promise<void> {
    const balances = new Map((await oracle.balances(this.keys)).map((b) => [b.asset, new Decimal(b.free).plus(new Decimal(b.locked))]));
    for (const [asset, expected] of this.#expected) {
      this.counts.balancesChecked += 1;
      const held = balances.get(asset) ?? new Decimal(0);
      if (!held.eq(expected)) {
        this.findings.fail('balances', `account ${this.index}: the exchange holds ${held.toFixed()} ${asset}; the initial balance and the ${this.counts.trades} fills and fees read with getTrades make ${expected.toFixed()}`);
      }
    }
  }

  /** The account's order lists created since the last call whose `listClientOrderId` is the run's. */
  async newLists(oracle: Oracle, ours: (listClientOrderId: string) => boolean): Promise<ExchangeOrderList[]> {
    const lists = await oracle.allOrderLists(this.keys, this.#fromList);
    if (lists.length > 0) this.#fromList = lists.at(-1)!.orderListId + 1;
    return lists.filter((l) => ours(l.listClientOrderId));
  }

  /**
   * Checks the account's list placements against the exchange's lists of the run (`lists`) and
   * the orders and fills of this quiet point, then forgets them.
   */
  verifyLists(
    placements: readonly ListPlacement[], lists: readonly ExchangeOrderList[],
    orders: ReadonlyMap<number, ExchangeOrder>, trades: ReadonlyMap<string, readonly AccountTrade[]>,
  ): void {
    const byClientId = new Map<string, ExchangeOrderList[]>();
    for (const list of lists) byClientId.set(list.listClientOrderId, [...byClientId.get(list.listClientOrderId) ?? [], list]);
    const placed = new Map(placements.map((p) => [p.listClientOrderId, p]));
    for (const [listClientOrderId, found] of byClientId) {
      if (found.length > 1) {
        this.findings.fail('duplicate-order', `list client order id ${listClientOrderId} is on the exchange ${found.length} times: ${found.map((l) => `${l.orderListId} ${l.listOrderStatus}`).join(', ')}`);
      }
      if (!placed.has(listClientOrderId)) this.findings.fail('placement', `order list ${found[0]!.orderListId} (${listClientOrderId}) is on the exchange but no placement made it`);
    }
    for (const placement of placements) {
      this.counts.listsVerified += 1;
      const found = byClientId.get(placement.listClientOrderId) ?? [];
      const where = `${placement.type} ${placement.listClientOrderId} (${placement.connector}, ${placement.symbol})`;
      const outcome = placement.outcome;
      if (outcome?.kind === 'placed' && (found.length !== 1 || String(found[0]!.orderListId) !== outcome.list.orderListId)) {
        this.findings.fail('placement', `${where} returned list ${outcome.list.orderListId} but the exchange holds ${found.map((l) => l.orderListId).join(', ') || 'no list'} for it`);
      }
      if (outcome?.kind === 'rejected' && found.length > 0) {
        this.findings.fail('placement', `${where} failed with ${outcome.error}, yet the exchange holds list ${found[0]!.orderListId} (${found[0]!.listOrderStatus}) for it: a caller that retries places it twice`);
      }
      for (const list of found) this.#verifyContingency(where, placement, list, orders, trades);
    }
  }

  /**
   * A list of the run at a quiet point: done (ALL_DONE both ways), holding exactly the orders
   * placed with it; an OCO pair (an OCO, an OTOCO's pending pair) never has both orders executed;
   * an OTO's pending orders never trade before the working order is FILLED, and their fills come
   * after its fills.
   */
  #verifyContingency(
    where: string, placement: ListPlacement, list: ExchangeOrderList,
    orders: ReadonlyMap<number, ExchangeOrder>, trades: ReadonlyMap<string, readonly AccountTrade[]>,
  ): void {
    const fail = (detail: string): void => this.findings.fail('order-list', `${where}, list ${list.orderListId}: ${detail}`);
    if (list.listStatusType !== 'ALL_DONE' || list.listOrderStatus !== 'ALL_DONE') fail(`${list.listStatusType}/${list.listOrderStatus} once everything was cancelled, not ALL_DONE/ALL_DONE`);
    const ids = list.orders.map((o) => o.clientOrderId).sort();
    if (ids.join(',') !== [...placement.legs].sort().join(',')) fail(`holds orders ${ids.join(', ')}, placed with ${placement.legs.join(', ')}`);
    const legs = placement.legs.map((clientOrderId) => {
      const entry = list.orders.find((o) => o.clientOrderId === clientOrderId);
      return entry === undefined ? undefined : orders.get(entry.orderId);
    });
    if (legs.some((leg) => leg === undefined)) {
      fail(`not every order of it is among the account's orders (${placement.legs.join(', ')})`);
      return;
    }
    const executed = (order: ExchangeOrder): boolean => new Decimal(order.executedQty).gt(0);
    const state = (order: ExchangeOrder): string => `${order.clientOrderId} ${order.type} ${order.status} ${order.executedQty}/${order.origQty}`;
    const pair = placement.type === 'OCO' ? legs : placement.type === 'OTOCO' ? legs.slice(1) : [];
    if (pair.length === 2 && pair.every((leg) => executed(leg!))) fail(`both orders of its OCO pair traded: ${pair.map((leg) => state(leg!)).join('; ')}`);
    if (placement.type === 'OCO') return;
    const working = legs[0]!;
    const workingTrades = trades.get(String(working.orderId)) ?? [];
    const lastWorkingTrade = Math.max(-1, ...workingTrades.map((t) => t.tradeId));
    for (const pending of legs.slice(1)) {
      if (!executed(pending!)) continue;
      if (working.status !== 'FILLED') fail(`pending order ${state(pending!)} traded while the working order ended ${state(working)}`);
      const early = (trades.get(String(pending!.orderId)) ?? []).filter((t) => t.tradeId < lastWorkingTrade);
      if (early.length > 0) fail(`pending order ${state(pending!)} traded (trade ${early[0]!.tradeId}) before the working order's last fill (trade ${lastWorkingTrade})`);
    }
  }
}
