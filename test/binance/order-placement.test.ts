import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';
import { restSignaturePayload, verifySignature } from '../../src/binance/protocol/signature.js';
import type { InvalidOrderError} from '../../src/core/errors.js';
import { ConfigurationError, OrderStatusUnknownError, InsufficientFundsError } from '../../src/core/errors.js';
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
      const order = wireOrder({ orderId: placed.size + 1, clientOrderId: id, price: req.params.get('price') ?? '0', origQty: req.params.get('quantity') ?? '0' });
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

  it('does not resend an order after a 503: it queries it by client order id and returns it', async () => {
    const { ex, c, placed } = await setup(() => ({ status: 503, body: '' }), (id, p) => found(id, p));
    const order = await c.placeOrder(LIMIT);
    expect([order.orderId, order.clientOrderId, order.status]).toEqual(['1', 'client-1', 'NEW']);
    expect(placed.size).toBe(1);
    expect(ex.count('POST /api/v3/order')).toBe(1);
    expect(ex.count('GET /api/v3/order')).toBe(1);
    expect(c.metrics().reconciliations).toBe(1);
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
        + 'To allow it set allowLiveTrading: true (connector option allowLiveTrading, "allowLiveTrading": true in the config file, or AUTOTRADER_ALLOW_LIVE_TRADING=true)', { exchange: 'binance' }));
      await expect(live.cancelOrder('1', 'BTCUSDT')).rejects.toBeInstanceOf(ConfigurationError);
      expect(ex.requests.length).toBe(before);
    } finally {
      await live.disconnect();
    }
  });
});
