import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { declared, ENTRY_POINTS, exportedSymbols, publicApiProgram, type EntryPoint } from '../package/public-api.js';

/*
 * Every name the package exports carries a doc comment: the API reference (`npm run docs`) is
 * generated from them, and editors show them on hover. Read from the built declarations, where
 * users' editors read them.
 */

/** Exported names of an entry point whose declaration has no doc comment. */
function undocumentedExports(entry: EntryPoint): string[] {
  const checker = publicApiProgram().getTypeChecker();
  return exportedSymbols(entry)
    .filter((exported) => declared(exported).getDocumentationComment(checker).length === 0)
    .map((exported) => exported.getName())
    .sort();
}

describe('doc comments', () => {
  it.each(Object.keys(ENTRY_POINTS) as EntryPoint[])('document every export of %s', (entry) => {
    expect(undocumentedExports(entry)).toEqual([]);
  });

  it('are read from the declarations themselves', () => {
    const checker = publicApiProgram().getTypeChecker();
    const exports = exportedSymbols('autotrader-connectors');
    expect(exports.length).toBeGreaterThan(50);
    const factory = declared(exports.find((symbol) => symbol.getName() === 'ConnectorFactory')!);
    expect(ts.displayPartsToString(factory.getDocumentationComment(checker))).toMatch(/^Creates connectors by exchange name\./);
  });
});
