import { describe, expect, it } from 'vitest';
import { parseAmendAnswer, parseReplaceAnswer } from '../../src/binance/order-replace.js';
import { parseOrder } from '../../src/binance/parsers.js';
import { docExample } from '../support/cancel-replace-examples.js';
import { InvalidOrderError, MalformedResponseError, OrderNotFoundError, RateLimitError } from '../../src/core/errors.js';

/**
 * The connector's reading of cancel-replace and amend answers, checked against the response
 * examples of Binance's rest-api.md (test/spec/fixtures/cancel-replace.md), not the simulator's.
 */

const example = docExample;

describe('parseReplaceAnswer reads every documented cancel-replace outcome', () => {
  it('both halves worked: the cancelled and the new order', () => {
    const result = parseReplaceAnswer(example('Response SUCCESS'), parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost]).toEqual(['SUCCESS', 'SUCCESS', false]);
    expect([result.cancelledOrder?.orderId, result.cancelledOrder?.clientOrderId, result.cancelledOrder?.status]).toEqual(['9', 'DnLo3vTAQcjha43lAZhZ0y', 'CANCELED']);
    expect([result.newOrder?.orderId, result.newOrder?.clientOrderId, result.newOrder?.quantity.toFixed()]).toEqual(['10', 'wOceeeOzNORyLiQfw7jd8S', '0.04']);
    expect([result.cancelError, result.newOrderError]).toEqual([undefined, undefined]);
  });

  it('the cancel failed under STOP_ON_FAILURE: the new order was not attempted', () => {
    const result = parseReplaceAnswer(example('Response when Cancel Order Fails with STOP_ON'), parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost, result.newOrder]).toEqual(['FAILURE', 'NOT_ATTEMPTED', false, undefined]);
    expect(result.cancelError).toBeInstanceOf(OrderNotFoundError);
    expect(result.cancelError?.exchangeCode).toBe(-2011);
  });

  it('the cancel worked and the new order failed: flagged as an order lost', () => {
    const result = parseReplaceAnswer(example('Response when Cancel Order Succeeds but New Order'), parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost]).toEqual(['SUCCESS', 'FAILURE', true]);
    expect(result.cancelledOrder?.orderId).toBe('3');
    expect(result.newOrderError).toBeInstanceOf(InvalidOrderError);
    expect(result.newOrderError?.exchangeCode).toBe(-2010);
  });

  it('the cancel failed under ALLOW_FAILURE and the new order stands', () => {
    const documented = example('Response when Cancel Order fails with ALLOW_FAILURE') as { data: Record<string, unknown> };
    // The example's new order is an ACK answer; the connector asks for FULL, as in the first example.
    const full = (example('Response SUCCESS') as { newOrderResponse: unknown }).newOrderResponse;
    const result = parseReplaceAnswer({ ...documented, data: { ...documented.data, newOrderResponse: full } }, parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost, result.newOrder?.orderId]).toEqual(['FAILURE', 'SUCCESS', false, '10']);
    expect(result.cancelError).toBeInstanceOf(OrderNotFoundError);
    // An ACK answer does not say the order's state: unreadable, so the connector reads the order back.
    expect(() => parseReplaceAnswer(documented, parseOrder)).toThrow(MalformedResponseError);
  });

  it('both failed', () => {
    const result = parseReplaceAnswer(example('Response when both Cancel Order and New Order'), parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost]).toEqual(['FAILURE', 'FAILURE', false]);
    expect([result.cancelError?.exchangeCode, result.newOrderError?.exchangeCode]).toEqual([-2011, -2010]);
  });

  it('CANCEL_ONLY over the unfilled order count: cancelled, the new order refused by the limit, an order lost', () => {
    const result = parseReplaceAnswer(example('Response when using `orderRateLimitExceededMode=CANCEL_ONLY`'), parseOrder);
    expect([result.cancelResult, result.newOrderResult, result.orderLost]).toEqual(['SUCCESS', 'FAILURE', true]);
    expect(result.newOrderError).toBeInstanceOf(RateLimitError);
  });

  it('an answer without the halves is malformed', () => {
    expect(() => parseReplaceAnswer({ code: -2021, msg: 'Order cancel-replace partially failed.' }, parseOrder)).toThrow(/cancelReplace answer/);
  });
});

describe('parseAmendAnswer', () => {
  it('reads the documented amended order: its new client id and quantity, its creation time unknown', () => {
    const order = parseAmendAnswer(example('Response for a single order'), parseOrder);
    expect([order.orderId, order.clientOrderId, order.quantity.toFixed(), order.status, order.updatedAt, order.createdAt])
      .toEqual(['33', 'PFaq6hIHxqFENGfdtn4J6Q', '5', 'NEW', 1741926410255, undefined]);
  });

  it('reads an amended order of a list', () => {
    const order = parseAmendAnswer(example('Response for an order that is part of an Order list'), parseOrder);
    expect([order.orderId, order.orderListId, order.status, order.type]).toEqual(['9', '1', 'PENDING_NEW', 'MARKET']);
  });
});
