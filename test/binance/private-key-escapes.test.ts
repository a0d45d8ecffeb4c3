import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorFactory } from '../../src/binance/index.js';
import { loadConfig } from '../../src/core/config.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/index.js';

const keys = generateKeyPairSync('ed25519');
const PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** The key as one line, as it is kept in a .env file or a CI variable: `\n` escapes instead of line breaks. */
const ONE_LINE = PEM.trimEnd().replaceAll('\n', '\\n');
const API_KEY = 'ed25519-key-for-escapes';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, accounts: [{ apiKey: API_KEY, publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
});

afterAll(async () => {
  await sim.close();
});

describe('a privateKey with \\n escapes', () => {
  it('signs when given to create() directly, as it does through loadConfig', async () => {
    expect(ONE_LINE).not.toContain('\n');
    const fromConfig = loadConfig({ env: { BINANCE_PRIVATE_KEY: ONE_LINE }, cwd: '/' }).privateKey;
    for (const privateKey of [ONE_LINE, fromConfig!]) {
      const binance = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl, apiKey: API_KEY, privateKey });
      await binance.connect();
      try {
        expect((await binance.getBalance()).get('USDT')?.toFixed()).toBe('10000');
      } finally {
        await binance.disconnect();
      }
    }
  });
});
