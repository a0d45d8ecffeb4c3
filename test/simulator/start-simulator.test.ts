import { generateKeyPairSync } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_SYMBOLS, DEMO_API_KEY, DEMO_API_SECRET, SPOT_SYMBOLS, startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { call, signed } from './support.js';
import { closeClients, connect } from './ws-support.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  closeClients();
  await sim?.close();
  sim = undefined;
});

test('the handle names the REST origin and the WebSocket URLs of the same port', async () => {
  sim = await startSimulator({ port: 0 });
  const port = new URL(sim.restUrl).port;
  expect(sim.restUrl).toBe(`http://127.0.0.1:${port}`);
  expect(sim.wsStreamUrl).toBe(`ws://127.0.0.1:${port}`);
  expect(sim.wsApiUrl).toBe(`ws://127.0.0.1:${port}/ws-api/v3`);
  expect(sim.timing).toEqual({
    pingIntervalMs: 20_000, pongTimeoutMs: 60_000, connectionLifetimeMs: 86_400_000, klineUpdateMs: 2_000, secondKlineUpdateMs: 1_000,
    tickerUpdateMs: 1_000, depthUpdateMs: 1_000, fastDepthUpdateMs: 100, incomingMessagesPerSecond: 5, shutdownGraceMs: 1_000,
  });
});

test('the demo account starts with testnet-like balances', async () => {
  sim = await startSimulator();
  const account = await signed(sim.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, { secret: DEMO_API_SECRET }, {});
  expect((account.body as { balances: unknown }).balances).toEqual([
    { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
    { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
    { asset: 'ETH', free: '10.00000000', locked: '0.00000000' },
    { asset: 'BNB', free: '100.00000000', locked: '0.00000000' },
  ]);
});

test('configured accounts get their keys and balances; traded assets they lack are listed at zero', async () => {
  sim = await startSimulator({ seed: 3, accounts: [{ apiKey: 'alice-1', apiSecret: 'alice-secret', balances: { USDT: '5.5' } }, {}] });
  expect(sim.accounts[0]).toEqual({ apiKey: 'alice-1', apiSecret: 'alice-secret', keyType: 'hmac' });
  expect(sim.accounts[1]!.apiKey).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(sim.accounts[1]!.apiKey).not.toBe(DEMO_API_KEY);
  const account = await signed(sim.restUrl, 'GET', '/api/v3/account', 'alice-1', { secret: 'alice-secret' }, {});
  expect((account.body as { balances: { asset: string; free: string }[] }).balances.map((b) => [b.asset, b.free])).toEqual([
    ['USDT', '5.50000000'], ['BTC', '0.00000000'], ['ETH', '0.00000000'], ['BNB', '0.00000000'],
  ]);
});

test('bad account options fail at start with the option named', async () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await expect(startSimulator({ accounts: [{ apiKey: 'has space' }] })).rejects.toThrow('accounts[0].apiKey must be 1 to 128 visible ASCII characters');
  await expect(startSimulator({ accounts: [{ apiSecret: 'x', publicKey: pem }] })).rejects.toThrow('accounts[0] takes apiSecret (HMAC) or publicKey (Ed25519/RSA), not both');
  await expect(startSimulator({ accounts: [{}, { publicKey: 'not a key' }] })).rejects.toThrow('accounts[1].publicKey must be an Ed25519 or RSA public key in PEM');
  await expect(startSimulator({ accounts: [{ balances: { BTC: '1e3' } }] })).rejects.toThrow('accounts[0].balances.BTC must be a decimal string such as "1000"');
  await expect(startSimulator({ accounts: [{ apiKey: 'same' }, { apiKey: 'same' }] })).rejects.toThrow('accounts[1].apiKey is used by two accounts');
});

test('lists the symbols it is given: SPOT_SYMBOLS in exchangeInfo, streaming and tradable from the demo account', async () => {
  sim = await startSimulator({ symbols: SPOT_SYMBOLS, timing: { klineUpdateMs: 50 } });
  const info = (await call(`${sim.restUrl}/api/v3/exchangeInfo`)).body as { symbols: { symbol: string; filters: { filterType: string }[] }[] };
  expect(info.symbols.map((s) => s.symbol)).toEqual(SPOT_SYMBOLS.map((s) => s.symbol));
  expect(info.symbols).toHaveLength(34);
  const solbtc = info.symbols.find((s) => s.symbol === 'SOLBTC')!;
  expect(solbtc.filters.filter((f) => ['PRICE_FILTER', 'LOT_SIZE', 'NOTIONAL'].includes(f.filterType))).toEqual([
    { filterType: 'PRICE_FILTER', minPrice: '0.00000010', maxPrice: '1000.00000000', tickSize: '0.00000010' },
    { filterType: 'LOT_SIZE', minQty: '0.00100000', maxQty: '9000000.00000000', stepSize: '0.00100000' },
    { filterType: 'NOTIONAL', minNotional: '0.00010000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
  ]);
  const client = await connect(`${sim.wsStreamUrl}/ws/dogeusdt@kline_1m`);
  const kline = (await client.next()) as { s: string; k: { c: string } };
  expect(kline.s).toBe('DOGEUSDT');
  expect(kline.k.c).toMatch(/^0\.[0-9]{5}000$/);
  client.ws.close();
  const bought = await signed(sim.restUrl, 'POST', '/api/v3/order', DEMO_API_KEY, { secret: DEMO_API_SECRET }, {
    symbol: 'SOLBTC', side: 'BUY', type: 'MARKET', quantity: '2', newOrderRespType: 'FULL',
  });
  expect([bought.status, (bought.body as { status: string }).status]).toEqual([200, 'FILLED']);
  const account = await signed(sim.restUrl, 'GET', '/api/v3/account', DEMO_API_KEY, { secret: DEMO_API_SECRET }, { omitZeroBalances: 'true' });
  const balances = (account.body as { balances: { asset: string; free: string }[] }).balances;
  expect(balances.find((b) => b.asset === 'SOL')?.free).toBe('1.99800000');
});

test('bad symbol lists fail at start with the option named', async () => {
  await expect(startSimulator({ symbols: [] })).rejects.toThrow('symbols must list at least one symbol');
  await expect(startSimulator({ symbols: [DEFAULT_SYMBOLS[0]!, DEFAULT_SYMBOLS[0]!] })).rejects.toThrow('symbols: BTCUSDT is listed twice');
  await expect(startSimulator({ symbols: [{ ...DEFAULT_SYMBOLS[0]!, symbol: 'btc/usdt' }] })).rejects.toThrow('symbols: "btc/usdt" must be 2 to 20 capital letters or digits');
});
