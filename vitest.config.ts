import { configDefaults, defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The live suite calls the real Binance; it runs only through `npm run test:live`.
    exclude: [...configDefaults.exclude, 'test/live/**'],
    // Many test files wait on real sockets and child processes rather than compute (the soak holds
    // one worker for 40 s at little CPU), so twice this machine's two cores keeps both busy
    // (vitest's default is cores - 1).
    maxWorkers: 4,
    // Test files share each worker's module cache instead of loading the whole package again per
    // file (a third of the suite's CPU). No test may leave global state behind: timers are
    // injected clocks, never vi.useFakeTimers, and changed environment variables are restored.
    isolate: false,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**', 'src/index.ts', 'src/framework.ts', 'src/simulator/index.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 80 },
    },
  },
});
