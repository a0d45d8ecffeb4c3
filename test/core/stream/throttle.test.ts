import { describe, expect, it } from 'vitest';
import { ConfigurationError, ConnectionError } from '../../../src/core/errors.js';
import { MessageThrottle } from '../../../src/core/stream/throttle.js';
import { FakeClock } from '../../support/fake-clock.js';

function setup(maxPerWindow?: number): { clock: FakeClock; sent: [string, number][]; throttle: MessageThrottle } {
  const clock = new FakeClock(0);
  const sent: [string, number][] = [];
  const throttle = new MessageThrottle(
    (text) => sent.push([text, clock.now()]),
    maxPerWindow === undefined ? { clock } : { clock, maxPerWindow },
  );
  return { clock, sent, throttle };
}

describe('MessageThrottle', () => {
  it('sends 4 at once, then waits for the rolling 1.5 s window to free a slot, in FIFO order', async () => {
    const { clock, sent, throttle } = setup();
    const done = ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => throttle.send(t));
    expect(sent).toEqual([['a', 0], ['b', 0], ['c', 0], ['d', 0]]);
    expect(throttle.pending).toBe(2);
    expect(clock.pendingDelays()).toEqual([1500]);
    await clock.tick(1499);
    expect(sent).toHaveLength(4);
    await clock.tick(1);
    await Promise.all(done);
    expect(sent.slice(4)).toEqual([['e', 1500], ['f', 1500]]);
    expect(clock.pending()).toEqual([]);
  });

  it('never lets more than maxPerWindow messages into any window of windowMs', async () => {
    const clock = new FakeClock(0);
    const sent: [string, number][] = [];
    const throttle = new MessageThrottle((text) => sent.push([text, clock.now()]), { clock, maxPerWindow: 2, windowMs: 1000 });
    const done: Promise<void>[] = [];
    for (let i = 0; i < 7; i += 1) {
      done.push(throttle.send(`m${i}`));
      await clock.tick(150);
    }
    await clock.tick(5000);
    await Promise.all(done);
    const times = sent.map(([, at]) => at);
    expect(times).toEqual([0, 150, 1000, 1150, 2000, 2150, 3000]);
    for (const at of times) expect(times.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(2);
  });

  it('rejects the message whose write throws and carries on with the next', async () => {
    const clock = new FakeClock(0);
    const sent: string[] = [];
    const throttle = new MessageThrottle((text) => {
      if (text === 'bad') throw new Error('socket gone');
      sent.push(text);
    }, { clock });
    await expect(throttle.send('bad')).rejects.toThrow('socket gone');
    await expect(throttle.send('good')).resolves.toBeUndefined();
    expect(sent).toEqual(['good']);
  });

  it('close() rejects queued messages, clears its timer and refuses new ones', async () => {
    const { clock, sent, throttle } = setup(1);
    const first = throttle.send('a');
    const second = throttle.send('b');
    throttle.close();
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toBeInstanceOf(ConnectionError);
    await expect(throttle.send('c')).rejects.toBeInstanceOf(ConnectionError);
    expect(clock.pending()).toEqual([]);
    expect(sent).toEqual([['a', 0]]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new MessageThrottle(() => undefined, { maxPerWindow: 0 })).toThrow(ConfigurationError);
    expect(() => new MessageThrottle(() => undefined, { windowMs: -1 })).toThrow(/windowMs/);
  });
});
