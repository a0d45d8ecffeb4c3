import { createDecipheriv, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { Secret } from '../../src/core/secret.js';
import { decryptSecret, encryptSecret, isEncryptedSecret, keyDerivationCount, masterKeyWeakness } from '../../src/core/secrets-crypto.js';

/** A secret written by the enc:v1 code, kept as it was: files in the field hold such values. */
const V1 = JSON.parse(readFileSync(new URL('fixtures/secret-v1.json', import.meta.url), 'utf8')) as { masterKey: string; plain: string; encrypted: string };

const MASTER = 'correct horse battery staple';
const PLAIN = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('secrets crypto', () => {
  const encrypted = encryptSecret(PLAIN, MASTER);

  it('round-trips a secret through the enc:v2 format, which names its scrypt parameters', () => {
    expect(encrypted).toMatch(/^enc:v2:ln=17,r=8,p=1:[\w-]{22}:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(encrypted).not.toContain(PLAIN);
    expect(decryptSecret(encrypted, MASTER)).toBe(PLAIN);
    expect(decryptSecret(encrypted, new Secret(MASTER))).toBe(PLAIN);
  });

  it('derives the key with scrypt at OWASP\'s minimum (N=2^17, r=8, p=1), the header bound to the ciphertext', () => {
    const [, , params, salt, iv, tag, ciphertext] = encrypted.split(':').map((part, i) => (i < 3 ? part : Buffer.from(part, 'base64url')));
    expect(params).toBe('ln=17,r=8,p=1');
    const key = scryptSync(MASTER, salt as Buffer, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
    const decipher = createDecipheriv('aes-256-gcm', key, iv as Buffer);
    decipher.setAAD(Buffer.from('enc:v2:ln=17,r=8,p=1'));
    decipher.setAuthTag(tag as Buffer);
    expect(Buffer.concat([decipher.update(ciphertext as Buffer), decipher.final()]).toString('utf8')).toBe(PLAIN);
  });

  it('still reads enc:v1 secrets written by the earlier format', () => {
    expect(decryptSecret(V1.encrypted, V1.masterKey)).toBe(V1.plain);
    expect(() => decryptSecret(V1.encrypted, MASTER)).toThrow('cannot decrypt secret: wrong master key, or the encrypted text was altered');
  });

  it('refuses a v2 header whose parameters were changed, and parameters out of bounds before any work', () => {
    expect(() => decryptSecret(encrypted.replace('p=1', 'p=2'), MASTER)).toThrow('cannot decrypt secret: wrong master key, or the encrypted text was altered');
    for (const params of ['ln=15,r=8,p=1', 'ln=40,r=8,p=1', 'ln=17,r=64,p=1', 'ln=17,r=8,p=9']) {
      expect(() => decryptSecret(encrypted.replace('ln=17,r=8,p=1', params), MASTER)).toThrow(
        new ConfigurationError(`encrypted secret has scrypt parameters out of bounds (ln 17-20, r 8, p 1-4): ${params}`),
      );
    }
    expect(() => decryptSecret(encrypted.replace('ln=17,r=8,p=1', 'x'), MASTER)).toThrow(
      'encrypted secret is malformed: expected enc:v2:ln=<n>,r=<n>,p=<n>:<salt>:<iv>:<tag>:<ciphertext>',
    );
  });

  it('derives a key once for a secret read again or read back after writing, and again for another master key or salt', () => {
    const before = keyDerivationCount();
    const written = encryptSecret(PLAIN, MASTER);
    expect(decryptSecret(written, MASTER)).toBe(PLAIN);
    expect(decryptSecret(written, new Secret(MASTER))).toBe(PLAIN);
    expect(keyDerivationCount() - before).toBe(1);
    // A wrong key is not answered from the memo of the right one, and fails as before.
    expect(() => decryptSecret(written, `${MASTER}!`)).toThrow('cannot decrypt secret');
    expect(keyDerivationCount() - before).toBe(2);
    // Nor is another secret's salt.
    expect(decryptSecret(encryptSecret(PLAIN, MASTER), MASTER)).toBe(PLAIN);
    expect(keyDerivationCount() - before).toBe(3);
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
    expect(attempt).toThrow(new ConfigurationError('cannot decrypt secret: wrong master key, or the encrypted text was altered', { field: 'AUTOTRADER_MASTER_KEY' }));
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
    expect(() => decryptSecret('enc:v9:a:b:c:d', MASTER)).toThrow('encrypted secret has unsupported version v9; this build reads v1 and v2');
  });

  it('refuses an empty master key', () => {
    expect(() => encryptSecret(PLAIN, '')).toThrow(new ConfigurationError('master key: must not be empty'));
  });

  it('calls a master key weak when it is shorter than 16 characters or has fewer than 8 different characters', () => {
    const weak = 'master key: weak (fewer than 16 characters, or fewer than 8 different ones); use a long random passphrase';
    expect(masterKeyWeakness('Tr0ub4dor&3')).toBe(weak);
    expect(masterKeyWeakness('abababababababababab')).toBe(weak);
    expect(masterKeyWeakness(new Secret('abcdefgabcdefgabcdefg'))).toBe(weak);
    expect(masterKeyWeakness(MASTER)).toBeUndefined();
    expect(masterKeyWeakness('abcdefghabcdefgh')).toBeUndefined();
  });
});
