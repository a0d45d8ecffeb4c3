import { ExchangeError } from '../core/errors.js';
import type { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

/** The `--json` form of an error: what scripts switch on, never a secret (messages carry none). */
export interface ErrorJson {
  error: {
    message: string;
    hint: string | null;
    exitCode: number;
    /** Class name of the underlying error, such as `AuthenticationError`. */
    type: string;
    /** Stable code of a framework error, such as `ERR_AUTHENTICATION`. */
    code: string | null;
    exchangeCode: number | null;
    httpStatus: number | null;
  };
}

/** The `--json` form of `error`. */
export function errorJson(error: CliError): ErrorJson {
  const cause = error.cause instanceof ExchangeError ? error.cause : undefined;
  return {
    error: {
      message: error.message,
      hint: error.hint ?? null,
      exitCode: error.exitCode,
      type: cause?.name ?? (error.cause instanceof Error ? error.cause.name : error.name),
      code: cause?.code ?? null,
      exchangeCode: cause?.exchangeCode ?? null,
      httpStatus: cause?.httpStatus ?? null,
    },
  };
}

/** Writes the error on stderr (stdout stays data only): a JSON line with `--json`, else two lines of text. */
export function reportError(io: CliIo, error: CliError, json: boolean): void {
  if (json) {
    io.stderr.write(`${JSON.stringify(errorJson(error))}\n`);
    return;
  }
  io.stderr.write(`autotrader: ${error.message}\n`);
  if (error.hint !== undefined) io.stderr.write(`  ${error.hint}\n`);
}
