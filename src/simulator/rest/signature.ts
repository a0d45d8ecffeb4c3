import { createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { restSigningPayload, type KeyKind } from '../../spec/binance/signature.js';

/**
 * Signature verification, the server's side of Binance's signing rules (HMAC-SHA256, Ed25519,
 * RSA PKCS#1 v1.5 SHA-256). The signed bytes are defined once in `spec/binance/signature.ts`.
 */

/** What verifies a signature on the server side. */
export type VerifyKey =
  | { kind: 'hmac'; secret: string }
  | { kind: Exclude<KeyKind, 'hmac'>; publicKey: KeyObject };

/** Builds a VerifyKey from a PEM public key (Ed25519 or RSA). */
export function publicVerifyKey(pem: string | KeyObject): VerifyKey {
  const publicKey = typeof pem === 'string' ? createPublicKey(pem) : pem;
  const type = publicKey.asymmetricKeyType;
  if (type === 'ed25519' || type === 'rsa') return { kind: type, publicKey };
  throw new TypeError(`public key must be Ed25519 or RSA, got ${String(type)}`);
}

/** True when `signature` is valid for `payload`. HMAC comparison is case-insensitive and constant-time. */
export function verifySignature(key: VerifyKey, payload: string, signature: string): boolean {
  if (key.kind === 'hmac') {
    const expected = Buffer.from(createHmac('sha256', key.secret).update(payload, 'utf8').digest('hex'), 'utf8');
    const given = Buffer.from(signature.toLowerCase(), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length === 0) return false;
  const data = Buffer.from(payload, 'utf8');
  try {
    return key.kind === 'ed25519'
      ? cryptoVerify(null, data, key.publicKey, bytes)
      : cryptoVerify('sha256', data, key.publicKey, bytes);
  } catch {
    return false;
  }
}

/** Removes the `signature` parameter from an encoded `k=v&k=v` string, returning the rest and the signature. */
export function splitSignature(encoded: string): { rest: string; signature: string | undefined } {
  if (encoded.length === 0) return { rest: '', signature: undefined };
  let signature: string | undefined;
  const kept: string[] = [];
  for (const part of encoded.split('&')) {
    if (part.startsWith('signature=')) signature = decodeURIComponent(part.slice('signature='.length).replace(/\+/g, ' '));
    else kept.push(part);
  }
  return { rest: kept.join('&'), signature };
}

/** The payload a REST request's signature covers, read from the raw query and body as received, and the signature sent. */
export function restSignaturePayload(rawQuery: string, rawBody: string): { payload: string; signature: string | undefined } {
  const query = splitSignature(rawQuery);
  const body = splitSignature(rawBody);
  return { payload: restSigningPayload(query.rest, body.rest), signature: query.signature ?? body.signature };
}
