import { createHash } from 'node:crypto';
import type { BinanceConnector } from '../../src/binance/index.js';
import { Decimal } from '../../src/core/decimal.js';
import { ExchangeError, OrderStatusUnknownError } from '../../src/core/errors.js';
import type { Candlestick, Interval, OrderListRequest, OrderRequest } from '../../src/core/models.js';
import { DEFAULT_SYMBOLS } from '../../src/simulator/index.js';
import type { Findings } from './findings.js';
import type { Oracle } from './oracle.js';
import { describeError, type PlacementLedger } from './placements.js';
import { type Draw, listRequest, type ListPlacement, recordLegs, stopRequest } from './protections.js';

/**
 * The seeded workload of one connector: LIMIT orders resting away from the market and near it
 * (some fill as the market moves), IOC and MARKET orders that fill at once, stop-loss and
 * take-profit orders (trailing ones among them), OCO, OTO and OTOCO lists, cancels of its own
 * open orders and lists, `cancelAllOrders` as a kill switch on one symbol, and long candle
 * history reads (`getCandles`, `candleHistory`) checked at the next quiet point. Every random choice is drawn in the same order whatever happens, so a seed
 * replays the same sequence of actions.
 */

/** Symbols the workload trades. */
export const TRADED_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'] as const;

/** One connector taking part, as the workload sees it. */
export interface Trader {
  readonly name: string;
  readonly account: number;
  readonly connector: BinanceConnector;
  /** Seeded integers below n. */
  readonly next: (n: number) => number;
  /** Orders this connector placed and believes open, by order id. */
  readonly open: Map<string, string>;
  /** Order lists this connector placed and believes open: symbol by order list id. */
  readonly lists: Map<string, string>;
  /** Placements made so far, for client order ids. */
  placements: number;
  busy: boolean;
}

/** A history read to compare with REST at the next quiet point. */
export interface HistoryRead {
  readonly label: string;
  readonly symbol: string;
  readonly interval: Interval;
  readonly startTime: number;
  readonly endTime: number;
  readonly count: number;
  readonly digest: string;
}

/** What the workload shares with the run. */
export interface WorkloadContext {
  readonly runId: string;
  readonly findings: Findings;
  readonly ledger: PlacementLedger;
  readonly history: HistoryRead[];
  /** Order list placements not yet checked against the exchange. */
  readonly listPlacements: ListPlacement[];
  readonly counts: {
    cancels: number; historyReads: number; historyCandles: number; readErrors: number;
    stops: number; lists: number; listCancels: number; cancelAlls: number;
  };
  readonly prices: Map<string, { price: number; at: number }>;
}

const STEP_MS: Partial<Record<Interval, number>> = { '1s': 1_000, '1m': 60_000 };

function decimalsOf(symbol: string): { tick: number; step: number } {
  const spec = DEFAULT_SYMBOLS.find((s) => s.symbol === symbol)!;
  return { tick: spec.tickDecimals, step: spec.stepDecimals };
}

function floorTo(value: number, decimals: number): string {
  const scale = 10 ** decimals;
  return (Math.floor(value * scale) / scale).toFixed(decimals);
}

/** A digest of candles as compared: open time, close time and values, in order. */
export function digestCandles(candles: readonly { openTime: number; closeTime: number; values: string }[]): string {
  const hash = createHash('sha256');
  for (const c of candles) hash.update(`${c.openTime} ${c.closeTime} ${c.values}\n`);
  return hash.digest('hex');
}

/** The values of a candle as the digest sees them. */
export function candleValues(c: Candlestick): { openTime: number; closeTime: number; values: string } {
  const values = [c.open, c.high, c.low, c.close, c.volume, c.quoteVolume].map((d) => d.toFixed()).concat(String(c.trades)).join(' ');
  return { openTime: c.openTime, closeTime: c.closeTime, values };
}

/** A failure of a read: fine if it is one of the connector's errors, a finding otherwise. */
function readFailed(context: WorkloadContext, trader: Trader, what: string, error: unknown): void {
  context.counts.readErrors += 1;
  if (error instanceof ExchangeError && error.httpStatus === 418) context.findings.fail('no-418', `${trader.name}: ${what} was answered 418: ${describeError(error)}`);
  if (!(error instanceof ExchangeError)) context.findings.fail('error-class', `${trader.name}: ${what} failed with ${describeError(error)}, not one of the connector's error classes`);
}

