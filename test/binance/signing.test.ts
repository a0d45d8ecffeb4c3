import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, signHmac } from '../../src/binance/signing.js';
import { encodeParams, wsApiSignaturePayload } from '../../src/spec/binance/signature.js';
import { publicVerifyKey, restSignaturePayload, verifySignature } from '../../src/simulator/rest/signature.js';
import { encodeRequestParams } from '../../src/binance/rest/encoding.js';
import { signRequests } from '../../src/binance/rest/sign.js';
import type { RestRequest, RestResponse } from '../../src/binance/rest/types.js';

// Example keys of rest-api.md and web-socket-api.md (BINANCE_API.md §2.6).
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const FULL_WIDTH = '１２３４５６';

const ORDER_PARAMS = (symbol: string): [string, string | number][] => [
  ['symbol', symbol], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', 1], ['price', '0.1'],
  ['recvWindow', 5000], ['timestamp', 1499827319559],
];

describe('REST HMAC test vectors', () => {
  it('#1 ASCII payload', () => {
    const payload = encodeParams(ORDER_PARAMS('LTCBTC'));
    expect(payload).toBe('symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(signHmac(SECRET, payload)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('#2 non-ASCII symbol is percent-encoded before signing', () => {
    const payload = encodeParams(ORDER_PARAMS(FULL_WIDTH));
    expect(payload).toBe('symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(createSigner({ apiSecret: SECRET }).sign(payload)).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('#3 query and body are concatenated with no separator', () => {
    const { payload } = restSignaturePayload(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC',
      'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
    );
    expect(payload).toBe('symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(signHmac(SECRET, payload)).toBe('0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77');
  });
});

describe('WebSocket API HMAC test vectors', () => {
  it('#1 params sorted by name', () => {
    const payload = wsApiSignaturePayload({
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01000000', price: '52000.00',
      recvWindow: 100, timestamp: 1645423376532, apiKey: API_KEY,
    });
    expect(payload).toBe(`apiKey=${API_KEY}&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`);
    expect(signHmac(SECRET, payload)).toBe('aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24');
  });

  it('#2 raw UTF-8 values, not percent-encoded', () => {
    const payload = wsApiSignaturePayload({
      symbol: FULL_WIDTH, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1.00000000', price: '0.10000000',
      recvWindow: 5000, timestamp: 1645423376532, apiKey: API_KEY, signature: 'ignored',
    });
    expect(payload).toBe(`apiKey=${API_KEY}&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=${FULL_WIDTH}&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`);
    expect(signHmac(SECRET, payload)).toBe('b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd');
  });

  it('session.logon example: sorted apiKey and timestamp', () => {
    const payload = wsApiSignaturePayload({ timestamp: 1649729878532, apiKey: API_KEY });
    expect(payload).toBe(`apiKey=${API_KEY}&timestamp=1649729878532`);
    expect(signHmac(SECRET, payload)).toBe('1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed');
  });
});

/** Runs the signing stage alone and returns what it would hand to the transport. */
async function signThrough(signer: ReturnType<typeof createSigner>, req: RestRequest): Promise<RestRequest> {
  let seen: RestRequest | undefined;
  const terminal = async (r: RestRequest): Promise<RestResponse> => {
    seen = r;
    return { status: 200, headers: {}, body: {} };
  };
  await signRequests({ signer, recvWindow: 5000, timestamp: () => 1499827319559 })(terminal)(req);
  return seen!;
}

describe('asymmetric keys', () => {
  const order: RestRequest = {
    method: 'POST', path: '/api/v3/order', security: 'signed', idempotent: false,
    params: [['symbol', FULL_WIDTH], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '1'], ['price', '0.1']],
  };

  for (const kind of ['ed25519', 'rsa'] as const) {
    it(`${kind}: the signature covers the percent-encoded bytes sent and verifies with the public key`, async () => {
      const { privateKey, publicKey } = kind === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const signer = createSigner({ privateKey: pem });
      expect(signer.kind).toBe(kind);
      const signed = await signThrough(signer, order);
      const { query, body } = encodeRequestParams(signed.method, signed.params);
      expect(query).toBe('');
      const expectedPrefix = 'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
      expect(body.startsWith(`${expectedPrefix}&signature=`)).toBe(true);
      // What a server does: strip the signature from the raw body and verify the rest.
      const { payload, signature } = restSignaturePayload(query, body);
      expect(payload).toBe(expectedPrefix);
      const key = publicVerifyKey(publicKey);
      expect(verifySignature(key, payload, signature!)).toBe(true);
      expect(Buffer.from(signature!, 'base64').length).toBe(kind === 'ed25519' ? 64 : 256);
      // The un-encoded string is a different message: Binance rejects signatures over it since 2026-01-15.
      expect(verifySignature(key, payload.replace(/symbol=[^&]*/, `symbol=${FULL_WIDTH}`), signature!)).toBe(false);
      // base64 '+', '/' and '=' travel percent-encoded.
      expect(body.slice(body.indexOf('&signature=') + 11)).not.toMatch(/[+/=]/);
    });
  }

  it('ed25519 signatures are deterministic for a key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = createSigner({ privateKey });
    expect(signer.sign('symbol=BTCUSDT&timestamp=1')).toBe(signer.sign('symbol=BTCUSDT&timestamp=1'));
  });

  it('a request routed to the WebSocket API is signed in its format: Binance\'s order.place vector', async () => {
    let seen: RestRequest | undefined;
    const terminal = async (r: RestRequest): Promise<RestResponse> => {
      seen = r;
      return { status: 200, headers: {}, body: {} };
    };
    await signRequests({ signer: createSigner({ apiSecret: SECRET }), apiKey: () => API_KEY, recvWindow: 100, timestamp: () => 1645423376532 })(terminal)({
      method: 'POST', path: '/api/v3/order', security: 'signed', idempotent: false, transport: 'ws-api',
      params: [['symbol', 'BTCUSDT'], ['side', 'SELL'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01000000'], ['price', '52000.00']],
    });
    expect(Object.fromEntries(seen!.params)).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01000000', price: '52000.00',
      recvWindow: 100, timestamp: 1645423376532, apiKey: API_KEY, signature: 'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
    });
  });

  it('a GET request is signed over its query string with the signature last', async () => {
    const signed = await signThrough(createSigner({ apiSecret: SECRET }), {
      method: 'GET', path: '/api/v3/account', params: [], security: 'signed', idempotent: true,
    });
    const { query, body } = encodeRequestParams('GET', signed.params);
    expect(body).toBe('');
    expect(query).toBe(`recvWindow=5000&timestamp=1499827319559&signature=${signHmac(SECRET, 'recvWindow=5000&timestamp=1499827319559')}`);
  });

  it('a signed request without a key fails before sending, naming the options', async () => {
    const terminal = async (): Promise<RestResponse> => ({ status: 200, headers: {}, body: {} });
    await expect(signRequests({ signer: undefined, timestamp: () => 1 })(terminal)({
      method: 'GET', path: '/api/v3/account', params: [], security: 'signed', idempotent: true,
    })).rejects.toThrow('GET /api/v3/account is a signed endpoint: set apiKey with apiSecret or privateKey');
  });
});
