/**
 * 1. Cold start: a fresh Node process per sample imports one package; the child reports the
 * import time (from just before `import()` to its resolution) and its RSS right after. The
 * floor is the same child importing nothing. Clients alternate from sample to sample.
 */
import process from 'node:process';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';
import { median, ratio, fmt, fmtRatio, rotate } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const TARGETS = [
  { name: 'bare node', specifier: undefined },
  { name: 'ours', specifier: './dist/index.js' },
  { name: 'ccxt', specifier: 'ccxt' },
  { name: 'binance', specifier: 'binance' },
  { name: '@binance/spot', specifier: '@binance/spot' },
];

function sample(specifier) {
  const importLine = specifier === undefined ? '' : `await import(${JSON.stringify(specifier)});`;
  const script = `const t0 = performance.now(); ${importLine} const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss, up: performance.now() }));`;
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { ...JSON.parse(out), wallMs };
}

export const id = 'cold-start';
export const title = '1. Cold start (fresh process per sample)';

export async function run({ quick }) {
  const samples = quick ? 3 : 15;
  for (const t of TARGETS) sample(t.specifier); // warm the file system cache
  const results = new Map(TARGETS.map((t) => [t.name, { ms: [], rss: [], wall: [] }]));
  for (let i = 0; i < samples; i++) {
    for (const t of rotate(TARGETS, i)) {
      const s = sample(t.specifier);
      const r = results.get(t.name);
      r.ms.push(s.ms);
      r.rss.push(s.rss / 2 ** 20);
      r.wall.push(s.wallMs);
    }
  }
  const summary = new Map([...results].map(([name, r]) => [name, { ms: median(r.ms), rss: median(r.rss), wall: median(r.wall) }]));
  const floor = summary.get('bare node');
  const ours = summary.get('ours');
  const peers = TARGETS.slice(2).map((t) => t.name);
  const rows = TARGETS.map(({ name }) => {
    const s = summary.get(name);
    return [name, fmt(s.ms), fmt(s.wall), fmt(s.rss), fmt(s.rss - floor.rss), name === 'ours' || name === 'bare node' ? '' : fmtRatio(ratio(ours.ms, s.ms))];
  });
  const fastestPeer = Math.min(...peers.map((p) => summary.get(p).ms));
  const rssAbove = ours.rss - floor.rss;
  return {
    header: ['client', 'import ms', 'process wall ms', 'RSS MB', 'RSS over bare MB', 'ours/peer import'],
    rows,
    samples: `${samples} samples per client, medians`,
    targets: [
      { label: 'import time ≤ ½ fastest peer', value: ratio(ours.ms, fastestPeer), display: `${fmtRatio(ratio(ours.ms, fastestPeer))} of fastest peer`, met: ours.ms <= fastestPeer / 2 },
      { label: 'RSS after import < 15 MB over bare Node', value: rssAbove, display: `${fmt(rssAbove)} MB`, met: rssAbove < 15 },
    ],
  };
}
