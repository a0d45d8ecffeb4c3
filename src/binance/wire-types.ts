/**
 * Binance Spot REST payloads exactly as they arrive (decimals as strings, ids and times as
 * numbers), kept apart from the framework models the parsers turn them into.
 */

/** `GET /api/v3/time`. */
export interface WireServerTime { serverTime: number }

/** One kline: `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, unused]`. */
export type WireKline = [number, string, string, string, string, string, number, string, number, string, string, string];

/** `GET /api/v3/ticker/24hr?symbol=` (FULL). */
export interface WireTicker24hr {
  symbol: string;
  priceChange: string;
  priceChangePercent: string;
  weightedAvgPrice: string;
  prevClosePrice: string;
  lastPrice: string;
  lastQty: string;
  bidPrice: string;
  bidQty: string;
  askPrice: string;
  askQty: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
  count: number;
}

/** `GET /api/v3/depth`: levels are `[price, quantity]`. */
export interface WireDepth {
  lastUpdateId: number;
  bids: [string, string][];
  asks: [string, string][];
}

/** One balance of `GET /api/v3/account`. */
export interface WireBalance { asset: string; free: string; locked: string }

/** `GET /api/v3/account` (the fields the connector reads). */
export interface WireAccount {
  canTrade: boolean;
  updateTime: number;
  accountType: string;
  balances: WireBalance[];
}

/** One fill of a FULL order response. */
export interface WireFill {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
}

/**
 * An order as `POST /api/v3/order` (RESULT/FULL), `GET /api/v3/order`, `openOrders`, `allOrders`
 * and `DELETE /api/v3/order` return it; the optional fields differ by endpoint.
 */
export interface WireOrder {
  symbol: string;
  orderId: number;
  orderListId?: number;
  clientOrderId: string;
  /** Present on cancel responses: the id the order had before the cancel. */
  origClientOrderId?: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  origQuoteOrderQty?: string;
  status: string;
  timeInForce: string;
  type: string;
  side: string;
  /** Query responses. */
  time?: number;
  updateTime?: number;
  /** Placement and cancel responses. */
  transactTime?: number;
  workingTime?: number;
  fills?: WireFill[];
}

/** One entry of `exchangeInfo.rateLimits`. */
export interface WireRateLimit {
  rateLimitType: string;
  interval: string;
  intervalNum: number;
  limit: number;
}

/** One entry of `exchangeInfo.symbols` (the fields the connector reads). */
export interface WireSymbolInfo {
  symbol: string;
  status: string;
  baseAsset: string;
  baseAssetPrecision: number;
  quoteAsset: string;
  quotePrecision?: number;
  quoteAssetPrecision: number;
  orderTypes: string[];
  quoteOrderQtyMarketAllowed?: boolean;
  allowTrailingStop?: boolean;
  isSpotTradingAllowed?: boolean;
  filters: { filterType: string; [field: string]: unknown }[];
}

/** `GET /api/v3/exchangeInfo`. */
export interface WireExchangeInfo {
  timezone: string;
  serverTime: number;
  rateLimits: WireRateLimit[];
  symbols: WireSymbolInfo[];
}
