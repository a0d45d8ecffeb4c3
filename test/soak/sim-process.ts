import process from 'node:process';
import { INTERVAL_MS } from '../../src/spec/binance/rate-limits.js';
import { startSimulator, type Fault, type SimulatorOptions } from '../../src/simulator/index.js';

/**
 * The soak's simulator, in a process of its own so that the soak's heap and handle checks see
 * only the connectors. Started by `sim-child.ts` with the options as JSON in argv; takes fault
 * commands over IPC.
 */

/** A command from the soak process. */
export type SimCommand =
  | { readonly id: number; readonly type: 'inject'; readonly fault: Fault }
  | { readonly id: number; readonly type: 'clear' }
  | { readonly id: number; readonly type: 'weight' }
  | { readonly id: number; readonly type: 'move'; readonly move: MoveCommand }
  | { readonly id: number; readonly type: 'close' };

/**
 * A move of the market relative to where it stands: `permille` thousandths up or down, over
 * `overMs`. A move that would take the price more than DRIFT_LIMIT away from where the run found
 * it goes the other way, so a long run stays near the seed's market.
 */
export interface MoveCommand {
  readonly symbol: string;
  readonly permille: number;
  readonly overMs: number;
}

/** The REQUEST_WEIGHT the soak's IP used in the exchange's current minute, and when that minute ends. */
export interface IpWeight {
  readonly used: number;
  readonly limit: number;
  readonly resetsInMs: number;
}

/** The answer to a command; `error` when it failed, `weight` for a weight command. */
export interface SimAnswer {
  readonly id: number;
  readonly error?: string;
  readonly weight?: IpWeight;
  /** The move made, for a move command: from the last price to the price asked for. */
  readonly moved?: { readonly from: string; readonly to: string };
}

/** Sent once the simulator listens. */
export interface SimReady {
  readonly type: 'ready';
  readonly restUrl: string;
  readonly wsStreamUrl: string;
  readonly wsApiUrl: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator(options);
/** Every client of the soak connects over loopback: one IP, whichever form the socket reports. */
const LOOPBACK = ['127.0.0.1', '::ffff:127.0.0.1', '::1'];
const ipWeight = (): IpWeight => {
  const now = sim.exchange.now();
  let weight: IpWeight = { used: 0, limit: Number.POSITIVE_INFINITY, resetsInMs: 0 };
  for (const address of LOOPBACK) {
    for (const window of sim.exchange.limiter.weightUsage(address, now)) {
      const length = window.intervalNum * INTERVAL_MS[window.interval];
      const room = window.limit - window.count;
      if (room < weight.limit - weight.used) weight = { used: window.count, limit: window.limit, resetsInMs: length - (now % length) };
    }
  }
  return weight;
};
/** Farthest a run's moves take a symbol from the first price they saw, as a ratio. */
const DRIFT_LIMIT = 0.04;
const anchors = new Map<string, number>();
const move = ({ symbol, permille, overMs }: MoveCommand): { from: string; to: string } => {
  const now = sim.exchange.now();
  sim.exchange.engine.advance(now);
  const last = sim.exchange.engine.market(symbol)!.source.lastPrice(now);
  const anchor = anchors.get(symbol) ?? last;
  anchors.set(symbol, anchor);
  let ticks = Math.round(last * (1 + permille / 1000));
  if (Math.abs(ticks / anchor - 1) > DRIFT_LIMIT) ticks = Math.round(last * (1 - permille / 1000));
  const decimals = sim.exchange.specs.find((s) => s.symbol === symbol)!.tickDecimals;
  const state = sim.market.moveTo(symbol, (ticks / 10 ** decimals).toFixed(decimals), { over: overMs });
  return { from: state.lastPrice, to: state.price };
};
const send = (message: SimAnswer | SimReady): void => {
  process.send?.(message);
};
process.on('message', (raw) => {
  const command = raw as SimCommand;
  try {
    if (command.type === 'inject') sim.inject(command.fault);
    else if (command.type === 'clear') sim.clear();
    else if (command.type === 'move') {
      send({ id: command.id, moved: move(command.move) });
      return;
    } else if (command.type === 'weight') {
      send({ id: command.id, weight: ipWeight() });
      return;
    } else {
      void sim.close().then(() => {
        send({ id: command.id });
        process.disconnect();
      });
      return;
    }
    send({ id: command.id });
  } catch (error) {
    send({ id: command.id, error: (error as Error).message });
  }
});
// The soak process gone (killed or crashed) leaves nothing running.
process.on('disconnect', () => {
  void sim.close().then(() => process.exit(0));
});
send({ type: 'ready', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl });
