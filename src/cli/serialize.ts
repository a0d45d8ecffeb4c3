import type { Decimal } from '../core/decimal.js';
import type { Candlestick, Order, OrderBook, Position, Ticker } from '../core/models.js';

/** JSON shapes of `--json` output: decimals as plain strings (exact, never floats), times as epoch ms. */

/** A candle as one JSON object. */
export function candleJson(c: Candlestick): Record<string, string | number | boolean> {
  return {
    symbol: c.symbol, interval: c.interval, openTime: c.openTime, closeTime: c.closeTime,
    open: c.open.toFixed(), high: c.high.toFixed(), low: c.low.toFixed(), close: c.close.toFixed(),
    volume: c.volume.toFixed(), quoteVolume: c.quoteVolume.toFixed(), trades: c.trades, closed: c.closed,
  };
}

/** A 24-hour ticker. */
export function tickerJson(t: Ticker): Record<string, string | number> {
  return {
    symbol: t.symbol, lastPrice: t.lastPrice.toFixed(), bidPrice: t.bidPrice.toFixed(), askPrice: t.askPrice.toFixed(),
    openPrice: t.openPrice.toFixed(), highPrice: t.highPrice.toFixed(), lowPrice: t.lowPrice.toFixed(),
    volume: t.volume.toFixed(), quoteVolume: t.quoteVolume.toFixed(), priceChangePercent: t.priceChangePercent.toFixed(),
    closeTime: t.closeTime,
  };
}

/** An order book snapshot, levels best first. */
export function bookJson(book: OrderBook): unknown {
  const levels = (side: OrderBook['bids']): { price: string; quantity: string }[] =>
    side.map((level) => ({ price: level.price.toFixed(), quantity: level.quantity.toFixed() }));
  return { symbol: book.symbol, lastUpdateId: book.lastUpdateId, bids: levels(book.bids), asks: levels(book.asks) };
}

/** An order with its fills. */
export function orderJson(o: Order): unknown {
  return {
    orderId: o.orderId, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type,
    timeInForce: o.timeInForce, status: o.status, price: o.price.toFixed(), quantity: o.quantity.toFixed(),
    executedQuantity: o.executedQuantity.toFixed(), cumulativeQuoteQuantity: o.cumulativeQuoteQuantity.toFixed(),
    quoteQuantity: o.quoteQuantity.toFixed(), createdAt: o.createdAt, updatedAt: o.updatedAt,
    fills: o.fills.map((f) => ({
      price: f.price.toFixed(), quantity: f.quantity.toFixed(), commission: f.commission.toFixed(),
      commissionAsset: f.commissionAsset, tradeId: f.tradeId,
    })),
  };
}

/** A holding of one asset. */
export function positionJson(p: Position): Record<string, string> {
  return { asset: p.asset, free: p.free.toFixed(), locked: p.locked.toFixed(), total: p.total.toFixed() };
}

/** Free balances as one object, assets sorted. */
export function balancesJson(balances: Map<string, Decimal>): Record<string, string> {
  return Object.fromEntries([...balances].sort(([a], [b]) => a.localeCompare(b)).map(([asset, free]) => [asset, free.toFixed()]));
}
