import { ENVIRONMENT_ENDPOINTS } from '../../src/binance/environments.js';
import type { BinanceConnectorOptions } from '../../src/binance/options.js';

/** A hosted environment the live suite can run against. */
export type LiveEnvironment = 'testnet' | 'demo';

/** Keys of one environment, from its variables, or the reason the environment cannot be tested. */
export type LiveCredentials =
  | { ok: true; options: BinanceConnectorOptions }
  | { ok: false; reason: string };

/** Reads `BINANCE_<ENV>_API_KEY` with `BINANCE_<ENV>_API_SECRET` (HMAC) or `BINANCE_<ENV>_PRIVATE_KEY` (Ed25519/RSA PEM). */
export function liveCredentials(environment: LiveEnvironment, env: NodeJS.ProcessEnv = process.env): LiveCredentials {
  const prefix = `BINANCE_${environment.toUpperCase()}_`;
  const read = (name: string): string | undefined => {
    const value = env[prefix + name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const apiKey = read('API_KEY');
  const apiSecret = read('API_SECRET');
  // PEM keys kept in one-line variables usually carry `\n` escapes.
  const privateKey = read('PRIVATE_KEY')?.replaceAll('\\n', '\n');
  if (apiKey === undefined || (apiSecret === undefined && privateKey === undefined)) {
    return { ok: false, reason: `set ${prefix}API_KEY with ${prefix}API_SECRET or ${prefix}PRIVATE_KEY` };
  }
  return {
    ok: true,
    options: {
      environment, apiKey,
      ...(privateKey === undefined ? { apiSecret } : { privateKey }),
    },
  };
}

/** Undefined when `GET /api/v3/ping` answers 200 within `timeoutMs`, else why it did not. */
export async function unreachableReason(environment: LiveEnvironment, timeoutMs = 5_000): Promise<string | undefined> {
  const url = `${ENVIRONMENT_ENDPOINTS[environment].restUrl}/api/v3/ping`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? undefined : `${url} answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `${url} is unreachable (${cause ?? (error as Error).name})`;
  }
}

/** Everything a stream delivered, with a way to wait for the first event that matches. */
export class EventLog<T> {
  readonly events: T[] = [];
  readonly #waiters = new Set<{ accept: (value: T) => boolean; resolve: (value: T) => void }>();

  /** The callback to hand to a `subscribe*` method. */
  readonly push = (value: T): void => {
    this.events.push(value);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.accept(value)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(value);
    }
  };

  /** The first event, already delivered or still to come, that `accept` takes; rejects after `timeoutMs`. */
  waitFor(accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const seen = this.events.find(accept);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        accept,
        resolve: (value: T) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}