async function priceOf(context: WorkloadContext, trader: Trader, symbol: string): Promise<number | undefined> {
  const known = context.prices.get(symbol);
  if (known !== undefined && Date.now() - known.at < 3_000) return known.price;
  try {
    const ticker = await trader.connector.getTicker(symbol);
    const price = Number(ticker.lastPrice.toFixed());
    context.prices.set(symbol, { price, at: Date.now() });
    return price;
  } catch (error) {
    readFailed(context, trader, `getTicker(${symbol})`, error);
    return known?.price;
  }
}

async function place(context: WorkloadContext, trader: Trader, request: OrderRequest): Promise<void> {
  const clientOrderId = request.clientOrderId!;
  const placement = context.ledger.begin({
    clientOrderId, connector: trader.name, account: trader.account, symbol: request.symbol, startedAt: Date.now(),
    request: `${request.type}${request.type === 'LIMIT' ? ` ${request.timeInForce ?? 'GTC'} @${String(request.price)}` : ''} ${request.side} ${'quantity' in request ? String(request.quantity) : ''}`,
  });
  try {
    const order = await trader.connector.placeOrder(request);
    context.ledger.end(placement, { order });
    if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') trader.open.set(order.orderId, order.symbol);
  } catch (error) {
    context.ledger.end(placement, { error });
  }
}

async function placeList(context: WorkloadContext, trader: Trader, request: OrderListRequest, legs: readonly string[]): Promise<void> {
  const placement: ListPlacement = {
    listClientOrderId: request.listClientOrderId!, type: request.type, connector: trader.name, account: trader.account,
    symbol: request.symbol, legs, startedAt: Date.now(),
  };
  context.listPlacements.push(placement);
  context.counts.lists += 1;
  let failure: unknown;
  try {
    const list = await trader.connector.placeOrderList(request);
    placement.outcome = { kind: 'placed', list };
    if (list.listOrderStatus !== 'ALL_DONE') trader.lists.set(list.orderListId, list.symbol);
  } catch (error) {
    failure = error;
    placement.outcome = error instanceof OrderStatusUnknownError ? { kind: 'unknown' } : { kind: 'rejected', error: describeError(error) };
  }
  // Each order of the list ends as the list did; a failure is checked once per order.
  recordLegs(context.ledger, context.findings, placement, failure);
}

async function cancelList(context: WorkloadContext, trader: Trader, pick: number): Promise<void> {
  const ids = [...trader.lists.keys()];
  const orderListId = ids[pick % ids.length]!;
  const symbol = trader.lists.get(orderListId)!;
  trader.lists.delete(orderListId);
  context.counts.listCancels += 1;
  try {
    await trader.connector.cancelOrderList(orderListId, symbol);
  } catch (error) {
    readFailed(context, trader, `cancelOrderList(${orderListId})`, error);
  }
}

/** The kill switch: everything of the trader's account on `symbol`, lists included. */
async function cancelAll(context: WorkloadContext, trader: Trader, symbol: string): Promise<void> {
  context.counts.cancelAlls += 1;
  try {
    await trader.connector.cancelAllOrders(symbol);
    for (const held of [trader.open, trader.lists]) {
      for (const [id, of] of held) if (of === symbol) held.delete(id);
    }
  } catch (error) {
    readFailed(context, trader, `cancelAllOrders(${symbol})`, error);
  }
}

async function cancel(context: WorkloadContext, trader: Trader, pick: number): Promise<void> {
  if (trader.lists.size > 0 && pick % 3 === 0) return cancelList(context, trader, pick);
  const ids = [...trader.open.keys()];
  if (ids.length === 0) return;
  const orderId = ids[pick % ids.length]!;
  const symbol = trader.open.get(orderId)!;
  trader.open.delete(orderId);
  context.counts.cancels += 1;
  try {
    await trader.connector.cancelOrder(orderId, symbol);
  } catch (error) {
    readFailed(context, trader, `cancelOrder(${orderId})`, error);
  }
}

