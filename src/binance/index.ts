/** The Binance Spot connector, registered with the connector factory on load; for the CLI and tests inside the package. */
import './register.js';

export { ConnectorFactory } from '../core/factory.js';
export { BinanceConnector } from './connector.js';
