import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthDiffOf } from '../../src/binance/streams/depth-diff.js';
import { decodeDepthFrame } from '../../src/binance/streams/depth-frame-fast.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';
import { ScaledClock } from '../support/scaled-clock.js';

let sim: SimulatorHandle;

beforeAll(async () => {
  // The book changes only as the price moves: on a clock ten times faster than the wall, ten times sooner.
  sim = await startSimulator({ port: 0, seed: 23, clock: new ScaledClock({ speed: 10 }) });
});

afterAll(async () => {
  await sim.close();
});

/** The first `count` text frames of a combined-stream connection to `stream`, as received. */
async function frames(stream: string, count: number): Promise<string[]> {
  const ws = new WebSocket(`${sim.wsStreamUrl}/stream?streams=${stream}`);
  const received: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${received.length} of ${count} frames within 25 s`)), 25_000);
      ws.on('message', (data: Buffer) => {
        received.push(data.toString('utf8'));
        if (received.length === count) {
          clearTimeout(timer);
          resolve();
        }
      });
      ws.on('error', reject);
    });
  } finally {
    ws.close();
  }
  return received;
}

describe('depth frames of the simulator', () => {
  it('are all decoded by the frame decoder, to the diffs JSON.parse and the level parser give', { timeout: 30_000 }, async () => {
    const received = await frames('btcusdt@depth@100ms', 4);
    const levels = received.map((text) => {
      const decoded = decodeDepthFrame(text);
      const message = JSON.parse(text) as { stream: string; data: unknown };
      expect(decoded, text).toStrictEqual({ stream: message.stream, diff: depthDiffOf(message.data) });
      return decoded!.diff.bids.length + decoded!.diff.asks.length;
    });
    expect(levels.some((n) => n > 0)).toBe(true);
  });
});
