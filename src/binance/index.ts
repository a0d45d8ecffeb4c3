/** The Binance Spot connector: re-exports only (plus its registration with the connector factory). */
import './register.js';

export { ConnectorFactory } from '../core/factory.js';
export { BinanceConnector } from './connector.js';
export { createBinanceConnector } from './register.js';
export type { BinanceConnectorOptions, OrderEntry } from './options.js';
export type { BinanceMetrics } from './metrics.js';
export type { OrderBookOptions, StreamMetrics } from './streams/binance-streams.js';
export type { StreamBufferOptions } from './streams/connector-streams.js';
export type { StreamConnectionOptions } from './streams/stream-options.js';
export {
  BINANCE_ENVIRONMENTS, ENVIRONMENT_ENDPOINTS, MARKET_DATA_URL, resolveEndpoints,
  type BinanceEndpoints, type BinanceEnvironment,
} from './environments.js';
export type { SymbolInfo } from './exchange-info.js';
export { ERROR_RULES, mapBinanceError, type BinanceFailure } from './error-map.js';
export { generateClientOrderId, isValidClientOrderId } from './client-order-id.js';
export {
  checkOrderFilters, roundDownToStep, roundToTick, roundOrderToFilters,
  type FilterViolation, type SymbolFilters, type SymbolRules,
} from './protocol/filters.js';
