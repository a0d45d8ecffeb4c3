import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';

/**
 * Pins the exact bytes the klines endpoints send (values, 8-decimal formatting, row shape), so
 * that any change to how pages are computed or serialized must reproduce them byte for byte.
 * The digests were first taken from the implementation that built row arrays and ran
 * JSON.stringify, and taken again when the market became generated top-down (day, hour, minute,
 * second), checked against JSON.stringify of the rows. ETHBTC's were taken again when cross pairs
 * began to take their prices from their legs.
 */

const NOW = Date.UTC(2026, 4, 20, 15, 42, 17, 345);
const START = Date.UTC(2025, 10, 3, 7, 13);
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, clock: { now: () => NOW } });
});
afterAll(async () => {
  await sim.close();
});

async function text(path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${sim.restUrl}${path}`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  const body = await response.text();
  expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
  return body;
}

const sha256 = (body: string): string => createHash('sha256').update(body).digest('hex');

/* The row texts are Binance's own shape. */
const ROWS_BTC_1M = '[[1762153980000,"84756.92000000","84866.19000000","84709.69000000","84830.71000000","8.28001000",1762154039999,"696447.35830000",802,"3.30109000","277653.46090000","0"],[1762154040000,"84830.71000000","84891.07000000","84793.61000000","84846.88000000","6.19601000",1762154099999,"521463.57670000",589,"2.12317000","178683.69730000","0"]]';
const ROWS_ETHBTC_1D = '[[1762214400000,"0.03398000","0.03497000","0.03286000","0.03393000","38837.43580000",1762300799999,"1317.94838387",149146,"18451.67370000","626.15754701","0"],[1762300800000,"0.03393000","0.03536000","0.03267000","0.03380000","30838.54840000",1762387199999,"1046.66033270",113577,"17328.94950000","588.14454603","0"]]';
const ROWS_BNB_1S_NOW = '[[1779291736000,"578.57000000","578.59000000","578.46000000","578.50000000","6.57200000",1779291736999,"3834.64290000",6,"3.80600000","2220.60960000","0"],[1779291737000,"578.50000000","578.62000000","578.46000000","578.56000000","12.40800000",1779291737999,"7239.90560000",10,"7.90900000","4614.54350000","0"]]';
const MICROSECOND_DIGEST = '82823c1b4ea339c2cd6f4f6059f324e3d1f7c54c94a00c4473e736f3ad136e13';
const PAGES: [string, string][] = [
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${START}&limit=1000`, '7f3dd6e0c20b3726559eaf52c78fadedc7688207f7bb4c99950f21917d33fb9d'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m`, 'c28b9861ebfd62a1ef6eb432a5b94ef963afef9a4889763da6dd4e67da24cec2'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=5m&endTime=${START}&limit=300`, '4d78c98d18ae1ad922e74c40d8f70cce08214d4bb6e1272261f7da7d747725de'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m&startTime=${START}&limit=1000`, 'a39cbfe117e9aff073e257559acf7456ebb73bab7d8a5fb2573ad2a192c7d627'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m`, '9d8095ea6884b4fbc720388bf0b0b7836fb644940c49d85874ba7dacfaa0b85e'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=4h&endTime=${START}&limit=300`, '00c7e3890d8ac4f34025a0d88e92e307aa6cff5f14cbd9fddc73b5fe8c429e9e'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1m&startTime=${START}&limit=1000`, '21f6896e2b9f51f545f51093fbd8bd007c97c7c2e004392739eddc5de9b30bd7'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1m`, '6b023cc21ac79769d5fe05d263c44560e29b5325c141d7a3d91e7319a64567e1'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=3d&endTime=${START}&limit=20`, '4f17d6bdaf2c8836029479c80bdd81efa8e6b8b1058020d1810e3149472468de'],
  [`/api/v3/klines?symbol=ETHBTC&interval=1m&startTime=${START}&limit=1000`, 'fdb54bf81af6dc57e45030f5f3fd81f5b7c5238e45be83df226b01cb47ecf571'],
  [`/api/v3/klines?symbol=ETHBTC&interval=1m`, '33a1d9250c063bc9a440361caa4ef975685dd9120ca4011aa32e00cd104ee5a6'],
  [`/api/v3/klines?symbol=ETHBTC&interval=3m&endTime=${START}&limit=300`, '3d3eaf683852f6e6cb6dc8c3eef7d57653c07a8360ba4117bf42e26a348e4b23'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1s&limit=1000`, '7c4e9f3d2b40ec98e8973833f1712d6943767c38c9aa069a74451b18c1b722c7'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m&limit=1000`, 'cad8ab4d50b42191d0a37e5be7571bc648cd333675fa6dc5fccb5f2a77f6cae1'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=3m&limit=1000`, 'e8e0b8a2cdad97ba46c2c69c81bb2a7ca58a447ecea3906c355173881a57151a'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=5m&limit=1000`, 'bead4ad38509a841546f09650794798d86bce0fc7ff5069217cfd30c2ccb7ec7'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=15m&limit=1000`, '5d1b6cc2aa74d5a8d56ccedd3730e12d6a0dd508194f4bca18a305f91f5e8151'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=30m&limit=1000`, '8425ebbcbd5016c502a79c85b767d24d6dc30b2fd17af7ae324e3157bccefc91'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1h&limit=1000`, 'af44fde533d714c38c33b50b358a0f23d4c3035c84ab93269200fd96bd2c3f87'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=2h&limit=1000`, '2dbcb76595922f4f2ff439e21147f58c9060431eace565e6382738efa336e872'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=4h&limit=1000`, '1584a1919d7e4de0e85fa7ae64155f56c7c79232e9416ddb53769bb0e4535bae'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=6h&limit=30`, '7df88dbf06a2281778600e446613f22f5bc84314845e378c93161e69dfec1125'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=8h&limit=30`, '78218de36445c64872f2454fd5563b8cbf6ff4c1378724839071226746575ef0'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=12h&limit=30`, '7c878eb85eddf27c2cafc1d94de52f97c713187cd476f5e3fd50158cb5a69153'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1d&limit=30`, '0726980bba37c513f043f9fcdeb8e22c922cf2361196f8086af6f5fba1f917fc'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=3d&limit=30`, '7cefdb2fefbbbf0cbe0ca0acccb2e731cb8e8f2267548b877143ad2ca230e698'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1w&limit=30`, 'c36ae194b59eb6a9160c95d1634f450369f89c067f37f12e9e1897b496ff889d'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1M&limit=30`, '9c872bbaa166ec1f5e2bfd47071f40de1aebac065fe3c16fb5491f72c338a83a'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1M&startTime=1483228800000&limit=4`, 'ce69c55f90cc7b1812c083467367a9c8770572b59a4c0f1c9e24a729b080407a'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1w&startTime=1483228800000&limit=40`, '2e02f891d4ee120a31ae624aabfa46bee972dc98a92103d8ac974527ff60b1fa'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1d&timeZone=-5:30&startTime=1509494400000&limit=30`, '5f37fc41d7d1212391b8ef27a01103d29d2ae8dbe09c86653f0ccf0d9dfc3c71'],
  [`/api/v3/klines?symbol=ETHBTC&interval=4h&timeZone=8&startTime=${START}&endTime=${START + 30 * 86_400_000}`, 'c0111555feae617bd2631d82e51c91b426f54ab211132abdb4c4cb7640e7bd06'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${NOW - 600_000}&limit=1000`, '5e3dc7740b241aef994da57054f61b0da8850444af3c1df8cea41a7eae98998c'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1762153980017&endTime=1762183980005`, '059b455558e7c2a232cba2b332c6c42a3b0f1b0f7f6c7423f49de42ba0457c78'],
];

describe('klines bytes', () => {
  test('a few rows exactly', async () => {
    expect(await text(`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${START}&limit=2`)).toBe(ROWS_BTC_1M);
    expect(await text(`/api/v3/klines?symbol=ETHBTC&interval=1d&startTime=${START}&limit=2`)).toBe(ROWS_ETHBTC_1D);
    expect(await text('/api/v3/klines?symbol=BNBUSDT&interval=1s&limit=2')).toBe(ROWS_BNB_1S_NOW);
  });

  test.each(PAGES)('%s', async (path, digest) => {
    expect(sha256(await text(path))).toBe(digest);
  });

  test('microsecond pages and uiKlines', async () => {
    const path = `/api/v3/klines?symbol=ETHUSDT&interval=15m&startTime=${START}&limit=1000`;
    expect(sha256(await text(path, { 'X-MBX-TIME-UNIT': 'MICROSECOND' }))).toBe(MICROSECOND_DIGEST);
    expect(await text(path.replace('klines', 'uiKlines'))).toBe(await text(path));
  });
});
