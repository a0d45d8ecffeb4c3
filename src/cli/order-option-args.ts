import type { Command } from 'commander';
import { SELF_TRADE_PREVENTION_MODES, type Order, type OrderType, type PegOffsetType, type PegPriceType, type SelfTradePreventionMode } from '../core/models.js';
import { UsageError } from './cli-error.js';
import { parseAmount, parseChoice, parseInteger } from './parse-args.js';

/**
 * `order place`'s flags for the order options: `--iceberg`, `--stp`, `--peg-price-type`,
 * `--peg-offset-type`, `--peg-offset`, `--strategy-id` and `--strategy-type`; and how an order
 * shows them.
 */

/** The option flags as commander hands them over. */
export interface OrderOptionFlags {
  iceberg?: string;
  stp?: string;
  pegPriceType?: string;
  pegOffsetType?: string;
  pegOffset?: string;
  strategyId?: string;
  strategyType?: string;
}

const PEG_PRICE_TYPES: readonly PegPriceType[] = ['PRIMARY_PEG', 'MARKET_PEG'];
const PEG_OFFSET_TYPES: readonly PegOffsetType[] = ['PRICE_LEVEL'];
/** The types that take an iceberg quantity or a peg. */
const LIMIT_TYPES: readonly OrderType[] = ['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];

/** One option flag: the key commander gives it, its name, its value and its help. */
export interface OrderOptionFlag {
  key: keyof OrderOptionFlags;
  flag: string;
  value: string;
  help: string;
}

/**
 * The option flags an order of a list takes too, under its name (`--working-iceberg`): every one
 * but `--stp`, which a list takes once for all its orders, as Binance does.
 */
export const ORDER_OPTION_FLAGS: readonly OrderOptionFlag[] = [
  { key: 'iceberg', flag: 'iceberg', value: '<amount>', help: 'limit types, GTC: show only this much of the order on the book at a time' },
  {
    key: 'pegPriceType', flag: 'peg-price-type', value: '<type>',
    help: 'limit types: take the price from the book, PRIMARY_PEG (own side) or MARKET_PEG (other side); the price becomes optional',
  },
  { key: 'pegOffsetType', flag: 'peg-offset-type', value: '<type>', help: 'with the peg offset: PRICE_LEVEL (the default)' },
  { key: 'pegOffset', flag: 'peg-offset', value: '<levels>', help: 'with the peg price type: this many price levels deeper than the best (1 to 100)' },
  { key: 'strategyId', flag: 'strategy-id', value: '<id>', help: 'your label for the strategy the order belongs to (an integer)' },
  { key: 'strategyType', flag: 'strategy-type', value: '<n>', help: 'your label for the kind of strategy (an integer of at least 1000000)' },
];

/** `--stp`'s help: the modes, and what leaving it out means. */
export const STP_HELP = `self-trade prevention: ${SELF_TRADE_PREVENTION_MODES.join(', ')} (default: the symbol's)`;

/** Adds the option flags to `order place`. */
export function addOrderOptionFlags(command: Command): Command {
  command.option('--stp <mode>', STP_HELP);
  for (const option of ORDER_OPTION_FLAGS) command.option(`--${option.flag} ${option.value}`, option.help);
  return command;
}

/** A `--stp` value as the request's `selfTradePreventionMode`. */
export function parseStp(text: string): SelfTradePreventionMode {
  return parseChoice('--stp', text, SELF_TRADE_PREVENTION_MODES);
}

/** True when the flags ask for a pegged price, so `--price` may be left out. */
export function asksForPeg(flags: OrderOptionFlags): boolean {
  return flags.pegPriceType !== undefined;
}

/**
 * The request fields of the option flags for an order of `type`: flags the type cannot take are
 * usage errors naming the flag; the rules between fields (GTC, PRIMARY_PEG) are the connector's.
 */
export function orderOptionFields(type: OrderType, flags: OrderOptionFlags): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (flags.iceberg !== undefined) {
    if (!LIMIT_TYPES.includes(type)) throw new UsageError(`--iceberg: a ${type} order cannot be an iceberg; the limit types can`);
    fields.icebergQuantity = parseAmount('--iceberg', flags.iceberg);
  }
  if (flags.stp !== undefined) fields.selfTradePreventionMode = parseStp(flags.stp);
  if (flags.pegPriceType !== undefined) {
    if (!LIMIT_TYPES.includes(type)) throw new UsageError(`--peg-price-type: a ${type} order cannot be pegged; the limit types can`);
    fields.pegPriceType = parseChoice('--peg-price-type', flags.pegPriceType, PEG_PRICE_TYPES);
  }
  if (flags.pegOffset !== undefined || flags.pegOffsetType !== undefined) {
    if (flags.pegPriceType === undefined) throw new UsageError('--peg-offset: needs --peg-price-type');
    if (flags.pegOffset === undefined) throw new UsageError('--peg-offset-type: needs --peg-offset <levels>');
    fields.pegOffsetType = parseChoice('--peg-offset-type', flags.pegOffsetType ?? 'PRICE_LEVEL', PEG_OFFSET_TYPES);
    fields.pegOffsetValue = parseInteger('--peg-offset', flags.pegOffset, 1, 100);
  }
  if (flags.strategyId !== undefined) fields.strategyId = parseInteger('--strategy-id', flags.strategyId, Number.MIN_SAFE_INTEGER);
  if (flags.strategyType !== undefined) fields.strategyType = parseInteger('--strategy-type', flags.strategyType, 1_000_000);
  return fields;
}

/**
 * The order's options in words, one `name value` per option set, such as `iceberg 0.003 · stp
 * DECREMENT · prevented 0.002 (match 4)`; undefined when none is (an STP mode of NONE is none).
 */
export function orderOptionsText(order: Order): string | undefined {
  const parts: string[] = [];
  if (order.icebergQuantity !== undefined) parts.push(`iceberg ${order.icebergQuantity.toFixed()}`);
  if (order.selfTradePreventionMode !== undefined && order.selfTradePreventionMode !== 'NONE') parts.push(`stp ${order.selfTradePreventionMode}`);
  if (order.preventedQuantity !== undefined) parts.push(`prevented ${order.preventedQuantity.toFixed()} (match ${order.preventedMatchId ?? '-'})`);
  if (order.pegPriceType !== undefined) {
    const offset = order.pegOffsetValue === undefined ? '' : ` +${order.pegOffsetValue} ${order.pegOffsetType ?? 'PRICE_LEVEL'}`;
    parts.push(`pegged ${order.pegPriceType}${offset} at ${order.peggedPrice?.toFixed() ?? '(not yet)'}`);
  }
  if (order.strategyId !== undefined) parts.push(`strategy id ${order.strategyId}`);
  if (order.strategyType !== undefined) parts.push(`strategy type ${order.strategyType}`);
  return parts.length === 0 ? undefined : parts.join(' · ');
}
