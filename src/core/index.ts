/** The exchange-agnostic framework: models, errors, connector contract, policies, configuration, factory, streams. */
export * from './base-connector.js';
export * from './clock.js';
export * from './config.js';
export * from './connector.js';
export * from './decimal.js';
export * from './errors.js';
export * from './factory.js';
export * from './logger.js';
export * from './models.js';
export * from './rate-limiter.js';
export * from './retry-policy.js';
export * from './secret.js';
export * from './secrets-crypto.js';
export * from './stream-events.js';
export * from './stream/index.js';
