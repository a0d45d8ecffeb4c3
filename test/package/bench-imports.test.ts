import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run bench` imports the built package by path (`../../dist/<path>.js`, `dist('<path>.js')`):
 * a module moved in src/ must move in the benchmarks too, or a scenario fails only when someone
 * runs the full bench. Every such path must name a module of src/.
 */

const ROOT = resolve(import.meta.dirname, '../..');

function benchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return benchFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

describe('the benchmarks\' imports of the built package', () => {
  const imports = benchFiles(join(ROOT, 'bench')).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const paths = [...text.matchAll(/dist\/([\w/.-]+?)\.js|dist\('([\w/.-]+?)\.js'\)/g)].map((m) => m[1] ?? m[2]!);
    return paths.map((path) => [file.slice(ROOT.length + 1), path] as const);
  });

  it('are found', () => {
    expect(imports.length).toBeGreaterThan(10);
  });

  it.each(imports)('%s imports dist/%s.js, built from a module of src/', (_file, path) => {
    expect(existsSync(join(ROOT, 'src', `${path}.ts`)), `src/${path}.ts`).toBe(true);
  });
});
