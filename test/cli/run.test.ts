import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { runCli } from './run-cli.js';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 21 });
});

afterAll(async () => {
  await sim.close();
});

/** What keeps this process's event loop alive besides timers, in a stable order. */
function resources(): string[] {
  return process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout').sort();
}

/** Timers keeping the event loop alive. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/**
 * The resources once they equal `expected`, or after a second. The simulator's end of each
 * connection closes once it reads the client's close, a moment after the command resolved; this
 * wait is checked between sleeps, so its own timer is never counted.
 */
async function settledResources(expected: readonly string[]): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const now = resources();
    if (now.join() === expected.join()) return now;
    await sleep(20);
  }
  return resources();
}

describe('run', () => {
  it('leaves nothing open behind a command: no socket, timer or server once it has resolved', async () => {
    const at = ['--rest-url', sim.restUrl];
    const before = resources();
    const timersBefore = timers();
    const runs = [];
    for (const args of [
      ['ping'], ['--json', 'balance'], ['candles', 'BTCUSDT', '1m', '--start', '2024-01-01', '--limit', '1500'],
      ['--json', 'stream', 'trades', 'BTCUSDT', '--count', '1'], ['--json', 'stream', 'orders', '--duration', '0.2'],
      ['--json', 'doctor'], ['order', 'get', 'BTCUSDT', '1'],
    ]) {
      runs.push(await runCli([...at, ...args]));
    }
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 0, 0, 7]);
    expect(await settledResources(before)).toEqual(before);
    // The simulator's own timers come and go with its connections, so only a new one counts.
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });
});
