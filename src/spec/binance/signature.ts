/**
 * What Binance signs, as `rest-api.md` ("SIGNED Endpoint security") and `web-socket-api.md`
 * ("Signed request security") define it: the bytes both the signing client and the verifying
 * server must agree on. Data and encoding only: which key signs, and how a signature is checked,
 * belong to each side.
 */

/** The kinds of API key Binance accepts: HMAC-SHA256 (hex signature), Ed25519 and RSA (base64). */
export type KeyKind = 'hmac' | 'ed25519' | 'rsa';

/** A parameter value as it goes on the wire. */
export type ParamValue = string | number | boolean;

/** Text made only of RFC 3986 unreserved characters, which encoding leaves as they are. */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** Percent-encodes one query component (RFC 3986, UTF-8), as Binance expects before signing. */
export function encodeComponent(value: string): string {
  // Symbols, enums, numbers and ids are nearly always unreserved already: skip the encoder for them.
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

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

/**
 * The REST payload a signature covers: the percent-encoded query string followed by the
 * percent-encoded body, each without `signature`, with no separator between them.
 */
export function restSigningPayload(query: string, body: string): string {
  return query + body;
}

/** The WebSocket API payload: every param but `signature`, sorted by name, raw UTF-8 values, no encoding. */
export function wsApiSignaturePayload(params: Readonly<Record<string, ParamValue | undefined>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'signature' && params[name] !== undefined)
    .sort()
    .map((name) => `${name}=${String(params[name])}`)
    .join('&');
}
