#!/usr/bin/env node
/**
 * Runs npm scripts at the same time: `node scripts/run-parallel.mjs typecheck lint [--live test:suite]`.
 * Each script's output is held back and printed whole when it ends, so two never interleave; the
 * one named after `--live` writes straight through, so a long run shows its progress. Exits with
 * the first failing script's code once all have ended. `npm test` uses it so that the type check,
 * the lint and the test suite share the machine's cores instead of waiting for one another.
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import process from 'node:process';

const args = process.argv.slice(2);
const liveAt = args.indexOf('--live');
const live = liveAt === -1 ? undefined : args[liveAt + 1];
const held = liveAt === -1 ? args : [...args.slice(0, liveAt), ...args.slice(liveAt + 2)];
if ((liveAt !== -1 && live === undefined) || held.length + (live === undefined ? 0 : 1) === 0) {
  process.stderr.write('usage: node scripts/run-parallel.mjs <npm script>... [--live <npm script>]\n');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One script run to its end; its output held back and printed whole, or passed straight through. */
function run(name, passThrough) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = passThrough ? 'inherit' : 'pipe';
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', output, output] });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const status = code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`;
      process.stdout.write(`> ${name}: ${status} in ${seconds} s\n${Buffer.concat(chunks).toString()}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([...held.map((name) => run(name, false)), ...(live === undefined ? [] : [run(live, true)])]);
process.exitCode = codes.find((code) => code !== 0) ?? 0;
