import { describe, expect, it } from 'vitest';
import { loadUndiciAgent } from '../../src/binance/rest/undici-agent-fast.js';
import { loadUndiciAgent as reference } from '../../src/binance/rest/undici-agent-reference.js';

describe('loadUndiciAgent (optimisation: undici\'s internal module path) against undici\'s index (reference)', () => {
  it('loads the very Agent class undici exports publicly, so an upgrade that moves the file fails here', () => {
    const Agent = loadUndiciAgent();
    expect(typeof Agent).toBe('function');
    expect(Agent).toBe(reference());
  });
});
