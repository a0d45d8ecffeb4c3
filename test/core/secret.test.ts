import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/core/secret.js';

describe('Secret', () => {
  const secret = new Secret('s3cr3t-value');

  it('gives the value only through reveal()', () => {
    expect(secret.reveal()).toBe('s3cr3t-value');
  });

  it('prints as [redacted] in strings, JSON and inspect', () => {
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ apiSecret: secret })).toBe('{"apiSecret":"[redacted]"}');
    expect(inspect(secret)).toBe('[redacted]');
    expect(inspect({ apiSecret: secret })).toBe('{ apiSecret: [redacted] }');
  });

  it('wraps strings and passes Secrets through in from()', () => {
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from('abc').reveal()).toBe('abc');
  });
});
