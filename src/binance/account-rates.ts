import type { CommissionRates, CommissionRateSet, OrderRateLimit } from '../core/models.js';
import { dec, int, list, malformed, record, text } from './wire-fields.js';

/**
 * The account's trading terms as Binance reports them: commission rates on a symbol
 * (`GET /api/v3/account/commission`, `account.commission`) and the unfilled order count of each
 * ORDERS window (`GET /api/v3/rateLimit/order`, `account.rateLimits.orders`). One parser each.
 */

const COMMISSION = 'commission rates';
const ORDER_LIMITS = 'order rate limits';

function rateSet(value: unknown, field: string): CommissionRateSet {
  const wire = record(value, COMMISSION, field);
  return {
    maker: dec(wire.maker, COMMISSION, `${field}.maker`), taker: dec(wire.taker, COMMISSION, `${field}.taker`),
    buyer: dec(wire.buyer, COMMISSION, `${field}.buyer`), seller: dec(wire.seller, COMMISSION, `${field}.seller`),
  };
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw malformed(COMMISSION, field, value);
  return value;
}

/** `GET /api/v3/account/commission` → CommissionRates. */
export function parseCommissionRates(body: unknown): CommissionRates {
  const wire = record(body, COMMISSION);
  const discount = record(wire.discount, COMMISSION, 'discount');
  return {
    symbol: text(wire.symbol, COMMISSION, 'symbol'),
    standard: rateSet(wire.standardCommission, 'standardCommission'),
    special: rateSet(wire.specialCommission, 'specialCommission'),
    tax: rateSet(wire.taxCommission, 'taxCommission'),
    discount: {
      enabledForAccount: flag(discount.enabledForAccount, 'discount.enabledForAccount'),
      enabledForSymbol: flag(discount.enabledForSymbol, 'discount.enabledForSymbol'),
      discountAsset: text(discount.discountAsset, COMMISSION, 'discount.discountAsset'),
      discount: dec(discount.discount, COMMISSION, 'discount.discount'),
    },
  };
}

/** `GET /api/v3/rateLimit/order` → one OrderRateLimit per ORDERS window (other rate limit types are left out). */
export function parseOrderRateLimits(body: unknown): OrderRateLimit[] {
  return list(body, ORDER_LIMITS).flatMap((entry, i) => {
    const wire = record(entry, ORDER_LIMITS, `[${i}]`);
    if (wire.rateLimitType !== 'ORDERS') return [];
    return [{
      interval: text(wire.interval, ORDER_LIMITS, `[${i}].interval`),
      intervalNum: int(wire.intervalNum, ORDER_LIMITS, `[${i}].intervalNum`),
      limit: int(wire.limit, ORDER_LIMITS, `[${i}].limit`),
      count: int(wire.count, ORDER_LIMITS, `[${i}].count`),
    }];
  });
}
