import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { CommandExit } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { explainError } from './explain-error.js';
import { createProgram, isHelpExit } from './program.js';
import { reportError } from './report-error.js';

let version: string | undefined;

function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

/**
 * Runs `autotrader <args>` (the arguments after the program name) through `io`, and resolves with
 * the exit code once the command has released everything it opened. Every error ends here, explained.
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await createProgram(packageVersion(), io).parseAsync(args, { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    // Commander has already printed its message; only the exit code is ours.
    if (error instanceof CommanderError) return isHelpExit(error) ? ExitCode.OK : ExitCode.USAGE;
    if (error instanceof CommandExit) return error.exitCode;
    const explained = explainError(error);
    reportError(io, explained, args.includes('--json'));
    return explained.exitCode;
  }
}
