import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The package as users get it: `npm pack`, installed from the tarball into an empty project with
 * the dependencies taken from the local npm cache (filled by `npm ci`), then used through its
 * public names only. Needs a fresh `dist/` (npm test builds first).
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const TIMEOUT_MS = 120_000;

let work: string;
let project: string;
let packedFiles: string[];

/** Runs a command, failing with its output when it fails. */
async function sh(file: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/** Runs a script inside the consumer project and parses the JSON line it prints. */
async function probe(fileName: string, source: string): Promise<unknown> {
  writeFileSync(join(project, fileName), source);
  const { stdout } = await sh(process.execPath, [fileName], project);
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'autotrader-pack-'));
  project = join(work, 'consumer');
  // --ignore-scripts: `prepare` would rebuild; the build under test is the current dist/.
  const { stdout } = await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT);
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  packedFiles = packed.files.map((file) => file.path).sort();
  await sh('mkdir', ['-p', project], work);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  const tarball = join(work, packed.filename);
  const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts'];
  try {
    await sh('npm', [...install, '--offline', tarball], project);
  } catch {
    // A cache that lacks some metadata still avoids most of the network with --prefer-offline.
    await sh('npm', [...install, '--prefer-offline', tarball], project);
  }
}, TIMEOUT_MS);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the build, README, LICENSE and package.json only: no source maps, sources or tests', () => {
    const outside = packedFiles.filter((path) => !/^dist\/(index|framework|binance\/|cli\/|core\/|simulator\/|spec\/).*\.(js|d\.ts)$/.test(path));
    expect(outside).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(packedFiles.filter((path) => /\.map$|\.test\.|^src\/|^test\//.test(path))).toEqual([]);
    expect(packedFiles).toContain('dist/index.d.ts');
    expect(packedFiles).toContain('dist/simulator/index.d.ts');
    expect(packedFiles).toContain('dist/framework.d.ts');
    expect(packedFiles).toContain('dist/cli/main.js');
    expect(readFileSync(join(project, 'node_modules', manifest.name, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });
});

describe('the installed package', () => {
  it('works through import: the factory knows binance and a connector talks to the simulator', async () => {
    const result = await probe('esm.mjs', `
      import { ConnectorFactory, InvalidOrderError } from 'autotrader-connectors';
      import { startSimulator, DEMO_API_KEY } from 'autotrader-connectors/simulator';
      import { BaseConnector, RateLimiter } from 'autotrader-connectors/framework';
      const sim = await startSimulator({ port: 0 });
      const binance = ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl, apiKey: sim.accounts[0].apiKey, apiSecret: sim.accounts[0].apiSecret });
      await binance.connect();
      const candles = await binance.getCandles('BTCUSDT', '1h', { limit: 3 });
      await binance.disconnect();
      await sim.close();
      console.log(JSON.stringify({ names: ConnectorFactory.names(), demoKey: sim.accounts[0].apiKey === DEMO_API_KEY, candles: candles.length, errorName: new InvalidOrderError('x').name, framework: [typeof BaseConnector, typeof RateLimiter] }));
    `);
    expect(result).toEqual({ names: ['binance'], demoKey: true, candles: 3, errorName: 'InvalidOrderError', framework: ['function', 'function'] });
  }, TIMEOUT_MS);

  it('works through require (Node 20.19+ loads the ES modules synchronously)', async () => {
    const result = await probe('cjs.cjs', `
      const { ConnectorFactory, OrderStatusUnknownError, loadConfig } = require('autotrader-connectors');
      const { startSimulator, DEFAULT_SYMBOLS } = require('autotrader-connectors/simulator');
      console.log(JSON.stringify({
        names: ConnectorFactory.names(),
        startSimulator: typeof startSimulator,
        symbols: DEFAULT_SYMBOLS.map((s) => s.symbol),
        code: new OrderStatusUnknownError('lost', { clientOrderId: 'a', symbol: 'BTCUSDT' }).code,
        environment: loadConfig({ env: {}, file: undefined, cwd: ${JSON.stringify(work)} }).environment,
      }));
    `);
    expect(result).toEqual({
      names: ['binance'], startSimulator: 'function', symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'],
      code: 'ERR_ORDER_STATUS_UNKNOWN', environment: 'sim',
    });
  }, TIMEOUT_MS);

  it('ships types that a strict TypeScript consumer compiles against', async () => {
    expect(existsSync(join(project, 'node_modules', manifest.name, 'dist', 'index.d.ts'))).toBe(true);
    writeFileSync(join(project, 'consumer.mts'), `
      import { ConnectorFactory, type BinanceConnector, type OrderRequest } from 'autotrader-connectors';
      import { startSimulator, type SimulatorHandle } from 'autotrader-connectors/simulator';
      const order: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '50000' };
      export async function open(sim: SimulatorHandle): Promise<BinanceConnector> {
        return ConnectorFactory.create('binance', { environment: 'sim', restUrl: sim.restUrl });
      }
      export { order, startSimulator };
    `);
    writeFileSync(join(project, 'bad.mts'), `
      import type { OrderRequest } from 'autotrader-connectors';
      export const order: OrderRequest = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001' };
    `);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // skipLibCheck, as most projects set it: the declarations import big.js and ws types, whose
    // @types packages are development dependencies of this package, not installed for consumers.
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types')];
    // One compile of both: the consumer compiles clean, and a LIMIT order without a price is
    // rejected, so the types are really in use.
    const output = await run(process.execPath, [tsc, ...flags, 'consumer.mts', 'bad.mts'], { cwd: project })
      .then(() => '', (error: { stdout: string }) => error.stdout);
    const errors = output.split('\n').filter((line) => / error TS\d+/.test(line));
    expect(errors, output).toHaveLength(1);
    expect(errors[0]).toMatch(/^bad\.mts\(3,\d+\): error TS2322/);
  }, TIMEOUT_MS);

  it('installs the autotrader command', async () => {
    const bin = join(project, 'node_modules', '.bin', 'autotrader');
    const help = await sh(bin, ['--help'], project);
    const version = await sh(bin, ['--version'], project);
    expect(help.stdout).toMatch(/^Usage: autotrader \[options\] \[command\]\n/);
    expect(help.stdout).toContain('  sim [options]  ');
    expect(version.stdout.trim()).toBe(manifest.version);
  }, TIMEOUT_MS);
});
