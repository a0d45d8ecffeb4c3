import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES_HELP, ExitCode } from '../../src/cli/exit-codes.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The rows of the README's exit-code table, as `[code, meaning]`. */
function readmeTable(): [number, string][] {
  const start = README.indexOf('| exit code | meaning |');
  expect(start).toBeGreaterThan(-1);
  const rows = README.slice(start).split('\n').slice(2);
  return rows.slice(0, rows.findIndex((line) => !line.startsWith('|')))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => [Number(cells[1]), cells[2] ?? ''] as [number, string]);
}

describe('the exit codes in the README', () => {
  it('are exactly the codes the CLI exits with, in order, and the ones its --help lists', () => {
    const codes = Object.values(ExitCode);
    expect(readmeTable().map(([code]) => code)).toEqual(codes);
    const helpCodes = [...EXIT_CODES_HELP.matchAll(/^ {2}(\d+) /gm)].map((match) => Number(match[1]));
    expect(helpCodes).toEqual(codes);
  });

  it('put an order that breaks a symbol rule under usage (2) and exchange rejections under 7', () => {
    const meaning = new Map(readmeTable());
    expect(meaning.get(ExitCode.USAGE)).toMatch(/an order that breaks a symbol rule/);
    expect(meaning.get(ExitCode.ORDER_REJECTED)).toMatch(/^order rejected by the exchange/);
    expect(meaning.get(ExitCode.FAILURE)).toMatch(/failure not listed below/);
  });
});
