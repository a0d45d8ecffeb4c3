import { resolve } from 'node:path';
import ts from 'typescript';

/**
 * The package's entry points as users get them: the built declarations in `dist/` that the
 * exports map serves (npm test builds first), read by one type-checker program that the export
 * and doc-comment tests share.
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** Each entry point and its build, without extension (`.d.ts` for the checker, `.js` at run time). */
export const ENTRY_POINTS = {
  'autotrader-connectors': 'dist/index',
  'autotrader-connectors/framework': 'dist/framework',
  'autotrader-connectors/simulator': 'dist/simulator/index',
} as const;

/** One of the package's entry points. */
export type EntryPoint = keyof typeof ENTRY_POINTS;

let program: ts.Program | undefined;

/** The type checker's program over every entry point's declarations, built once. */
export function publicApiProgram(): ts.Program {
  program ??= ts.createProgram(Object.values(ENTRY_POINTS).map((file) => resolve(ROOT, `${file}.d.ts`)), {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    types: ['node'], strict: true, noEmit: true, skipLibCheck: true,
  });
  return program;
}

/** The exported symbols of an entry point, as the type checker sees them. */
export function exportedSymbols(entry: EntryPoint): ts.Symbol[] {
  const checker = publicApiProgram().getTypeChecker();
  const source = publicApiProgram().getSourceFile(resolve(ROOT, `${ENTRY_POINTS[entry]}.d.ts`));
  if (source === undefined) throw new Error(`${entry}: ${ENTRY_POINTS[entry]}.d.ts is not built`);
  return checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
}

/** The declaration behind an exported name (`export { X } from` gives an alias, `export *` the symbol itself). */
export function declared(exported: ts.Symbol): ts.Symbol {
  return exported.flags & ts.SymbolFlags.Alias ? publicApiProgram().getTypeChecker().getAliasedSymbol(exported) : exported;
}

/** The module a test loads at run time for an entry point. */
export function builtModule(entry: EntryPoint): string {
  return resolve(ROOT, `${ENTRY_POINTS[entry]}.js`);
}
