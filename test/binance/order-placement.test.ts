import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import { restSignaturePayload, verifySignature } from '../../src/simulator/rest/signature.js';
import { ConfigurationError, InsufficientFundsError, InvalidOrderError, OrderError, OrderStatusUnknownError } from '../../src/core/errors.js';
import { rejectionOf } from './support/rejection.js';
import { startLocalExchange, wireOrder, type LocalExchange, type RecordedRequest, type Reply } from './support/local-exchange.js';

const API_KEY = 'test-key';
const SECRET = 'test-secret';

let exchange: LocalExchange | undefined;
let connector: BinanceConnector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await exchange?.close();
  connector = undefined;
  exchange = undefined;
});

function signedCorrectly(req: RecordedRequest): boolean {
  const { payload, signature } = restSignaturePayload(req.rawQuery, req.rawBody);
  return req.headers['x-mbx-apikey'] === API_KEY && signature !== undefined && verifySignature({ kind: 'hmac', secret: SECRET }, payload, signature);
}

/** A local exchange that records placed orders; `placement` decides how each POST is answered. */
async function setup(
  placement: (req: RecordedRequest, placedCount: number) => Reply,
  query: (clientOrderId: string, placed: Map<string, Record<string, unknown>>, queryCount: number) => Reply,
  options: Partial<BinanceConnectorOptions> = {},
): Promise<{ ex: LocalExchange; c: BinanceConnector; placed: Map<string, Record<string, unknown>> }> {
  const placed = new Map<string, Record<string, unknown>>();
  let queries = 0;
  exchange = await startLocalExchange((req) => {
    if (req.path === '/api/v3/order' && !signedCorrectly(req)) return { status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } };
    if (req.method === 'POST' && req.path === '/api/v3/order') {
      const id = req.params.get('newClientOrderId')!;
      const now = Date.now();
      const order = {
        ...wireOrder({ orderId: placed.size + 1, clientOrderId: id, price: req.params.get('price') ?? '0', origQty: req.params.get('quantity') ?? '0' }),
        side: req.params.get('side'), type: req.params.get('type'), time: now, transactTime: now, updateTime: now,
      };
      placed.set(id, order);
      return placement(req, placed.size);
    }
    if (req.method === 'GET' && req.path === '/api/v3/order') {
      queries += 1;
      return query(req.params.get('origClientOrderId')!, placed, queries);
    }
    return undefined;
  });
  connector = new BinanceConnector({
    environment: 'sim', restUrl: exchange.url, apiKey: API_KEY, apiSecret: SECRET,
    reconcileDelaysMs: [5, 5, 5], retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options,
  });
  await connector.connect();
  return { ex: exchange, c: connector, placed };
}

const found = (id: string, placed: Map<string, Record<string, unknown>>): Reply =>
  (placed.has(id) ? { body: placed.get(id) } : { status: 400, body: { code: -2013, msg: 'Order does not exist.' } });

const LIMIT = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '50000', clientOrderId: 'client-1' } as const;

