import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** Details of a {@link CliError}. */
export interface CliErrorDetails {
  /** What to do about it, one line. */
  hint?: string | undefined;
  /** The process exit code this error ends with. */
  exitCode: ExitCodeValue;
  /** The error this one explains, kept for its `code` and exchange code in `--json` output. */
  cause?: unknown;
}

/** An error already explained for a person: what failed, why, what to do, and the exit code. */
export class CliError extends Error {
  override name = 'CliError';
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, details: CliErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.hint = details.hint;
    this.exitCode = details.exitCode;
  }
}

/** A bad argument or option, found before any request; exits with code 2. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.USAGE });
  }
}

/** Ends a command with a non-zero exit code once its output is written in full: nothing more is reported. */
export class CommandExit extends Error {
  override name = 'CommandExit';
  readonly exitCode: ExitCodeValue;

  constructor(exitCode: ExitCodeValue) {
    super(`exit code ${exitCode}`);
    this.exitCode = exitCode;
  }
}
