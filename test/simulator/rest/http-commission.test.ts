import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { Decimal } from '../../../src/core/decimal.js';
import { startSimulator, type AccountOptions, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed, type JsonResponse } from '../support.js';
import { ManualClock } from '../ws-support.js';

/**
 * The account's commission rates and unfilled order count, against Binance's documents
 * (`test/spec/fixtures/account-commission.md`), and the fees the simulator's fills pay: the rates
 * `GET /api/v3/account/commission` reports, summed as faqs/commission_faq.md sums them.
 */

const DOC = readFileSync(new URL('../../spec/fixtures/account-commission.md', import.meta.url), 'utf8');

/** The first JSON example after `heading`, comments removed. */
function example(heading: string, nth = 0): unknown {
  const start = DOC.indexOf(heading);
  const blocks = DOC.slice(start).split(/```(?:javascript|json)\n/).slice(1).map((b) => b.slice(0, b.indexOf('```')));
  return JSON.parse(blocks[nth]!.replace(/\/\/.*$/gm, '')) as unknown;
}

/** The shape of a JSON value: its keys, nested, in order; values reduced to their type. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

const START = Date.UTC(2026, 6, 1, 8, 0, 5, 500);
let sim: SimulatorHandle;
let clock: ManualClock;

afterEach(async () => {
  await sim.close();
});

async function start(accounts?: readonly AccountOptions[]): Promise<(method: 'GET' | 'POST', path: string, params: Record<string, string | number>) => Promise<JsonResponse>> {
  clock = new ManualClock(START);
  sim = await startSimulator({ seed: 11, clock, ...(accounts === undefined ? {} : { accounts }) });
  const { apiKey, apiSecret } = sim.accounts[0]!;
  return (method, path, params) => signed(sim.restUrl, method, path, apiKey, { secret: apiSecret! }, params, { timestamp: clock.time });
}

const weight = (response: JsonResponse): number => Number(response.headers.get('x-mbx-used-weight-1m'));

describe('commission rates and the unfilled order count, as Binance documents them', () => {
  test('GET /api/v3/account/commission answers in the documented shape, for weight 20', async () => {
    const send = await start();
    const before = weight(await send('GET', '/api/v3/account', {}));
    const response = await send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' });
    expect(response.status).toBe(200);
    expect(shape(response.body)).toEqual(shape(example('### Query Commission Rates')));
    expect(response.body).toMatchObject({ symbol: 'BTCUSDT', standardCommission: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' } });
    expect(weight(response) - before).toBe(20);
  });

  test('GET /api/v3/rateLimit/order answers each ORDERS window with its count, in the documented shape, for weight 40', async () => {
    const send = await start();
    const price = Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
    await send('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: (price * 0.9).toFixed(2) });
    const before = weight(await send('GET', '/api/v3/account', {}));
    const response = await send('GET', '/api/v3/rateLimit/order', {});
    const documented = example('### Query Unfilled Order Count') as unknown[];
    expect(shape(response.body)).toEqual(documented.map(shape));
    expect((response.body as { interval: string; count: number }[]).map((w) => [w.interval, w.count])).toEqual([['SECOND', 1], ['DAY', 1]]);
    expect(weight(response) - before).toBe(40);
  });
});

describe('the fees fills pay are the rates the account reports', () => {
  const commission = {
    standard: { maker: '0.0002', taker: '0.0004', buyer: '0.00001', seller: '0.00002' },
    tax: { maker: '0.00003', taker: '0.00005', buyer: '0.000001', seller: '0.000002' },
    special: { taker: '0.0001' },
  };

  test('reports the account\'s rates, and the order test sums each kind with the order\'s side', async () => {
    const send = await start([{ commission }]);
    expect((await send('GET', '/api/v3/account/commission', { symbol: 'ETHUSDT' })).body).toEqual({
      symbol: 'ETHUSDT',
      standardCommission: { maker: '0.00020000', taker: '0.00040000', buyer: '0.00001000', seller: '0.00002000' },
      specialCommission: { maker: '0.00000000', taker: '0.00010000', buyer: '0.00000000', seller: '0.00000000' },
      taxCommission: { maker: '0.00003000', taker: '0.00005000', buyer: '0.00000100', seller: '0.00000200' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.00000000' },
    });
    const test = await send('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.001', computeCommissionRates: 'true' });
    expect(test.body).toMatchObject({
      standardCommissionForOrder: { maker: '0.00022000', taker: '0.00042000' },
      taxCommissionForOrder: { maker: '0.00003200', taker: '0.00005200' },
      specialCommissionForOrder: { maker: '0.00000000', taker: '0.00010000' },
    });
    const account = (await send('GET', '/api/v3/account', {})).body;
    expect(account).toMatchObject({ makerCommission: 2, takerCommission: 4, commissionRates: { maker: '0.00020000', taker: '0.00040000', buyer: '0.00001000', seller: '0.00002000' } });
  });

  test('a taking BUY pays taker and buyer rates of every kind on what it bought; a resting SELL pays maker and seller rates on its notional', async () => {
    const send = await start([{ commission, balances: { USDT: '100000', BTC: '1' } }]);
    const rates = (await send('GET', '/api/v3/account/commission', { symbol: 'BTCUSDT' })).body as Record<string, Record<string, string>>;
    const sum = (role: 'maker' | 'taker', side: 'buyer' | 'seller'): Decimal => ['standardCommission', 'taxCommission', 'specialCommission']
      .reduce((total, kind) => total.plus(rates[kind]![role]!).plus(rates[kind]![side]!), new Decimal(0));
    const bought = (await send('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' })).body as { fills: { qty: string; commission: string; commissionAsset: string }[] };
    expect(bought.fills.length).toBeGreaterThan(0);
    for (const fill of bought.fills) {
      expect([fill.commissionAsset, fill.commission]).toEqual(['BTC', new Decimal(fill.qty).times(sum('taker', 'buyer')).round(8, Decimal.roundUp).toFixed(8)]);
    }
    const price = Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price);
    const resting = (await send('POST', '/api/v3/order', {
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.2', price: (price * 1.01).toFixed(2),
    })).body as { orderId: number };
    sim.market.moveTo('BTCUSDT', (price * 1.03).toFixed(2));
    clock.time += 10_000;
    const trades = (await send('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: resting.orderId })).body as { quoteQty: string; commission: string; commissionAsset: string; isMaker: boolean }[];
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) {
      expect([trade.isMaker, trade.commissionAsset, trade.commission]).toEqual([true, 'USDT', new Decimal(trade.quoteQty).times(sum('maker', 'seller')).round(8, Decimal.roundUp).toFixed(8)]);
    }
  });

  test('refuses a rate that is not a fraction below 1', async () => {
    await expect(startSimulator({ accounts: [{ commission: { standard: { maker: '1.5' } } }] })).rejects.toThrow('accounts[0].commission.standard.maker must be a rate such as "0.001" (below 1, at most 8 decimals)');
  });
});
