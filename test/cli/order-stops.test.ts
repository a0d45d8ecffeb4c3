import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalExchange, wireOrder, type LocalExchange } from '../binance/support/local-exchange.js';
import { runCli, type RunOptions } from './run-cli.js';

/**
 * `order place` with the stop and take-profit types, and how the CLI shows such orders, against a
 * local Binance-shaped server that answers as Binance documents a stop: its trigger, whether it
 * is on the book, and why it expired.
 */

const KEYS: RunOptions = { env: { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' } };
const dead = ['--rest-url', 'http://127.0.0.1:9'];

/** A TAKE_PROFIT_LIMIT waiting for its trailing trigger, as a placement answer reports it. */
const WAITING = {
  ...wireOrder({ orderId: 41, clientOrderId: 'tp-1', type: 'TAKE_PROFIT_LIMIT', side: 'SELL', price: '31000.00000000' }),
  stopPrice: '31100.00000000', trailingDelta: 200, trailingTime: -1, workingTime: -1,
};
/** A STOP_LOSS that triggered and expired part-filled on a thin book, as a query reports it. */
const EXPIRED = {
  ...wireOrder({ orderId: 42, clientOrderId: 'sl-1', type: 'STOP_LOSS', side: 'SELL', price: '0.00000000', status: 'EXPIRED' }),
  executedQty: '0.00040000', stopPrice: '29000.00000000', isWorking: true, workingTime: 1_700_000_100_000, expiryReason: 'INSUFFICIENT_LIQUIDITY',
};

let exchange: LocalExchange;
const at = (): string[] => ['--rest-url', exchange.url];

beforeAll(async () => {
  exchange = await startLocalExchange((req) => {
    if (req.method === 'POST' && req.path === '/api/v3/order') return { body: { ...WAITING, clientOrderId: req.params.get('newClientOrderId') } };
    if (req.method === 'GET' && req.path === '/api/v3/order') return { body: EXPIRED };
    if (req.method === 'GET' && req.path === '/api/v3/openOrders') return { body: [WAITING] };
    return undefined;
  });
});

afterAll(async () => {
  await exchange.close();
});

describe('order place with stop types: usage errors before any request', () => {
  it.each([
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.001'], 'a STOP_LOSS order needs --stop-price or --trailing-delta (or both)'],
    [['BTCUSDT', 'SELL', 'TAKE_PROFIT_LIMIT', '--quantity', '0.001', '--price', '31000'], 'a TAKE_PROFIT_LIMIT order needs --stop-price or --trailing-delta (or both)'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS_LIMIT', '--quantity', '0.001', '--stop-price', '29000'], 'a STOP_LOSS_LIMIT order needs --price'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--stop-price', '29000'], 'a STOP_LOSS order needs --quantity'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.001', '--stop-price', '29000', '--price', '28900'],
      '--price: a STOP_LOSS order takes no price (it executes at market once triggered; the _LIMIT type takes a limit price)'],
    [['BTCUSDT', 'SELL', 'TAKE_PROFIT', '--quantity', '0.001', '--trailing-delta', '100', '--tif', 'IOC'], '--tif: a TAKE_PROFIT order takes no time in force'],
    [['BTCUSDT', 'SELL', 'TAKE_PROFIT', '--quote-quantity', '10', '--trailing-delta', '100'], '--quote-quantity: only MARKET orders take it; give --quantity for TAKE_PROFIT'],
    [['BTCUSDT', 'SELL', 'LIMIT', '--quantity', '0.001', '--price', '30000', '--stop-price', '29000'],
      '--stop-price: a LIMIT order takes no stop price; stop and take-profit orders do'],
    [['BTCUSDT', 'SELL', 'MARKET', '--quantity', '0.001', '--trailing-delta', '100'],
      '--trailing-delta: a MARKET order takes no trailing delta; stop and take-profit orders do'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.001', '--trailing-delta', '0'], '--trailing-delta: must be an integer at least 1, got "0"'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.001', '--trailing-delta', '1.5'], '--trailing-delta: must be an integer at least 1, got "1.5"'],
    [['BTCUSDT', 'SELL', 'STOP_LOSS', '--quantity', '0.001', '--stop-price', '-1'], '--stop-price: must be a positive decimal such as 0.001, got "-1"'],
    [['BTCUSDT', 'SELL', 'TRAILING_STOP', '--quantity', '0.001'],
      'type: must be one of MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT, got "TRAILING_STOP"'],
  ])('order place %j: %s', async (args, message) => {
    const run = await runCli([...dead, 'order', 'place', ...args], KEYS);
    expect([run.code, run.stderr.split('\n')[0], run.stdout]).toEqual([2, `autotrader: ${message}`, '']);
  });
});

