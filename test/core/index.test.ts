import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';

describe('core index', () => {
  it('re-exports the framework from one place', () => {
    expect(Object.keys(core)).toEqual(expect.arrayContaining([
      'BaseConnector', 'ConfigurationError', 'ConnectorFactory', 'Decimal', 'RateLimiter', 'Secret', 'systemClock',
      'createLogger', 'createRetryPolicy', 'decideRetry', 'decryptSecret', 'encryptSecret', 'loadConfig', 'saveConfigFile',
    ]));
  });
});
