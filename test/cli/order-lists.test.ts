import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalExchange, type LocalExchange } from '../binance/support/local-exchange.js';
import { runCli, type RunOptions } from './run-cli.js';

/**
 * `order list place|cancel|get` and `orders --lists` against a local Binance-shaped server that
 * answers with the payloads Binance documents (test/spec/fixtures/order-lists.md).
 */

const KEYS: RunOptions = { env: { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's' } };
const dead = ['--rest-url', 'http://127.0.0.1:9'];

const DOC = readFileSync(new URL('../spec/fixtures/order-lists.md', import.meta.url), 'utf8');
/** The first JSON example after `title` in the excerpt. */
function example(title: string): Record<string, unknown> {
  const after = DOC.slice(DOC.indexOf(title));
  const block = after.slice(after.indexOf('```javascript') + 13);
  return JSON.parse(block.slice(0, block.indexOf('```')).replace(/\/\/.*$/gm, '')) as Record<string, unknown>;
}
const OCO_ANSWER = example('#### New Order list - OCO (TRADE)');
const QUERY_ANSWER = example('### Query Order list (USER_DATA)');
const CANCEL_ANSWER = example('#### Cancel Order list (TRADE)');
const OPO_ANSWER = example('#### New Order List - OPO (TRADE)');
const OPOCO_ANSWER = example('#### New Order List - OPOCO (TRADE)');

let exchange: LocalExchange;
const at = (): string[] => ['--rest-url', exchange.url];

beforeAll(async () => {
  exchange = await startLocalExchange((req) => {
    if (req.method === 'POST' && req.path === '/api/v3/orderList/oco') return { body: OCO_ANSWER };
    if (req.method === 'POST' && req.path === '/api/v3/orderList/opo') return { body: OPO_ANSWER };
    if (req.method === 'POST' && req.path === '/api/v3/orderList/opoco') return { body: OPOCO_ANSWER };
    if (req.method === 'GET' && req.path === '/api/v3/orderList') return { body: QUERY_ANSWER };
    if (req.method === 'DELETE' && req.path === '/api/v3/orderList') return { body: CANCEL_ANSWER };
    if (req.method === 'GET' && req.path === '/api/v3/openOrderList') return { body: [QUERY_ANSWER] };
    return undefined;
  });
});

afterAll(async () => {
  await exchange.close();
});

