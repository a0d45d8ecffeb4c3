import { ConnectorFactory } from '../core/factory.js';
import { BinanceConnector } from './connector.js';
import { BINANCE_CONFIGURATION } from './option-rules.js';
import type { BinanceConfigOptions, BinanceConnectorOptions } from './options.js';

declare module '../core/config.js' {
  // Merged into the configuration's type, as the registry entry below is into the factory's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members come from BinanceConfigOptions
  interface ExchangeConfigOptions extends BinanceConfigOptions {}
}

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

ConnectorFactory.register('binance', createBinanceConnector, BINANCE_CONFIGURATION);
