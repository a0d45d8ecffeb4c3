import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of `eslint.config.js`, run through ESLint's own API on one-line files placed in
 * each layer: every forbidden direction is reported, every allowed one is not.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The `no-restricted-imports` messages ESLint reports for `source` as if it were the file at `filePath`. */
async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const probe = value;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importing = (specifier: string): string => `import { value } from '${specifier}';`;

describe('layers enforced by lint', () => {
  it.each([
    ['src/core/probe.ts', '../binance/connector.js', 'core must not import the Binance connector'],
    ['src/core/stream/probe.ts', '../../binance/connector.js', 'core must not import the Binance connector'],
    ['src/core/probe.ts', '../simulator/index.js', 'core must not import the simulator'],
    ['src/core/probe.ts', '../cli/main.js', 'core must not import the CLI'],
    ['src/core/probe.ts', '../spec/binance/error-codes.js', "core must not import Binance's spec"],
    ['src/binance/probe.ts', '../simulator/index.js', 'the Binance connector must not import the simulator'],
    ['src/binance/rest/probe.ts', '../../simulator/signature.js', 'the Binance connector must not import the simulator'],
    ['src/binance/probe.ts', '../cli/main.js', 'the Binance connector must not import the CLI'],
    ['src/simulator/probe.ts', '../binance/signing.js', 'the simulator must not import the Binance connector'],
    ['src/simulator/probe.ts', '../binance/error-map.js', 'the simulator must not import the Binance connector'],
    ['src/simulator/probe.ts', '../cli/main.js', 'the simulator must not import the CLI'],
    ['src/spec/binance/probe.ts', '../../binance/connector.js', "Binance's spec must not import the Binance connector"],
    ['src/spec/binance/probe.ts', '../../simulator/index.js', "Binance's spec must not import the simulator"],
    ['src/spec/binance/probe.ts', '../../cli/main.js', "Binance's spec must not import the CLI"],
  ])('%s importing %s fails: %s', async (filePath, specifier, expected) => {
    const errors = await layerErrors(filePath, importing(specifier));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('also catches type-only imports and re-exports', async () => {
    expect(await layerErrors('src/simulator/probe.ts', "import type { Signer } from '../binance/signing.js';\nconst value = 1;")).toHaveLength(1);
    expect(await layerErrors('src/core/probe.ts', "export { value } from '../binance/connector.js';\nconst value = 1;")).toHaveLength(1);
  });

  it.each([
    ['src/core/probe.ts', './decimal.js'],
    ['src/core/stream/probe.ts', '../decimal.js'],
    ['src/binance/probe.ts', '../core/decimal.js'],
    ['src/binance/probe.ts', '../spec/binance/error-codes.js'],
    ['src/binance/rest/probe.ts', '../../spec/binance/weights.js'],
    ['src/simulator/probe.ts', '../spec/binance/error-codes.js'],
    ['src/simulator/probe.ts', '../core/decimal.js'],
    ['src/simulator/probe.ts', './signature.js'],
    ['src/spec/binance/probe.ts', './endpoints.js'],
    ['src/cli/probe.ts', '../binance/connector.js'],
    ['src/cli/probe.ts', '../simulator/index.js'],
  ])('%s importing %s is allowed', async (filePath, specifier) => {
    expect(await layerErrors(filePath, importing(specifier))).toEqual([]);
  });
});
