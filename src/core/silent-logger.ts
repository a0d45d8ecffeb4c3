import type { Logger } from './logger.js';

const noop = (): void => undefined;

/**
 * The logger of a connector given none: drops everything without loading pino, whose import
 * cost would otherwise be paid by every connector, logging or not. Like a silent pino logger,
 * its children are silent too (here, itself).
 */
const SILENT: Logger = {
  level: 'silent',
  levelVal: Infinity,
  trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, silent: noop,
  child: () => SILENT,
  bindings: () => ({}),
  setBindings: noop,
  isLevelEnabled: () => false,
  flush: (callback?: (error?: Error) => void) => callback?.(),
} as unknown as Logger;

/** The shared silent logger; never loads pino. */
export function silentLogger(): Logger {
  return SILENT;
}
