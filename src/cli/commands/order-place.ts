import type { Command } from 'commander';
import { ORDER_SIDES, TIME_IN_FORCE, type OrderRequest } from '../../core/models.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { globalsOf } from '../globals.js';
import { orderText } from '../order-view.js';
import { emit } from '../output.js';
import { parseAmount, parseChoice, parseSymbol } from '../parse-args.js';
import { orderJson } from '../serialize.js';

interface PlaceOptions {
  quantity?: string;
  quoteQuantity?: string;
  price?: string;
  tif?: string;
  clientId?: string;
  round?: boolean;
  yes?: boolean;
}

/** Builds the order request from the arguments; every missing or extra amount is a usage error, before any request. */
export function buildOrderRequest(symbolText: string, sideText: string, typeText: string, options: PlaceOptions): OrderRequest {
  const symbol = parseSymbol(symbolText);
  const side = parseChoice('side', sideText, ORDER_SIDES);
  const type = parseChoice('type', typeText, ['MARKET', 'LIMIT', 'LIMIT_MAKER'] as const);
  const common = {
    symbol, side,
    ...(options.clientId === undefined ? {} : { clientOrderId: options.clientId }),
    ...(options.round === true ? { roundToFilters: true } : {}),
  };
  const quantity = options.quantity === undefined ? undefined : parseAmount('--quantity', options.quantity);
  if (type === 'MARKET') {
    if (options.price !== undefined) throw new UsageError('--price: a MARKET order takes no price');
    if (options.tif !== undefined) throw new UsageError('--tif: a MARKET order takes no time in force');
    if (options.quoteQuantity !== undefined) {
      if (quantity !== undefined) throw new UsageError('give either --quantity or --quote-quantity, not both');
      return { ...common, type, quoteQuantity: parseAmount('--quote-quantity', options.quoteQuantity) };
    }
    if (quantity === undefined) throw new UsageError('a MARKET order needs --quantity (base asset) or --quote-quantity (quote asset)');
    return { ...common, type, quantity };
  }
  if (options.quoteQuantity !== undefined) throw new UsageError(`--quote-quantity: only MARKET orders take it; give --quantity for ${type}`);
  if (quantity === undefined) throw new UsageError(`a ${type} order needs --quantity`);
  if (options.price === undefined) throw new UsageError(`a ${type} order needs --price`);
  const price = parseAmount('--price', options.price);
  if (type === 'LIMIT_MAKER') {
    if (options.tif !== undefined) throw new UsageError('--tif: a LIMIT_MAKER order takes no time in force');
    return { ...common, type, quantity, price };
  }
  const timeInForce = parseChoice('--tif', options.tif ?? 'GTC', TIME_IN_FORCE);
  return { ...common, type, quantity, price, timeInForce };
}

function describe(request: OrderRequest): string {
  const amount = request.type === 'MARKET' && request.quoteQuantity !== undefined
    ? `for ${request.quoteQuantity.toString()} quote`
    : String(request.quantity);
  const price = 'price' in request ? `at ${request.price.toString()}` : 'at market';
  return `place ${request.side} ${request.type} ${amount} ${request.symbol} ${price}`;
}

/** `autotrader order place <symbol> <side> <type>`: validated against the symbol's filters, then sent once. */
export function registerOrderPlace(order: Command, io: CliIo): void {
  order
    .command('place')
    .description('place an order (validated against the symbol\'s filters before sending)')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<side>', 'BUY or SELL')
    .argument('<type>', 'MARKET, LIMIT or LIMIT_MAKER')
    .option('--quantity <amount>', 'base-asset quantity')
    .option('--quote-quantity <amount>', 'MARKET only: quote-asset amount to spend (BUY) or receive (SELL)')
    .option('--price <price>', 'limit price (LIMIT, LIMIT_MAKER)')
    .option('--tif <tif>', 'LIMIT time in force: GTC, IOC or FOK (default GTC)')
    .option('--client-id <id>', 'your client order id (generated when absent)')
    .option('--round', 'round price to the tick size and quantity down to the step size instead of rejecting')
    .option('--yes', 'confirm placing on live without a prompt')
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
