import type { BinanceConnector } from '../binance/index.js';
import type { Decimal } from '../core/decimal.js';
import type { Candlestick, Interval, Order } from '../core/models.js';
import type { OrderUpdate } from '../core/stream/events.js';
import { ConnectorFactory } from '../binance/index.js';
import { startSimulator } from '../simulator/index.js';
import type { CliOutput } from './cli-io.js';
import { heading, isoTime, table } from './format.js';
import { candleJson, orderUpdateJson } from './serialize.js';
import { orderUpdateText } from './stream-views.js';

/** Where the demo writes: human text, or one JSON object per step and per streamed event. */
export interface DemoOutput {
  /** A step of the tour, under its own heading. */
  step(name: string, text: string, data: unknown): void;
  /** Something a stream delivered, on one line, as it arrives. */
  event(name: string, text: string, data: unknown): void;
}

/** Human-readable output on `stdout`. */
export function textOutput(stdout: CliOutput): DemoOutput {
  return {
    step: (name, text) => stdout.write(`${heading(name)}\n${text}\n`),
    event: (_name, text) => stdout.write(`${text}\n`),
  };
}

/** One JSON line per step and per event on `stdout`, each `{ step, data }`. */
export function jsonOutput(stdout: CliOutput): DemoOutput {
  const line = (name: string, data: unknown): void => {
    stdout.write(`${JSON.stringify({ step: name, data })}\n`);
  };
  return { step: (name, _text, data) => line(name, data), event: (name, _text, data) => line(name, data) };
}

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

/** Closed candles the tour waits for on the live stream. */
const LIVE_CANDLES = 3;
/** Longest wait for streamed events; the tour goes on without them rather than hang. */
const STREAM_WAIT_MS = 5000;

/** Resolves true once `settled` resolves, or false after `ms`. */
async function within(settled: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

function candleLine(c: Candlestick): string {
  return `  ${isoTime(c.openTime)}  open ${c.open.toFixed()}  high ${c.high.toFixed()}  low ${c.low.toFixed()}  close ${c.close.toFixed()}  `
    + `volume ${c.volume.toFixed()}  trades ${c.trades}`;
}

/** Subscribes to live candles and prints the next `count` closed ones as they close. */
async function liveCandles(out: DemoOutput, connector: BinanceConnector, symbol: string, interval: Interval, count: number): Promise<void> {
  let closed = 0;
  let allClosed: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allClosed = resolve;
  });
  const subscription = await connector.subscribeCandlesticks(symbol, interval, (candle) => {
    if (!candle.closed || closed >= count) return;
    closed += 1;
    out.event('live candle', candleLine(candle), candleJson(candle));
    if (closed === count) allClosed();
  });
  out.step('live candles', `subscribed to the ${symbol} ${interval} candle stream; the next ${count} candles as they close:`, {
    symbol, interval, count,
  });
  try {
    if (!await within(done, (count + 2) * 1000)) out.event('live candle', `  (only ${closed} closed candles arrived in time)`, { closed });
  } finally {
    await subscription.unsubscribe();
  }
}

/** Order updates of the stream as they arrive, printed at once and kept so the tour can wait for the one it expects. */
class OrderUpdates {
  readonly updates: OrderUpdate[] = [];
  readonly #waiters = new Set<{ match: (u: OrderUpdate) => boolean; resolve: () => void }>();

  constructor(private readonly out: DemoOutput) {}

  /** Prints and records one update, and wakes whoever waits for it. */
  add(update: OrderUpdate): void {
    this.updates.push(update);
    this.out.event('order update', `  -> ${orderUpdateText(update)}`, orderUpdateJson(update));
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(update)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Waits until the order reached `status` on the stream (or already did), at most STREAM_WAIT_MS. */
  async reached(order: Order, status: string): Promise<void> {
    const match = (u: OrderUpdate): boolean => u.order.orderId === order.orderId && u.order.status === status;
    if (this.updates.some(match)) return;
    const arrived = new Promise<void>((resolve) => this.#waiters.add({ match, resolve }));
    if (!await within(arrived, STREAM_WAIT_MS)) {
      this.out.event('order update', `  (no ${status} update for order ${order.orderId} within ${STREAM_WAIT_MS / 1000} s)`, { orderId: order.orderId, missing: status });
    }
  }
}

/**
 * The guided tour `npm start` runs: an embedded simulator, the Binance connector against it,
 * every REST call a trading bot makes, from time sync to a filled MARKET order, and the streams:
 * live candles as they close, and the updates of the tour's own orders as they happen.
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

    await liveCandles(out, connector, 'BTCUSDT', '1s', LIVE_CANDLES);

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

    // Subscribed before any order is placed, so every update of the tour's orders is seen.
    const updates = new OrderUpdates(out);
    const orderStream = await connector.subscribeOrderUpdates((event) => {
      if (event.type === 'order') updates.add(event);
    });
    out.step('order updates', 'subscribed to the account\'s order updates over the WebSocket API; each one prints as it arrives (->)', {
      url: connector.endpoints.wsApiUrl,
    });

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
    await updates.reached(cancelled, 'CANCELED');

    const market = await connector.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' });
    const fills = market.fills.map((f) => [f.price.toFixed(), f.quantity.toFixed(), `${f.commission.toFixed()} ${f.commissionAsset}`]);
    out.step('market order filled', `${table(ORDER_HEADERS, [orderRow(market)])}\n\n${table(['fill price', 'qty', 'commission'], fills)}`, market);
    await updates.reached(market, 'FILLED');
    await orderStream.unsubscribe();

    const after = await connector.getBalance();
    out.step('balances after', table(['asset', 'free'], balanceRows(after)), Object.fromEntries(after));
  } finally {
    await connector.disconnect();
    await sim.close();
  }
}
