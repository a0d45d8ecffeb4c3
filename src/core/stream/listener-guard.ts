import type { Logger } from '../logger.js';

/**
 * A listener's exceptions are the listener's bug, not the stream's: they are logged and delivery
 * goes on with the next value. Every place that hands a value to a user callback goes through
 * these functions, so that a throw can never pass for a failed request (and be retried), stop a
 * loop of deliveries half way, or escape as an unhandled rejection.
 */

/** Calls `listener` with `value`; hands what it throws to `onError` instead of to the caller. */
export function callListener<T>(listener: (value: T) => void, value: T, onError: (error: unknown) => void): void {
  try {
    listener(value);
  } catch (error) {
    onError(error);
  }
}

/** `listener`, wrapped so that it never throws (see {@link callListener}). */
export function guardListener<T>(listener: (value: T) => void, onError: (error: unknown) => void): (value: T) => void {
  return (value) => callListener(listener, value, onError);
}

/** An error handler that logs a listener's exception, with `fields` naming the subscription. */
export function logListenerError(logger: Logger, fields: Record<string, unknown>): (error: unknown) => void {
  return (error) => logger.error({ ...fields, err: error instanceof Error ? error.message : String(error) }, 'stream listener threw; delivery goes on');
}
