import { DEFAULT_SYMBOLS, type SymbolSpec } from './symbols.js';
import { formatUnits } from './units.js';

/**
 * A wider listing for `startSimulator({ symbols })`: real Binance spot pairs with their tick and
 * step sizes, prices and trading activity of about 2026. Quotes are USDT, BTC and ETH only, the
 * assets the demo account holds, so every pair can be traded from the start.
 */

/** What differs between the pairs; the other rules follow from the quote asset and these. */
interface Listing {
  /** Price grid: tick = 10^-tick. */
  readonly tick: number;
  /** Quantity grid: step = 10^-step. */
  readonly step: number;
  readonly price: number;
  readonly volatility: number;
  /** Mean traded base quantity per minute. */
  readonly volume: number;
  /** Mean trades per minute. */
  readonly trades: number;
  /** First trading day, `YYYY-MM-DD` (UTC). */
  readonly listed: string;
}

/** Binance's rules by quote asset; quote volumes keep few enough decimals that a month is a safe integer. */
const QUOTE_RULES = {
  USDT: { minNotional: '5', maxPrice: '1000000', quoteVolumeDecimals: 4 },
  BTC: { minNotional: '0.0001', maxPrice: '1000', quoteVolumeDecimals: 8 },
  ETH: { minNotional: '0.001', maxPrice: '10000', quoteVolumeDecimals: 8 },
} as const;

function pair(baseAsset: string, quoteAsset: keyof typeof QUOTE_RULES, l: Listing): SymbolSpec {
  const rules = QUOTE_RULES[quoteAsset];
  return {
    symbol: `${baseAsset}${quoteAsset}`, baseAsset, quoteAsset,
    tickDecimals: l.tick, stepDecimals: l.step, quoteVolumeDecimals: rules.quoteVolumeDecimals,
    minQty: formatUnits(1, l.step), maxQty: '9000000', marketMaxQty: String(l.volume * 10),
    minPrice: formatUnits(1, l.tick), maxPrice: rules.maxPrice,
    minNotional: rules.minNotional, maxNotional: '9000000', maxNumOrders: 200,
    basePrice: l.price, volatility: l.volatility, volumePerMinute: l.volume, tradesPerMinute: l.trades,
    // About two seconds of volume a level, as on the default symbols.
    levelQuantity: l.volume / 30, levelSpacingTicks: 1, listedAt: Date.parse(`${l.listed}T00:00:00Z`),
  };
}

