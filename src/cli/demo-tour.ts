import type { Decimal } from '../core/decimal.js';
import type { Order } from '../core/models.js';
import { ConnectorFactory } from '../binance/index.js';
import { startSimulator } from '../simulator/index.js';
import { heading, isoTime, table } from './format.js';

/** Where the demo writes: human text, or one JSON object per step. */
export interface DemoOutput {
  step(name: string, text: string, data: unknown): void;
}

/** Human-readable output. */
export const textOutput: DemoOutput = {
  step: (name, text) => console.log(`${heading(name)}\n${text}`),
};

/** One JSON line per step. */
export const jsonOutput: DemoOutput = {
  step: (name, _text, data) => console.log(JSON.stringify({ step: name, data })),
};

function orderRow(order: Order): string[] {
  return [
    order.orderId, order.clientOrderId, order.side, order.type, order.status,
    order.price.toFixed(), order.quantity.toFixed(), order.executedQuantity.toFixed(),
  ];
}

const ORDER_HEADERS = ['orderId', 'clientOrderId', 'side', 'type', 'status', 'price', 'qty', 'executed'];

function balanceRows(balances: Map<string, Decimal>): string[][] {
  return [...balances].sort(([a], [b]) => a.localeCompare(b)).map(([asset, free]) => [asset, free.toFixed()]);
}

/**
 * The guided tour `npm start` runs: an embedded simulator, the Binance connector against it, and
 * every REST call a trading bot makes, from time sync to a filled MARKET order.
 */
export async function runDemo(out: DemoOutput, options: { seed?: number } = {}): Promise<void> {
  const sim = await startSimulator({ port: 0, seed: options.seed ?? 42 });
  const account = sim.accounts[0];
  if (account === undefined) throw new Error('the simulator started without an account');
  const connector = ConnectorFactory.create('binance', {
    environment: 'sim',
    restUrl: sim.restUrl,
    wsStreamUrl: sim.wsStreamUrl,
    wsApiUrl: sim.wsApiUrl,
    apiKey: account.apiKey,
    apiSecret: account.apiSecret,
  });
  try {
    out.step('simulator', `Binance-compatible simulator listening at ${sim.restUrl}`, { restUrl: sim.restUrl });

    await connector.connect();
    const serverTime = await connector.getServerTime();
    out.step('connect', `connected; server time ${isoTime(serverTime)}, clock offset ${connector.timeOffsetMs()} ms`, {
      serverTime, offsetMs: connector.timeOffsetMs(),
    });

    const candles = await connector.getCandles('BTCUSDT', '1m', { limit: 5 });
    out.step('candles', table(['open time', 'open', 'high', 'low', 'close', 'volume', 'closed'], candles.map((c) => [
      isoTime(c.openTime), c.open.toFixed(), c.high.toFixed(), c.low.toFixed(), c.close.toFixed(), c.volume.toFixed(),
      String(c.closed),
    ])), candles);

    const ticker = await connector.getTicker('BTCUSDT');
    out.step('ticker', table(['symbol', 'last', 'bid', 'ask', '24h change %', 'volume'], [[
      ticker.symbol, ticker.lastPrice.toFixed(), ticker.bidPrice.toFixed(), ticker.askPrice.toFixed(),
      ticker.priceChangePercent.toFixed(), ticker.volume.toFixed(),
    ]]), ticker);

    const book = await connector.getOrderBook('BTCUSDT', 5);
    out.step('order book', table(['bid qty', 'bid', 'ask', 'ask qty'], book.bids.map((bid, i) => {
      const ask = book.asks[i];
      return [bid.quantity.toFixed(), bid.price.toFixed(), ask?.price.toFixed() ?? '', ask?.quantity.toFixed() ?? ''];
    })), book);

    const before = await connector.getBalance();
    out.step('balances', table(['asset', 'free'], balanceRows(before)), Object.fromEntries(before));

    // A BUY 5% under the market rests on the book, so it can be queried, listed and cancelled.
    const limitPrice = ticker.lastPrice.times('0.95');
    const limit = await connector.placeOrder({
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: limitPrice.toFixed(),
      roundToFilters: true,
    });
    out.step('limit order placed', table(ORDER_HEADERS, [orderRow(limit)]), limit);
    const queried = await connector.getOrder(limit.orderId, 'BTCUSDT');
    out.step('limit order queried', table(ORDER_HEADERS, [orderRow(queried)]), queried);
    const open = await connector.getOrders('BTCUSDT');
    out.step('open orders', table(ORDER_HEADERS, open.map(orderRow)), open);
    const cancelled = await connector.cancelOrder(limit.orderId, 'BTCUSDT');
    out.step('limit order cancelled', table(ORDER_HEADERS, [orderRow(cancelled)]), cancelled);

    const market = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' });
    const fills = market.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), `${f.commission.toFixed()} ${f.commissionAsset}`]);
    out.step('market order filled', `${table(ORDER_HEADERS, [orderRow(market)])}\n\n${table(['fill price', 'qty', 'commission'], fills)}`, market);

    const after = await connector.getBalance();
    out.step('balances after', table(['asset', 'free'], balanceRows(after)), Object.fromEntries(after));
  } finally {
    await connector.disconnect();
    await sim.close();
  }
}
