import { createHmac, createPrivateKey, createSecretKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import type { KeyKind } from '../spec/binance/signature.js';

/**
 * Request signing with the connector's key (HMAC-SHA256, Ed25519, RSA PKCS#1 v1.5 SHA-256). What
 * is signed is Binance's definition in `spec/binance/signature.ts`; checking signatures is the
 * simulator's business, not the client's.
 */

/** Signs payloads with one API key. */
export interface Signer {
  readonly kind: KeyKind;
  /** The signature text as Binance expects it: hex for HMAC, base64 otherwise. */
  sign(payload: string): string;
}

/** HMAC-SHA256 of `payload`, hex. */
export function signHmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Creates a signer from an HMAC secret or a PEM private key (Ed25519 or RSA). */
export function createSigner(key: { apiSecret: string } | { privateKey: string | KeyObject }): Signer {
  if ('apiSecret' in key) {
    const secret = key.apiSecret;
    if (secret.length === 0) throw new TypeError('apiSecret must not be empty');
    // A key object made once: createHmac with a string secret imports the key again on every call.
    const hmacKey = createSecretKey(Buffer.from(secret, 'utf8'));
    return { kind: 'hmac', sign: (payload) => createHmac('sha256', hmacKey).update(payload, 'utf8').digest('hex') };
  }
  const privateKey = typeof key.privateKey === 'string' ? createPrivateKey(key.privateKey) : key.privateKey;
  const type = privateKey.asymmetricKeyType;
  if (type === 'ed25519') {
    return { kind: 'ed25519', sign: (payload) => cryptoSign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64') };
  }
  if (type === 'rsa') {
    return { kind: 'rsa', sign: (payload) => cryptoSign('sha256', Buffer.from(payload, 'utf8'), privateKey).toString('base64') };
  }
  throw new TypeError(`privateKey must be an Ed25519 or RSA key, got ${String(type)}`);
}
