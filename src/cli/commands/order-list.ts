import type { Command } from 'commander';
import type {
  OcoLegRequest, OpoPendingOrderRequest, OpoWorkingOrderRequest, OrderList, OrderListRequest, OrderRequest, OrderSide, PendingOrderRequest,
  WorkingOrderRequest,
} from '../../core/models.js';
import { ORDER_SIDES } from '../../core/models.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { guardLiveAction } from '../confirm.js';
import { withConnector } from '../connect.js';
import { isoTime, table } from '../format.js';
import { globalsOf } from '../globals.js';
import { ORDER_HEADERS, orderCells } from '../order-view.js';
import { emit, emitRows } from '../output.js';
import { parseAmount, parseChoice, parseSymbol } from '../parse-args.js';
import { ORDER_OPTION_FLAGS, parseStp, STP_HELP } from '../order-option-args.js';
import { orderListJson } from '../serialize.js';
import { buildOrderRequest, type PlaceOptions } from './order-place.js';

/**
 * `autotrader order list place oco|oto|otoco|opo|opoco`, `order list cancel`, `order list get`: order lists
 * from the command line. Each order of a list takes the options `order place` takes, under the
 * order's name as Binance names its parameters (`--above-price`, `--working-side`,
 * `--pending-below-stop-price`, `--working-iceberg`); `--stp` is the list's, as Binance takes it.
 */

/** The options of one order of a list, by their `order place` names. */
const LEG_OPTIONS: readonly { key: keyof PlaceOptions; flag: string; value: string; help: string; oco: boolean }[] = [
  { key: 'quantity', flag: 'quantity', value: '<amount>', help: 'base-asset quantity', oco: false },
  { key: 'price', flag: 'price', value: '<price>', help: 'limit price', oco: true },
  { key: 'stopPrice', flag: 'stop-price', value: '<price>', help: 'stop and take-profit orders: the last price that triggers it', oco: true },
  { key: 'trailingDelta', flag: 'trailing-delta', value: '<bips>', help: 'stop and take-profit orders: trailing delta in basis points', oco: true },
  { key: 'tif', flag: 'tif', value: '<tif>', help: 'time in force: GTC, IOC or FOK (default GTC)', oco: true },
  { key: 'clientId', flag: 'client-id', value: '<id>', help: 'your client order id (generated when absent)', oco: true },
  // Iceberg, peg and strategy labels are each order's; self-trade prevention is the list's (--stp).
  ...ORDER_OPTION_FLAGS.map((option) => ({ ...option, oco: true })),
];

/** Which of an order's own options a list lets it have: an OCO leg shares side and quantity, an OPO's orders have a fixed side. */
interface LegShape {
  side: boolean;
  quantity: boolean;
}

/** `--above-price` and the like: `prefix` is the order's name in kebab case. */
function legFlags(command: Command, prefix: string, label: string, shape: LegShape): Command {
  command.option(`--${prefix}-type <type>`, `${label}: order type`);
  if (shape.side) command.option(`--${prefix}-side <side>`, `${label}: BUY or SELL`);
  for (const option of LEG_OPTIONS) {
    if (!shape.quantity && !option.oco) continue;
    command.option(`--${prefix}-${option.flag} ${option.value}`, `${label}: ${option.help}`);
  }
  return command;
}

