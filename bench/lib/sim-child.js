/** Starts the simulator in a child process and talks to it over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';

const ENTRY = fileURLToPath(new URL('./sim-process.js', import.meta.url));

/** A simulator running in its own process: `{ restUrl, wsStreamUrl, wsApiUrl, account, stats(), reset(), close() }`. */
export async function startSimChild(options = {}) {
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const waiting = new Map();
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
    child.on('message', (message) => {
      if (message.type === 'ready') resolve(message);
      else waiting.get(message.id)?.(message);
    });
  });
  const info = await ready;
  const ask = (type) => new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, (message) => {
      waiting.delete(id);
      resolve(message);
    });
    child.send({ type, id });
  });
  return {
    restUrl: info.restUrl,
    wsStreamUrl: info.wsStreamUrl,
    wsApiUrl: info.wsApiUrl,
    account: info.account,
    pid: child.pid,
    stats: () => ask('stats'),
    reset: () => ask('reset'),
    close: () => new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.send({ type: 'close' });
    }),
  };
}

/** Rate limits generous enough that a latency benchmark never meets them. */
export const UNLIMITED = {
  rateLimits: [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 100_000_000 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100_000_000 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 100_000_000 },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 100_000_000 },
  ],
};
