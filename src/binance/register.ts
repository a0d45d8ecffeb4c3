import { ConnectorFactory } from '../core/factory.js';
import { BinanceConnector } from './connector.js';
import type { BinanceConnectorOptions } from './options.js';

declare module '../core/factory.js' {
  interface ConnectorRegistry {
    /** Binance Spot: `ConnectorFactory.create('binance', options)`. */
    binance: { options: BinanceConnectorOptions; connector: BinanceConnector };
  }
}

/** Creates a BinanceConnector; one function so registering twice is harmless. */
export function createBinanceConnector(options: BinanceConnectorOptions): BinanceConnector {
  return new BinanceConnector(options);
}

ConnectorFactory.register('binance', createBinanceConnector);
