import { Decimal, ZERO } from '../../core/decimal.js';
import type { SimAccount } from './accounts.js';
import { decimalToSteps, quoteOf, stepsToDecimal, ticksToDecimal } from './amounts.js';
import { fillRate } from './commission.js';
import type { MatchingEngine } from './matching-engine.js';
import type { Side, SimOrder } from './order-types.js';
import { SYNTHETIC_TRADE_CAP, TRADE_ID_STRIDE } from '../market/candle-tree.js';

/**
 * A busy account's past: `days` of fills on one symbol ending a minute before the simulator
 * starts, `fillsPerDay` of them a day, evenly spaced, BUY and SELL in turn. Each is a filled MARKET
 * order of the symbol's minimum quantity times ten, at the close of its hour on the simulator's
 * own price path, paying the account's taker rate. The fills are records only: balances do not
 * move, and no event is sent. Trade ids are numbered as the engine numbers a user's trades (above
 * the synthetic trades of their minute), so they rise with time and stay below every later trade.
 */

/** A fill history to seed an account with (`startSimulator({ accounts: [{ fillHistory }] })`). */
export interface FillHistoryOptions {
  /** The symbol traded. */
  readonly symbol: string;
  /** How many days of fills, ending a minute before the simulator starts. */
  readonly days: number;
  /** Fills a day, evenly spaced. */
  readonly fillsPerDay: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Most fills a seeded history may hold, so a typo cannot exhaust memory. */
const MAX_FILLS = 2_000_000;
/** Most fills a day: every minute's fills must fit the ids above its synthetic trades. */
const MAX_FILLS_PER_DAY = 1440 * (TRADE_ID_STRIDE - SYNTHETIC_TRADE_CAP);

/** Checks the options of `accounts[index].fillHistory`; TypeError naming the field otherwise. */
export function checkFillHistory(options: FillHistoryOptions, at: string, symbols: readonly string[]): void {
  if (!symbols.includes(options.symbol)) throw new TypeError(`${at}.symbol must be a listed symbol, got "${options.symbol}"`);
  for (const field of ['days', 'fillsPerDay'] as const) {
    if (!Number.isInteger(options[field]) || options[field] < 1) throw new TypeError(`${at}.${field} must be a positive integer`);
  }
  if (options.fillsPerDay > MAX_FILLS_PER_DAY) throw new TypeError(`${at}.fillsPerDay must be at most ${MAX_FILLS_PER_DAY}`);
  if (options.days * options.fillsPerDay > MAX_FILLS) throw new TypeError(`${at}: at most ${MAX_FILLS} fills (days × fillsPerDay)`);
}

/** Records the fill history of `account` in `engine`, ending a minute before `now`. */
export function seedFillHistory(engine: MatchingEngine, account: SimAccount, options: FillHistoryOptions, now: number): void {
  const market = engine.market(options.symbol)!;
  const { spec } = market;
  const count = options.days * options.fillsPerDay;
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const start = Math.max(spec.listedAt, end - options.days * DAY_MS);
  const steps = 10 * decimalToSteps(spec, new Decimal(spec.minQty))!;
  const qty = stepsToDecimal(spec, steps);
  let minute = -1;
  let inMinute = 0;
  let hour = -1;
  let priceTicks = 0;
  for (let i = 0; i < count; i++) {
    const time = start + Math.floor((i * (end - start)) / count);
    if (Math.floor(time / HOUR_MS) !== hour) {
      hour = Math.floor(time / HOUR_MS);
      priceTicks = market.source.hour(hour).close;
    }
    const thisMinute = Math.floor(time / MINUTE_MS);
    inMinute = thisMinute === minute ? inMinute + 1 : 0;
    minute = thisMinute;
    const side: Side = i % 2 === 0 ? 'BUY' : 'SELL';
    const quote = quoteOf(spec, priceTicks, steps);
    const rate = fillRate(account.commission, false, side);
    const order: SimOrder = {
      accountId: account.id, spec, orderId: engine.allocateOrderId(), clientOrderId: engine.generateClientOrderId(), side, type: 'MARKET',
      timeInForce: 'GTC', priceTicks: 0, stopPriceTicks: 0, trailingDelta: 0, trailingTime: -1, origSteps: steps, executedSteps: steps,
      cummulativeQuote: quote, origQuoteOrderQty: ZERO, status: 'FILLED', time, updateTime: time, workingTime: time,
      selfTradePreventionMode: 'NONE', locked: ZERO, sequence: -1, orderListId: -1,
      icebergSteps: 0, shownSteps: 0, preventedSteps: 0, preventedMatchId: -1,
    };
    engine.records.addOrder(order);
    const buying = side === 'BUY';
    engine.records.addTrade({
      id: thisMinute * TRADE_ID_STRIDE + SYNTHETIC_TRADE_CAP + Math.min(inMinute, TRADE_ID_STRIDE - SYNTHETIC_TRADE_CAP - 1),
      accountId: account.id, symbol: spec.symbol, orderId: order.orderId, price: ticksToDecimal(spec, priceTicks), qty, quoteQty: quote,
      commission: (buying ? qty : quote).times(rate).round(8, Decimal.roundUp), commissionAsset: buying ? spec.baseAsset : spec.quoteAsset,
      time, isBuyer: buying, isMaker: false, orderListId: -1,
    });
  }
}
