import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import { OrderOptionMessage } from '../../spec/binance/order-options.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { isStopType, type NewOrder, type PegRequest, type Side } from './order-types.js';
import { badRequest } from '../sim-error.js';

/**
 * Pegged prices, as `faqs/pegged_orders.md` describes them: a pegged order's limit price is the
 * best price on its own side of the book (PRIMARY_PEG) or on the other side (MARKET_PEG), or the
 * level `pegOffsetValue` deeper (PRICE_LEVEL). It is taken once, when the order enters the book:
 * at placement, when a stop-limit triggers, when an OTO's pending order starts; it is never
 * re-pegged as the book moves.
 */

/**
 * The pegged price in ticks of an order on `side` at `now`, from the book a depth request would
 * show (synthetic levels and the users' visible orders). -2010 "Order book liquidity is too low
 * for this pegged order." when the book has no such level.
 */
export function peggedPriceTicks(market: SymbolMarket, side: Side, peg: PegRequest, now: number): number {
  const ownSide = side === 'BUY' ? 'bids' : 'asks';
  const bookSide = peg.priceType === 'PRIMARY_PEG' ? ownSide : ownSide === 'bids' ? 'asks' : 'bids';
  const depth = peg.offsetLevels ?? 0;
  const level = depth === 0 ? market.bestLevel(bookSide, now) : market.bookSide(bookSide, now)[depth];
  if (level === undefined) throw badRequest(BinanceErrorCode.NEW_ORDER_REJECTED, OrderOptionMessage.pegLiquidityTooLow);
  return level.priceTicks;
}

/**
 * `order` as it enters the book at `now`: a pegged order with its price taken from the book, any
 * other as sent. A pegged stop-limit keeps no price until it triggers. What checks an order before
 * it is placed (an OCO's pair) reads it through this too, so it sees the price the order will have.
 */
export function withPeggedPrice(market: SymbolMarket, order: NewOrder, now: number): NewOrder {
  if (order.peg === undefined || isStopType(order.type)) return order;
  return { ...order, priceTicks: peggedPriceTicks(market, order.side, order.peg, now) };
}
