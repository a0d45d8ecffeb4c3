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
 * its own simulator; all run one after another in one process, example-runner.mjs, which loads
 * the package once) and must end without an error, a rejection, a warning or anything left open,
 * and print what its `// prints:` comments promise.
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

  describe('runnable examples', () => {
    let results: Promise<Map<string, ExampleResult>>;
    beforeAll(() => {
      results = runExamples(runnable);
    });

    it.each(runnable.map((block) => [`${block.file}:${block.line}`, block] as const))('%s runs to completion and prints what it promises', async (_name, block) => {
      const result = (await results).get(scriptOf(block));
      expect(result, 'the example runner reported nothing for this example').toBeDefined();
      expect({ ok: result!.ok, stderr: result!.stderr }).toEqual({ ok: true, stderr: '' });
      const lines = result!.stdout.split('\n');
      let from = 0;
      for (const promised of block.prints) {
        const at = lines.findIndex((line, i) => i >= from && line.includes(promised));
        expect(at, `prints "${promised}" (after what came before) in:\n${result!.stdout}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }, RUN_TIMEOUT_MS * 4);
  });
});

/** What one example did: whether it ended without error, and what it wrote. */
interface ExampleResult {
  file: string;
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** The JavaScript file an example runs as. */
function scriptOf(block: DocBlock): string {
  return join(work, `${baseName(block)}.mjs`);
}

/**
 * Runs every example, in order, in one Node process against the built package (see
 * example-runner.mjs): each is transpiled and imported as the module a user would run.
 */
async function runExamples(examples: readonly DocBlock[]): Promise<Map<string, ExampleResult>> {
  for (const block of examples) {
    const { outputText } = ts.transpileModule(block.code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    });
    writeFileSync(scriptOf(block), outputText);
  }
  const runner = join(import.meta.dirname, 'example-runner.mjs');
  const stdout = await new Promise<string>((done, fail) => {
    execFile(process.execPath, [runner, String(RUN_TIMEOUT_MS), ...examples.map(scriptOf)], {
      cwd: work, timeout: RUN_TIMEOUT_MS * examples.length, env: exampleEnv(), maxBuffer: 64 * 1024 * 1024,
    }, (error, out, err) => (error === null ? done(out) : fail(new Error(`the example runner failed (${String(error.code)} ${String(error.signal)}): ${err}\n${out.slice(-3000)}`))));
  });
  const results = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as ExampleResult);
  return new Map(results.map((result) => [result.file, result]));
}

/** The environment without the developer's own exchange settings, so examples see what a new user sees. */
function exampleEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AUTOTRADER_|BINANCE_)/.test(name)));
}