/** DEFAULT_SYMBOLS and 30 more real spot pairs (USDT, BTC and ETH quotes), 34 in all, in exchangeInfo order. */
export const SPOT_SYMBOLS: readonly SymbolSpec[] = [
  ...DEFAULT_SYMBOLS,
  pair('SOL', 'USDT', { tick: 2, step: 3, price: 150, volatility: 1.5, volume: 900, trades: 500, listed: '2020-08-11' }),
  pair('XRP', 'USDT', { tick: 4, step: 1, price: 2.2, volatility: 1.4, volume: 400_000, trades: 450, listed: '2019-05-04' }),
  pair('DOGE', 'USDT', { tick: 5, step: 0, price: 0.17, volatility: 1.6, volume: 2_000_000, trades: 400, listed: '2019-07-05' }),
  pair('ADA', 'USDT', { tick: 4, step: 1, price: 0.65, volatility: 1.5, volume: 300_000, trades: 250, listed: '2018-04-17' }),
  pair('TRX', 'USDT', { tick: 4, step: 1, price: 0.27, volatility: 1, volume: 400_000, trades: 150, listed: '2018-06-11' }),
  pair('LINK', 'USDT', { tick: 2, step: 2, price: 15, volatility: 1.5, volume: 6_000, trades: 200, listed: '2019-01-16' }),
  pair('AVAX', 'USDT', { tick: 2, step: 2, price: 22, volatility: 1.6, volume: 3_000, trades: 180, listed: '2020-09-22' }),
  pair('DOT', 'USDT', { tick: 3, step: 2, price: 4, volatility: 1.5, volume: 15_000, trades: 150, listed: '2020-08-18' }),
  pair('LTC', 'USDT', { tick: 2, step: 3, price: 90, volatility: 1.3, volume: 500, trades: 150, listed: '2017-12-13' }),
  pair('BCH', 'USDT', { tick: 1, step: 3, price: 450, volatility: 1.3, volume: 100, trades: 120, listed: '2019-11-28' }),
  pair('UNI', 'USDT', { tick: 3, step: 2, price: 8, volatility: 1.6, volume: 4_000, trades: 120, listed: '2020-09-17' }),
  pair('ATOM', 'USDT', { tick: 3, step: 2, price: 4.5, volatility: 1.5, volume: 5_000, trades: 100, listed: '2019-04-29' }),
  pair('XLM', 'USDT', { tick: 4, step: 1, price: 0.3, volatility: 1.4, volume: 150_000, trades: 100, listed: '2018-05-31' }),
  pair('NEAR', 'USDT', { tick: 3, step: 1, price: 2.5, volatility: 1.6, volume: 15_000, trades: 120, listed: '2020-10-14' }),
  pair('APT', 'USDT', { tick: 3, step: 2, price: 5, volatility: 1.6, volume: 6_000, trades: 100, listed: '2022-10-19' }),
  pair('FIL', 'USDT', { tick: 3, step: 2, price: 2.5, volatility: 1.6, volume: 10_000, trades: 100, listed: '2020-10-15' }),
  pair('ETC', 'USDT', { tick: 2, step: 2, price: 18, volatility: 1.4, volume: 1_500, trades: 100, listed: '2018-06-12' }),
  pair('SUI', 'USDT', { tick: 4, step: 1, price: 3.5, volatility: 1.6, volume: 25_000, trades: 250, listed: '2023-05-03' }),
  pair('ARB', 'USDT', { tick: 4, step: 1, price: 0.4, volatility: 1.6, volume: 60_000, trades: 120, listed: '2023-03-23' }),
  pair('OP', 'USDT', { tick: 3, step: 2, price: 0.7, volatility: 1.6, volume: 20_000, trades: 100, listed: '2022-06-01' }),
  pair('INJ', 'USDT', { tick: 2, step: 2, price: 12, volatility: 1.6, volume: 1_500, trades: 80, listed: '2020-10-21' }),
  pair('AAVE', 'USDT', { tick: 2, step: 3, price: 250, volatility: 1.5, volume: 100, trades: 100, listed: '2020-10-15' }),
  pair('HBAR', 'USDT', { tick: 5, step: 0, price: 0.2, volatility: 1.5, volume: 300_000, trades: 100, listed: '2019-09-29' }),
  pair('BNB', 'BTC', { tick: 6, step: 3, price: 0.0075, volatility: 0.8, volume: 15, trades: 60, listed: '2017-11-06' }),
  pair('SOL', 'BTC', { tick: 7, step: 3, price: 0.0018, volatility: 1, volume: 40, trades: 60, listed: '2020-08-11' }),
  pair('XRP', 'BTC', { tick: 8, step: 0, price: 0.000025, volatility: 1, volume: 20_000, trades: 60, listed: '2018-05-04' }),
  pair('LINK', 'BTC', { tick: 7, step: 2, price: 0.00017, volatility: 1, volume: 300, trades: 60, listed: '2019-01-16' }),
  pair('LTC', 'BTC', { tick: 6, step: 3, price: 0.0011, volatility: 0.9, volume: 20, trades: 60, listed: '2017-12-13' }),
  pair('ADA', 'BTC', { tick: 8, step: 1, price: 0.0000075, volatility: 1, volume: 15_000, trades: 60, listed: '2018-04-17' }),
  pair('BNB', 'ETH', { tick: 5, step: 3, price: 0.2, volatility: 0.8, volume: 5, trades: 60, listed: '2017-11-06' }),
];