async function readHistory(context: WorkloadContext, trader: Trader, symbol: string, useIterator: boolean, span: number): Promise<void> {
  const interval: Interval = useIterator && span % 2 === 0 ? '1s' : '1m';
  const stepMs = STEP_MS[interval]!;
  // Long ranges that end two minutes ago, so every candle is closed and stays the same.
  const endTime = Math.floor((Date.now() - 120_000) / stepMs) * stepMs;
  const count = 2_000 + span * 40;
  const startTime = endTime - (count - 1) * stepMs;
  const label = `${trader.name} ${useIterator ? 'candleHistory' : 'getCandles'}(${symbol}, ${interval}, ${count} candles)`;
  try {
    const candles: { openTime: number; closeTime: number; values: string }[] = [];
    if (useIterator) {
      for await (const candle of trader.connector.candleHistory(symbol, interval, { startTime, endTime })) candles.push(candleValues(candle));
    } else {
      for (const candle of await trader.connector.getCandles(symbol, interval, { startTime, endTime })) candles.push(candleValues(candle));
    }
    context.counts.historyReads += 1;
    context.counts.historyCandles += candles.length;
    for (let i = 1; i < candles.length; i++) {
      if (candles[i]!.openTime !== candles[i - 1]!.openTime + stepMs) {
        context.findings.fail('history', `${label}: candle ${i} opens at ${candles[i]!.openTime}, after ${candles[i - 1]!.openTime}`);
        return;
      }
    }
    if (candles.length !== count || candles[0]?.openTime !== startTime) {
      context.findings.fail('history', `${label}: ${candles.length} candles from ${String(candles[0]?.openTime)}, expected ${count} from ${startTime}`);
      return;
    }
    context.history.push({ label, symbol, interval, startTime, endTime, count, digest: digestCandles(candles) });
  } catch (error) {
    readFailed(context, trader, label, error);
  }
}

/** Runs one seeded action of `trader`. */
export async function act(context: WorkloadContext, trader: Trader): Promise<void> {
  const { next } = trader;
  // Every draw happens on every action, whichever branch runs: the sequence stays the seed's.
  const kind = next(100);
  const symbol = TRADED_SYMBOLS[next(TRADED_SYMBOLS.length)]!;
  const side = next(2) === 0 ? 'BUY' : 'SELL';
  const notional = 10 + next(50);
  const offset = next(300);
  const pick = next(1000);
  const variant = next(100);
  // The mix: 7 % stops, 11 % order lists, 15 % resting LIMIT, 25 % LIMIT near the market, 15 %
  // MARKET, 14 % cancels of an order or a list, 3 % cancelAllOrders, 10 % history reads.
  if (kind >= 70 && kind < 84) return cancel(context, trader, pick);
  if (kind >= 84 && kind < 87) return cancelAll(context, trader, symbol);
  if (kind >= 90) return readHistory(context, trader, symbol, kind >= 95, offset % 50);
  const price = await priceOf(context, trader, symbol);
  if (price === undefined) return;
  const { tick, step } = decimalsOf(symbol);
  const quantity = floorTo(notional / price, step);
  trader.placements += 1;
  const clientOrderId = `${context.runId}-${trader.name}-${trader.placements}`;
  const sign = side === 'BUY' ? -1 : 1;
  const draw: Draw = { symbol, side, price, quantity, offset, variant, tickDecimals: tick, clientOrderId };
  if (kind < 7) {
    context.counts.stops += 1;
    return place(context, trader, stopRequest(draw));
  }
  if (kind < 15 || kind >= 87) {
    const { request, legs } = listRequest(draw);
    return placeList(context, trader, request, legs);
  }
  if (kind < 30) {
    // Rests 0.5 % to 3.5 % away from the market until canceled.
    const limit = floorTo(price * (1 + sign * (50 + offset) / 10_000), tick);
    return place(context, trader, { symbol, side, type: 'LIMIT', timeInForce: 'GTC', price: limit, quantity, clientOrderId });
  }
  if (kind < 55) {
    // Within 0.15 % of the market on either side: some cross at once, some fill as it moves.
    const limit = floorTo(price * (1 + (offset - 150) / 100_000), tick);
    return place(context, trader, { symbol, side, type: 'LIMIT', timeInForce: kind < 45 ? 'GTC' : 'IOC', price: limit, quantity, clientOrderId });
  }
  return place(context, trader, { symbol, side, type: 'MARKET', quantity, clientOrderId });
}

/** Compares the history reads of the segment with REST klines of the same ranges. */
export async function verifyHistory(context: WorkloadContext, oracle: Oracle): Promise<void> {
  const reads = context.history.splice(0);
  for (const read of reads) {
    const stepMs = STEP_MS[read.interval]!;
    const candles: { openTime: number; closeTime: number; values: string }[] = [];
    for (let from = read.startTime; from <= read.endTime; from += 1000 * stepMs) {
      const rows = await oracle.klines(read.symbol, read.interval, from, Math.min(read.endTime, from + 999 * stepMs));
      for (const row of rows) {
        const values = [row[1], row[2], row[3], row[4], row[5], row[7]].map((v) => new Decimal(v).toFixed()).concat(String(row[8])).join(' ');
        candles.push({ openTime: row[0], closeTime: row[6], values });
      }
    }
    if (candles.length !== read.count || digestCandles(candles) !== read.digest) {
      context.findings.fail('history', `${read.label} differs from the REST klines of the same range (${candles.length} rows over REST)`);
    }
  }
}
