import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { jsonLines, runCli, tempDir, type RunOptions } from './run-cli.js';

let sim: SimulatorHandle;
/** The second account trades, so the demo account's balances stay as documented. */
let trader: RunOptions;
const at = (): string[] => ['--rest-url', sim.restUrl];

interface OrderJson {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  type: string;
  timeInForce: string | null;
  status: string;
  price: string;
  quantity: string;
  executedQuantity: string;
  quoteQuantity: string;
  fills: { price: string; quantity: string; commissionAsset: string }[];
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, accounts: [{}, { balances: { USDT: '5000', BTC: '0.5' } }] });
  const account = sim.accounts[1]!;
  trader = { env: { BINANCE_API_KEY: account.apiKey, BINANCE_API_SECRET: account.apiSecret } };
});

afterAll(async () => {
  await sim.close();
});

describe.concurrent('account commands with the documented demo keys', () => {
  it('balance prints the demo account\'s free balances as one object, and as a table', async () => {
    const [json, text] = await Promise.all([runCli([...at(), '--json', 'balance']), runCli([...at(), 'balance'])]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ BNB: '100', BTC: '1', ETH: '10', USDT: '10000' });
    expect(text.stdout).toBe('asset   free\n-----  -----\nBNB      100\nBTC        1\nETH       10\nUSDT   10000\n');
  });

  it('positions prints one JSON array of the assets', async () => {
    const run = await runCli([...at(), '--json', 'positions']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toEqual([
      { asset: 'BNB', free: '100', locked: '0', total: '100' },
      { asset: 'BTC', free: '1', locked: '0', total: '1' },
      { asset: 'ETH', free: '10', locked: '0', total: '10' },
      { asset: 'USDT', free: '10000', locked: '0', total: '10000' },
    ]);
  });

  it('orders with no open order prints [] with --json, and says so in text', async () => {
    const [json, text] = await Promise.all([runCli([...at(), '--json', 'orders']), runCli([...at(), 'orders', 'BTCUSDT'])]);
    expect(json).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(text).toEqual({ code: 0, stdout: 'no open orders\n', stderr: '' });
  });

  it('a key the exchange does not know exits 3 and points at the environment', async () => {
    const run = await runCli([...at(), 'balance'], { env: { BINANCE_API_KEY: 'k'.repeat(64), BINANCE_API_SECRET: 's'.repeat(64) } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('autotrader: Invalid API-key, IP, or permissions for action. (Binance code -2015, HTTP 401)\n'
      + '  check the key belongs to this environment (sim): sim, testnet, demo and live keys are separate; check also its IP whitelist and permissions\n');
  });
});

describe('order commands', () => {
  it('places, gets, lists and cancels a LIMIT order, rounding the price to the tick with --round', async () => {
    const placed = await runCli([...at(), '--json', 'order', 'place', 'BTCUSDT', 'buy', 'limit', '--quantity', '0.001', '--price', '30000.005', '--round', '--client-id', 'cli-test-1'], trader);
    expect(placed.code).toBe(0);
    const order = JSON.parse(placed.stdout) as OrderJson;
    expect(order).toMatchObject({
      clientOrderId: 'cli-test-1', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', status: 'NEW',
      price: '30000.01', quantity: '0.001', executedQuantity: '0', fills: [],
    });

    const [byId, byClientId, open, positions] = await Promise.all([
      runCli([...at(), '--json', 'order', 'get', 'BTCUSDT', order.orderId], trader),
      runCli([...at(), '--json', 'order', 'get', 'BTCUSDT', '--client-id', 'cli-test-1'], trader),
      runCli([...at(), '--json', 'orders', 'BTCUSDT'], trader),
      runCli([...at(), '--json', 'positions'], trader),
    ]);
    expect(JSON.parse(byId.stdout)).toMatchObject({ orderId: order.orderId, status: 'NEW', price: '30000.01' });
    expect(JSON.parse(byClientId.stdout)).toMatchObject({ orderId: order.orderId, clientOrderId: 'cli-test-1' });
    expect((JSON.parse(open.stdout) as OrderJson[]).map((o) => o.orderId)).toEqual([order.orderId]);
    // 0.001 × 30000.01 USDT is held for the order.
    expect(JSON.parse(positions.stdout)).toContainEqual({ asset: 'USDT', free: '4969.99999', locked: '30.00001', total: '5000' });

    const cancelled = await runCli([...at(), '--json', 'order', 'cancel', 'BTCUSDT', order.orderId], trader);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ orderId: order.orderId, status: 'CANCELED' });
    const none = await runCli([...at(), 'orders'], trader);
    expect(none.stdout).toBe('no open orders\n');
  });

  it('fills a MARKET order for a quote amount and prints its fills', async () => {
    const run = await runCli([...at(), '--json', 'order', 'place', 'ETHUSDT', 'BUY', 'MARKET', '--quote-quantity', '100'], trader);
    expect(run.code).toBe(0);
    const order = JSON.parse(run.stdout) as OrderJson;
    expect(order).toMatchObject({ symbol: 'ETHUSDT', type: 'MARKET', status: 'FILLED', quoteQuantity: '100' });
    expect(order.fills.length).toBeGreaterThan(0);
    expect(order.fills[0]!.commissionAsset).toBe('ETH');
    const text = await runCli([...at(), 'order', 'place', 'ETHUSDT', 'SELL', 'MARKET', '--quantity', '0.01'], trader);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^orderId {2}clientOrderId +symbol +side +type +status .*\n.*\n +\d+ +atc-\S+ +ETHUSDT +SELL +MARKET +FILLED .*\n\nfill price +qty +commission\n/);
  });

  it('rejects bad order arguments with exit 2 before any request', async () => {
    const dead = ['--rest-url', 'http://127.0.0.1:9'];
    const runs = await Promise.all([
      runCli([...dead, 'order', 'place', 'BTCUSDT', 'BUY', 'LIMIT', '--quantity', '1']),
      runCli([...dead, 'order', 'place', 'BTCUSDT', 'BUY', 'MARKET', '--quantity', '1', '--quote-quantity', '5']),
      runCli([...dead, 'order', 'place', 'BTCUSDT', 'BUY', 'MARKET', '--quantity', '-1']),
      runCli([...dead, 'order', 'place', 'BTCUSDT', 'BUY']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.split('\n')[0])).toEqual([
      'autotrader: a LIMIT order needs --price',
      'autotrader: give either --quantity or --quote-quantity, not both',
      'autotrader: --quantity: must be a positive decimal such as 0.001, got "-1"',
      'error: missing required argument \'type\'',
    ]);
  });

  it('maps filter breaks to exit 2 and exchange rejections to exit 7', async () => {
    const [tick, funds, unknown] = await Promise.all([
      runCli([...at(), 'order', 'place', 'BTCUSDT', 'BUY', 'LIMIT', '--quantity', '0.001', '--price', '30000.005'], trader),
      runCli([...at(), '--json', 'order', 'place', 'BTCUSDT', 'BUY', 'LIMIT', '--quantity', '1', '--price', '30000'], trader),
      runCli([...at(), 'order', 'get', 'BTCUSDT', '987654321'], trader),
    ]);
    expect(tick.code).toBe(2);
    expect(tick.stderr).toBe('autotrader: price: price 30000.005 is not a multiple of the tick size 0.01 (PRICE_FILTER)\n'
      + '  pass --round to round price to the tick size and quantity to the step size; a value beyond the symbol\'s minimum or maximum cannot be rounded into range\n');
    expect(funds.code).toBe(7);
    expect((JSON.parse(funds.stderr) as { error: Record<string, unknown> }).error).toMatchObject({ type: 'InsufficientFundsError', exchangeCode: -2010, exitCode: 7 });
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toBe('autotrader: Order does not exist. (Binance code -2013, HTTP 400)\n'
      + '  check the order id and symbol; `autotrader orders <symbol>` lists the open ones\n');
  });
});

