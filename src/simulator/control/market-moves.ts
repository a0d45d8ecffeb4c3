import { Decimal } from '../../core/decimal.js';
import { decimalToTicks } from '../engine/amounts.js';
import type { Exchange } from '../exchange.js';
import { MAX_REPRICE } from '../market/price-anchors.js';
import { ASSET_PRECISION, findSymbol } from '../market/symbols.js';
import { formatUnits } from '../market/units.js';
import { invalid } from './faults.js';

/**
 * Moving the market on purpose, so a test or a user can take the price across a stop or a resting
 * order when they choose: `sim.market.moveTo()` and `POST /sim/market` take the same move.
 */

/** A move of one symbol's trade price, as `POST /sim/market` takes it. */
export interface MarketMove {
  readonly symbol: string;
  /** The price to go to, on the symbol's tick grid and within its PRICE_FILTER. */
  readonly price: string | number;
  /** Milliseconds of simulator time the move takes. @default 0 (at once) */
  readonly overMs?: number;
}

/** Where a move leaves the market, as `moveTo()` and `POST /sim/market` answer it. */
export interface MarketMoveState {
  readonly symbol: string;
  /** The price the move goes to. */
  readonly price: string;
  /** The last price when the move was asked for. */
  readonly lastPrice: string;
  /** The whole second (epoch ms) the move starts: the next one, as the current second has traded. */
  readonly startTime: number;
  /** When the price has arrived: the end of the second in which it gets there. */
  readonly endTime: number;
}

/** Bound of `overMs`, listed in SIMULATOR.md: a day, as for the clock-skew fault. */
export const MOVE_BOUNDS = { overMs: { min: 0, max: 86_400_000 } } as const;

const FIELDS = ['symbol', 'price', 'overMs'];
const DECIMAL_PATTERN = /^[0-9]{1,20}(\.[0-9]{1,20})?$/;

function priceText(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return value;
  return invalid('price', 'a positive decimal is expected');
}

/**
 * Validates an untrusted move (the control API's JSON body, `moveTo()`'s arguments) and applies
 * it; throws -1130 naming the field and what is expected, and then moves nothing.
 */
export function moveMarket(exchange: Exchange, value: unknown): MarketMoveState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('body', 'an object with symbol and price is expected');
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((field) => !FIELDS.includes(field));
  if (unknown !== undefined) invalid(unknown, `a move takes ${FIELDS.join(', ')} only`);
  const spec = typeof raw.symbol === 'string' ? findSymbol(exchange.specs, raw.symbol) : undefined;
  if (spec === undefined) invalid('symbol', 'a listed symbol is expected');
  const price = new Decimal(priceText(raw.price));
  const ticks = decimalToTicks(spec, price);
  if (price.lte(0)) invalid('price', 'a positive decimal is expected');
  if (ticks === undefined) invalid('price', `a multiple of the tick size ${formatUnits(1, spec.tickDecimals)} is expected`);
  if (price.lt(spec.minPrice) || price.gt(spec.maxPrice)) invalid('price', `a price from ${spec.minPrice} to ${spec.maxPrice} is expected`);
  const overMs = raw.overMs ?? 0;
  const { min, max } = MOVE_BOUNDS.overMs;
  if (typeof overMs !== 'number' || !Number.isInteger(overMs) || overMs < min || overMs > max) {
    invalid('overMs', `an integer from ${min} to ${max} is expected`);
  }
  const legs = exchange.engine.market(spec.symbol)!.legs;
  if (legs !== undefined) invalid('symbol', `a symbol priced on its own is expected (${spec.symbol} follows ${legs.base.spec.symbol} and ${legs.quote.spec.symbol}: move those)`);
  const now = exchange.now();
  // The market first catches up to now, so the move starts after everything already traded.
  exchange.engine.advance(now);
  const market = exchange.engine.market(spec.symbol)!;
  const format = (value: number): string => formatUnits(value, spec.tickDecimals, ASSET_PRECISION);
  const highest = market.source.highestPrice(market.nextOpenSecond(now));
  if (ticks > highest) invalid('price', `at most ${MAX_REPRICE} times the generated price, ${formatUnits(highest, spec.tickDecimals)}, is expected`);
  const lastPrice = market.source.lastPrice(now);
  const { startTime, endTime } = market.moveTo(ticks, overMs, now);
  return { symbol: spec.symbol, price: format(ticks), lastPrice: format(lastPrice), startTime, endTime };
}
