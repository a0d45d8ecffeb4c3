/**
 * Side-by-side benchmarks of this connector against ccxt, the `binance` SDK and `@binance/spot`,
 * all against the same simulator in the same run. `npm run bench` builds first.
 *
 *   node bench/run.js [--quick] [--only id,id] [--kinds kind,kind] [--markdown file]
 *
 * `--kinds` limits a scenario that has kinds of rows (decoding: kline, trade, ...) to those.
 */
import console from 'node:console';
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { table } from './lib/stats.js';

const SCENARIOS = [
  './scenarios/cold-start.js',
  './scenarios/signing.js',
  './scenarios/decoding.js',
  './scenarios/rest.js',
  './scenarios/history.js',
  './scenarios/streams.js',
  './scenarios/orders.js',
  './scenarios/simulator.js',
  './scenarios/seams.js',
  './scenarios/fills.js',
];

function parseArgs(argv) {
  const args = { quick: false, only: undefined, kinds: undefined, markdown: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--only') args.only = new Set(argv[++i].split(','));
    else if (arg === '--kinds') args.kinds = argv[++i].split(',');
    else if (arg === '--markdown') args.markdown = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/run.js [--quick] [--only cold-start,signing,decoding,rest,history,streams,orders,simulator,seams,fills] [--kinds kind,kind] [--markdown file]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

function machine() {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return {
    node: process.version,
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load,
  };
}

const args = parseArgs(process.argv.slice(2));
const started = Date.now();
const info = machine();
console.log(`autotrader-connectors benchmarks${args.quick ? ' (quick)' : ''}`);
console.log(`node ${info.node} · ${info.cpu} · ${info.memory} · ${info.os} · load ${info.load}\n`);

const sections = [];
const targets = [];
for (const path of SCENARIOS) {
  let scenario;
  try {
    scenario = await import(path);
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    continue;
  }
  if (args.only !== undefined && !args.only.has(scenario.id)) continue;
  console.log(`## ${scenario.title}`);
  const t0 = Date.now();
  let result;
  try {
    result = await scenario.run({ quick: args.quick, kinds: args.kinds });
  } catch (error) {
    console.log(`failed: ${error.stack ?? error}\n`);
    sections.push({ title: scenario.title, error: String(error.message ?? error) });
    continue;
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(table(result.header, result.rows));
  if (result.samples) console.log(`(${result.samples}; ${seconds} s)`);
  for (const note of result.notes ?? []) console.log(`note: ${note}`);
  for (const t of result.targets ?? []) console.log(`target ${t.met ? 'MET' : 'MISSED'}: ${t.label}: ${t.display}`);
  console.log('');
  sections.push({ ...result, title: scenario.title, seconds });
  targets.push(...(result.targets ?? []).map((t) => ({ ...t, scenario: scenario.title })));
}

if (targets.length > 0) {
  console.log('## Targets');
  console.log(table(['target', 'reached', 'result'], targets.map((t) => [t.label, t.met ? 'yes' : 'NO', t.display])));
}
const endLoad = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load at end ${endLoad}`);

if (args.markdown !== undefined) {
  const md = [
    `Command: \`npm run bench${args.quick ? ' -- --quick' : ''}\` · ${new Date().toISOString()}`,
    '',
    `Machine: Node ${info.node}, ${info.cpu}, ${info.memory}, ${info.os}; load average at start ${info.load}, at end ${endLoad}.`,
    '',
  ];
  for (const s of sections) {
    md.push(`### ${s.title}`, '');
    if (s.error !== undefined) {
      md.push(`Failed: ${s.error}`, '');
      continue;
    }
    md.push(table(s.header, s.rows, { markdown: true }), '');
    if (s.samples) md.push(`${s.samples}.`, '');
    for (const note of s.notes ?? []) md.push(`- ${note}`);
    if ((s.notes ?? []).length > 0) md.push('');
  }
  md.push('### Targets', '', table(['target', 'reached', 'result'], targets.map((t) => [t.label, t.met ? 'yes' : '**no**', t.display]), { markdown: true }), '');
  writeFileSync(args.markdown, md.join('\n'));
  console.log(`wrote ${args.markdown}`);
}
