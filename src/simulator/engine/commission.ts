import { Decimal, ZERO } from '../../core/decimal.js';
import { fixed8 } from './amounts.js';
import type { Side } from './order-types.js';

/**
 * An account's commission rates, as `GET /api/v3/account/commission` reports them, and the rate a
 * fill pays, as faqs/commission_faq.md computes it: for each of the standard, tax and special
 * rates, the maker or taker rate plus the buyer or seller rate, all three summed, on the amount
 * received. The simulator offers no BNB discount (`discount.enabledForAccount` is false).
 */

/** One kind of commission: maker, taker, buyer and seller rates (fractions: 0.001 is 0.1 %). */
export interface CommissionSet {
  readonly maker: Decimal;
  readonly taker: Decimal;
  readonly buyer: Decimal;
  readonly seller: Decimal;
}

/** The three kinds Binance charges. */
export interface CommissionRates {
  readonly standard: CommissionSet;
  readonly tax: CommissionSet;
  readonly special: CommissionSet;
}

/** Rates of one kind, as decimal strings; those left out are zero. */
export type CommissionSetOptions = Readonly<Partial<Record<keyof CommissionSet, string>>>;

/** An account's rates in `startSimulator({ accounts })`; the standard maker and taker rates default to 0.1 %. */
export interface CommissionOptions {
  readonly standard?: CommissionSetOptions;
  readonly tax?: CommissionSetOptions;
  readonly special?: CommissionSetOptions;
}

/** Default standard commission rate for maker and taker (0.1 %). */
const DEFAULT_COMMISSION = '0.001';

const RATE = /^(0|[1-9][0-9]*)(\.[0-9]{1,8})?$/;
const KINDS = ['standard', 'tax', 'special'] as const;

/** The rates `options` give; throws TypeError naming `at` and the field for a rate that is not a decimal of at most 8 places below 1. */
export function commissionRates(options: CommissionOptions | undefined, at: string): CommissionRates {
  const defaults: Record<(typeof KINDS)[number], CommissionSetOptions> = {
    standard: { maker: DEFAULT_COMMISSION, taker: DEFAULT_COMMISSION }, tax: {}, special: {},
  };
  const set = (kind: (typeof KINDS)[number]): CommissionSet => {
    const given = options?.[kind] ?? defaults[kind];
    const rate = (field: keyof CommissionSet): Decimal => {
      const value = given[field];
      if (value === undefined) return ZERO;
      if (!RATE.test(value) || new Decimal(value).gte(1)) throw new TypeError(`${at}.${kind}.${field} must be a rate such as "0.001" (below 1, at most 8 decimals)`);
      return new Decimal(value);
    };
    return { maker: rate('maker'), taker: rate('taker'), buyer: rate('buyer'), seller: rate('seller') };
  };
  return { standard: set('standard'), tax: set('tax'), special: set('special') };
}

/** The rate one fill pays on what it received: standard, tax and special, each maker or taker plus buyer or seller. */
export function fillRate(rates: CommissionRates, isMaker: boolean, side: Side): Decimal {
  return KINDS.reduce((sum, kind) => {
    const set = rates[kind];
    return sum.plus(isMaker ? set.maker : set.taker).plus(side === 'BUY' ? set.buyer : set.seller);
  }, ZERO);
}

const setView = (set: CommissionSet): Record<keyof CommissionSet, string> => ({
  maker: fixed8(set.maker), taker: fixed8(set.taker), buyer: fixed8(set.buyer), seller: fixed8(set.seller),
});

/** The simulator never discounts commission paid in BNB. */
const NO_DISCOUNT = { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: fixed8(ZERO) };

/** `GET /api/v3/account/commission`. */
export function commissionView(symbol: string, rates: CommissionRates): Record<string, unknown> {
  return {
    symbol, standardCommission: setView(rates.standard), specialCommission: setView(rates.special), taxCommission: setView(rates.tax), discount: NO_DISCOUNT,
  };
}

/** `POST /api/v3/order/test` with `computeCommissionRates`: each kind's maker and taker rates with the order side's rate added. */
export function orderCommissionView(rates: CommissionRates, side: Side): Record<string, unknown> {
  const forOrder = (set: CommissionSet): { maker: string; taker: string } => {
    const sided = side === 'BUY' ? set.buyer : set.seller;
    return { maker: fixed8(set.maker.plus(sided)), taker: fixed8(set.taker.plus(sided)) };
  };
  return {
    standardCommissionForOrder: forOrder(rates.standard), specialCommissionForOrder: forOrder(rates.special),
    taxCommissionForOrder: forOrder(rates.tax), discount: NO_DISCOUNT,
  };
}

/** The legacy `GET /api/v3/account` fields: the standard rates (`commissionRates`) and in basis points (0.001 → 10). */
export function accountCommissionFields(rates: CommissionRates): Record<string, unknown> {
  const points = (rate: Decimal): number => Number(rate.times(10_000).round(0, Decimal.roundDown).toFixed(0));
  const { standard } = rates;
  return {
    makerCommission: points(standard.maker), takerCommission: points(standard.taker),
    buyerCommission: points(standard.buyer), sellerCommission: points(standard.seller),
    commissionRates: setView(standard),
  };
}
