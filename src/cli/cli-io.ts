import type { Readable, Writable } from 'node:stream';

/** Where the CLI writes: a stream, with the terminal facts a TTY has. */
export type CliOutput = Writable & {
  readonly isTTY?: boolean | undefined;
  /** Width in characters, when a terminal. */
  readonly columns?: number | undefined;
  /** Height in lines, when a terminal. */
  readonly rows?: number | undefined;
  hasColors?(): boolean;
};

/** Where the CLI reads secrets and confirmations from; a terminal can be switched to raw mode. */
export type CliInput = Readable & {
  readonly isTTY?: boolean | undefined;
  setRawMode?(mode: boolean): unknown;
};

/** The signals a command stops on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * Everything one run of `autotrader` touches outside itself. The binary passes the process's own
 * ({@link processIo}); tests pass strings in and collect strings out, in-process.
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: CliInput;
  /** Environment variables. */
  readonly env: NodeJS.ProcessEnv;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Calls `listener` on each of `signals` until the returned function is called; while it listens, those signals do not end the process. */
  onSignal(signals: readonly StopSignal[], listener: (signal: StopSignal) => void): () => void;
  /** Leaves at once with `code`, without the clean shutdown: what a second Ctrl-C asks for. */
  exitNow(code: number): void;
}

/** The process's own streams, environment, directory and signals. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onSignal(signals, listener) {
      for (const signal of signals) process.on(signal, listener);
      return () => {
        for (const signal of signals) process.off(signal, listener);
      };
    },
    exitNow: (code) => process.exit(code),
  };
}
