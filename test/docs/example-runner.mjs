/**
 * Runs the documentation's examples one after another in this one Node process, each as the
 * module a user would run (`node example.mjs`), so the package is loaded once rather than once per
 * example. What an example writes to the console, the warnings it raises and whatever it throws or
 * leaves rejected are its own, and so is any socket, server or timer still open once it has ended
 * (as `node example.mjs` would not exit): the results go to stdout as one JSON line per example,
 * `{ file, ok, stdout, stderr }`. Usage: `node example-runner.mjs <timeout ms> <file.mjs>...`.
 */
import process from 'node:process';
import { clearTimeout, setImmediate, setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const [timeoutText, ...files] = process.argv.slice(2);
const timeoutMs = Number(timeoutText);
const write = process.stdout.write.bind(process.stdout);
// Opened now, so the stderr pipe a library opens on first use does not count as an example's leftover.
process.stderr.on('error', () => undefined);

let current;
const append = (stream) => (...args) => {
  current[stream] += `${format(...args)}\n`;
};
// The examples' console is this process's global one: what they print is theirs, so it is captured.
const globalConsole = globalThis.console;
for (const name of ['log', 'info', 'debug']) globalConsole[name] = append('stdout');
for (const name of ['error', 'warn']) globalConsole[name] = append('stderr');
process.on('warning', (warning) => {
  current.stderr += `${warning.name}: ${warning.message}\n`;
});
process.on('unhandledRejection', (reason) => {
  current.stderr += `unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`;
  current.ok = false;
});

/** Handles by kind (`TCPServerWrap`, `Timeout`, ...), as Node lists what keeps a process alive. */
function handles() {
  const counts = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** What is open now that was not before, waiting up to a second for closes still under way. */
async function leftOpen(before) {
  for (let waited = 0; ; waited += 20) {
    const extra = [...handles()].filter(([kind, count]) => count > (before.get(kind) ?? 0)).map(([kind, count]) => `${count - (before.get(kind) ?? 0)} ${kind}`);
    if (extra.length === 0 || waited >= 1_000) return extra;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const file of files) {
  current = { file, ok: true, stdout: '', stderr: '' };
  const before = handles();
  let timer;
  try {
    await Promise.race([
      import(pathToFileURL(file).href),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    // Let what the example left scheduled for this turn (a last rejection, a warning) land on it.
    await new Promise((resolve) => setImmediate(resolve));
  } catch (error) {
    current.ok = false;
    current.stderr += `${error instanceof Error ? error.stack : String(error)}\n`;
  } finally {
    clearTimeout(timer);
  }
  const open = await leftOpen(before);
  if (open.length > 0) {
    current.ok = false;
    current.stderr += `left open after it ended, so node would not exit: ${open.join(', ')}\n`;
  }
  write(`${JSON.stringify(current)}\n`);
}
// An example that left a handle open must not keep the others' results from being read.
process.exit(0);
