import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docBlocks, type DocBlock } from './doc-blocks.js';

/*
 * The TypeScript of the README and the guides cannot rot: every ```ts block is type-checked
 * against the built package's declarations, as a user's strict project would see them, and
 * every block marked `<!-- example -->` is run with node against the built package (each starts
 * its own simulator) and must exit 0 and print what its `// prints:` comments promise.
 * Imports of `autotrader-connectors` resolve through a node_modules link to this repository,
 * so they go through the package's exports map exactly as for an installed copy.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', 'docs/BINANCE_CONNECTOR.md', 'docs/EXCHANGE_CONNECTOR_GUIDE.md', 'docs/SIMULATOR.md'];
const RUN_TIMEOUT_MS = 60_000;

const blocks: DocBlock[] = DOCS.flatMap((file) => docBlocks(ROOT, file));
const runnable = blocks.filter((block) => block.runnable);
let work: string;

/** File name of a block inside the work directory. */
function baseName(block: DocBlock): string {
  return `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}`;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'autotrader-doc-examples-'));
  writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'doc-examples', private: true, type: 'module' })}\n`);
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(ROOT, join(work, 'node_modules', 'autotrader-connectors'), 'dir');
  for (const block of blocks) writeFileSync(join(work, `${baseName(block)}.mts`), `${block.code}\n`);
});

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('documentation code blocks', () => {
  it('are found, and the guides have runnable examples', () => {
    for (const file of DOCS) expect(runnable.filter((block) => block.file === file).length, file).toBeGreaterThan(0);
  });

  it('type-check under the strict settings of this repository', () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitReturns: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    };
    const program = ts.createProgram(blocks.map((block) => join(work, `${baseName(block)}.mts`)), options);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const block = blocks.find((b) => diagnostic.file?.fileName.endsWith(`${baseName(b)}.mts`));
      if (block === undefined || diagnostic.file === undefined || diagnostic.start === undefined) return text;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${block.file}:${block.line + 1 + line}: ${text}`;
    });
    expect(problems).toEqual([]);
  });

  describe.each(runnable.map((block) => [`${block.file}:${block.line}`, block] as const))('example at %s', (_name, block) => {
    it('runs to completion and prints what it promises', async () => {
      const { outputText } = ts.transpileModule(block.code, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
      });
      const script = join(work, `${baseName(block)}.mjs`);
      writeFileSync(script, outputText);
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [script], { cwd: work, timeout: RUN_TIMEOUT_MS, env: exampleEnv() }, (error, stdout, stderr) => {
          done({ code: error === null ? 0 : (typeof error.code === 'number' ? error.code : null), stdout, stderr });
        });
      });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const lines = result.stdout.split('\n');
      let from = 0;
      for (const promised of block.prints) {
        const at = lines.findIndex((line, i) => i >= from && line.includes(promised));
        expect(at, `prints "${promised}" (after what came before) in:\n${result.stdout}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }, RUN_TIMEOUT_MS);
  });
});

/** The environment without the developer's own exchange settings, so examples see what a new user sees. */
function exampleEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AUTOTRADER_|BINANCE_)/.test(name)));
}