describe('order list place: usage errors before any request, naming the list\'s options', () => {
  it.each([
    [['oco', 'BTCUSDT', 'SELL', '--above-type', 'LIMIT_MAKER', '--above-price', '55000', '--below-type', 'STOP_LOSS', '--below-stop-price', '47000'],
      'an OCO needs --quantity (of both orders)'],
    [['oco', 'BTCUSDT', 'SELL', '--quantity', '0.01', '--above-type', 'LIMIT_MAKER', '--above-price', '55000', '--below-type', 'STOP_LOSS'],
      'a STOP_LOSS order needs --below-stop-price or --below-trailing-delta (or both)'],
    [['oco', 'BTCUSDT', 'SELL', '--quantity', '0.01', '--above-type', 'LIMIT_MAKER', '--below-type', 'STOP_LOSS', '--below-stop-price', '47000'],
      'a LIMIT_MAKER order needs --above-price'],
    [['oco', 'BTCUSDT', 'SELL', '--quantity', '0.01', '--above-price', '55000', '--below-type', 'STOP_LOSS', '--below-stop-price', '47000'],
      '--above-type is required'],
    [['oto', 'BTCUSDT', '--working-type', 'MARKET', '--working-side', 'BUY', '--working-quantity', '0.01', '--pending-type', 'LIMIT'],
      '--working-type: the working order is LIMIT or LIMIT_MAKER'],
    [['oto', 'BTCUSDT', '--working-type', 'LIMIT', '--working-side', 'BUY', '--working-quantity', '0.01', '--working-price', '50000',
      '--pending-type', 'STOP_LOSS', '--pending-quantity', '0.01', '--pending-stop-price', '47000'], '--pending-side is required'],
    [['otoco', 'BTCUSDT', '--working-type', 'LIMIT', '--working-side', 'BUY', '--working-quantity', '0.01', '--working-price', '50000',
      '--pending-quantity', '0.01'], 'an OTOCO needs --pending-side (of both pending orders)'],
    [['opo', 'BTCUSDT', '--working-type', 'MARKET', '--working-quantity', '0.01', '--pending-type', 'LIMIT_MAKER', '--pending-price', '52000'],
      '--working-type: the working order is LIMIT or LIMIT_MAKER'],
    [['opo', 'BTCUSDT', '--working-type', 'LIMIT', '--working-price', '50000', '--pending-type', 'LIMIT_MAKER', '--pending-price', '52000'],
      'a LIMIT order needs --working-quantity'],
    [['opo', 'BTCUSDT', '--working-type', 'LIMIT', '--working-quantity', '0.01', '--working-price', '50000', '--pending-type', 'STOP_LOSS'],
      'a STOP_LOSS order needs --pending-stop-price or --pending-trailing-delta (or both)'],
    [['opoco', 'BTCUSDT', '--working-type', 'LIMIT', '--working-quantity', '0.01', '--working-price', '50000',
      '--pending-above-type', 'LIMIT_MAKER', '--pending-below-type', 'STOP_LOSS', '--pending-below-stop-price', '47000'], 'a LIMIT_MAKER order needs --pending-above-price'],
  ])('order list place %j: %s', async (args, message) => {
    const run = await runCli([...dead, 'order', 'list', 'place', ...args], KEYS);
    expect([run.code, run.stderr.split('\n')[0], run.stdout]).toEqual([2, `autotrader: ${message}`, '']);
  });
  it('an OPO\'s pending order takes no quantity: it sells what the working order bought', async () => {
    const run = await runCli([...dead, 'order', 'list', 'place', 'opo', 'BTCUSDT', '--working-type', 'LIMIT', '--working-quantity', '0.01',
      '--working-price', '50000', '--pending-type', 'MARKET', '--pending-quantity', '0.01'], KEYS);
    expect([run.code, run.stderr.split('\n')[0], run.stdout]).toEqual([2, "error: unknown option '--pending-quantity'", '']);
  });
});

