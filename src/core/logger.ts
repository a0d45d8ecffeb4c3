import { createRequire } from 'node:module';
import type { DestinationStream, Logger as PinoLogger, LevelWithSilent, pino as PinoFactory } from 'pino';

/** The structured logger every module takes; pino's, so callers may pass their own pino instance. */
export type Logger = PinoLogger;

/** Log levels, from `trace` to `fatal`, plus `silent`. */
export type LogLevel = LevelWithSilent;

/** The accepted log levels, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const satisfies readonly LogLevel[];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written. @default 'silent' (a library stays quiet unless asked) */
  level?: LogLevel;
  /** Where JSON lines go. @default standard output */
  destination?: DestinationStream;
}

/** Log fields whose values are replaced by `[redacted]` wherever a logger writes them. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'apiKey', 'apiSecret', 'secret', 'privateKey', 'signature',
  '*.apiKey', '*.apiSecret', '*.privateKey', '*.signature',
  'headers["x-mbx-apikey"]', '*.headers["x-mbx-apikey"]',
];

let pinoFactory: typeof PinoFactory | undefined;

/**
 * pino, loaded on the first createLogger call rather than when the package is imported: loading it
 * is a large share of the package's import cost, and a connector without a logger never needs it.
 * pino is CommonJS, so a synchronous require keeps createLogger synchronous.
 */
function loadPino(): typeof PinoFactory {
  pinoFactory ??= (createRequire(import.meta.url)('pino') as { pino: typeof PinoFactory }).pino;
  return pinoFactory;
}

/** A pino logger that redacts keys, secrets and signatures. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pino = loadPino();
  const config = { level: options.level ?? 'silent', redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** The URL or query string with every `signature=` value replaced, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]|^)(signature=)[^&#]*/gi, '$1$2[redacted]');
}
