import {
  createHmac, createPrivateKey, createPublicKey, createSecretKey, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';

/**
 * Binance request signing and verification (HMAC-SHA256, Ed25519, RSA PKCS#1 v1.5 SHA-256).
 * REST signs the exact percent-encoded bytes sent (query then body, no separator); the WebSocket
 * API signs its parameters sorted by name with raw UTF-8 values. The simulator verifies with the
 * same code the connector signs with.
 */

/** The kind of API key. */
export type KeyKind = 'hmac' | 'ed25519' | 'rsa';

/** Signs payloads with one API key. */
export interface Signer {
  readonly kind: KeyKind;
  /** The signature text as Binance expects it: hex for HMAC, base64 otherwise. */
  sign(payload: string): string;
}

/** What verifies a signature on the server side. */
export type VerifyKey =
  | { kind: 'hmac'; secret: string }
  | { kind: 'ed25519' | 'rsa'; publicKey: KeyObject };

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
    const expected = Buffer.from(signHmac(key.secret, payload), 'utf8');
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

/** Text made only of RFC 3986 unreserved characters, which encoding leaves as they are. */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** Percent-encodes one query component (RFC 3986, UTF-8), as Binance expects before signing. */
export function encodeComponent(value: string): string {
  // Symbols, enums, numbers and ids are nearly always unreserved already: skip the encoder for them.
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A parameter value as it goes on the wire. */
export type ParamValue = string | number | boolean;

/** Encodes parameters in their given order as `k=v&k=v`, percent-encoded; undefined values are skipped. */
export function encodeParams(params: Iterable<readonly [string, ParamValue | undefined]>): string {
  let out = '';
  for (const [name, value] of params) {
    if (value === undefined) continue;
    if (out.length > 0) out += '&';
    out += `${encodeComponent(name)}=${encodeComponent(String(value))}`;
  }
  return out;
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

/**
 * The REST payload a signature covers: the raw query string and the raw body, each without its
 * `signature` parameter, concatenated with no separator (Binance's documented rule).
 */
export function restSignaturePayload(rawQuery: string, rawBody: string): { payload: string; signature: string | undefined } {
  const query = splitSignature(rawQuery);
  const body = splitSignature(rawBody);
  return { payload: query.rest + body.rest, signature: query.signature ?? body.signature };
}

/** The WebSocket API payload: every param but `signature`, sorted by name, raw UTF-8 values, no encoding. */
export function wsApiSignaturePayload(params: Readonly<Record<string, ParamValue | undefined>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'signature' && params[name] !== undefined)
    .sort()
    .map((name) => `${name}=${String(params[name])}`)
    .join('&');
}
