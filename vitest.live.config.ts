import { defineConfig } from 'vitest/config';

/**
 * The opt-in suite against the real Binance Spot Testnet and Demo Mode (`npm run test:live`).
 * Keys come from BINANCE_TESTNET_* / BINANCE_DEMO_* variables; without them every test is skipped.
 * With BINANCE_RECORD_DIR set, the traffic is recorded there (test/live/live-recording.ts).
 */
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One exchange account per environment: files must not trade against each other.
    fileParallelism: false,
    reporters: ['verbose', './test/support/summary-reporter.ts'],
  },
});
