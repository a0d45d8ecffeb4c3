import type { CliIo } from './cli-io.js';

/** A Ctrl-C (SIGINT) caught for the duration of one job, so it can stop at a line boundary instead of dying mid-write. */
export interface Interrupt {
  /** True once SIGINT arrived. */
  readonly requested: boolean;
  /** Resolves when SIGINT arrives; for racing against a pending request. */
  readonly signal: Promise<void>;
  /** Restores the default SIGINT behaviour. */
  release(): void;
}

/** Catches SIGINT until `release()`; a second Ctrl-C still leaves at once. */
export function catchInterrupt(io: CliIo): Interrupt {
  let requested = false;
  let resolve: () => void = () => undefined;
  const signal = new Promise<void>((done) => {
    resolve = done;
  });
  const release = io.onSignal(['SIGINT'], () => {
    if (requested) io.exitNow(130);
    requested = true;
    resolve();
  });
  return {
    get requested() {
      return requested;
    },
    signal,
    release,
  };
}
