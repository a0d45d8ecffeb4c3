/**
 * 2. Request signing: the cost of turning a LIMIT order's parameters into a signed request
 * (timestamp, recvWindow, encoding, signature) on each client's own signing path, against a bare
 * `createHmac` / `crypto.sign` of the same bytes. HMAC-SHA256 and Ed25519.
 */
import { Buffer } from 'node:buffer';
import { createHmac, createPrivateKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { createRequire } from 'node:module';
import { compareMicro, fmt, fmtRatio, ratio } from '../lib/stats.js';

const require = createRequire(import.meta.url);

const ORDER = [
  ['symbol', 'BTCUSDT'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'],
  ['quantity', '0.00100000'], ['price', '50000.00'], ['newClientOrderId', 'x-bench-7f3a9c1e2b4d'],
];
const ORDER_OBJECT = Object.fromEntries(ORDER);
const HMAC_SECRET = 'autotraderSimulatorDemoApiSecret00000000000000000000000000000001';

async function candidates(keyKind) {
  const { signRequests } = await import('../../dist/binance/rest/sign.js');
  const { createSigner } = await import('../../dist/binance/signing.js');
  const ccxt = (await import('ccxt')).default;
  const binanceUtils = require('binance/lib/util/requestUtils.js');
  const common = await import('@binance/common');

  const pem = keyKind === 'hmac' ? undefined : generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const keyObject = pem === undefined ? undefined : createPrivateKey(pem);
  const secret = pem ?? HMAC_SECRET;

  // Ours: the pipeline's signing stage, ending in a handler that receives the signed request.
  const signer = createSigner(pem === undefined ? { apiSecret: HMAC_SECRET } : { privateKey: pem });
  let signed;
  const oursHandler = signRequests({ signer, recvWindow: 5000, timestamp: Date.now })(async (req) => {
    signed = req;
    return { status: 200, headers: {}, body: null };
  });
  const request = { method: 'POST', path: '/api/v3/order', params: ORDER, security: 'signed', idempotent: false };
  await oursHandler(request);
  const { encodeParams } = await import('../../dist/spec/binance/signature.js');
  const payload = encodeParams(signed.params.filter(([name]) => name !== 'signature'));
  const bytes = Buffer.from(payload, 'utf8');

  const exchange = new ccxt.binance({ apiKey: 'bench', secret, options: { adjustForTimeDifference: false } });
  const spotConfig = pem === undefined ? { apiSecret: HMAC_SECRET } : { privateKey: pem };

  return [
    keyKind === 'hmac'
      ? { name: 'bare createHmac', fn: () => createHmac('sha256', HMAC_SECRET).update(payload).digest('hex') }
      : { name: 'bare crypto.sign', fn: () => cryptoSign(null, bytes, keyObject).toString('base64') },
    { name: 'ours', async: true, fn: () => oursHandler(request) },
    { name: 'ccxt', fn: () => exchange.sign('order', 'private', 'POST', { ...ORDER_OBJECT }) },
    { name: 'binance', async: true, fn: () => binanceUtils.getRESTRequestSignature(ORDER_OBJECT, {}, 'bench', secret, Date.now()) },
    { name: '@binance/spot', fn: () => common.getSignature(spotConfig, { ...ORDER_OBJECT, recvWindow: 5000, timestamp: Date.now() }) },
  ];
}

export const id = 'signing';
export const title = '2. Request signing (one signed LIMIT order request)';

export async function run({ quick }) {
  const options = quick ? { rounds: 3, msPerRun: 100, warmupMs: 100 } : { rounds: 7, msPerRun: 400, warmupMs: 400 };
  const rows = [];
  const targets = [];
  for (const kind of ['hmac', 'ed25519']) {
    const list = await candidates(kind);
    const results = await compareMicro(list, options);
    const floorName = list[0].name;
    const floor = results.get(floorName).median;
    const ours = results.get('ours').median;
    for (const c of list) {
      const ns = results.get(c.name).median;
      rows.push([
        `${kind === 'hmac' ? 'HMAC' : 'Ed25519'} · ${c.name}`, fmt(ns / 1000), fmtRatio(ns / floor),
        c.name === 'ours' || c.name === floorName ? '' : fmtRatio(ratio(ours, ns)),
      ]);
    }
    targets.push({
      label: `${kind === 'hmac' ? 'HMAC' : 'Ed25519'} signing within 2× of bare ${kind === 'hmac' ? 'createHmac' : 'crypto.sign'}`,
      value: ours / floor, display: fmtRatio(ours / floor), met: ours / floor <= 2,
    });
    const peers = ['ccxt', 'binance', '@binance/spot'];
    const behind = peers.filter((p) => ours > results.get(p).median);
    targets.push({
      label: `${kind === 'hmac' ? 'HMAC' : 'Ed25519'} signing ahead of every peer`,
      value: behind.length, display: behind.length === 0 ? 'ahead of all' : `behind ${behind.join(', ')}`, met: behind.length === 0,
    });
  }
  return {
    header: ['path', 'µs per request', 'vs floor', 'ours/peer'],
    rows,
    samples: `${options.rounds} rounds of ${options.msPerRun} ms per path after ${options.warmupMs} ms warm-up, rotating order, medians`,
    notes: [
      'ours: the REST pipeline\'s signing stage (timestamp, recvWindow, percent-encoding, signature) up to the handler that would send',
      'ccxt: `binance.sign()` (URL, body, headers, signature; HMAC via @noble/hashes, Ed25519 via @noble/curves); binance: `getRESTRequestSignature` (Web Crypto); @binance/spot: `getSignature` with its cached signer',
    ],
    targets,
  };
}