describe('order placement', () => {
  it('sends one signed, form-encoded POST with a plain-decimal body and FULL response type', async () => {
    const { ex, c } = await setup((req, n) => ({ body: wireOrder({ orderId: n, clientOrderId: req.params.get('newClientOrderId')! }) }), () => ({ status: 500 }));
    const order = await c.placeOrder(LIMIT);
    expect([order.orderId, order.clientOrderId, order.status]).toEqual(['1', 'client-1', 'NEW']);
    const post = ex.requests.find((r) => r.method === 'POST')!;
    expect(post.rawQuery).toBe('');
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(post.rawBody).toMatch(/^symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0\.001&price=50000&newClientOrderId=client-1&newOrderRespType=FULL&timestamp=\d{13}&signature=[0-9a-f]{64}$/);
  });

  it('does not resend after -1007 and keeps querying while the order is not found yet (-2013)', async () => {
    const { ex, c } = await setup(
      () => ({ status: 408, body: { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' } }),
      (id, p, n) => (n < 3 ? { status: 400, body: { code: -2013, msg: 'Order does not exist.' } } : found(id, p)),
    );
    const order = await c.placeOrder(LIMIT);
    expect(order.clientOrderId).toBe('client-1');
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  it('resolves a client-side timeout after sending by querying, never by resending', async () => {
    const { ex, c } = await setup(() => ({ hang: true }), (id, p) => found(id, p), { requestTimeoutMs: 200 });
    const order = await c.placeOrder(LIMIT);
    expect(order.clientOrderId).toBe('client-1');
    expect(ex.count('POST /api/v3/order')).toBe(1);
  });

  it('throws OrderStatusUnknownError with the client order id and symbol when queries cannot find it', async () => {
    const { ex, c } = await setup(() => ({ status: 502, body: '' }), () => ({ status: 400, body: { code: -2013, msg: 'Order does not exist.' } }));
    const error = await rejectionOf<unknown>(c.placeOrder(LIMIT));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    const unknown = error as OrderStatusUnknownError;
    expect([unknown.clientOrderId, unknown.symbol, unknown.code]).toEqual(['client-1', 'BTCUSDT', 'ERR_ORDER_STATUS_UNKNOWN']);
    expect(unknown.message).toBe('order client-1 on BTCUSDT: the placement answer was lost (Bad Gateway (Binance HTTP 502)) and 3 status queries did not find it; query it by clientOrderId before placing it again');
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  it.each([
    ['a 503', { status: 503, body: '' }],
    ['a truncated 200 answer', { status: 200, body: '{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"client-1","transactTime":17' }],
    ['a 200 answer that is not an object', { status: 200, body: '[]' }],
    ['a 200 answer with a garbage field', { status: 200, body: '{"symbol":"BTCUSDT","orderId":"one"}' }],
  ])('does not resend an order after %s: it queries it by client order id and returns it', async (_name, reply: Reply) => {
    const { ex, c, placed } = await setup(() => reply, (id, p) => found(id, p));
    const order = await c.placeOrder(LIMIT);
    expect([order.orderId, order.clientOrderId, order.status]).toEqual(['1', 'client-1', 'NEW']);
    expect(placed.size).toBe(1);
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(1);
    expect(c.metrics().reconciliations).toBe(1);
  });

  it.each([
    ['created before the placement was sent', { time: 1_700_000_000_000 }],
    ['on the other side', { side: 'SELL' }],
    ['of another type', { type: 'LIMIT_MAKER' }],
    ['of another quantity', { origQty: '0.00200000' }],
    ['of another symbol', { symbol: 'ETHUSDT' }],
  ])('does not take an order %s that holds the same client order id for this placement', async (_name, other) => {
    const { ex, c } = await setup(() => ({ status: 503, body: '' }), (id, p) => ({ body: { ...p.get(id), ...other } }));
    const error = await rejectionOf<OrderStatusUnknownError>(c.placeOrder(LIMIT));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect([error.clientOrderId, error.symbol]).toEqual(['client-1', 'BTCUSDT']);
    expect(error.message).toBe('order client-1 on BTCUSDT: the placement answer was lost (Service Unavailable (Binance HTTP 503)) '
      + 'and 3 status queries did not find it (an order with this client order id exists, but it is not this placement); '
      + 'query it by clientOrderId before placing it again');
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  const keyRefused: Reply = { status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } };

  it('ends in OrderStatusUnknownError, never the query\'s own error, when every query after a lost answer is refused', async () => {
    const { ex, c } = await setup(() => ({ status: 503, body: '' }), () => keyRefused);
    const error = await rejectionOf<OrderStatusUnknownError>(c.placeOrder(LIMIT));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect([error.clientOrderId, error.symbol, (error.cause as Error).name]).toEqual(['client-1', 'BTCUSDT', 'AuthenticationError']);
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  it('keeps querying after a refused query and returns the order once a query finds it', async () => {
    const { ex, c } = await setup(() => ({ status: 503, body: '' }), (id, p, n) => (n === 1 ? keyRefused : found(id, p)));
    const order = await c.placeOrder(LIMIT);
    expect([order.orderId, order.clientOrderId]).toEqual(['1', 'client-1']);
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(2);
  });

  it('still recognises its order when a -1021 resync moved the clock offset between sending and losing the answer', async () => {
    // The server's clock falls 3 s further behind at the first placement: that one is refused with -1021,
    // the resync measures the new offset, the second one executes and its answer is lost.
    let skewMs = 0;
    let order: Record<string, unknown> | undefined;
    exchange = await startLocalExchange((req) => {
      if (req.path === '/api/v3/time') return { body: { serverTime: Date.now() - skewMs } };
      if (req.method === 'POST' && req.path === '/api/v3/order') {
        if (skewMs === 0) {
          skewMs = 3_000;
          return { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } };
        }
        const now = Date.now() - skewMs;
        order = { ...wireOrder({ clientOrderId: 'client-1', price: '50000', origQty: '0.001' }), time: now, transactTime: now, updateTime: now };
        return { status: 503, body: '' };
      }
      if (req.method === 'GET' && req.path === '/api/v3/order') return order === undefined ? { status: 400, body: { code: -2013, msg: 'Order does not exist.' } } : { body: order };
      return undefined;
    });
    connector = new BinanceConnector({ environment: 'sim', restUrl: exchange.url, apiKey: API_KEY, apiSecret: SECRET, reconcileDelaysMs: [5, 5, 5] });
    await connector.connect();
    const placed = await connector.placeOrder(LIMIT);
    expect([placed.clientOrderId, placed.status]).toEqual(['client-1', 'NEW']);
    expect(exchange.count('POST /api/v3/order')).toBe(2);
    expect(connector.metrics().timeResyncs).toBe(1);
  });

  it('matches a MARKET order by quote quantity on its origQuoteOrderQty', async () => {
    const { c } = await setup(() => ({ status: 503, body: '' }), (id, p) => ({
      body: { ...p.get(id), type: 'MARKET', origQty: '0.00020000', origQuoteOrderQty: '10.00000000', status: 'FILLED' },
    }));
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteQuantity: '10', clientOrderId: 'client-1' });
    expect([order.status, order.quoteQuantity.toFixed()]).toEqual(['FILLED', '10']);
  });

  it('sends a stop order\'s trigger and recognises it by its client order id when the answer is lost', async () => {
    // A waiting stop-limit as a query reports it: its trigger, not on the book yet, no working time.
    const { ex, c } = await setup(() => ({ status: 503, body: '' }), (id, p) => ({
      body: { ...p.get(id), stopPrice: '29000.00000000', isWorking: false, workingTime: -1, trailingDelta: 150, trailingTime: -1 },
    }));
    const order = await c.placeOrder({
      symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.001', price: '28900', stopPrice: '29000', trailingDelta: 150, clientOrderId: 'client-1',
    });
    expect([order.type, order.stopPrice?.toFixed(), order.trailingDelta, order.isWorking, order.trailingTime]).toEqual(['STOP_LOSS_LIMIT', '29000', 150, false, undefined]);
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.requests.find((r) => r.method === 'POST')!.rawBody).toMatch(
      /^symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0\.001&price=28900&stopPrice=29000&trailingDelta=150&newClientOrderId=client-1&newOrderRespType=FULL&timestamp=/,
    );
  });

  it('takes a lost stop-loss\'s order whatever price the exchange reports for it, since only side, type and quantity identify it', async () => {
    // A STOP_LOSS has no limit price: Binance reports 0, and after it triggered the fills' prices.
    const { c } = await setup(() => ({ status: 503, body: '' }), (id, p) => ({
      body: { ...p.get(id), price: '0.00000000', stopPrice: '29000.00000000', status: 'FILLED', executedQty: '0.00100000', cummulativeQuoteQty: '28.95000000' },
    }));
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', clientOrderId: 'client-1' });
    expect([order.status, order.price.toFixed(), order.stopPrice?.toFixed()]).toEqual(['FILLED', '0', '29000']);
  });

  it('does not take another type\'s order reusing a stop\'s client order id for it', async () => {
    const { c } = await setup(() => ({ status: 503, body: '' }), (id, p) => ({ body: { ...p.get(id), type: 'TAKE_PROFIT' } }));
    const error = await rejectionOf<OrderStatusUnknownError>(
      c.placeOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', clientOrderId: 'client-1' }),
    );
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect(error.message).toContain('an order with this client order id exists, but it is not this placement');
  });

  it('passes a definite rejection straight through without querying', async () => {
    const { ex, c } = await setup(() => ({ status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } }), () => ({ status: 500 }));
    await expect(c.placeOrder(LIMIT)).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(ex.count('GET /api/v3/order')).toBe(0);
  });

  it('generates a client order id when none is given', async () => {
    let n = 0;
    const { ex, c } = await setup((req) => ({ body: wireOrder({ clientOrderId: req.params.get('newClientOrderId')! }) }), () => ({ status: 500 }), {
      random: () => (n++ % 62) / 62,
    });
    const order = await c.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(order.clientOrderId).toBe('atc-ABCDEFGHIJKLMNOPQRSTUV');
    expect(ex.requests.find((r) => r.method === 'POST')!.params.get('newClientOrderId')).toBe('atc-ABCDEFGHIJKLMNOPQRSTUV');
  });

  it('rejects bad orders before any request', async () => {
    const { ex, c } = await setup(() => ({ status: 500 }), () => ({ status: 500 }));
    const before = ex.requests.length;
    const unknown = await rejectionOf<InvalidOrderError>(c.placeOrder({ ...LIMIT, symbol: 'NOPEUSDT' }));
    expect(unknown).toBeInstanceOf(InvalidOrderError);
    expect([unknown.field, unknown.rule, unknown.message]).toEqual(['symbol', 'UNKNOWN_SYMBOL', 'symbol: unknown symbol "NOPEUSDT" (not listed in exchangeInfo)']);
    const tick = await rejectionOf<InvalidOrderError>(c.placeOrder({ ...LIMIT, price: '50000.001' }));
    expect([tick.field, tick.rule]).toEqual(['price', 'PRICE_FILTER']);
    const step = await rejectionOf<InvalidOrderError>(c.placeOrder({ ...LIMIT, quantity: '0.000015' }));
    expect([step.field, step.rule]).toEqual(['quantity', 'LOT_SIZE']);
    const notional = await rejectionOf<InvalidOrderError>(c.placeOrder({ ...LIMIT, quantity: '0.00001' }));
    expect([notional.field, notional.rule]).toEqual(['notional', 'NOTIONAL']);
    expect(ex.requests.length).toBe(before);
  });

  it('refuses to trade on live unless allowLiveTrading is set, before any request', async () => {
    const { ex } = await setup(() => ({ status: 500 }), () => ({ status: 500 }));
    const live = new BinanceConnector({ environment: 'live', restUrl: ex.url, apiKey: API_KEY, apiSecret: SECRET });
    try {
      await live.connect();
      const before = ex.requests.length;
      await expect(live.placeOrder(LIMIT)).rejects.toThrow(new ConfigurationError('POST /api/v3/order refused: environment "live", so this would trade real funds. '
        + 'To allow it set allowLiveTrading: true (connector option allowLiveTrading, "allowLiveTrading": true in the config file, or AUTOTRADER_ALLOW_LIVE_TRADING=true)', { exchange: 'binance', field: 'allowLiveTrading' }));
      await expect(live.cancelOrder('1', 'BTCUSDT')).rejects.toBeInstanceOf(ConfigurationError);
      expect(ex.requests.length).toBe(before);
    } finally {
      await live.disconnect();
    }
  });
});

describe('order cancel', () => {
  const canceled = (status: string): Record<string, unknown> => ({ ...wireOrder({ orderId: 7, clientOrderId: 'client-7', status }), origClientOrderId: 'client-7' });

  /** A local exchange where order 7 is open; `cancel` answers each DELETE, `query` each GET of order 7. */
  async function cancelSetup(
    cancel: (n: number) => Reply,
    query: (n: number) => Reply,
  ): Promise<{ ex: LocalExchange; c: BinanceConnector }> {
    let cancels = 0;
    let queries = 0;
    exchange = await startLocalExchange((req) => {
      if (req.path === '/api/v3/order' && !signedCorrectly(req)) return { status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } };
      if (req.method === 'DELETE' && req.path === '/api/v3/order') return cancel(++cancels);
      if (req.method === 'GET' && req.path === '/api/v3/order') return query(++queries);
      return undefined;
    });
    connector = new BinanceConnector({
      environment: 'sim', restUrl: exchange.url, apiKey: API_KEY, apiSecret: SECRET,
      reconcileDelaysMs: [5, 5, 5], retry: { maxRetries: 0 },
    });
    await connector.connect();
    return { ex: exchange, c: connector };
  }

  const notFound: Reply = { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
  const unknownOrder: Reply = { status: 400, body: { code: -2011, msg: 'Unknown order sent.' } };

  it('reads a lost cancel answer on the placement schedule, while the order is not found yet, and returns the canceled order', async () => {
    const { ex, c } = await cancelSetup(() => ({ status: 503, body: '' }), (n) => (n < 3 ? notFound : { body: canceled('CANCELED') }));
    const order = await c.cancelOrder('7', 'BTCUSDT');
    expect([order.orderId, order.status]).toEqual(['7', 'CANCELED']);
    expect(ex.count('DELETE /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
    expect(c.metrics().reconciliations).toBe(1);
  });

  it('treats a truncated 200 cancel answer as lost and returns the order as the exchange holds it', async () => {
    const { ex, c } = await cancelSetup(() => ({ status: 200, body: '{"symbol":"BTCUSDT","orderId":7,"sta' }), () => ({ body: canceled('CANCELED') }));
    const order = await c.cancelOrder('7', 'BTCUSDT');
    expect([order.orderId, order.status, order.clientOrderId]).toEqual(['7', 'CANCELED', 'client-7']);
    expect(ex.count('DELETE /api/v3/order')).toBe(1);
  });

  it('sends the cancel again when the order is still open after a lost answer, and returns the real state when that one is answered -2011', async () => {
    // The first cancel executes late: the order still reads NEW, the second cancel finds it gone (-2011), the next read shows it canceled.
    const { ex, c } = await cancelSetup((n) => (n === 1 ? { status: 503, body: '' } : unknownOrder), (n) => ({ body: canceled(n === 1 ? 'NEW' : 'CANCELED') }));
    const order = await c.cancelOrder('7', 'BTCUSDT');
    expect([order.orderId, order.status]).toEqual(['7', 'CANCELED']);
    expect(ex.count('DELETE /api/v3/order')).toBe(2);
    expect(ex.count('GET /api/v3/order')).toBe(2);
  });

  it('returns the canceled order when the cancel sent again after a lost answer succeeds', async () => {
    const { ex, c } = await cancelSetup((n) => (n === 1 ? { status: 503, body: '' } : { body: canceled('CANCELED') }), () => ({ body: canceled('NEW') }));
    const order = await c.cancelOrder('7', 'BTCUSDT');
    expect(order.status).toBe('CANCELED');
    expect(ex.count('DELETE /api/v3/order')).toBe(2);
  });

  it('returns a filled order as it is when a lost cancel finds it filled', async () => {
    const { c } = await cancelSetup(() => ({ status: 503, body: '' }), () => ({ body: { ...canceled('FILLED'), executedQty: '0.00100000' } }));
    const order = await c.cancelOrder('7', 'BTCUSDT');
    expect([order.status, order.executedQuantity.toFixed()]).toEqual(['FILLED', '0.001']);
  });

  it('ends in OrderStatusUnknownError, not an OrderError, when the reads cannot tell', async () => {
    const { ex, c } = await cancelSetup(() => ({ status: 503, body: '' }), () => notFound);
    const error = await rejectionOf<OrderStatusUnknownError>(c.cancelOrder('7', 'BTCUSDT'));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect(error).not.toBeInstanceOf(OrderError);
    expect([error.orderId, error.clientOrderId, error.symbol, error.code]).toEqual(['7', undefined, 'BTCUSDT', 'ERR_ORDER_STATUS_UNKNOWN']);
    expect(error.message).toBe('cancel of order 7 on BTCUSDT: the cancel answer was lost (Service Unavailable (Binance HTTP 503)) '
      + 'and 3 status queries did not find the order; query it by orderId before cancelling it again');
    expect(ex.count('DELETE /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  it('ends a lost cancel in OrderStatusUnknownError when every read is refused', async () => {
    const { ex, c } = await cancelSetup(() => ({ status: 503, body: '' }), () => ({ status: 401, body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } }));
    const error = await rejectionOf<OrderStatusUnknownError>(c.cancelOrder('7', 'BTCUSDT'));
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect([error.orderId, error.symbol, (error.cause as Error).name]).toEqual(['7', 'BTCUSDT', 'AuthenticationError']);
    expect(ex.count('DELETE /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(3);
  });

  it('passes -2011 to a first cancel straight through as OrderNotFoundError', async () => {
    const { ex, c } = await cancelSetup(() => unknownOrder, () => ({ body: canceled('CANCELED') }));
    await expect(c.cancelOrder('7', 'BTCUSDT')).rejects.toMatchObject({ name: 'OrderNotFoundError', exchangeCode: -2011 });
    expect(ex.count('GET /api/v3/order')).toBe(0);
  });
});