describe('order lists on the command line', () => {
  it('places an OCO with each order\'s options under its name, and shows the list and its orders', async () => {
    const before = exchange.requests.length;
    const run = await runCli([...at(), 'order', 'list', 'place', 'oco', 'btcusdt', 'sell', '--quantity', '0.01', '--list-client-id', 'bracket-1',
      '--above-type', 'LIMIT_MAKER', '--above-price', '55000', '--below-type', 'STOP_LOSS_LIMIT', '--below-price', '46900',
      '--below-stop-price', '47000', '--below-trailing-delta', '100', '--below-client-id', 'sl-1'], KEYS);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const post = exchange.requests.slice(before).find((r) => r.method === 'POST')!;
    const sent = Object.fromEntries([...post.params].filter(([name]) => name !== 'timestamp' && name !== 'signature' && name !== 'aboveClientOrderId'));
    expect(sent).toEqual({
      symbol: 'BTCUSDT', listClientOrderId: 'bracket-1', side: 'SELL', quantity: '0.01',
      aboveType: 'LIMIT_MAKER', abovePrice: '55000',
      belowType: 'STOP_LOSS_LIMIT', belowTimeInForce: 'GTC', belowPrice: '46900', belowStopPrice: '47000', belowTrailingDelta: '100',
      belowClientOrderId: 'sl-1', newOrderRespType: 'FULL',
    });
    expect(post.params.get('aboveClientOrderId')).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^orderListId\s+listClientOrderId\s+symbol\s+contingency\s+status\s+orderStatus\s+orders\s+time$/);
    expect(lines[2]).toMatch(/^\s*1\s+lH1YDkuQKWiXVXHPSKYEIp\s+LTCBTC\s+OCO\s+EXEC_STARTED\s+EXECUTING\s+10,11\s+2024-03-15T06:53:28.839Z$/);
    expect(lines.filter((l) => /^\s+1[01]\s/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 6))).toEqual([
      ['10', '44nZvqpemY7sVYgPYbvPih', 'LTCBTC', 'SELL', 'STOP_LOSS_LIMIT', 'NEW'],
      ['11', 'NuMp0nVYnciDiFmVqfpBqK', 'LTCBTC', 'SELL', 'LIMIT_MAKER', 'NEW'],
    ]);
  });

  it.each([
    ['opo', ['--pending-type', 'LIMIT_MAKER', '--pending-price', '52000', '--pending-client-id', 'p-1'],
      { pendingSide: 'SELL', pendingType: 'LIMIT_MAKER', pendingPrice: '52000', pendingClientOrderId: 'p-1' }, ['NEW', 'PENDING_NEW']],
    ['opoco', ['--pending-above-type', 'LIMIT_MAKER', '--pending-above-price', '55000', '--pending-below-type', 'STOP_LOSS', '--pending-below-stop-price', '47000'],
      { pendingSide: 'SELL', pendingAboveType: 'LIMIT_MAKER', pendingAbovePrice: '55000', pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: '47000' },
      ['NEW', 'PENDING_NEW', 'PENDING_NEW']],
  ])('places an %s: a working BUY and pending SELLs without a quantity', async (kind, pendingArgs, pendingParams, statuses) => {
    const before = exchange.requests.length;
    const run = await runCli([...at(), '--json', 'order', 'list', 'place', kind, 'BTCUSDT', '--list-client-id', `${kind}-1`,
      '--working-type', 'LIMIT', '--working-quantity', '0.01', '--working-price', '50000', '--working-client-id', 'w-1', ...pendingArgs], KEYS);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const post = exchange.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/v3/orderList/${kind}`);
    const sent = Object.fromEntries([...post.params].filter(([name]) => !['timestamp', 'signature', 'pendingAboveClientOrderId', 'pendingBelowClientOrderId'].includes(name)));
    expect(sent).toEqual({
      symbol: 'BTCUSDT', listClientOrderId: `${kind}-1`, workingSide: 'BUY', workingType: 'LIMIT', workingTimeInForce: 'GTC', workingQuantity: '0.01',
      workingPrice: '50000', workingClientOrderId: 'w-1', ...pendingParams, newOrderRespType: 'FULL',
    });
    const list = JSON.parse(run.stdout) as { contingencyType: string; orders: { order: { status: string; quantity: string } }[] };
    expect([list.contingencyType, list.orders.map((o) => o.order.status)]).toEqual(['OTO', statuses]);
    expect(list.orders.slice(1).map((o) => o.order.quantity)).toEqual(statuses.slice(1).map(() => '0'));
  });

  it('sends each order\'s iceberg, peg and strategy flags under its name and --stp once for the list', async () => {
    const before = exchange.requests.length;
    const run = await runCli([...at(), '--json', 'order', 'list', 'place', 'opoco', 'BTCUSDT', '--list-client-id', 'opts-1', '--stp', 'EXPIRE_BOTH',
      '--working-type', 'LIMIT', '--working-quantity', '0.01', '--working-price', '50000', '--working-client-id', 'w-1',
      '--working-iceberg', '0.002', '--working-strategy-id', '7', '--working-strategy-type', '1000000',
      '--pending-above-type', 'LIMIT_MAKER', '--pending-above-peg-price-type', 'PRIMARY_PEG', '--pending-above-peg-offset', '2', '--pending-above-client-id', 'a-1',
      '--pending-below-type', 'STOP_LOSS', '--pending-below-stop-price', '47000', '--pending-below-strategy-id', '8', '--pending-below-client-id', 'b-1'], KEYS);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const post = exchange.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(Object.fromEntries([...post.params].filter(([name]) => name !== 'timestamp' && name !== 'signature'))).toEqual({
      symbol: 'BTCUSDT', listClientOrderId: 'opts-1',
      workingSide: 'BUY', workingType: 'LIMIT', workingTimeInForce: 'GTC', workingQuantity: '0.01', workingPrice: '50000', workingClientOrderId: 'w-1',
      workingStrategyId: '7', workingStrategyType: '1000000', workingIcebergQty: '0.002',
      pendingSide: 'SELL', pendingAboveType: 'LIMIT_MAKER', pendingAboveClientOrderId: 'a-1',
      pendingAbovePegPriceType: 'PRIMARY_PEG', pendingAbovePegOffsetValue: '2', pendingAbovePegOffsetType: 'PRICE_LEVEL',
      pendingBelowType: 'STOP_LOSS', pendingBelowStopPrice: '47000', pendingBelowClientOrderId: 'b-1', pendingBelowStrategyId: '8',
      newOrderRespType: 'FULL', selfTradePreventionMode: 'EXPIRE_BOTH',
    });
  });

  it.each([
    [['--working-stp', 'NONE'], "error: unknown option '--working-stp'"],
    [['--stp', 'EXPIRE_ALL'], 'autotrader: --stp: must be one of NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH, DECREMENT, TRANSFER, got "EXPIRE_ALL"'],
    [['--pending-iceberg', '0.001'], 'autotrader: --pending-iceberg: a MARKET order cannot be an iceberg; the limit types can'],
    [['--working-peg-offset', '2'], 'autotrader: --working-peg-offset: needs --working-peg-price-type'],
  ])('refuses %j before any request: %s', async (extra, message) => {
    const run = await runCli([...dead, 'order', 'list', 'place', 'oto', 'BTCUSDT', '--working-type', 'LIMIT', '--working-side', 'BUY',
      '--working-quantity', '0.01', '--working-price', '50000', '--pending-type', 'MARKET', '--pending-side', 'SELL', '--pending-quantity', '0.01', ...extra], KEYS);
    expect([run.code, run.stderr.split('\n')[0], run.stdout]).toEqual([2, message, '']);
  });

  it('gets, cancels and lists order lists, as JSON too', async () => {
    const [get, cancel, open, byClient] = await Promise.all([
      runCli([...at(), '--json', 'order', 'list', 'get', '27'], KEYS),
      runCli([...at(), '--json', 'order', 'list', 'cancel', 'BTCUSDT', '0'], KEYS),
      runCli([...at(), '--json', 'orders', '--lists'], KEYS),
      runCli([...at(), 'order', 'list', 'get', '--client-id', 'h2USkA5YQpaXHPIrkd96xE', '--symbol', 'btcusdt'], KEYS),
    ]);
    expect(JSON.parse(get.stdout)).toMatchObject({ orderListId: '27', listStatusType: 'EXEC_STARTED', orders: [{ orderId: '4', order: null }, { orderId: '5', order: null }] });
    expect(JSON.parse(cancel.stdout)).toMatchObject({ orderListId: '0', listOrderStatus: 'ALL_DONE', orders: [{ order: { status: 'CANCELED' } }, { order: { status: 'CANCELED' } }] });
    expect((JSON.parse(open.stdout) as { orderListId: string }[]).map((l) => l.orderListId)).toEqual(['27']);
    // The list client id is found, but on another symbol than asked: not this symbol's list.
    expect([byClient.stdout, byClient.stderr.split('\n')[0]]).toEqual(['', 'autotrader: order list h2USkA5YQpaXHPIrkd96xE is on LTCBTC, not BTCUSDT']);
  });
});
