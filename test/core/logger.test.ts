import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/core/logger.js';
import { Secret } from '../../src/core/secret.js';
import { memoryLog as memory } from '../support/memory-log.js';

describe('createLogger', () => {
  it('is silent by default', () => {
    const out = memory();
    createLogger({ destination: out.stream }).error('boom');
    expect(out.lines()).toEqual([]);
  });

  it('redacts keys, secrets, signatures and the API key header at the top and one level down', () => {
    const out = memory();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({
      apiKey: 'k1', apiSecret: 's1', secret: 's2', privateKey: 'p1', signature: 'sig1',
      headers: { 'x-mbx-apikey': 'k2', accept: 'application/json' },
      request: {
        apiKey: 'k3', apiSecret: 's3', privateKey: 'p2', signature: 'sig2', symbol: 'BTCUSDT',
        headers: { 'x-mbx-apikey': 'k4' },
      },
    }, 'sent');
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 30, msg: 'sent',
      apiKey: '[redacted]', apiSecret: '[redacted]', secret: '[redacted]', privateKey: '[redacted]', signature: '[redacted]',
      headers: { 'x-mbx-apikey': '[redacted]', accept: 'application/json' },
      request: {
        apiKey: '[redacted]', apiSecret: '[redacted]', privateKey: '[redacted]', signature: '[redacted]', symbol: 'BTCUSDT',
        headers: { 'x-mbx-apikey': '[redacted]' },
      },
    });
    expect(JSON.stringify(out.lines())).not.toMatch(/k[1-4]|s[1-3]"|p[12]"|sig[12]/);
  });

  it('writes Secret values as [redacted] under any name', () => {
    const out = memory();
    createLogger({ level: 'debug', destination: out.stream }).debug({ config: { token: new Secret('t0p') } });
    expect(out.lines()[0]).toMatchObject({ level: 20, config: { token: '[redacted]' } });
  });
});

describe('redactUrl', () => {
  it('removes the signature value from a URL and a bare query string', () => {
    expect(redactUrl('https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=abc123'))
      .toBe('https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=[redacted]');
    expect(redactUrl('signature=abc&symbol=ETHUSDT')).toBe('signature=[redacted]&symbol=ETHUSDT');
    expect(redactUrl('/api/v3/ticker/24hr?symbol=BTCUSDT')).toBe('/api/v3/ticker/24hr?symbol=BTCUSDT');
  });
});
