#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { run } from './run.js';

// A reader that goes away (`autotrader candles ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.OK);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processIo());
