import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Fault, SimulatorOptions } from '../../src/simulator/index.js';
import type { IpWeight, MoveCommand, SimAnswer, SimReady } from './sim-process.js';

/** A simulator running in a child process. */
export interface SimChild {
  readonly restUrl: string;
  readonly wsStreamUrl: string;
  readonly wsApiUrl: string;
  inject(fault: Fault): Promise<void>;
  clear(): Promise<void>;
  /** The REQUEST_WEIGHT the soak's IP used in the exchange's current minute (the window nearest its limit). */
  weight(): Promise<IpWeight>;
  /** Moves the market (`sim.market.moveTo`) relative to its last price; resolves with the prices from and to. */
  move(command: MoveCommand): Promise<{ from: string; to: string }>;
  close(): Promise<void>;
}

type Command = { type: 'inject'; fault: Fault } | { type: 'clear' } | { type: 'weight' } | { type: 'move'; move: MoveCommand } | { type: 'close' };

/** Starts `sim-process.js` (beside this module once compiled) with `options`; resolves once it listens. */
export async function startSimChild(options: SimulatorOptions): Promise<SimChild> {
  const entry = fileURLToPath(new URL('./sim-process.js', import.meta.url));
  // No --expose-gc or inspector flags for the child: it is not measured.
  const child = fork(entry, [JSON.stringify(options)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (answer: SimAnswer) => void>();
  let nextId = 0;
  let exited = false;
  const ready = await new Promise<SimReady>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`simulator process exited with code ${String(code)}`));
    });
    child.on('message', (raw) => {
      const message = raw as SimReady | SimAnswer;
      if ('type' in message) resolve(message);
      else waiting.get(message.id)?.(message);
    });
  });
  const ask = (command: Command): Promise<SimAnswer> => new Promise((resolve, reject) => {
    if (exited) {
      reject(new Error('simulator process has exited'));
      return;
    }
    const id = nextId++;
    waiting.set(id, (answer) => {
      waiting.delete(id);
      if (answer.error === undefined) resolve(answer);
      else reject(new Error(answer.error));
    });
    child.send({ ...command, id });
  });
  return {
    restUrl: ready.restUrl,
    wsStreamUrl: ready.wsStreamUrl,
    wsApiUrl: ready.wsApiUrl,
    inject: async (fault) => {
      await ask({ type: 'inject', fault });
    },
    clear: async () => {
      await ask({ type: 'clear' });
    },
    weight: async () => {
      const { weight } = await ask({ type: 'weight' });
      if (weight === undefined) throw new Error('the simulator process answered no weight');
      return weight;
    },
    move: async (command) => {
      const { moved } = await ask({ type: 'move', move: command });
      if (moved === undefined) throw new Error('the simulator process answered no move');
      return moved;
    },
    close: async () => {
      if (exited) return;
      child.removeAllListeners('exit');
      const gone = new Promise<void>((resolve) => child.once('exit', () => {
        exited = true;
        resolve();
      }));
      await ask({ type: 'close' });
      await gone;
    },
  };
}
