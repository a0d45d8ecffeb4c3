import type { Clock, TimerHandle } from '../../core/clock.js';
import { TimeoutError } from '../../core/errors.js';

/**
 * Waits for a reconnecting socket's first ready connection, but no longer than `timeoutMs`:
 * the socket keeps retrying in the background, so without a deadline a caller pointed at an
 * unreachable URL would wait forever.
 */
export async function connectWithin(
  connect: () => Promise<void>, timeoutMs: number, clock: Clock, what: string,
  makeError: (message: string) => Error = (message) => new TimeoutError(message, { exchange: 'binance' }),
): Promise<void> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = clock.setTimeout(
      () => reject(makeError(`${what} was not reachable within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([connect(), timeout]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
