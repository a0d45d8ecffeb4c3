import process from 'node:process';
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
  | { readonly id: number; readonly type: 'close' };

/** The answer to a command; `error` when it failed. */
export interface SimAnswer {
  readonly id: number;
  readonly error?: string;
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
const send = (message: SimAnswer | SimReady): void => {
  process.send?.(message);
};
process.on('message', (raw) => {
  const command = raw as SimCommand;
  try {
    if (command.type === 'inject') sim.inject(command.fault);
    else if (command.type === 'clear') sim.clear();
    else {
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
