import type { NewOrderResponseType } from '../../spec/binance/enums.js';
import type { SimAccount } from './accounts.js';
import { accountCommissionFields } from './commission.js';
import { fixed8, stepsToDecimal, ticksToDecimal } from './amounts.js';
import { isStopType, type Fill, type SimOrder, type SimTrade } from './order-types.js';
import { optionFields, preventedMatchesField, sentPriceTicks } from './option-views.js';
import type { PreventedMatch } from './self-trade.js';

/** Binance's JSON shapes for orders, trades and accounts (amounts as 8-decimal strings). */

/** rest-api.md's conditional fields of a trailing stop: `trailingDelta`, and `trailingTime` (-1 until it trails). */
function trailingFields(order: SimOrder): Record<string, number> {
  return order.trailingDelta > 0 ? { trailingDelta: order.trailingDelta, trailingTime: order.trailingTime } : {};
}

/** The conditional fields of a stop or take-profit order: `stopPrice` and the trailing ones. */
function stopFields(order: SimOrder): Record<string, unknown> {
  if (!isStopType(order.type)) return {};
  return { stopPrice: fixed8(ticksToDecimal(order.spec, order.stopPriceTicks)), ...trailingFields(order) };
}

/** `GET /api/v3/order` (and openOrders/allOrders elements). */
export function orderView(order: SimOrder): Record<string, unknown> {
  const { spec } = order;
  return {
    symbol: spec.symbol, orderId: order.orderId, orderListId: order.orderListId, clientOrderId: order.clientOrderId,
    price: fixed8(ticksToDecimal(spec, sentPriceTicks(order))), origQty: fixed8(stepsToDecimal(spec, order.origSteps)),
    executedQty: fixed8(stepsToDecimal(spec, order.executedSteps)), cummulativeQuoteQty: fixed8(order.cummulativeQuote),
    status: order.status, timeInForce: order.timeInForce, type: order.type, side: order.side,
    // web-socket-api.md's order.status example: the trailing fields follow stopPrice.
    stopPrice: fixed8(ticksToDecimal(spec, order.stopPriceTicks)), ...trailingFields(order), icebergQty: fixed8(stepsToDecimal(spec, order.icebergSteps)),
    time: order.time, updateTime: order.updateTime, isWorking: order.workingTime >= 0, workingTime: order.workingTime,
    origQuoteOrderQty: fixed8(order.origQuoteOrderQty), selfTradePreventionMode: order.selfTradePreventionMode, ...optionFields(order),
    // CHANGELOG 2026-05-06: order queries carry `expiryReason` for expired orders.
    ...(order.expiryReason === undefined ? {} : { expiryReason: order.expiryReason }),
  };
}

/** `POST /api/v3/order` in the requested response type. */
export function newOrderView(
  order: SimOrder, fills: readonly Fill[], type: NewOrderResponseType, transactTime: number, prevented: readonly PreventedMatch[] = [],
): Record<string, unknown> {
  const { spec } = order;
  const ack = {
    symbol: spec.symbol, orderId: order.orderId, orderListId: order.orderListId, clientOrderId: order.clientOrderId, transactTime,
  };
  if (type === 'ACK') return ack;
  const result: Record<string, unknown> = {
    ...ack,
    price: fixed8(ticksToDecimal(spec, sentPriceTicks(order))),
    // rest-api.md's OPO answers: a pending order whose quantity is not known yet has no origQty.
    ...(order.status === 'PENDING_NEW' && order.origSteps === 0 ? {} : { origQty: fixed8(stepsToDecimal(spec, order.origSteps)) }),
    executedQty: fixed8(stepsToDecimal(spec, order.executedSteps)), origQuoteOrderQty: fixed8(order.origQuoteOrderQty),
    cummulativeQuoteQty: fixed8(order.cummulativeQuote), status: order.status, timeInForce: order.timeInForce,
    type: order.type, side: order.side, ...stopFields(order), workingTime: order.workingTime,
    ...(order.icebergSteps > 0 ? { icebergQty: fixed8(stepsToDecimal(spec, order.icebergSteps)) } : {}),
    ...preventedMatchesField(prevented), selfTradePreventionMode: order.selfTradePreventionMode, ...optionFields(order),
  };
  if (order.expiryReason !== undefined) result.expiryReason = order.expiryReason;
  if (type === 'RESULT') return result;
  return {
    ...result,
    fills: fills.map((fill) => ({
      price: fixed8(fill.price), qty: fixed8(fill.qty), commission: fixed8(fill.commission),
      commissionAsset: fill.commissionAsset, tradeId: fill.tradeId,
    })),
  };
}

/** `DELETE /api/v3/order` (and DELETE openOrders elements). */
export function cancelView(order: SimOrder, cancelClientId: string, transactTime: number): Record<string, unknown> {
  const { spec } = order;
  return {
    symbol: spec.symbol, origClientOrderId: order.clientOrderId, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: cancelClientId, transactTime,
    price: fixed8(ticksToDecimal(spec, sentPriceTicks(order))), origQty: fixed8(stepsToDecimal(spec, order.origSteps)),
    executedQty: fixed8(stepsToDecimal(spec, order.executedSteps)), origQuoteOrderQty: fixed8(order.origQuoteOrderQty),
    cummulativeQuoteQty: fixed8(order.cummulativeQuote), status: order.status, timeInForce: order.timeInForce,
    type: order.type, side: order.side, ...stopFields(order),
    ...(order.icebergSteps > 0 ? { icebergQty: fixed8(stepsToDecimal(spec, order.icebergSteps)) } : {}),
    selfTradePreventionMode: order.selfTradePreventionMode, ...optionFields(order),
  };
}

/** `GET /api/v3/myTrades` element. */
export function myTradeView(trade: SimTrade): Record<string, unknown> {
  return {
    symbol: trade.symbol, id: trade.id, orderId: trade.orderId, orderListId: trade.orderListId,
    price: fixed8(trade.price), qty: fixed8(trade.qty), quoteQty: fixed8(trade.quoteQty),
    commission: fixed8(trade.commission), commissionAsset: trade.commissionAsset, time: trade.time,
    isBuyer: trade.isBuyer, isMaker: trade.isMaker, isBestMatch: true,
  };
}

/** `GET /api/v3/account`. */
export function accountView(account: SimAccount, omitZeroBalances: boolean): Record<string, unknown> {
  const balances = [...account.balances]
    .filter(([, b]) => !omitZeroBalances || !b.free.eq(0) || !b.locked.eq(0))
    .map(([asset, b]) => ({ asset, free: fixed8(b.free), locked: fixed8(b.locked) }));
  return {
    ...accountCommissionFields(account.commission),
    canTrade: true, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
    updateTime: account.updateTime, accountType: 'SPOT', balances, permissions: ['SPOT'], uid: account.uid,
  };
}
