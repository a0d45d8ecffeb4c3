/** A candle held in integer units of its symbol (price ticks, quantity steps, quote units). */
export interface Candle {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Base volume in quantity steps. */
  readonly volume: number;
  /** Quote volume in units of 10^-quoteVolumeDecimals. */
  readonly quoteVolume: number;
  readonly trades: number;
  readonly takerBuyVolume: number;
  readonly takerBuyQuoteVolume: number;
  /** Id of the first trade, or -1 when the candle has none. */
  readonly firstTradeId: number;
  readonly lastTradeId: number;
}

/** Aggregates consecutive candles (first open, last close, max high, min low, summed amounts). */
export function aggregateCandles(pieces: readonly Candle[], openTime: number, closeTime: number): Candle | undefined {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first === undefined || last === undefined) return undefined;
  let high = first.high;
  let low = first.low;
  let volume = 0;
  let quoteVolume = 0;
  let trades = 0;
  let takerBuyVolume = 0;
  let takerBuyQuoteVolume = 0;
  let firstTradeId = -1;
  let lastTradeId = -1;
  for (const piece of pieces) {
    if (piece.high > high) high = piece.high;
    if (piece.low < low) low = piece.low;
    volume += piece.volume;
    quoteVolume += piece.quoteVolume;
    trades += piece.trades;
    takerBuyVolume += piece.takerBuyVolume;
    takerBuyQuoteVolume += piece.takerBuyQuoteVolume;
    if (piece.firstTradeId >= 0) {
      if (firstTradeId < 0) firstTradeId = piece.firstTradeId;
      lastTradeId = piece.lastTradeId;
    }
  }
  return {
    openTime, closeTime, open: first.open, high, low, close: last.close,
    volume, quoteVolume, trades, takerBuyVolume, takerBuyQuoteVolume, firstTradeId, lastTradeId,
  };
}
