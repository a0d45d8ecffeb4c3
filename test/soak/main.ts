import { randomInt } from 'node:crypto';
import process from 'node:process';
import { formatReport, runSoak } from './run-soak.js';

/**
 * `npm run soak -- [--seconds N] [--seed S]`: builds the soak (tsconfig.soak.json) and runs this
 * file with `node --expose-gc`. Prints a progress line every few seconds and a summary; on a
 * failure, the findings, the fault schedule and the command that replays the seed. Exit code 0
 * when every check passed, 1 when one failed, 2 on bad arguments.
 */

const USAGE = 'usage: npm run soak -- [--seconds N] [--seed S]   (defaults: 60 s, a random seed)';

function parseArgs(argv: readonly string[]): { seconds: number; seed: number } {
  let seconds = 60;
  let seed = randomInt(1, 2 ** 31 - 1);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if ((arg === '--seconds' || arg === '--seed') && value !== undefined && /^\d+$/.test(value)) {
      if (arg === '--seconds') seconds = Number(value);
      else seed = Number(value);
      i += 1;
      continue;
    }
    process.stderr.write(`${arg === undefined ? '' : `bad argument ${arg}${value === undefined ? '' : ` ${value}`}\n`}${USAGE}\n`);
    process.exit(2);
  }
  if (seconds < 5 || seed > 2 ** 31 - 1) {
    process.stderr.write(`--seconds must be at least 5 and --seed below 2^31\n${USAGE}\n`);
    process.exit(2);
  }
  return { seconds, seed };
}

const { seconds, seed } = parseArgs(process.argv.slice(2));
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
log(`soak: seed ${seed}, ${seconds} s of faults and workload (replay: npm run soak -- --seconds ${seconds} --seed ${seed})`);
const report = await runSoak({ seconds, seed, log });
for (const line of formatReport(report)) log(line);
// One machine-readable line for the test that runs the soak.
log(`SOAK_RESULT ${JSON.stringify({ ok: report.ok, seed, seconds, failuresByCheck: report.failuresByCheck, counts: report.counts })}`);
process.exitCode = report.ok ? 0 : 1;
// Whatever a connector might have left open (the handle check reports it), the soak ends.
setTimeout(() => process.exit(), 5_000).unref();
