import type { Command } from 'commander';
import type { CommissionRates, CommissionRateSet } from '../../core/models.js';
import type { CliIo } from '../cli-io.js';
import { withConnector } from '../connect.js';
import { table } from '../format.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';
import { parseSymbol } from '../parse-args.js';

const KINDS = ['standard', 'special', 'tax'] as const;
const ROLES = ['maker', 'taker', 'buyer', 'seller'] as const;

const setJson = (set: CommissionRateSet): Record<(typeof ROLES)[number], string> => ({
  maker: set.maker.toFixed(), taker: set.taker.toFixed(), buyer: set.buyer.toFixed(), seller: set.seller.toFixed(),
});

/** The account's commission rates on a symbol as one JSON object, rates as exact decimal strings. */
function commissionJson(rates: CommissionRates): Record<string, unknown> {
  return {
    symbol: rates.symbol, standard: setJson(rates.standard), special: setJson(rates.special), tax: setJson(rates.tax),
    discount: { ...rates.discount, discount: rates.discount.discount.toFixed() },
  };
}

/** The rates as a table, one row per kind, and the BNB discount in words. */
function commissionText(rates: CommissionRates): string {
  const rows = KINDS.map((kind) => [kind, ...ROLES.map((role) => rates[kind][role].toFixed())]);
  const { discount } = rates;
  const enabled = discount.enabledForAccount && discount.enabledForSymbol;
  const note = enabled
    ? `paid in ${discount.discountAsset}, standard commission is reduced by ${discount.discount.toFixed()}`
    : `no ${discount.discountAsset} discount (${discount.enabledForAccount ? 'not enabled for this symbol' : 'not enabled for this account'})`;
  return `${rates.symbol}: a fill pays, on what it receives, its role's rate (maker or taker) plus its side's (buyer or seller), of each kind\n\n`
    + `${table(['kind', ...ROLES], rows)}\n\n${note}`;
}

/** `autotrader fees <symbol>`: the account's commission rates on a symbol. */
export function registerFees(program: Command, io: CliIo): void {
  program
    .command('fees')
    .description("show the account's commission rates on a symbol (standard, special and tax; the BNB discount)")
    .argument('<symbol>', 'symbol, such as BTCUSDT')
    .action(async (symbolText: string, _options: object, command: Command) => {
      const globals = globalsOf(command);
      const symbol = parseSymbol(symbolText);
      await withConnector(io, globals, async (connector) => {
        const rates = await connector.getCommissionRates(symbol);
        emit(io, globals.json, commissionJson(rates), () => commissionText(rates));
      });
    });
}
