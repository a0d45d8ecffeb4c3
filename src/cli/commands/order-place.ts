import type { Command } from 'commander';
import { ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE, type OrderRequest, type OrderTrigger, type OrderType } from '../../core/models.js';
import { ORDER_TYPE_PARAMETERS } from '../../spec/binance/stop-orders.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { addOrderOptionFlags, asksForPeg, orderOptionFields, type OrderOptionFlags } from '../order-option-args.js';
import { orderText } from '../order-view.js';
import { emit } from '../output.js';
import { parseAmount, parseChoice, parseInteger, parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';

/** The options of one order, as `order place` takes them. */
export interface PlaceOptions extends OrderOptionFlags {
  quantity?: string;
  quoteQuantity?: string;
  price?: string;
  stopPrice?: string;
  trailingDelta?: string;
  tif?: string;
  clientId?: string;
  round?: boolean;
  yes?: boolean;
}

/** The trigger of a stop or take-profit order: `--stop-price`, `--trailing-delta` (basis points), or both. */
function parseTrigger(type: string, options: PlaceOptions): OrderTrigger {
  const trailingDelta = options.trailingDelta === undefined ? undefined : parseInteger('--trailing-delta', options.trailingDelta, 1);
  if (options.stopPrice === undefined) {
    if (trailingDelta === undefined) throw new UsageError(`a ${type} order needs --stop-price or --trailing-delta (or both)`);
    return { trailingDelta };
  }
  const stopPrice = parseAmount('--stop-price', options.stopPrice);
  return trailingDelta === undefined ? { stopPrice } : { stopPrice, trailingDelta };
}

/** Refuses the options the order type does not take, naming the first. */
function refuseExtras(type: OrderType, options: PlaceOptions): void {
  const takes = ORDER_TYPE_PARAMETERS[type];
  const market = takes.trigger ? ' (it executes at market once triggered; the _LIMIT type takes a limit price)' : '';
  const extras: [unknown, boolean, string][] = [
    [options.quoteQuantity, type === 'MARKET', `--quote-quantity: only MARKET orders take it; give --quantity for ${type}`],
    [options.price, takes.price, `--price: a ${type} order takes no price${market}`],
    [options.stopPrice, takes.trigger, `--stop-price: a ${type} order takes no stop price; stop and take-profit orders do`],
    [options.trailingDelta, takes.trigger, `--trailing-delta: a ${type} order takes no trailing delta; stop and take-profit orders do`],
    [options.tif, takes.timeInForce, `--tif: a ${type} order takes no time in force`],
  ];
  const extra = extras.find(([value, taken]) => !taken && value !== undefined);
  if (extra !== undefined) throw new UsageError(extra[2]);
}

/** Builds the order request from the arguments; every missing or extra amount is a usage error, before any request. */
export function buildOrderRequest(symbolText: string, sideText: string, typeText: string, options: PlaceOptions): OrderRequest {
  const symbol = parseSymbol(symbolText);
  const side = parseChoice('side', sideText, ORDER_SIDES);
  const type = parseChoice('type', typeText, ORDER_TYPES);
  refuseExtras(type, options);
  const common = {
    symbol, side,
    ...(options.clientId === undefined ? {} : { clientOrderId: options.clientId }),
    ...(options.round === true ? { roundToFilters: true } : {}),
  };
  const quantity = options.quantity === undefined ? undefined : parseAmount('--quantity', options.quantity);
  const extras = orderOptionFields(type, options);
  // The option flags' combinations are checked by the connector, which names the rule broken.
  if (Object.keys(extras).length > 0) return { ...buildPlainRequest(common, type, quantity, options), ...extras } as OrderRequest;
  return buildPlainRequest(common, type, quantity, options);
}

/** The request without the option flags. */
function buildPlainRequest(
  common: Pick<OrderRequest, 'symbol' | 'side' | 'clientOrderId' | 'roundToFilters'>, type: OrderType, quantity: ReturnType<typeof parseAmount> | undefined, options: PlaceOptions,
): OrderRequest {
  if (type === 'MARKET') {
    if (options.quoteQuantity !== undefined) {
      if (quantity !== undefined) throw new UsageError('give either --quantity or --quote-quantity, not both');
      return { ...common, type, quoteQuantity: parseAmount('--quote-quantity', options.quoteQuantity) };
    }
    if (quantity === undefined) throw new UsageError('a MARKET order needs --quantity (base asset) or --quote-quantity (quote asset)');
    return { ...common, type, quantity };
  }
  if (quantity === undefined) throw new UsageError(`a ${type} order needs --quantity`);
  if (type === 'STOP_LOSS' || type === 'TAKE_PROFIT') return { ...common, type, quantity, ...parseTrigger(type, options) };
  if (options.price === undefined) {
    if (!asksForPeg(options)) throw new UsageError(`a ${type} order needs --price`);
    // A pegged order's price comes from the book; the exchange sets it.
    const timeInForce = type === 'LIMIT_MAKER' ? {} : { timeInForce: parseChoice('--tif', options.tif ?? 'GTC', TIME_IN_FORCE) };
    const trigger = type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT' ? parseTrigger(type, options) : {};
    return { ...common, type, quantity, ...timeInForce, ...trigger } as OrderRequest;
  }
  const price = parseAmount('--price', options.price);
  if (type === 'LIMIT_MAKER') return { ...common, type, quantity, price };
  const timeInForce = parseChoice('--tif', options.tif ?? 'GTC', TIME_IN_FORCE);
  if (type === 'LIMIT') return { ...common, type, quantity, price, timeInForce };
  return { ...common, type, quantity, price, timeInForce, ...parseTrigger(type, options) };
}

/** The order in words, for the live confirmation. */
function describe(request: OrderRequest): string {
  const amount = request.type === 'MARKET' && request.quoteQuantity !== undefined
    ? `for ${request.quoteQuantity.toString()} quote`
    : String(request.quantity);
  const pegged = 'pegPriceType' in request && request.pegPriceType !== undefined ? `pegged to the book (${request.pegPriceType})` : 'at market';
  const price = 'price' in request && request.price !== undefined ? `at ${request.price.toString()}` : pegged;
  const stop = 'stopPrice' in request && request.stopPrice !== undefined ? ` when the last price reaches ${request.stopPrice.toString()}` : '';
  const trailing = 'trailingDelta' in request && request.trailingDelta !== undefined ? `${stop === '' ? '' : ','} trailing ${request.trailingDelta} basis points` : '';
  const iceberg = 'icebergQuantity' in request && request.icebergQuantity !== undefined ? `, showing ${request.icebergQuantity.toString()} at a time` : '';
  return `place ${request.side} ${request.type} ${amount} ${request.symbol} ${price}${stop}${trailing}${iceberg}`;
}

/** `autotrader order place <symbol> <side> <type>`: validated against the symbol's filters, then sent once. */
export function registerOrderPlace(order: Command, io: CliIo): void {
  const place = order
    .command('place')
    .description('place an order (validated against the symbol\'s filters before sending)')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<side>', 'BUY or SELL')
    .argument('<type>', 'MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT')
    .option('--quantity <amount>', 'base-asset quantity')
    .option('--quote-quantity <amount>', 'MARKET only: quote-asset amount to spend (BUY) or receive (SELL)')
    .option('--price <price>', 'limit price (LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT)')
    .option('--stop-price <price>', 'stop and take-profit orders: the last price that triggers the order')
    .option('--trailing-delta <bips>', 'stop and take-profit orders: trail the price by this many basis points (100 = 1 %)')
    .option('--tif <tif>', 'LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT time in force: GTC, IOC or FOK (default GTC)')
    .option('--client-id <id>', 'your client order id (generated when absent)')
    .option('--round', 'round price to the tick size and quantity down to the step size instead of rejecting')
    .option('--yes', 'confirm placing on live without a prompt');
  addOrderOptionFlags(place)
    .action(async (symbolText: string, sideText: string, typeText: string, options: PlaceOptions, command: Command) => {
      const globals = globalsOf(command);
      const request = buildOrderRequest(symbolText, sideText, typeText, options);
      // The live gate runs before any connection, so a refused live order never reaches the exchange.
      await withConnector(io, globals, async (connector) => {
        const placed = await connector.placeOrder(request);
        emit(io, globals.json, orderJson(placed), () => orderText(placed));
      }, (settings, connector) => guardLiveAction(io, settings, connector, describe(request), options.yes === true));
    });
}