describe('stop orders on the command line', () => {
  it('places a trailing take-profit-limit with its trigger and shows it waiting off the book', async () => {
    const before = exchange.requests.length;
    const [json, text] = await Promise.all([
      runCli([...at(), '--json', 'order', 'place', 'btcusdt', 'sell', 'take_profit_limit', '--quantity', '0.001', '--price', '31000',
        '--stop-price', '31100', '--trailing-delta', '200', '--client-id', 'tp-1'], KEYS),
      runCli([...at(), 'order', 'place', 'BTCUSDT', 'SELL', 'TAKE_PROFIT_LIMIT', '--quantity', '0.001', '--price', '31000',
        '--trailing-delta', '200', '--tif', 'ioc', '--client-id', 'tp-2'], KEYS),
    ]);
    expect([json.code, json.stderr, text.code, text.stderr]).toEqual([0, '', 0, '']);
    expect(JSON.parse(json.stdout)).toEqual({
      orderId: '41', clientOrderId: 'tp-1', symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', status: 'NEW',
      price: '31000', quantity: '0.001', executedQuantity: '0', cumulativeQuoteQuantity: '0', quoteQuantity: '0',
      createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, fills: [], stopPrice: '31100', trailingDelta: 200, isWorking: false, workingTime: -1,
    });
    expect(text.stdout).toBe([
      'orderId  clientOrderId  symbol   side  type               status  price    qty  executed   stop  trailing  working  created',
      '-------  -------------  -------  ----  -----------------  ------  -----  -----  --------  -----  --------  -------  ------------------------',
      '     41  tp-2           BTCUSDT  SELL  TAKE_PROFIT_LIMIT  NEW     31000  0.001         0  31100        2%  no       2023-11-14T22:13:20.000Z',
      '',
    ].join('\n'));
    const posts = exchange.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/api/v3/order')
      .map((r) => Object.fromEntries([...r.params].filter(([name]) => name !== 'timestamp' && name !== 'signature')))
      .sort((a, b) => String(a.newClientOrderId).localeCompare(String(b.newClientOrderId)));
    expect(posts).toEqual([
      {
        symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '31000', stopPrice: '31100',
        trailingDelta: '200', newClientOrderId: 'tp-1', newOrderRespType: 'FULL',
      },
      {
        symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'IOC', quantity: '0.001', price: '31000',
        trailingDelta: '200', newClientOrderId: 'tp-2', newOrderRespType: 'FULL',
      },
    ]);
  });

  it('shows an expired stop-loss with its stop price and why it expired', async () => {
    const [json, text] = await Promise.all([
      runCli([...at(), '--json', 'order', 'get', 'BTCUSDT', '42'], KEYS),
      runCli([...at(), 'order', 'get', 'BTCUSDT', '42'], KEYS),
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 'STOP_LOSS', status: 'EXPIRED', stopPrice: '29000', isWorking: true, expiryReason: 'INSUFFICIENT_LIQUIDITY' });
    expect(text.stdout.split('\n')[2]).toBe(
      '     42  sl-1           BTCUSDT  SELL  STOP_LOSS  EXPIRED (INSUFFICIENT_LIQUIDITY)      0  0.001    0.0004  29000  -         yes      2023-11-14T22:13:20.000Z',
    );
  });

  it('lists open stops with their trigger', async () => {
    const run = await runCli([...at(), 'orders', 'BTCUSDT'], KEYS);
    expect(run.stdout.split('\n')[2]).toBe(
      '     41  tp-1           BTCUSDT  SELL  TAKE_PROFIT_LIMIT  NEW     31000  0.001         0  31100        2%  no       2023-11-14T22:13:20.000Z',
    );
  });
});
