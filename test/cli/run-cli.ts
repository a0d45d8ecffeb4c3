import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built binary: the tests run exactly what users run. */
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

/** Runs `autotrader <args>` to completion. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
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

/** A running `autotrader`, its output collected from the start so no early line is missed. */
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

/** Starts `autotrader <args>` and leaves it running, for long-lived commands (`sim`) and signals. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): LiveCli {
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
