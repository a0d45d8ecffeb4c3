/**
 * Responses copied from Binance's `web-socket-api.md` (binance/binance-spot-api-docs), kept as
 * Binance wrote them: which `rateLimits` entries each kind of answer carries is checked against
 * these, not against the simulator's own idea of it.
 */

/** "Unfilled Order Count": a successful `order.place` lists both ORDERS windows, then REQUEST_WEIGHT. */
export const ORDER_PLACED = {
  id: 'e2a85d9f-07a5-4f94-8d5f-789dc3deb097',
  status: 200,
  result: {
    symbol: 'BTCUSDT', orderId: 12510053279, orderListId: -1, clientOrderId: 'a097fe6304b20a7e4fc436',
    transactTime: 1655716096505, price: '0.10000000', origQty: '10.00000000', executedQty: '0.00000000',
    origQuoteOrderQty: '0.000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', timeInForce: 'GTC',
    type: 'LIMIT', side: 'BUY', workingTime: 1655716096505, selfTradePreventionMode: 'NONE',
  },
  rateLimits: [
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 12 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 4043 },
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 321 },
  ],
} as const;

/** "Response" ("Example of failed response"): a rejected `order.place` lists the ORDERS windows too. */
export const ORDER_REJECTED = {
  id: 'e2a85d9f-07a5-4f94-8d5f-789dc3deb097',
  status: 400,
  error: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
  rateLimits: [
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 13 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 4044 },
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 322 },
  ],
} as const;

/** "Check server time": a method that places no order lists REQUEST_WEIGHT only. */
export const TIME = {
  id: '187d3cb2-942d-484c-8271-4e2141bbadb1',
  status: 200,
  result: { serverTime: 1656400526260 },
  rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 1 }],
} as const;

/** "Unfilled Order Count (USER_DATA)": the ORDERS windows are the result; `rateLimits` has REQUEST_WEIGHT only. */
export const UNFILLED_ORDER_COUNT = {
  id: 'd3783d8d-f8d1-4d2c-b8a0-b7596af5a664',
  status: 200,
  result: [
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 0 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 0 },
  ],
  rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 40 }],
} as const;

/** "How to show/hide rate limit information": with `returnRateLimits: false` there is no `rateLimits`. */
export const TIME_WITHOUT_LIMITS = { id: 2, status: 200, result: { serverTime: 1656400527891 } } as const;

/** A `rateLimits` entry without its count: what identifies the limit. */
export function limitNames(entries: readonly { readonly count: number }[]): Omit<(typeof entries)[number], 'count'>[] {
  return entries.map(({ count: _count, ...rule }) => rule);
}