describe('cancel-all and trades', () => {
  it('orders cancel-all cancels every open order of the symbol and lists them; nothing open says so', async () => {
    const ticker = JSON.parse((await runCli([...at(), '--json', 'ticker', 'ETHUSDT'])).stdout) as { bidPrice: string };
    const price = (Number(ticker.bidPrice) * 0.6).toFixed(2);
    for (const id of ['cli-ca-1', 'cli-ca-2']) {
      const placed = await runCli([...at(), '--json', 'order', 'place', 'ETHUSDT', 'buy', 'limit', '--quantity', '0.01', '--price', price, '--client-id', id], trader);
      expect(placed.code, placed.stderr).toBe(0);
    }
    const run = await runCli([...at(), '--json', 'orders', 'cancel-all', 'ETHUSDT'], trader);
    expect(run.code, run.stderr).toBe(0);
    const cancelled = JSON.parse(run.stdout) as OrderJson[];
    expect(cancelled.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([['cli-ca-1', 'CANCELED'], ['cli-ca-2', 'CANCELED']]);
    expect(await runCli([...at(), 'orders', 'cancel-all', 'ETHUSDT'], trader)).toEqual({ code: 0, stdout: 'no open orders on ETHUSDT\n', stderr: '' });
  });

  it('trades lists an order\'s fills with their fees, by order and by time, and refuses --order with --since', async () => {
    const placed = await runCli([...at(), '--json', 'order', 'place', 'BNBUSDT', 'buy', 'market', '--quantity', '0.5'], trader);
    expect(placed.code, placed.stderr).toBe(0);
    const order = JSON.parse(placed.stdout) as Omit<OrderJson, 'fills'> & { fills: { price: string; quantity: string; commission: string; commissionAsset: string }[] };
    const byOrder = await runCli([...at(), '--json', 'trades', 'BNBUSDT', '--order', order.orderId], trader);
    expect(byOrder.code, byOrder.stderr).toBe(0);
    const fills = jsonLines(byOrder.stdout) as { orderId: string; side: string; price: string; quantity: string; commission: string; commissionAsset: string }[];
    expect(fills.map((f) => [f.orderId, f.side, f.price, f.quantity, f.commission, f.commissionAsset]))
      .toEqual(order.fills.map((f) => [order.orderId, 'BUY', f.price, f.quantity, f.commission, f.commissionAsset]));
    const since = await runCli([...at(), '--json', 'trades', 'BNBUSDT', '--since', '2000-01-01'], trader);
    expect(since.code, since.stderr).toBe(0);
    expect((jsonLines(since.stdout) as { orderId: string }[]).filter((f) => f.orderId === order.orderId)).toHaveLength(fills.length);
    // A file: CSV with its header, every fill of the range, and a note of what was written.
    const dir = tempDir();
    const file = await runCli([...at(), 'trades', 'BNBUSDT', '--since', '2000-01-01', '--out', 'fills.csv'], { ...trader, cwd: dir });
    expect(file.code, file.stderr).toBe(0);
    const csv = readFileSync(join(dir, 'fills.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('time,tradeId,orderId,orderListId,symbol,side,price,quantity,quoteQuantity,commission,commissionAsset,isMaker');
    expect(csv.filter((line) => line.split(',')[2] === order.orderId)).toHaveLength(fills.length);
    expect(file.stderr).toMatch(/^autotrader: wrote \d+ fills? \(.+ to .+\) to fills\.csv\n$/);
    const text = await runCli([...at(), 'trades', 'BNBUSDT', '--order', order.orderId], trader);
    expect(text.stdout.split('\n')[0]).toMatch(/^ *tradeId +orderId +side +price +qty +quoteQty +fee +feeAsset +maker +time$/);
    const refused = await runCli([...at(), 'trades', 'BNBUSDT', '--order', order.orderId, '--since', '2000-01-01'], trader);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--order: cannot be combined with --since');
  });
});
