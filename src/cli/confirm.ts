import { createInterface } from 'node:readline/promises';
import { UsageError } from './cli-error.js';

/**
 * Asks before an action that moves real funds. `--yes` confirms up front; otherwise a person at a
 * terminal must type "yes"; with no terminal (a script, a pipe) the action is refused, so a
 * script can never trade live by accident.
 */
export async function confirmLive(action: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    throw new UsageError(`refusing to ${action} on live without confirmation`, 'pass --yes to confirm, or run the command in a terminal to be asked');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${action} on LIVE, with real funds. Type "yes" to confirm: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new UsageError(`${action} cancelled: not confirmed`);
  } finally {
    prompt.close();
  }
}
