import type { Command } from 'commander';
import type { ExchangeError } from '../../core/errors.js';
import type { CancelRestriction, OrderRateLimitExceededMode, ReplaceMode, ReplaceOptions, ReplaceResult } from '../../core/models.js';
import { CommandExit } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { explainError } from '../explain-error.js';
import { globalsOf } from '../globals.js';
import { orderText } from '../order-view.js';
import { emit, warn } from '../output.js';
import { parseAmount, parseChoice, parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';
import { CANCEL_REPLACE_MODES, CANCEL_RESTRICTIONS, ORDER_RATE_LIMIT_EXCEEDED_MODES } from '../../spec/binance/enums.js';
import { buildOrderRequest, type PlaceOptions } from './order-place.js';

/**
 * `autotrader order amend` (lower an order's quantity, keeping its place in the queue) and
 * `autotrader order replace` (cancel an order and place a new one in one request).
 */

const MODES: readonly ReplaceMode[] = CANCEL_REPLACE_MODES;
const RESTRICTIONS: readonly CancelRestriction[] = CANCEL_RESTRICTIONS;
const RATE_LIMIT_MODES: readonly OrderRateLimitExceededMode[] = ORDER_RATE_LIMIT_EXCEEDED_MODES;

interface ReplaceCliOptions extends PlaceOptions {
  mode?: string;
  cancelRestrictions?: string;
  rateLimitMode?: string;
}

/** A failed half in `--json`: the error's class, stable code, Binance code and message. */
function failureJson(error: ExchangeError | undefined): unknown {
  return error === undefined ? null : { type: error.name, code: error.code, exchangeCode: error.exchangeCode ?? null, message: error.message };
}

/** The result of a replace in `--json`. */
function replaceJson(result: ReplaceResult): unknown {
  return {
    cancelResult: result.cancelResult, newOrderResult: result.newOrderResult, orderLost: result.orderLost,
    cancelledOrder: result.cancelledOrder === undefined ? null : orderJson(result.cancelledOrder),
    newOrder: result.newOrder === undefined ? null : orderJson(result.newOrder),
    cancelError: failureJson(result.cancelError), newOrderError: failureJson(result.newOrderError),
  };
}

/** The result of a replace as text: each half, then the orders it touched. */
function replaceText(result: ReplaceResult): string {
  const half = (name: string, outcome: string, error: ExchangeError | undefined): string => `${name}: ${outcome}${error === undefined ? '' : ` (${error.message})`}`;
  const lines = [half('cancel', result.cancelResult, result.cancelError), half('new order', result.newOrderResult, result.newOrderError)];
  for (const order of [result.cancelledOrder, result.newOrder]) if (order !== undefined) lines.push('', orderText(order));
  return lines.join('\n');
}

function replaceOptions(options: ReplaceCliOptions): ReplaceOptions {
  return {
    ...(options.mode === undefined ? {} : { mode: parseChoice('--mode', options.mode, MODES) }),
    ...(options.cancelRestrictions === undefined ? {} : { cancelRestrictions: parseChoice('--cancel-restrictions', options.cancelRestrictions, RESTRICTIONS) }),
    ...(options.rateLimitMode === undefined ? {} : { orderRateLimitExceededMode: parseChoice('--rate-limit-mode', options.rateLimitMode, RATE_LIMIT_MODES) }),
  };
}

/** `autotrader order amend <symbol> <orderId> <quantity>`. */
function registerAmend(order: Command, io: CliIo): void {
  order
    .command('amend')
    .description('lower an open order\'s quantity, keeping its place in the queue and its client order id')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<orderId>', 'the order id the exchange assigned')
    .argument('<quantity>', 'the new quantity, below the current one')
    .option('--client-id <id>', 'give the order this client order id (default: keep its current one)')
    .option('--yes', 'confirm amending on live without a prompt')
    .action(async (symbolText: string, orderId: string, quantityText: string, options: { clientId?: string; yes?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      const quantity = parseAmount('quantity', quantityText);
      await withConnector(io, globals, async (connector) => {
        const amended = await connector.amendOrder(orderId, symbol, quantity, options.clientId === undefined ? {} : { clientOrderId: options.clientId });
        emit(io, globals.json, orderJson(amended), () => orderText(amended));
      }, (settings, connector) => guardLiveAction(io, settings, connector, `amend order ${orderId} of ${symbol} to quantity ${quantity}`, options.yes === true));
    });
}

/**
 * `autotrader order replace <symbol> <orderId> <side> <type>`: the new order takes `order place`'s
 * options. The result is written whichever half failed; a failed half then sets the exit code its
 * error has (an unknown order 7, the order-count limit 4), after a warning on stderr.
 */
function registerReplace(order: Command, io: CliIo): void {
  order
    .command('replace')
    .description('cancel an order and place a new one on its symbol in one request (the new order loses the old one\'s place)')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<orderId>', 'the order to cancel')
    .argument('<side>', 'the new order: BUY or SELL')
    .argument('<type>', 'the new order: MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT')
    .option('--quantity <amount>', 'base-asset quantity')
    .option('--quote-quantity <amount>', 'MARKET only: quote-asset amount')
    .option('--price <price>', 'limit price')
    .option('--stop-price <price>', 'stop and take-profit orders: the last price that triggers the order')
    .option('--trailing-delta <bips>', 'stop and take-profit orders: trailing delta in basis points')
    .option('--tif <tif>', 'time in force: GTC, IOC or FOK (default GTC)')
    .option('--client-id <id>', 'the new order\'s client order id (generated when absent)')
    .option('--round', 'round price and quantity to the filters instead of rejecting')
    .option('--mode <mode>', 'STOP_ON_FAILURE (default: no new order when the cancel fails) or ALLOW_FAILURE')
    .option('--cancel-restrictions <status>', 'cancel only an order that is ONLY_NEW or ONLY_PARTIALLY_FILLED')
    .option('--rate-limit-mode <mode>', 'over the unfilled order count: DO_NOTHING (default) or CANCEL_ONLY (still cancel)')
    .option('--yes', 'confirm replacing on live without a prompt')
    .action(async (symbolText: string, orderId: string, sideText: string, typeText: string, options: ReplaceCliOptions, command: Command) => {
      const globals = globalsOf(command);
      const { symbol, ...request } = buildOrderRequest(symbolText, sideText, typeText, options);
      const replace = replaceOptions(options);
      let failed: ExchangeError | undefined;
      await withConnector(io, globals, async (connector) => {
        const result = await connector.replaceOrder(orderId, symbol, request, replace);
        emit(io, globals.json, replaceJson(result), () => replaceText(result));
        if (result.orderLost) warn(io, globals.json, `order ${orderId} was cancelled and the new order was not placed: nothing works in its place`);
        failed = result.cancelError ?? result.newOrderError;
      }, (settings, connector) => guardLiveAction(io, settings, connector,
        `cancel order ${orderId} of ${symbol} and place ${request.side} ${request.type} instead`, options.yes === true));
      // After the connection is closed, so the exit code is the half's own and nothing more is reported.
      if (failed !== undefined) throw new CommandExit(explainError(failed).exitCode);
    });
}

/** Registers `order amend` and `order replace`. */
export function registerOrderReplace(order: Command, io: CliIo): void {
  registerAmend(order, io);
  registerReplace(order, io);
}
