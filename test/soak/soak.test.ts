import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The chaos soak (test/soak/run-soak.ts) for 20 s under a fixed seed, exactly as
 * `npm run soak -- --seconds 20 --seed 20261203` runs it: compiled with the project's tsc
 * (tsconfig.soak.json, incrementally) and run by node with --expose-gc, so that its heap check can collect
 * garbage and its handle check sees only the soak's own process.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = '20261203';
const SECONDS = '20';

function run(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

interface SoakResult {
  ok: boolean;
  failuresByCheck: Record<string, number>;
  counts: Record<string, number>;
}

describe('chaos soak', () => {
  it(`keeps every guarantee through ${SECONDS} s of seeded faults (seed ${SEED})`, async () => {
    // Exactly as `npm run build:soak` compiles it (types are checked by `npm run typecheck`).
    const build = await run([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.soak.json',
      '--noCheck', '--incremental', '--tsBuildInfoFile', 'dist/soak/.tsbuildinfo'], 120_000);
    expect(build.code, build.output).toBe(0);

    const soak = await run(['--expose-gc', 'dist/soak/test/soak/main.js', '--seconds', SECONDS, '--seed', SEED], 150_000);
    const line = /^SOAK_RESULT (.*)$/m.exec(soak.output);
    expect(line, soak.output).not.toBeNull();
    const result = JSON.parse(line![1]!) as SoakResult;
    // The whole output (findings, fault schedule, replay command) is the message of a failure.
    expect(result.failuresByCheck, soak.output).toEqual({});
    expect(result.ok).toBe(true);
    expect(soak.code).toBe(0);
    // It did run its workload and its checks.
    expect(result.counts.verifiedPlacements).toBe(result.counts.placements);
    expect(result.counts.placements).toBeGreaterThan(20);
    expect(result.counts.candlesChecked).toBeGreaterThan(20);
    expect(result.counts.booksCompared).toBeGreaterThanOrEqual(8);
    expect(result.counts.faults).toBeGreaterThan(3);
    // Stops, lists, the kill switch and market moves were part of it, and every list was checked.
    expect(result.counts.stops).toBeGreaterThan(3);
    expect(result.counts.orderLists).toBeGreaterThan(2);
    expect(result.counts.listsVerified).toBe(result.counts.orderLists);
    expect(result.counts.cancelAlls).toBeGreaterThan(0);
    expect(result.counts.marketMoves).toBeGreaterThan(2);
    expect(result.counts.fillsChecked).toBeGreaterThan(10);
    expect(result.counts.balancesChecked).toBeGreaterThan(0);
  }, 300_000);
});
