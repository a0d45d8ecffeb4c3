/** autotrader-connectors: the exchange-connector framework and the Binance Spot connector. Re-exports only. */
export * from './core/index.js';
export * from './binance/index.js';
