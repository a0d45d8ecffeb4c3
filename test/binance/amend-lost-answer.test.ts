import { afterEach, describe, expect, it } from 'vitest';
import { BinanceConnector } from '../../src/binance/connector.js';
import { OrderStatusUnknownError } from '../../src/core/errors.js';
import { startLocalExchange, wireOrder, type LocalExchange } from './support/local-exchange.js';

/**
 * An amendment whose answer is lost (HTTP 503) against a local Binance-shaped server: the order is
 * read, and the amendment is sent again only while the order still has its old quantity.
 */

let exchange: LocalExchange | undefined;
let connector: BinanceConnector | undefined;

afterEach(async () => {
  await connector?.disconnect();
  await exchange?.close();
  connector = undefined;
  exchange = undefined;
});

const AMEND = 'PUT /api/v3/order/amend/keepPriority';

/** The amend answer rest-api.md shows, for order 7 with `qty`. */
function amendAnswer(qty: string, clientOrderId: string): unknown {
  const order = wireOrder({ orderId: 7, clientOrderId, origQty: qty });
  return {
    transactTime: 1_700_000_000_500, executionId: 3,
    amendedOrder: {
      symbol: 'BTCUSDT', orderId: 7, orderListId: -1, origClientOrderId: clientOrderId, clientOrderId, price: order.price,
      qty, executedQty: '0.00000000', preventedQty: '0.00000000', quoteOrderQty: '0.00000000', cumulativeQuoteQty: '0.00000000',
      status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', workingTime: 1_700_000_000_000, selfTradePreventionMode: 'NONE',
    },
  };
}

/** A server whose first amend answer is lost (503); `applied` says whether that lost amendment took effect. */
async function setup(applied: boolean): Promise<{ ex: LocalExchange; c: BinanceConnector }> {
  let quantity = '0.00500000';
  let amends = 0;
  exchange = await startLocalExchange((req) => {
    if (`${req.method} ${req.path}` === AMEND) {
      amends += 1;
      const qty = Number(req.params.get('newQty')).toFixed(8);
      if (amends === 1) {
        if (applied) quantity = qty;
        return { status: 503, body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } };
      }
      quantity = qty;
      return { body: amendAnswer(qty, req.params.get('newClientOrderId')!) };
    }
    if (req.method === 'GET' && req.path === '/api/v3/order') return { body: wireOrder({ orderId: 7, clientOrderId: 'mine', origQty: quantity }) };
    return undefined;
  });
  connector = new BinanceConnector({ environment: 'sim', restUrl: exchange.url, apiKey: 'k', apiSecret: 's', reconcileDelaysMs: [5, 5] });
  await connector.connect();
  return { ex: exchange, c: connector };
}

describe('amendOrder after a lost answer', () => {
  it('returns the order as read when the lost amendment took effect, and does not send it again', async () => {
    const { ex, c } = await setup(true);
    const order = await c.amendOrder('7', 'BTCUSDT', '0.002');
    expect([order.quantity.toFixed(), order.clientOrderId]).toEqual(['0.002', 'mine']);
    expect(ex.count(AMEND)).toBe(1);
  });

  it('sends the amendment once more when the order still has its old quantity', async () => {
    const { ex, c } = await setup(false);
    const order = await c.amendOrder('7', 'BTCUSDT', '0.002');
    expect(order.quantity.toFixed()).toBe('0.002');
    expect(ex.count(AMEND)).toBe(2);
    const sent = ex.requests.filter((r) => `${r.method} ${r.path}` === AMEND).map((r) => r.params.get('newClientOrderId'));
    expect(sent).toEqual(['mine', 'mine']);
  });

  it('ends in OrderStatusUnknownError with the order id when every read fails', async () => {
    const lost = { status: 503, body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } };
    exchange = await startLocalExchange((req) => (`${req.method} ${req.path}` === AMEND || (req.method === 'GET' && req.path === '/api/v3/order') ? lost : undefined));
    connector = new BinanceConnector({ environment: 'sim', restUrl: exchange.url, apiKey: 'k', apiSecret: 's', reconcileDelaysMs: [5, 5], retry: { maxRetries: 0 } });
    await connector.connect();
    const error: unknown = await connector.amendOrder('7', 'BTCUSDT', '0.0005', { clientOrderId: 'mine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderStatusUnknownError);
    expect(error).toMatchObject({ orderId: '7', clientOrderId: 'mine', symbol: 'BTCUSDT' });
    expect(exchange.count(AMEND)).toBe(1);
  });
});
