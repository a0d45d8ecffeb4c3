import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalExchange, wireOrder, type LocalExchange } from '../binance/support/local-exchange.js';
import { runCli, type RunOptions } from './run-cli.js';

/**
 * `order place` with an iceberg, a self-trade prevention mode, a peg and strategy labels: the
 * flags' usage errors, the parameters sent, and how the order shows them, against a local
 * Binance-shaped server that answers with the conditional fields rest-api.md lists.
 */

const KEYS: RunOptions = { env: { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' } };
const dead = ['--rest-url', 'http://127.0.0.1:9'];

let exchange: LocalExchange;
const at = (): string[] => ['--rest-url', exchange.url];

beforeAll(async () => {
  exchange = await startLocalExchange((req) => {
    if (req.method !== 'POST' || req.path !== '/api/v3/order') return undefined;
    const p = (name: string): string | null => req.params.get(name);
    const answer: Record<string, unknown> = {
      ...wireOrder({ orderId: 51, clientOrderId: p('newClientOrderId')!, price: p('price') ?? '0.00000000' }),
      selfTradePreventionMode: p('selfTradePreventionMode') ?? 'NONE',
    };
    if (p('icebergQty') !== null) answer.icebergQty = p('icebergQty');
    if (p('pegPriceType') !== null) Object.assign(answer, { pegPriceType: p('pegPriceType'), peggedPrice: '49990.00000000' });
    if (p('pegOffsetValue') !== null) Object.assign(answer, { pegOffsetType: p('pegOffsetType'), pegOffsetValue: Number(p('pegOffsetValue')) });
    if (p('strategyId') !== null) answer.strategyId = Number(p('strategyId'));
    if (p('strategyType') !== null) answer.strategyType = Number(p('strategyType'));
    return { body: answer };
  });
});

afterAll(async () => {
  await exchange.close();
});

describe('order place option flags: usage errors before any request', () => {
  it.each([
    [['BTCUSDT', 'BUY', 'MARKET', '--quantity', '0.01', '--iceberg', '0.001'], '--iceberg: a MARKET order cannot be an iceberg; the limit types can'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.01', '--stop-price', '1', '--peg-price-type', 'PRIMARY_PEG'], '--peg-price-type: a STOP_LOSS order cannot be pegged; the limit types can'],
    [['BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.01', '--price', '1', '--stp', 'EXPIRE_ALL'],
      '--stp: must be one of NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH, DECREMENT, TRANSFER, got "EXPIRE_ALL"'],
    [['BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.01', '--price', '1', '--peg-offset', '2'], '--peg-offset: needs --peg-price-type'],
    [['BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.01', '--peg-price-type', 'MARKET_PEG', '--peg-offset', '101'], '--peg-offset: must be an integer from 1 to 100, got "101"'],
    [['BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.01', '--price', '1', '--strategy-type', '999'], '--strategy-type: must be an integer at least 1000000, got "999"'],
    [['BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.01'], 'a LIMIT order needs --price'],
  ])('order place %j: %s', async (args, message) => {
    const run = await runCli([...dead, 'order', 'place', ...args], KEYS);
    expect([run.code, run.stderr.split('\n')[0], run.stdout]).toEqual([2, `autotrader: ${message}`, '']);
  });
});

describe('order options on the command line', () => {
  it('sends an iceberg with its STP mode and strategy labels under Binance\'s names, and shows them', async () => {
    const before = exchange.requests.length;
    const run = await runCli([...at(), 'order', 'place', 'BTCUSDT', 'SELL', 'LIMIT', '--quantity', '0.01', '--price', '50000',
      '--iceberg', '0.002', '--stp', 'expire_maker', '--strategy-id', '7', '--strategy-type', '1000000', '--client-id', 'ice-1'], KEYS);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[3]).toBe('iceberg 0.002 · stp EXPIRE_MAKER · strategy id 7 · strategy type 1000000');
    const post = exchange.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(Object.fromEntries([...post.params].filter(([name]) => name !== 'timestamp' && name !== 'signature'))).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '50000', newClientOrderId: 'ice-1',
      newOrderRespType: 'FULL', strategyId: '7', strategyType: '1000000', icebergQty: '0.002', selfTradePreventionMode: 'EXPIRE_MAKER',
    });
  });

  it('places a pegged order without a price and shows the price the exchange set', async () => {
    const before = exchange.requests.length;
    const [text, json] = await Promise.all([
      runCli([...at(), 'order', 'place', 'BTCUSDT', 'BUY', 'LIMIT_MAKER', '--quantity', '0.001', '--peg-price-type', 'primary_peg', '--peg-offset', '2'], KEYS),
      runCli([...at(), '--json', 'order', 'place', 'BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.001', '--peg-price-type', 'MARKET_PEG', '--tif', 'IOC'], KEYS),
    ]);
    expect([text.code, text.stderr, json.code, json.stderr]).toEqual([0, '', 0, '']);
    expect(text.stdout.split('\n')[3]).toBe('pegged PRIMARY_PEG +2 PRICE_LEVEL at 49990');
    expect(JSON.parse(json.stdout)).toMatchObject({ price: '0', pegPriceType: 'MARKET_PEG', peggedPrice: '49990', selfTradePreventionMode: 'NONE' });
    const posts = exchange.requests.slice(before).filter((r) => r.method === 'POST').map((r) => Object.fromEntries(r.params));
    expect(posts.map((p) => [p.type, p.price, p.timeInForce, p.pegPriceType, p.pegOffsetType, p.pegOffsetValue]).sort())
      .toEqual([['LIMIT', undefined, 'IOC', 'MARKET_PEG', undefined, undefined], ['LIMIT_MAKER', undefined, undefined, 'PRIMARY_PEG', 'PRICE_LEVEL', '2']]);
  });
});
