import type { Decimal } from '../../core/decimal.js';
import { fixed8, stepsToDecimal, ticksToDecimal } from './amounts.js';
import type { SimOrder } from './order-types.js';
import type { PreventedMatch } from './self-trade.js';

/**
 * The conditional order fields of the order options, as rest-api.md's "Conditional fields in
 * Order Responses" lists them: the prevented-match fields once STP took quantity off the order,
 * the strategy labels when sent, the peg fields for a pegged order (`peggedPrice` once set).
 */

/** The price an answer shows as `price`: a pegged order's is the one it was sent with (zero when none), pegged_orders.md. */
export function sentPriceTicks(order: SimOrder): number {
  return order.peg === undefined ? order.priceTicks : order.peg.sentPriceTicks;
}

/** Where a payload keeps each conditional option field. */
type OptionKeys = Record<'preventedMatchId' | 'preventedQuantity' | 'strategyId' | 'strategyType' | 'pegPriceType' | 'pegOffsetType' | 'pegOffsetValue' | 'peggedPrice', string>;

/** rest-api.md's names. */
const ANSWER_KEYS: OptionKeys = {
  preventedMatchId: 'preventedMatchId', preventedQuantity: 'preventedQuantity', strategyId: 'strategyId', strategyType: 'strategyType',
  pegPriceType: 'pegPriceType', pegOffsetType: 'pegOffsetType', pegOffsetValue: 'pegOffsetValue', peggedPrice: 'peggedPrice',
};

/** user-data-stream.md's executionReport letters. */
const REPORT_KEYS: OptionKeys = {
  preventedMatchId: 'v', preventedQuantity: 'A', strategyId: 'j', strategyType: 'J', pegPriceType: 'gP', pegOffsetType: 'gOT', pegOffsetValue: 'gOV', peggedPrice: 'gp',
};

function conditionalFields(order: SimOrder, keys: OptionKeys): Record<string, unknown> {
  const { spec } = order;
  const fields: Record<string, unknown> = {};
  if (order.preventedSteps > 0) {
    fields[keys.preventedMatchId] = order.preventedMatchId;
    fields[keys.preventedQuantity] = fixed8(stepsToDecimal(spec, order.preventedSteps));
  }
  if (order.strategyId !== undefined) fields[keys.strategyId] = order.strategyId;
  if (order.strategyType !== undefined) fields[keys.strategyType] = order.strategyType;
  if (order.peg !== undefined) {
    fields[keys.pegPriceType] = order.peg.priceType;
    if (order.peg.offsetLevels !== undefined) {
      fields[keys.pegOffsetType] = 'PRICE_LEVEL';
      fields[keys.pegOffsetValue] = order.peg.offsetLevels;
    }
    if (order.priceTicks > 0) fields[keys.peggedPrice] = fixed8(ticksToDecimal(spec, order.priceTicks));
  }
  return fields;
}

/** The conditional fields of an order's options in REST and WebSocket API answers. */
export function optionFields(order: SimOrder): Record<string, unknown> {
  return conditionalFields(order, ANSWER_KEYS);
}

/** A placement answer's `preventedMatches`: the matches the new order was prevented from, as stp_faq.md's examples show them. */
export function preventedMatchesField(prevented: readonly PreventedMatch[]): Record<string, unknown> {
  if (prevented.length === 0) return {};
  return {
    preventedMatches: prevented.map((m) => ({
      preventedMatchId: m.preventedMatchId, makerSymbol: m.symbol, makerOrderId: m.makerOrderId, price: fixed8(m.price),
      ...(m.takerPreventedQuantity === undefined ? {} : { takerPreventedQuantity: fixed8(m.takerPreventedQuantity) }),
      ...(m.makerPreventedQuantity === undefined ? {} : { makerPreventedQuantity: fixed8(m.makerPreventedQuantity) }),
    })),
  };
}

/**
 * The executionReport letters of the order options (user-data-stream.md's conditional fields):
 * `j`/`J` strategy labels, `v`/`A`/`B`/`u` for an order STP took quantity off, `gP`/`gOT`/`gOV`/`gp` for a pegged order.
 */
export function optionReportFields(order: SimOrder, lastPreventedQty: Decimal | undefined): Record<string, unknown> {
  const fields = conditionalFields(order, REPORT_KEYS);
  if (order.preventedSteps > 0) {
    if (lastPreventedQty !== undefined) fields.B = fixed8(lastPreventedQty);
    // No trade groups in the simulator: tradeGroupId is -1, as for an account outside one.
    fields.u = -1;
  }
  return fields;
}
