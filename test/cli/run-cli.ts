import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { CliIo, StopSignal } from '../../src/cli/cli-io.js';
import { run } from '../../src/cli/run.js';

/** The built binary, for the tests where the process itself is the point (signals, exit codes, a foreground `sim`). */
export const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

/** What a finished run left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Extra environment variables; the caller's AUTOTRADER_* and BINANCE_* never leak in. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Working directory. @default a fresh empty temporary directory, so no config file is found by accident */
  cwd?: string;
}

/** An environment without the developer's own exchange settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AUTOTRADER_|BINANCE_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** A new empty temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'autotrader-cli-'));
}

/** A stream that keeps everything written to it as text, and tells whoever waits for a piece of it. */
class TextSink extends Writable {
  text = '';
  readonly #waiters = new Set<{ text: string; done: () => void }>();

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (const waiter of [...this.#waiters]) {
      if (!this.text.includes(waiter.text)) continue;
      this.#waiters.delete(waiter);
      waiter.done();
    }
    done();
  }

  /** Resolves once the text contains `text`. */
  contains(text: string): Promise<void> {
    if (this.text.includes(text)) return Promise.resolve();
    return new Promise((done) => this.#waiters.add({ text, done }));
  }
}

/** A run of `autotrader` in this process: its io, what it wrote so far, and its signals. */
export interface InProcessCli {
  io: CliIo;
  stdout(): string;
  /** Resolves once stdout contains `text`. */
  stdoutContains(text: string): Promise<void>;
  stderr(): string;
  /** Delivers a signal as the process would, to the listeners the command registered. */
  signal(signal: StopSignal): void;
}

/** The io of one in-process run: strings in, strings out, the clean environment, no terminal. */
export function inProcessIo(options: RunOptions = {}): InProcessCli {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const listeners = new Set<{ signals: readonly StopSignal[]; listener: (signal: StopSignal) => void }>();
  const io: CliIo = {
    stdout, stderr,
    stdin: Readable.from([options.input ?? '']),
    env: cleanEnv(options.env),
    cwd: options.cwd ?? tempDir(),
    onSignal(signals, listener) {
      const entry = { signals, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    exitNow(code) {
      throw new Error(`an in-process run cannot leave at once (exit code ${code}); run the binary to test that`);
    },
  };
  return {
    io,
    stdoutContains: (text) => stdout.contains(text),
    stdout: () => stdout.text,
    stderr: () => stderr.text,
    signal(signal) {
      for (const { signals, listener } of [...listeners]) if (signals.includes(signal)) listener(signal);
    },
  };
}

/** Runs `autotrader <args>` to completion in this process, through the same entry as the binary. */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const cli = inProcessIo(options);
  const code = await run(args, cli.io);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** A command started in this process and left running, for long-lived commands (`stream`). */
export interface RunningCli extends InProcessCli {
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  /** Resolves with the exit code and output when the command has finished. */
  exit: Promise<CliRun>;
}

/** Starts `autotrader <args>` in this process and leaves it running; stop it with `signal` or its own limits. */
export function startCli(args: readonly string[], options: RunOptions = {}): RunningCli {
  const cli = inProcessIo(options);
  const exit = run(args, cli.io).then((code) => ({ code, stdout: cli.stdout(), stderr: cli.stderr() }));
  return {
    ...cli,
    exit,
    waitFor: async (text) => {
      const ended = await Promise.race([cli.stdoutContains(text).then(() => undefined), exit]);
      if (ended !== undefined && !ended.stdout.includes(text)) {
        throw new Error(`exited with ${String(ended.code)} before writing ${JSON.stringify(text)}: ${ended.stderr}`);
      }
    },
  };
}

/** Runs the built binary, `node dist/cli/main.js <args>`, to completion. */
export function runBinary(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? tempDir(), env: cleanEnv(options.env), timeout: 30_000,
    }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      done({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** A running built binary, its output collected from the start so no early line is missed. */
export interface LiveCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  /** Resolves when the process has exited and its streams are closed. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills whatever a failed test left running, so no simulator outlives the test run. */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the built binary and leaves it running, for long-lived commands (`sim`) and signals. */
export function spawnBinary(args: readonly string[], options: RunOptions = {}): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? tempDir(), env: cleanEnv(options.env) });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; done: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const waiter of waiters.filter((w) => stdout.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.done();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      done({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    waitFor: (text) => new Promise<void>((done, fail) => {
      if (stdout.includes(text)) return done();
      waiters.push({ text, done });
      void exit.then((result) => fail(new Error(`exited with ${String(result.code)} before writing ${JSON.stringify(text)}: ${result.stderr}`)));
    }),
    exit,
  };
}

/** Parses one JSON value per non-empty line. */
export function jsonLines(text: string): unknown[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as unknown);
}
