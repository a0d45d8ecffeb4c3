import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that spend tens of seconds, mostly waiting (the soak's 20 s of faults, the docs
 * examples' child processes). They start first so the rest of the suite runs beside them instead
 * of after them: without timings from an earlier run, as on a fresh clone, vitest starts the
 * largest files first and these small ones came last.
 */
const SLOW_FIRST = ['test/soak/soak.test.ts', 'test/docs/examples.test.ts'];

/** Vitest's order (failed, then longest, from its cache), with the known slow files moved to the front. */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = SLOW_FIRST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    // Array sort is stable: every other file keeps vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
