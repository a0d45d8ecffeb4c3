import { createInterface } from 'node:readline/promises';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import type { BinanceConnector } from '../binance/index.js';
import type { Settings } from './settings.js';

/**
 * Asks before an action that moves real funds. `--yes` confirms up front; otherwise a person at a
 * terminal must type "yes"; with no terminal (a script, a pipe) the action is refused, so a
 * script can never trade live by accident.
 */
export async function confirmLive(io: CliIo, action: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (io.stdin.isTTY !== true || io.stderr.isTTY !== true) {
    throw new UsageError(`refusing to ${action} on live without confirmation`, 'pass --yes to confirm, or run the command in a terminal to be asked');
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await prompt.question(`${action} on LIVE, with real funds. Type "yes" to confirm: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new UsageError(`${action} cancelled: not confirmed`);
  } finally {
    prompt.close();
  }
}

/** How a person turns live trading on; the connector's own refusal is explained with the same words. */
export const ALLOW_LIVE_TRADING_HINT = 'set "allowLiveTrading": true in the config file, or AUTOTRADER_ALLOW_LIVE_TRADING=true in the environment; '
  + '--yes only confirms, it never turns live trading on';

/**
 * The gate before a trading command, passed before any connection. Where the connector's orders
 * would trade real funds (`--env live`, or any other environment whose order host is not loopback,
 * the Testnet, Demo Mode or a declared non-live host: the connector's own rule), the
 * configuration's `allowLiveTrading` must be on (only the config file, environment or options set
 * it), and then the person confirms on top of it: a confirmation never stands in for the flag.
 */
export async function guardLiveAction(io: CliIo, settings: Settings, connector: Pick<BinanceConnector, 'tradesLive'>, action: string, yes: boolean): Promise<void> {
  if (!connector.tradesLive) return;
  if (!settings.config.allowLiveTrading) throw new UsageError(`refusing to ${action} on live: allowLiveTrading is off`, ALLOW_LIVE_TRADING_HINT);
  await confirmLive(io, action, yes);
}
