import ccxt from 'ccxt';
import { expect } from 'vitest';
import { DEMO_API_KEY, DEMO_API_SECRET, startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call, signed } from '../support.js';

/** A JSON object as the simulator answers it. */
export type Body = Record<string, unknown>;

/**
 * The real time moved forward by hand. Third-party clients sign with their own `Date.now()`, which
 * the simulator accepts from 1000 ms ahead of its clock to recvWindow (5000 ms by default) behind
 * it; starting 900 ms behind the real time leaves room for a few moves of up to two seconds each.
 */
export class ShiftedClock {
  shift = -900;

  now = (): number => Date.now() + this.shift;
}

/** A simulator on a `ShiftedClock`, with helpers to move its market and read its account raw. */
export interface ClientSim {
  readonly sim: SimulatorHandle;
  readonly clock: ShiftedClock;
  /** Last trade price of BTCUSDT. */
  last(): Promise<number>;
  /** Moves BTCUSDT's trades to `price` at once, then steps the clock past the move so resting and stop orders meet it. */
  moveTo(price: number): Promise<void>;
  /** A signed request with the simulator's own account keys, answered as JSON. */
  send(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>): Promise<unknown>;
}

/** Starts a seeded simulator on a `ShiftedClock`. */
export async function startClientSim(seed: number): Promise<ClientSim> {
  const clock = new ShiftedClock();
  const sim = await startSimulator({ seed, clock });
  const send = async (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string | number>): Promise<unknown> => {
    const response = await signed(sim.restUrl, method, path, DEMO_API_KEY, { secret: DEMO_API_SECRET }, params, { timestamp: clock.now() });
    expect(response.status).toBe(200);
    return response.body;
  };
  return {
    sim,
    clock,
    send,
    last: async () => Number(((await call(`${sim.restUrl}/api/v3/ticker/price?symbol=BTCUSDT`)).body as { price: string }).price),
    moveTo: async (price) => {
      const move = sim.market.moveTo('BTCUSDT', price.toFixed(2));
      clock.shift += Math.max(0, move.endTime + 1 - clock.now());
      if (clock.shift > 4_000) throw new Error('too many moves for one simulator: the clients would sign outside recvWindow');
      // Any request lets the simulator replay the seconds of the move.
      await call(`${sim.restUrl}/api/v3/time`);
    },
  };
}

/** Price rounded to BTCUSDT's tick (0.01), as the clients send it. */
export const at = (price: number): string => price.toFixed(2);

/**
 * ccxt's binance with every API URL on the simulator at `restUrl` and the simulator's keys; spot
 * markets only and no currency, margin or time-difference calls at load, which the simulator
 * does not serve.
 */
export async function connectCcxt(restUrl: string): Promise<InstanceType<typeof ccxt.binance>> {
  const defaults = new ccxt.binance();
  const api: Record<string, unknown> = {};
  for (const [name, url] of Object.entries(defaults.urls.api as Record<string, unknown>)) {
    api[name] = typeof url === 'string' ? url.replace(/^https?:\/\/[^/]+/, restUrl) : url;
  }
  const v3 = `${restUrl}/api/v3`;
  const exchange = new ccxt.binance({
    apiKey: DEMO_API_KEY, secret: DEMO_API_SECRET, enableRateLimit: false,
    urls: { api: { ...api, public: v3, private: v3, v3 } },
    options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false, adjustForTimeDifference: false },
  });
  await exchange.loadMarkets();
  return exchange;
}

/** One fill as Binance's myTrades has it, typed as loosely as the clients type it. */
export interface WireTrade {
  readonly qty?: string | number | undefined;
  readonly quoteQty?: string | number | undefined;
  readonly commission?: string | number | undefined;
}

/** What a set of SELL fills adds up to, to 8 decimals: the base sold, and the quote received net of the commissions. */
export function sellTotals(trades: readonly WireTrade[]): { qty: string; netQuote: string; fees: number } {
  const sum = (pick: (t: WireTrade) => string | number | undefined): number => trades.reduce((total, t) => total + Number(pick(t)), 0);
  const fees = sum((t) => t.commission);
  return { qty: sum((t) => t.qty).toFixed(8), netQuote: (sum((t) => t.quoteQty) - fees).toFixed(8), fees };
}
