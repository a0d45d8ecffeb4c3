import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { ConfigurationError } from './errors.js';
import { Secret } from './secret.js';

const PREFIX = 'enc:v1:';
const ALGORITHM = 'aes-256-gcm';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// scrypt cost: N = 2^15 takes tens of milliseconds, paid once per secret when a config loads.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
// Binding the format version to the ciphertext stops a downgrade to another layout.
const AAD = Buffer.from('enc:v1');

/** True when `text` looks like an encrypted secret (`enc:v<n>:...`), so it must be decrypted before use. */
export function isEncryptedSecret(text: string): boolean {
  return /^enc:v\d+:/.test(text);
}

/**
 * Encrypts a secret with AES-256-GCM under a key derived by scrypt from `masterKey` and a random
 * salt. Returns `enc:v1:<salt>:<iv>:<tag>:<ciphertext>`, each part base64url.
 */
export function encryptSecret(plain: string | Secret, masterKey: string | Secret): string {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, deriveKey(masterKey, salt), iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(Secret.from(plain).reveal(), 'utf8'), cipher.final()]);
  const parts = [salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return PREFIX + parts.join(':');
}

/** Decrypts text from {@link encryptSecret}; a wrong key, altered text or bad format throws ConfigurationError. */
export function decryptSecret(text: string, masterKey: string | Secret): string {
  const version = /^enc:(v\d+):/.exec(text)?.[1];
  if (version !== undefined && version !== 'v1') {
    throw new ConfigurationError(`encrypted secret has unsupported version ${version}; this build reads v1`);
  }
  const parts = text.startsWith(PREFIX) ? text.slice(PREFIX.length).split(':') : [];
  const [salt, iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64url'));
  if (parts.length !== 4 || !salt || !iv || !tag || !ciphertext
    || salt.length !== SALT_BYTES || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new ConfigurationError('encrypted secret is malformed: expected enc:v1:<salt>:<iv>:<tag>:<ciphertext>');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, deriveKey(masterKey, salt), iv);
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // No cause attached: OpenSSL's message adds nothing and the error should carry no key material.
    throw new ConfigurationError('cannot decrypt secret: wrong master key, or the encrypted text was altered');
  }
}

function deriveKey(masterKey: string | Secret, salt: Buffer): Buffer {
  const key = Secret.from(masterKey).reveal();
  if (key.length === 0) throw new ConfigurationError('master key: must not be empty');
  return scryptSync(key, salt, 32, SCRYPT);
}
