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

/** Starts `autotrader <args>` and leaves it running, for long-lived commands (`sim`) and signals. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? tempDir(), env: cleanEnv(options.env) });
}

/** Resolves with the first stdout line of a running child. */
export function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) {
        child.stdout.off('data', onData);
        done(text.slice(0, end));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${String(code)} before writing a line`)));
  });
}

/** Resolves with the exit code (or signal) and all remaining output of a running child. */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stdout, stderr })));
}

/** Parses one JSON value per non-empty line. */
export function jsonLines(text: string): unknown[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as unknown);
}
