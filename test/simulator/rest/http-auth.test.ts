import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, encode, signed, signPayload } from '../support.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Binance's documented example key pair and the REST HMAC vectors (BINANCE_API.md §2.6). */
const DOC_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_TIME = 1499827319559;

describe('the documented REST HMAC test vectors', () => {
  async function docSimulator(): Promise<SimulatorHandle> {
    return startSimulator({ accounts: [{ apiKey: DOC_KEY, apiSecret: DOC_SECRET }], clock: { now: () => DOC_TIME + 200 } });
  }

  test('vector 1: the signature over the query is accepted, so the order fails only on its symbol', async () => {
    sim = await docSimulator();
    const payload = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(signPayload({ secret: DOC_SECRET }, payload)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
    const ok = await call(`${sim.restUrl}/api/v3/order?${payload}&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71`,
      { method: 'POST', headers: { 'X-MBX-APIKEY': DOC_KEY } });
    expect([ok.status, ok.body]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }]);
    const tampered = await call(`${sim.restUrl}/api/v3/order?${payload.replace('price=0.1', 'price=0.2')}&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71`,
      { method: 'POST', headers: { 'X-MBX-APIKEY': DOC_KEY } });
    expect([tampered.status, tampered.body]).toEqual([400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
  });

  test('vector 2: a non-ASCII symbol is signed percent-encoded, as sent', async () => {
    sim = await docSimulator();
    const payload = 'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    const response = await call(`${sim.restUrl}/api/v3/order?${payload}&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3`,
      { method: 'POST', headers: { 'X-MBX-APIKEY': DOC_KEY } });
    expect(response.body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  test('vector 3: query and body are concatenated with no separator', async () => {
    sim = await docSimulator();
    const response = await call(`${sim.restUrl}/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': DOC_KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77',
    });
    expect(response.body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  test('a signature of the un-encoded string is rejected with -1022', async () => {
    sim = await docSimulator();
    const raw = 'symbol=１２３４５６&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    const encoded = 'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    const response = await call(`${sim.restUrl}/api/v3/order?${encoded}&signature=${signPayload({ secret: DOC_SECRET }, raw)}`,
      { method: 'POST', headers: { 'X-MBX-APIKEY': DOC_KEY } });
    expect(response.body).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });
});

describe('API keys and signatures', () => {
  test('the demo account has the documented keys', async () => {
    sim = await startSimulator();
    expect(sim.accounts).toEqual([{ apiKey: DEMO_API_KEY, apiSecret: DEMO_API_SECRET, keyType: 'hmac' }]);
    expect(DEMO_API_KEY).toMatch(/^[A-Za-z0-9]{64}$/);
    const response = await signed(sim.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, { secret: DEMO_API_SECRET }, {});
    expect(response.status).toBe(200);
  });

  test('a missing or malformed key is -2014, an unknown one -2015, both 401', async () => {
    sim = await startSimulator();
    const secret = { secret: DEMO_API_SECRET };
    const missing = await call(`${sim.restUrl}/api/v3/account?timestamp=${Date.now()}&signature=00`);
    expect([missing.status, missing.body]).toEqual([401, { code: -2014, msg: 'API-key format invalid.' }]);
    const malformed = await signed(sim.restUrl, 'GET', '/api/v3/account', 'short-key', secret, {});
    expect([malformed.status, malformed.body]).toEqual([401, { code: -2014, msg: 'API-key format invalid.' }]);
    const unknown = await signed(sim.restUrl, 'GET', '/api/v3/account', 'A'.repeat(64), secret, {});
    expect([unknown.status, unknown.body]).toEqual([401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }]);
  });

  test('an Ed25519 account verifies base64 signatures made with its private key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    sim = await startSimulator({ accounts: [{ publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
    const account = sim.accounts[0]!;
    expect([account.keyType, account.apiSecret, account.apiKey]).toEqual(['ed25519', '', expect.stringMatching(/^[A-Za-z0-9]{64}$/)]);
    const order = await signed(sim.restUrl, 'POST', '/api/v3/order', account.apiKey, { privateKey },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '50', newOrderRespType: 'ACK' });
    expect(order.status).toBe(200);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = await signed(sim.restUrl, 'GET', '/api/v3/account', account.apiKey, { privateKey: other }, {});
    expect(forged.body).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });

  test('an RSA account verifies PKCS#1 v1.5 SHA-256 signatures', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sim = await startSimulator({ accounts: [{ publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
    const response = await signed(sim.restUrl, 'GET', '/api/v3/account', sim.accounts[0]!.apiKey, { privateKey }, { omitZeroBalances: 'true' });
    expect(response.status).toBe(200);
  });

  test('a missing signature or timestamp is -1102', async () => {
    sim = await startSimulator();
    const noSignature = await call(`${sim.restUrl}/api/v3/account?timestamp=${Date.now()}`, { headers: { 'X-MBX-APIKEY': DEMO_API_KEY } });
    expect([noSignature.status, noSignature.body]).toEqual([400, { code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." }]);
    const query = encode({ recvWindow: 5000 });
    const noTimestamp = await call(`${sim.restUrl}/api/v3/account?${query}&signature=${signPayload({ secret: DEMO_API_SECRET }, query)}`,
      { headers: { 'X-MBX-APIKEY': DEMO_API_KEY } });
    expect(noTimestamp.body).toEqual({ code: -1102, msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed." });
  });
});

describe('timestamp and recvWindow', () => {
  const NOW = Date.UTC(2026, 3, 1, 12);
  const key = { secret: DEMO_API_SECRET };

  test('accepts up to recvWindow behind and less than 1000 ms ahead, rejects the rest with -1021', async () => {
    sim = await startSimulator({ clock: { now: () => NOW } });
    const at = (timestamp: number, params: Record<string, string | number> = {}) =>
      signed(sim!.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, key, params, { timestamp });
    expect((await at(NOW - 5000)).status).toBe(200);
    expect((await at(NOW + 999)).status).toBe(200);
    expect((await at(NOW - 5001)).body).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    expect((await at(NOW + 1000)).body).toEqual({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    expect((await at(NOW - 59_000, { recvWindow: 60000 })).status).toBe(200);
    expect((await at(NOW - 5000, { recvWindow: '5000.5' })).status).toBe(200);
    expect((await at(NOW - 5001, { recvWindow: '5000.5' })).body).toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    expect((await at(NOW, { recvWindow: 60001 })).body).toEqual({ code: -1131, msg: 'recvWindow must be less than 60000' });
  });

  test('microsecond timestamps are understood', async () => {
    sim = await startSimulator({ clock: { now: () => NOW } });
    expect((await signed(sim.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, key, {}, { timestamp: (NOW - 100) * 1000 + 123 })).status).toBe(200);
    expect((await signed(sim.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, key, {}, { timestamp: (NOW - 6000) * 1000 })).body)
      .toEqual({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
  });
});
