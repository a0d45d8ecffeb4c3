#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { explainError } from './explain-error.js';
import { createProgram, isHelpExit } from './program.js';
import { reportError } from './report-error.js';

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

// A reader that goes away (`autotrader candles ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.OK);
  throw error;
});

const argv = process.argv;
try {
  await createProgram(packageVersion()).parseAsync(argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; only the exit code is ours.
    process.exitCode = isHelpExit(error) ? ExitCode.OK : ExitCode.USAGE;
  } else {
    const explained = explainError(error);
    reportError(explained, argv.includes('--json'));
    process.exitCode = explained.exitCode;
  }
}
