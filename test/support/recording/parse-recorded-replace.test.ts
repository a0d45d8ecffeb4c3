import { describe, expect, it } from 'vitest';
import { docExample } from '../cancel-replace-examples.js';
import { lostFields, parseRecorded } from './parse-recorded.js';
import type { RestRecord, WsApiRecord } from './recording-format.js';

/**
 * Recorded cancel-replace and amend answers are read with the connector's parsers, a partial
 * outcome's error answer included: built from rest-api.md's examples (test/spec/fixtures/cancel-replace.md).
 */

const example = docExample;

const rest = (method: string, path: string, status: number, body: unknown): RestRecord => ({ kind: 'rest', method, path, signed: true, params: {}, status, headers: {}, body });

describe('parseRecorded', () => {
  it('reads a cancel-replace that worked: both orders', () => {
    const body = example('Response SUCCESS');
    const result = parseRecorded(rest('POST', '/api/v3/order/cancelReplace', 200, body));
    expect(result.parsed && result.orders.map((o) => [o.orderId, o.status])).toEqual([['9', 'CANCELED'], ['10', 'NEW']]);
    expect(result.parsed && lostFields(body, result.orders)).toEqual([]);
  });

  it('reads the 409 of a cancel whose new order failed, over REST and the WebSocket API', () => {
    const body = example('Response when Cancel Order Succeeds but New Order');
    const overRest = parseRecorded(rest('POST', '/api/v3/order/cancelReplace', 409, body));
    expect(overRest.parsed && overRest.orders.map((o) => o.orderId)).toEqual(['3']);
    const overWs: WsApiRecord = {
      kind: 'ws-api', request: { id: 1, method: 'order.cancelReplace', params: {}, signed: true }, response: { status: 409, error: body },
    };
    const result = parseRecorded(overWs);
    expect(result.parsed && result.orders.map((o) => o.orderId)).toEqual(['3']);
  });

  it('reads an amend answer, and an order field it carries is not lost', () => {
    const body = example('Response for a single order');
    const result = parseRecorded(rest('PUT', '/api/v3/order/amend/keepPriority', 200, body));
    expect(result.parsed && result.orders.map((o) => [o.orderId, o.clientOrderId, o.workingTime])).toEqual([['33', 'PFaq6hIHxqFENGfdtn4J6Q', 1741926410242]]);
    expect(result.parsed && lostFields(body, result.orders)).toEqual([]);
  });
});
