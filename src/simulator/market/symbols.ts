/**
 * The simulator's listed symbols: their trading rules (Binance-like filters) and the parameters of
 * their synthetic market. Prices and quantities are on power-of-ten grids so they can be held as
 * integer ticks and steps.
 */

/** Static description of one listed symbol. */
export interface SymbolSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** Price grid: tick = 10^-tickDecimals. */
  readonly tickDecimals: number;
  /** Quantity grid: step = 10^-stepDecimals. */
  readonly stepDecimals: number;
  /** Decimals kept for quote volumes (coarse enough that a month of them is a safe integer). */
  readonly quoteVolumeDecimals: number;
  readonly minQty: string;
  readonly maxQty: string;
  readonly marketMaxQty: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly minNotional: string;
  readonly maxNotional: string;
  readonly maxNumOrders: number;
  /** Centre of the synthetic price path. */
  readonly basePrice: number;
  /** Multiplier on the default volatility. */
  readonly volatility: number;
  /** Mean traded base quantity per minute. */
  readonly volumePerMinute: number;
  /** Mean trades per minute. */
  readonly tradesPerMinute: number;
  /** Mean quantity of one synthetic book level, in base units. */
  readonly levelQuantity: number;
  /** Ticks between synthetic book levels. */
  readonly levelSpacingTicks: number;
  /** First candle; nothing is traded before it. */
  readonly listedAt: number;
}

/** Precision Binance reports for every asset of these symbols. */
export const ASSET_PRECISION = 8;

const LISTED_2017_08_17 = Date.UTC(2017, 7, 17);
const LISTED_2017_11_06 = Date.UTC(2017, 10, 6);

/** The symbols every simulator lists, in exchangeInfo order. */
export const DEFAULT_SYMBOLS: readonly SymbolSpec[] = [
  {
    symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickDecimals: 2, stepDecimals: 5, quoteVolumeDecimals: 4,
    minQty: '0.00001', maxQty: '9000', marketMaxQty: '120', minPrice: '0.01', maxPrice: '1000000',
    minNotional: '5', maxNotional: '9000000', maxNumOrders: 200,
    basePrice: 80_000, volatility: 1, volumePerMinute: 12, tradesPerMinute: 900,
    levelQuantity: 0.4, levelSpacingTicks: 1, listedAt: LISTED_2017_08_17,
  },
  {
    symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickDecimals: 2, stepDecimals: 4, quoteVolumeDecimals: 4,
    minQty: '0.0001', maxQty: '9000', marketMaxQty: '2500', minPrice: '0.01', maxPrice: '1000000',
    minNotional: '5', maxNotional: '9000000', maxNumOrders: 200,
    basePrice: 3_000, volatility: 1.3, volumePerMinute: 250, tradesPerMinute: 700,
    levelQuantity: 6, levelSpacingTicks: 1, listedAt: LISTED_2017_08_17,
  },
  {
    symbol: 'BNBUSDT', baseAsset: 'BNB', quoteAsset: 'USDT', tickDecimals: 2, stepDecimals: 3, quoteVolumeDecimals: 4,
    minQty: '0.001', maxQty: '9000', marketMaxQty: '6000', minPrice: '0.01', maxPrice: '1000000',
    minNotional: '5', maxNotional: '9000000', maxNumOrders: 200,
    basePrice: 600, volatility: 1.1, volumePerMinute: 400, tradesPerMinute: 300,
    levelQuantity: 20, levelSpacingTicks: 1, listedAt: LISTED_2017_11_06,
  },
  {
    symbol: 'ETHBTC', baseAsset: 'ETH', quoteAsset: 'BTC', tickDecimals: 5, stepDecimals: 4, quoteVolumeDecimals: 8,
    minQty: '0.0001', maxQty: '100000', marketMaxQty: '1500', minPrice: '0.00001', maxPrice: '922327',
    minNotional: '0.0001', maxNotional: '9000000', maxNumOrders: 200,
    basePrice: 0.035, volatility: 0.8, volumePerMinute: 30, tradesPerMinute: 120,
    levelQuantity: 8, levelSpacingTicks: 1, listedAt: LISTED_2017_08_17,
  },
];

/** Finds a symbol by its exact (case-sensitive) name, as Binance does. */
export function findSymbol(symbols: readonly SymbolSpec[], name: string): SymbolSpec | undefined {
  return symbols.find((spec) => spec.symbol === name);
}
