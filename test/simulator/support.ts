import { createHmac, sign as cryptoSign, type KeyObject } from 'node:crypto';

/** Test helpers: plain fetch with requests signed here, independently of the code under test. */

/** A REST response with its parsed JSON body. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Sends a request and parses the JSON body (undefined when empty). */
export async function call(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.length > 0 ? JSON.parse(text) as unknown : undefined };
}

/** How a test signs: an HMAC secret or an Ed25519/RSA private key. */
export type TestKey = { secret: string } | { privateKey: KeyObject };

/** Signs a payload the way Binance documents it: HMAC hex, or base64 for key pairs. */
export function signPayload(key: TestKey, payload: string): string {
  if ('secret' in key) return createHmac('sha256', key.secret).update(payload).digest('hex');
  const algorithm = key.privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return cryptoSign(algorithm, Buffer.from(payload), key.privateKey).toString('base64');
}

/** Percent-encodes parameters in order, as a client puts them on the wire. */
export function encode(params: Record<string, string | number>): string {
  return Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

/** Sends a signed request with the parameters in the query string (GET/DELETE) or the body (POST). */
export async function signed(
  restUrl: string, method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, apiKey: string, key: TestKey,
  params: Record<string, string | number>, options: { inBody?: boolean; timestamp?: number } = {},
): Promise<JsonResponse> {
  const all = { ...params, timestamp: options.timestamp ?? Date.now() };
  const encoded = encode(all);
  const signature = encodeURIComponent(signPayload(key, encoded));
  const headers: Record<string, string> = { 'X-MBX-APIKEY': apiKey };
  if (options.inBody ?? method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return call(`${restUrl}${path}`, { method, headers, body: `${encoded}&signature=${signature}` });
  }
  return call(`${restUrl}${path}?${encoded}&signature=${signature}`, { method, headers });
}
