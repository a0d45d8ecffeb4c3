import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of DESIGN.md's "Rules of the house", as import restrictions: `core` knows no
 * exchange, the connector knows no simulator or CLI, the simulator reads Binance's spec and
 * nothing else of the connector, and the spec is data that imports no other layer. Imports are
 * relative, so a layer is a path that climbs out of the file's folder and enters that layer's
 * folder (`../binance/…`, `../../simulator/…`); `../spec/binance/…` is the spec, not the connector.
 */
const LAYER_WHY = {
  binance: 'the Binance connector',
  simulator: 'the simulator',
  cli: 'the CLI',
  spec: "Binance's spec",
};

/** A `no-restricted-imports` setting for files of one layer that must not import the given layers. */
function layer(name, files, forbidden) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: forbidden.map((other) => ({
          regex: `^(\\.\\./)+${other}(/|$)`,
          message: `${name} must not import ${LAYER_WHY[other]} (layers: DESIGN.md, "Rules of the house").`,
        })),
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'docs/api/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['src/cli/**', 'bench/**'], rules: { 'no-console': 'off' } },
  layer('core', ['src/core/**'], ['binance', 'simulator', 'cli', 'spec']),
  layer('the Binance connector', ['src/binance/**'], ['simulator', 'cli']),
  layer('the simulator', ['src/simulator/**'], ['binance', 'cli']),
  layer("Binance's spec", ['src/spec/**'], ['binance', 'simulator', 'cli']),
);