/** The camel-case key commander gives `--<prefix>-<flag>`. */
function camel(text: string): string {
  return text.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

type Options = Record<string, string | boolean | undefined>;

/**
 * Builds one order of the list with `order place`'s rules; its usage errors name the list's flags.
 * `shared` gives an OCO pair's side and quantity, which the pair sends once, or an OPO order's side.
 */
function leg(symbol: string, prefix: string, options: Options, shared?: { side: OrderSide; quantity?: string }): OrderRequest {
  const read = (flag: string): string | undefined => options[camel(`${prefix}-${flag}`)] as string | undefined;
  const type = read('type');
  if (type === undefined) throw new UsageError(`--${prefix}-type is required`);
  const side = shared?.side ?? read('side');
  if (side === undefined) throw new UsageError(`--${prefix}-side is required`);
  const place: PlaceOptions = {};
  for (const option of LEG_OPTIONS) {
    const value = (option.key === 'quantity' ? shared?.quantity : undefined) ?? read(option.flag);
    if (value !== undefined) (place as Record<string, string>)[option.key] = value;
  }
  try {
    return buildOrderRequest(symbol, side, type, place);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(error.message.replace(/--([a-z-]+)/g, (_m, flag: string) => `--${prefix}-${flag}`).replace(/^(side|type):/, `--${prefix}-$1:`));
  }
}

/** An order of an OCO pair: its own fields, without the pair's side and quantity. */
function ocoLeg(request: OrderRequest): OcoLegRequest {
  const { symbol: _symbol, side: _side, quantity: _quantity, roundToFilters: _round, ...own } = request as OrderRequest & { quantity?: unknown };
  return own as OcoLegRequest;
}

/** An order of an OTO or OTOCO: everything but the symbol, which the list gives. */
function listLeg<T extends WorkingOrderRequest | PendingOrderRequest | OpoWorkingOrderRequest>(request: OrderRequest): T {
  const { symbol: _symbol, roundToFilters: _round, ...own } = request;
  return own as T;
}

/** An OPO's pending order: its own fields, without the SELL side and the quantity, which the working order's fill sets. */
function opoPending(request: OrderRequest): OpoPendingOrderRequest {
  const { symbol: _symbol, side: _side, quantity: _quantity, roundToFilters: _round, ...own } = request as OrderRequest & { quantity?: unknown };
  return own as OpoPendingOrderRequest;
}

/**
 * An OPO or OPOCO: a working BUY, and pending SELLs of what it buys. The pending orders are checked
 * with the working quantity (the most they can sell), then sent without one.
 */
function buildOpoRequest(
  kind: 'opo' | 'opoco', symbol: string, common: Pick<OrderListRequest, 'symbol' | 'listClientOrderId' | 'roundToFilters' | 'selfTradePreventionMode'>, options: Options,
): OrderListRequest {
  const working = listLeg<OpoWorkingOrderRequest>(leg(symbol, 'working', options, { side: 'BUY' }));
  if (working.type !== 'LIMIT' && working.type !== 'LIMIT_MAKER') throw new UsageError('--working-type: the working order is LIMIT or LIMIT_MAKER');
  const pending = { side: 'SELL' as const, quantity: options.workingQuantity as string };
  if (kind === 'opo') return { ...common, type: 'OPO', working, pending: opoPending(leg(symbol, 'pending', options, pending)) };
  return {
    ...common, type: 'OPOCO', working,
    pendingAbove: ocoLeg(leg(symbol, 'pending-above', options, pending)), pendingBelow: ocoLeg(leg(symbol, 'pending-below', options, pending)),
  };
}

/** Builds the list request of `kind` from the arguments; every missing or extra option is a usage error, before any request. */
function buildOrderListRequest(kind: 'oco' | 'oto' | 'otoco' | 'opo' | 'opoco', symbolText: string, sideText: string | undefined, options: Options): OrderListRequest {
  const symbol = parseSymbol(symbolText);
  const common = {
    symbol,
    ...(typeof options.listClientId === 'string' ? { listClientOrderId: options.listClientId } : {}),
    ...(options.round === true ? { roundToFilters: true } : {}),
    ...(typeof options.stp === 'string' ? { selfTradePreventionMode: parseStp(options.stp) } : {}),
  };
  if (kind === 'oco') {
    if (sideText === undefined) throw new UsageError('an OCO needs <side>: BUY or SELL');
    if (typeof options.quantity !== 'string') throw new UsageError('an OCO needs --quantity (of both orders)');
    const shared = { side: parseChoice('side', sideText, ORDER_SIDES), quantity: parseAmount('--quantity', options.quantity) };
    return {
      ...common, type: 'OCO', side: shared.side, quantity: shared.quantity,
      above: ocoLeg(leg(symbol, 'above', options, shared)), below: ocoLeg(leg(symbol, 'below', options, shared)),
    };
  }
  if (kind === 'opo' || kind === 'opoco') return buildOpoRequest(kind, symbol, common, options);
  const working = listLeg<WorkingOrderRequest>(leg(symbol, 'working', options));
  if (working.type !== 'LIMIT' && working.type !== 'LIMIT_MAKER') throw new UsageError('--working-type: the working order is LIMIT or LIMIT_MAKER');
  if (kind === 'oto') return { ...common, type: 'OTO', working, pending: listLeg<PendingOrderRequest>(leg(symbol, 'pending', options)) };
  if (typeof options.pendingSide !== 'string') throw new UsageError('an OTOCO needs --pending-side (of both pending orders)');
  if (typeof options.pendingQuantity !== 'string') throw new UsageError('an OTOCO needs --pending-quantity (of both pending orders)');
  const shared = { side: parseChoice('--pending-side', options.pendingSide, ORDER_SIDES), quantity: parseAmount('--pending-quantity', options.pendingQuantity) };
  return {
    ...common, type: 'OTOCO', working, pendingSide: shared.side, pendingQuantity: shared.quantity,
    pendingAbove: ocoLeg(leg(symbol, 'pending-above', options, shared)), pendingBelow: ocoLeg(leg(symbol, 'pending-below', options, shared)),
  };
}

/** Column headers of order list tables. */
export const ORDER_LIST_HEADERS = ['orderListId', 'listClientOrderId', 'symbol', 'contingency', 'status', 'orderStatus', 'orders', 'time'];

/** One order list as a table row. */
export function orderListCells(list: OrderList): string[] {
  return [
    list.orderListId, list.listClientOrderId, list.symbol, list.contingencyType, list.listStatusType, list.listOrderStatus,
    list.orders.map((o) => o.orderId).join(','), isoTime(list.createdAt),
  ];
}

/** An order list as text: its row, then its orders' rows when the answer carried their states. */
export function orderListText(list: OrderList): string {
  const main = table(ORDER_LIST_HEADERS, [orderListCells(list)]);
  const orders = list.orders.flatMap((entry) => (entry.order === undefined ? [] : [orderCells(entry.order)]));
  return orders.length === 0 ? main : `${main}\n\n${table(ORDER_HEADERS, orders)}`;
}

function describe(request: OrderListRequest): string {
  return `place an ${request.type} order list on ${request.symbol}`;
}

/** `autotrader order list ...`. */
export function registerOrderList(order: Command, io: CliIo): void {
  const list = order.command('list').description('place, cancel or look up an order list (OCO, OTO, OTOCO, OPO, OPOCO)');
  const place = list.command('place').description('place an order list; each order takes the options of `order place` under its name');
  const own: LegShape = { side: true, quantity: true };
  const pair: LegShape = { side: false, quantity: false };
  const buy: LegShape = { side: false, quantity: true };
  const kinds = [
    { kind: 'oco', help: 'one-cancels-the-other: two orders on one side (--above-* and --below-*)', legs: [['above', 'above order', pair], ['below', 'below order', pair]] },
    { kind: 'oto', help: 'one-triggers-the-other: --working-* on the book, --pending-* placed once it fills', legs: [['working', 'working order', own], ['pending', 'pending order', own]] },
    {
      kind: 'otoco', help: 'one-triggers-an-OCO: --working-*, then the --pending-above-* and --pending-below-* pair',
      legs: [['working', 'working order', own], ['pending-above', 'pending above order', pair], ['pending-below', 'pending below order', pair]],
    },
    {
      kind: 'opo', help: 'one-pays-the-other: a --working-* BUY, then a --pending-* SELL of what it bought (no pending quantity)',
      legs: [['working', 'working BUY', buy], ['pending', 'pending SELL', pair]],
    },
    {
      kind: 'opoco', help: 'one-pays-an-OCO: a --working-* BUY, then a --pending-above-* and --pending-below-* SELL pair of what it bought',
      legs: [['working', 'working BUY', buy], ['pending-above', 'pending above SELL', pair], ['pending-below', 'pending below SELL', pair]],
    },
  ] as const;
  for (const { kind, help, legs } of kinds) {
    const command = place.command(kind).description(help).argument('<symbol>', 'symbol, such as BTCUSDT');
    if (kind === 'oco') command.argument('<side>', 'BUY or SELL, for both orders').option('--quantity <amount>', 'quantity of both orders');
    if (kind === 'otoco') command.option('--pending-side <side>', 'side of both pending orders').option('--pending-quantity <amount>', 'quantity of both pending orders');
    for (const [prefix, label, shape] of legs) legFlags(command, prefix, label, shape);
    command
      .option('--list-client-id <id>', 'your id for the list (generated when absent)')
      .option('--stp <mode>', `${STP_HELP}, for every order of the list`)
      .option('--round', 'round prices to the tick size and quantities down to the step size instead of rejecting')
      .option('--yes', 'confirm placing on live without a prompt')
      .action(async (...args: unknown[]) => {
        const cmd = args.at(-1) as Command;
        const options = cmd.opts<Options>();
        const request = buildOrderListRequest(kind, args[0] as string, kind === 'oco' ? args[1] as string : undefined, options);
        const globals = globalsOf(cmd);
        await withConnector(io, globals, async (connector) => {
          const placed = await connector.placeOrderList(request);
          emit(io, globals.json, orderListJson(placed), () => orderListText(placed));
        }, (settings, connector) => guardLiveAction(io, settings, connector, describe(request), options.yes === true));
      });
  }
  list
    .command('cancel')
    .description('cancel a whole order list')
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .argument('<orderListId>', 'the order list id the exchange assigned')
    .option('--yes', 'confirm cancelling on live without a prompt')
    .action(async (symbolText: string, orderListId: string, options: { yes?: boolean }, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        const cancelled = await connector.cancelOrderList(orderListId, symbol);
        emit(io, globals.json, orderListJson(cancelled), () => orderListText(cancelled));
      }, (settings, connector) => guardLiveAction(io, settings, connector, `cancel order list ${orderListId} of ${symbol}`, options.yes === true));
    });
  list
    .command('get')
    .description('show one order list, by the exchange\'s id or by your list client id')
    .argument('[orderListId]', 'the order list id the exchange assigned')
    .option('--client-id <id>', 'look the list up by its list client id instead (with --symbol)')
    .option('--symbol <symbol>', 'the list\'s symbol, with --client-id')
    .action(async (orderListId: string | undefined, options: { clientId?: string; symbol?: string }, command: Command) => {
      const globals = globalsOf(command);
      if ((orderListId === undefined) === (options.clientId === undefined)) throw new UsageError('give either <orderListId> or --client-id <id> --symbol <symbol>');
      if (options.clientId !== undefined && options.symbol === undefined) throw new UsageError('--client-id needs --symbol');
      const symbol = options.symbol === undefined ? undefined : parseSymbol(options.symbol);
      await withConnector(io, globals, async (connector) => {
        const found = orderListId === undefined ? await connector.getOrderListByClientId(options.clientId!, symbol!) : await connector.getOrderList(orderListId);
        emit(io, globals.json, orderListJson(found), () => orderListText(found));
      });
    });
}

/** The open order lists, for `orders --lists`. */
export function emitOrderLists(io: CliIo, json: boolean, lists: readonly OrderList[]): void {
  emitRows(io, json, lists, { toJson: orderListJson, headers: ORDER_LIST_HEADERS, cells: orderListCells, empty: 'no open order lists' });
}
