import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { decryptSecret, encryptSecret, isEncryptedSecret } from '../../src/core/secrets-crypto.js';

const MASTER = 'correct horse battery staple';
const PLAIN = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('secrets crypto', () => {
  const encrypted = encryptSecret(PLAIN, MASTER);

  it('round-trips a secret through the enc:v1 format', () => {
    expect(encrypted).toMatch(/^enc:v1:[\w-]{22}:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(encrypted).not.toContain(PLAIN);
    expect(decryptSecret(encrypted, MASTER)).toBe(PLAIN);
    expect(decryptSecret(encrypted, new Secret(MASTER))).toBe(PLAIN);
  });

  it('uses a fresh salt and iv for every encryption', () => {
    const again = encryptSecret(new Secret(PLAIN), MASTER);
    expect(again).not.toBe(encrypted);
    expect(decryptSecret(again, MASTER)).toBe(PLAIN);
  });

  it('tells encrypted text from plain text', () => {
    expect(isEncryptedSecret(encrypted)).toBe(true);
    expect(isEncryptedSecret('enc:v2:abc')).toBe(true);
    expect(isEncryptedSecret(PLAIN)).toBe(false);
    expect(isEncryptedSecret('-----BEGIN PRIVATE KEY-----')).toBe(false);
  });

  it('rejects a wrong master key without showing the secret', () => {
    const attempt = (): string => decryptSecret(encrypted, 'wrong key');
    expect(attempt).toThrow(new ConfigurationError('cannot decrypt secret: wrong master key, or the encrypted text was altered'));
    expect(attempt).toThrow(ConfigurationError);
  });

  it('rejects tampered ciphertext', () => {
    const parts = encrypted.split(':');
    const ciphertext = Buffer.from(parts[5] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[5] = ciphertext.toString('base64url');
    expect(() => decryptSecret(parts.join(':'), MASTER)).toThrow('cannot decrypt secret');
  });

  it('rejects malformed text and unknown versions', () => {
    expect(() => decryptSecret('enc:v1:abc', MASTER)).toThrow(
      'encrypted secret is malformed: expected enc:v1:<salt>:<iv>:<tag>:<ciphertext>',
    );
    expect(() => decryptSecret('enc:v9:a:b:c:d', MASTER)).toThrow('encrypted secret has unsupported version v9; this build reads v1');
  });

  it('refuses an empty master key', () => {
    expect(() => encryptSecret(PLAIN, '')).toThrow(new ConfigurationError('master key: must not be empty'));
  });
});
