import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index.js';
import { call } from '../support.js';

/**
 * A simulator whose clock stands still between `thaw()` calls: its market (the synthetic book
 * included) does not move while a test places orders against prices it just read, yet the
 * third-party clients, which sign with their own `Date.now()`, stay within the timestamp window
 * (1000 ms ahead of the simulator's clock to recvWindow behind it) for a few seconds after each thaw.
 */
export class FrozenClock {
  at = Date.now() + 1500;

  now = (): number => this.at;

  /** Moves the clock to just ahead of the real time, and stops it there. */
  thaw(): void {
    this.at = Math.max(this.at, Date.now() + 1500);
  }
}

/** A simulator on a FrozenClock, and its BTCUSDT book read raw. */
export interface FrozenSim {
  readonly sim: SimulatorHandle;
  readonly clock: FrozenClock;
  /** The best bid and ask of BTCUSDT and the quantity at `price` (0 when none), from `GET /api/v3/depth`. */
  book(price?: string): Promise<{ bid: string; ask: string; at: number }>;
}

/** Starts a seeded simulator with the demo account on a FrozenClock. */
export async function startFrozenSim(seed: number): Promise<FrozenSim> {
  const clock = new FrozenClock();
  const sim = await startSimulator({ seed, clock });
  return {
    sim,
    clock,
    book: async (price) => {
      const { bids, asks } = (await call(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`)).body as { bids: [string, string][]; asks: [string, string][] };
      const level = [...bids, ...asks].find(([p]) => price !== undefined && Number(p) === Number(price));
      return { bid: bids[0]![0], ask: asks[0]![0], at: level === undefined ? 0 : Number(level[1]) };
    },
  };
}
