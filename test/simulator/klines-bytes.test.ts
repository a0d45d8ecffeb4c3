import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

/**
 * Pins the exact bytes the klines endpoints send (values, 8-decimal formatting, row shape), so
 * that any change to how pages are computed or serialized must reproduce them byte for byte.
 * The digests were taken from the implementation that built row arrays and ran JSON.stringify.
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

/* Taken from the row-array implementation; the row texts are Binance's own shape. */
const ROWS_BTC_1M = '[[1762153980000,"83668.88000000","83675.78000000","83640.38000000","83658.83000000","7.09826000",1762154039999,"593847.29920000",529,"3.42400000","286455.15270000","0"],[1762154040000,"83658.83000000","83723.71000000","83605.46000000","83624.37000000","14.17011000",1762154099999,"1185373.52260000",1333,"6.22139000","520438.51320000","0"]]';
const ROWS_ETHBTC_1D = '[[1762214400000,"0.03138000","0.03144000","0.03025000","0.03044000","45635.05320000",1762300799999,"1402.38916104",184714,"22807.34950000","700.88179098","0"],[1762300800000,"0.03044000","0.03228000","0.03016000","0.03218000","45497.52040000",1762387199999,"1417.47698237",184281,"22793.17990000","710.12157252","0"]]';
const ROWS_BNB_1S_NOW = '[[1779291736000,"589.22000000","589.22000000","589.21000000","589.21000000","4.25600000",1779291736999,"2507.78420000",4,"1.94800000","1147.59390000","0"],[1779291737000,"589.21000000","589.21000000","589.19000000","589.19000000","7.80200000",1779291737999,"4597.21150000",7,"3.57000000","2103.74240000","0"]]';
const MICROSECOND_DIGEST = '1c364e12240de4a24f78191abf20648060fe06de6981058ca01704c6af60e1d2';
const PAGES: [string, string][] = [
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${START}&limit=1000`, '6157cb6f59c34ad543632de1dd72e434eb5f4d2b757f8c52b31daa54c2739119'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m`, 'da05b616ef06c0aac2ee0e229cc6e89d58f4a4f06a09e74ac112092e5a13a75d'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=5m&endTime=${START}&limit=300`, 'a048dbad7d8ebb884138dfb7efd3854bad5253a285465d81358c45cc4512dd04'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m&startTime=${START}&limit=1000`, '0ff8d47b13dbec75161455d237d8697a1ecc3601d3e03792aa4c30ac4f114de2'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m`, '5949b1fa6004d3bb17ab56b7d05818eba8f92bf0ff997a13269df8621051a6d7'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=4h&endTime=${START}&limit=300`, '63cbefa5d211cc024021d8940fbed7a266a2ca6de14e70cd31ee09580736acff'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1m&startTime=${START}&limit=1000`, '441907e281d497a4502528f7b10c195489c8966ac8a8a7570c21ddbf513e6cda'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1m`, '904ee33554bf27f6db4211b0de83ca59335462266249ac74a7a23545da943e5c'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=3d&endTime=${START}&limit=20`, '0c0b48c0f3bc3b9587065293addad1c04bcef8931209657aa3da2885049bbf77'],
  [`/api/v3/klines?symbol=ETHBTC&interval=1m&startTime=${START}&limit=1000`, '08ae692f38c1c61ab2b2183cd669373868da578c04f6f129c944ba046edabcdd'],
  [`/api/v3/klines?symbol=ETHBTC&interval=1m`, '65eed30a6c27f9b7e24c42e79c0c8dd3238ba2a1a973512f8dde110b0f3581fd'],
  [`/api/v3/klines?symbol=ETHBTC&interval=3m&endTime=${START}&limit=300`, 'f577090e38c4e4726af3c58bfde2c2f61add5c2d29ba7810d6234d2795b6664e'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1s&limit=1000`, 'e55581d0673e46e147684e1ffe3ba2a1f94fd03e69d54b2b2fc4ed52b758d881'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1m&limit=1000`, '881bae649a54db22c3ded884c3aa1a0aa9a9bf0229349ab2bda3b2954114d036'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=3m&limit=1000`, '1058bb79d2c8f39219ae0edeb95cfa10421c298e359b2c7ea3bbed37db1bfc04'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=5m&limit=1000`, 'e65a4091821643cb85a85c37c7143dea47f4ade5d7ce531c15cf4a5798afbd7b'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=15m&limit=1000`, '875651afc955340bc95267e2d2544e679bf3f6694e9a00d160b8b67d198847fe'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=30m&limit=1000`, '4f7661e2a771a60edb516537ce6271f34404e6ff1858d6ea9b05cd19f59c64a1'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1h&limit=1000`, '343f1b8e5c1941c33e310a26a30e82947d29bd459342bccc37296c22cc95221d'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=2h&limit=1000`, '32e8e6a031a2cad843bd07aa6b09e0edb8982c01ab55c9b17771150aeb1fcf91'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=4h&limit=1000`, 'e3440d0b3d73b6f91cbc4f1634f44ba7fb2824658b9af2c4b7dd407195b593af'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=6h&limit=30`, '5217df319d09a39eb181f5ceeff2f0d6c63782d07c5abfe733e18ffb08ca3a59'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=8h&limit=30`, '187340d02b1c195fc8f49c341bd2d068ce72a510f5a15d7f5a706fe0209fb916'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=12h&limit=30`, '244d525ec7674b22e494de540029a4c0226b3ab70031a8a971589e472dacb590'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1d&limit=30`, 'b4f0f5bf7131fd620f8b1b2840c57f9c095a14efa8ae31f25fd9fb410aa44405'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=3d&limit=30`, '10d9caf0357d958057ceb147a55b8c1b73e536adc7d2b02adf901267be6aeca0'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1w&limit=30`, 'deca4b7ac97a727403d8ee31d187c23cca30b950dc7fe2dec3753f3a291eea7c'],
  [`/api/v3/klines?symbol=ETHUSDT&interval=1M&limit=30`, '3a2454a9c0a02247ad1dd7536b25c62c3622c3a7ba99e96104c54eee451fc776'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1M&startTime=1483228800000&limit=4`, '36ddddf1d7f4701d8ebdc16064b416046e8695a6f1972d165455f476d487f9d6'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1w&startTime=1483228800000&limit=40`, '4b0cc008ca883bc785d6c7759b91a4fc2048fe13b664e044b1db656a025a9277'],
  [`/api/v3/klines?symbol=BNBUSDT&interval=1d&timeZone=-5:30&startTime=1509494400000&limit=30`, 'ad808de7910e1033f12bc04e1ba00223c3479e7138857aeb12db08bea2b9766a'],
  [`/api/v3/klines?symbol=ETHBTC&interval=4h&timeZone=8&startTime=${START}&endTime=${START + 30 * 86_400_000}`, '401003bf322fa033275ad55fc9cddb2f42c914b35d255f17ce4514549e4326cd'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=${NOW - 600_000}&limit=1000`, 'b0ca67297205d8e034c86baae2bc5bfebb069959feb524c007886894f055b284'],
  [`/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1762153980017&endTime=1762183980005`, '4262b6a7abd045be848a054c9171a155a1fbbfb5a08b28918d99428219684e01'],
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
