import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Every name the package exports carries a doc comment: the API reference (`npm run docs`) is
 * generated from them, and editors show them on hover.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY_POINTS = ['src/index.ts', 'src/simulator/index.ts'];

const program = ts.createProgram(ENTRY_POINTS.map((file) => resolve(ROOT, file)), {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();

/** The declaration behind an exported name (`export { X } from` gives an alias, `export *` the symbol itself). */
function resolved(exported: ts.Symbol): ts.Symbol {
  return exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
}

/** Exported names of an entry point whose declaration has no doc comment. */
function undocumentedExports(entry: string): string[] {
  const source = program.getSourceFile(resolve(ROOT, entry));
  if (source === undefined) throw new Error(`${entry} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${entry} has no exports`);
  return checker.getExportsOfModule(moduleSymbol)
    .filter((exported) => resolved(exported).getDocumentationComment(checker).length === 0)
    .map((exported) => exported.getName())
    .sort();
}

describe('doc comments', () => {
  it.each(ENTRY_POINTS)('document every export of %s', (entry) => {
    expect(undocumentedExports(entry)).toEqual([]);
  });

  it('are read from the declarations themselves', () => {
    const source = program.getSourceFile(resolve(ROOT, 'src/index.ts'))!;
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
    expect(exports.length).toBeGreaterThan(50);
    const factory = resolved(exports.find((symbol) => symbol.getName() === 'ConnectorFactory')!);
    expect(ts.displayPartsToString(factory.getDocumentationComment(checker))).toMatch(/^Creates connectors by exchange name\./);
  });
});
