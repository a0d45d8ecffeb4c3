import { isIP } from 'node:net';
import type { Command } from 'commander';
import { DEFAULT_RATE_LIMITS } from '../../spec/binance/rate-limits.js';
import type { Fault, SimulatorHandle, SymbolSpec } from '../../simulator/index.js';
import { validateControlToken } from '../../simulator/control/origin-guard.js';
import { SPOT_SYMBOLS } from '../../simulator/market/spot-symbols.js';
import { DEFAULT_SYMBOLS } from '../../simulator/market/symbols.js';
import { readAccountsFile } from '../accounts-file.js';
import { UsageError } from '../cli-error.js';
import type { CliIo, StopSignal } from '../cli-io.js';
import { globalsOf } from '../globals.js';
import { emit, keyValues, writeLine } from '../output.js';
import { parseInteger } from '../parse-args.js';
import { DEFAULT_SIM_PORT } from '../settings.js';

interface SimOptions {
  port: string;
  host: string;
  seed: string;
  accounts?: string;
  latency?: string;
  clockSkew?: string;
  failOrders?: string;
  rateLimit?: string;
  weightLimit?: string;
  symbols?: string;
  controlToken?: string;
}

/** Faults from the flags, in the form `inject()` takes. */
export function faultsFromFlags(options: SimOptions): Fault[] {
  const faults: Fault[] = [];
  if (options.latency !== undefined) faults.push({ kind: 'latency', ms: parseInteger('--latency', options.latency, 0, 600_000) });
  if (options.clockSkew !== undefined) faults.push({ kind: 'clock-skew', ms: parseInteger('--clock-skew', options.clockSkew, -86_400_000, 86_400_000) });
  if (options.failOrders !== undefined) {
    const match = /^(\d+):(503|-1007)$/.exec(options.failOrders.trim());
    if (match === null) throw new UsageError(`--fail-orders: must be <count>:503 or <count>:-1007, got ${JSON.stringify(options.failOrders)}`);
    faults.push({ kind: 'order-status-unknown', count: parseInteger('--fail-orders count', match[1]!, 1), as: match[2] === '503' ? 503 : -1007 });
  }
  if (options.rateLimit !== undefined) faults.push({ kind: 'rate-limit', count: parseInteger('--rate-limit', options.rateLimit, 1) });
  return faults;
}

/** `--symbols`: `all` for every spot pair the simulator knows, or a comma-separated choice of them. */
export function symbolsFromFlag(text: string | undefined): readonly SymbolSpec[] {
  if (text === undefined) return DEFAULT_SYMBOLS;
  if (text.trim().toLowerCase() === 'all') return SPOT_SYMBOLS;
  const names = text.split(',').map((name) => name.trim().toUpperCase()).filter((name) => name.length > 0);
  if (names.length === 0) throw new UsageError('--symbols: give "all" or symbols separated by commas, such as BTCUSDT,SOLUSDT');
  return names.map((name, i) => {
    if (names.indexOf(name) !== i) throw new UsageError(`--symbols: ${name} is listed twice`);
    const spec = SPOT_SYMBOLS.find((known) => known.symbol === name);
    if (spec === undefined) throw new UsageError(`--symbols: unknown symbol ${JSON.stringify(name)}; known: ${SPOT_SYMBOLS.map((known) => known.symbol).join(',')}`);
    return spec;
  });
}

function describeFault(fault: Fault): string {
  return Object.entries(fault).map(([key, value]) => (key === 'kind' ? String(value) : `${key}=${String(value)}`)).join(' ');
}

/** Whether `host` keeps the simulator on this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** The stderr warning for a bind beyond loopback; undefined when the host is loopback. */
export function bindWarning(host: string, controlToken: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `warning: the simulator listens on ${host}, beyond this machine: anyone who can reach it can use its accounts`
    + (controlToken ? '.' : ' and its control API (/sim/faults, /sim/market); set --control-token or AUTOTRADER_SIM_CONTROL_TOKEN to guard the control API.');
}

/** The first SIGINT or SIGTERM; after it the signals have their default effect again, so a second one ends the process at once. */
function waitForStop(io: CliIo): Promise<StopSignal> {
  return new Promise((resolve) => {
    const release = io.onSignal(['SIGINT', 'SIGTERM'], (signal) => {
      release();
      resolve(signal);
    });
  });
}

function announce(io: CliIo, json: boolean, sim: SimulatorHandle, seed: number, symbols: readonly SymbolSpec[], faults: readonly Fault[]): void {
  const data = {
    event: 'listening', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl, seed,
    symbols: symbols.map((spec) => spec.symbol),
    accounts: sim.accounts.map((a) => ({ apiKey: a.apiKey, apiSecret: a.apiSecret, keyType: a.keyType })),
    faults,
  };
  emit(io, json, data, () => {
    const lines = [
      'Binance-compatible simulator running',
      keyValues([['REST', sim.restUrl], ['streams', `${sim.wsStreamUrl}/ws`], ['WebSocket API', sim.wsApiUrl], ['seed', String(seed)],
        ['symbols', symbols.length > 8 ? `${symbols.length} (${symbols.slice(0, 4).map((spec) => spec.symbol).join(' ')} ...)` : symbols.map((spec) => spec.symbol).join(' ')]]),
      '',
      ...sim.accounts.flatMap((a, i) => [
        `account ${i + 1}${a.keyType === 'hmac' ? '' : ` (${a.keyType})`}:`,
        keyValues([['  apiKey', a.apiKey], ...(a.apiSecret === '' ? [] : [['  apiSecret', a.apiSecret] as const])]),
      ]),
      ...(faults.length === 0 ? [] : ['', `faults: ${faults.map(describeFault).join(', ')}`]),
      '',
      `other commands reach it with: autotrader --rest-url ${sim.restUrl} <command>   (Ctrl-C stops it)`,
    ];
    return lines.join('\n');
  });
}

/** `autotrader sim`: the exchange simulator in the foreground until SIGINT or SIGTERM. */
export function registerSim(program: Command, io: CliIo): void {
  program
    .command('sim')
    .description('run the Binance-compatible exchange simulator in the foreground')
    .option('--port <port>', 'TCP port; 0 picks a free one', String(DEFAULT_SIM_PORT))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the deterministic market', '42')
    .option('--accounts <file>', 'JSON list of accounts: [{ "apiKey", "apiSecret" | "publicKey", "balances": { "USDT": "1000" }, "commission": { "standard": { "maker": "0.001" } } }]')
    .option('--latency <ms>', 'delay every response by ms')
    .option('--clock-skew <ms>', 'shift the server clock by ms (negative: behind)')
    .option('--fail-orders <count:code>', 'the next count placements answer 503 or -1007 although they execute')
    .option('--rate-limit <count>', 'the next count requests answer 429 with Retry-After')
    .option('--weight-limit <n>', 'REQUEST_WEIGHT per minute (default 6000)')
    // Read from io.env rather than commander's `.env()`, which reads process.env; the help says the same.
    .option('--control-token <token>', 'bearer token the control API (/sim/faults, /sim/market) then requires (env: AUTOTRADER_SIM_CONTROL_TOKEN)')
    .option('--symbols <list>', `symbols to list: "all" (${SPOT_SYMBOLS.length} spot pairs) or a comma-separated choice of them (default ${DEFAULT_SYMBOLS.map((spec) => spec.symbol).join(',')})`)
    .action(async (options: SimOptions, command: Command) => {
      const globals = globalsOf(command);
      const port = parseInteger('--port', options.port, 0, 65_535);
      const seed = parseInteger('--seed', options.seed, 0, 2 ** 32 - 1);
      const faults = faultsFromFlags(options);
      const controlToken = options.controlToken ?? io.env.AUTOTRADER_SIM_CONTROL_TOKEN;
      try {
        validateControlToken(controlToken);
      } catch (error) {
        throw new UsageError(`--control-token: ${(error as Error).message.replace(/^controlToken /, '')}`);
      }
      const symbols = symbolsFromFlag(options.symbols);
      const accounts = options.accounts === undefined ? undefined : readAccountsFile(options.accounts, io.cwd);
      const weightLimit = options.weightLimit === undefined ? undefined : parseInteger('--weight-limit', options.weightLimit, 1);
      const limits = weightLimit === undefined ? undefined : {
        rateLimits: DEFAULT_RATE_LIMITS.map((rule) => (rule.rateLimitType === 'REQUEST_WEIGHT' ? { ...rule, limit: weightLimit } : rule)),
      };
      // Loaded on demand: the other commands should not pay for the whole exchange at start-up.
      const { startSimulator } = await import('../../simulator/index.js');
      const stopped = waitForStop(io);
      const sim = await startSimulator({
        port, host: options.host, seed, symbols,
        ...(accounts === undefined ? {} : { accounts }),
        ...(limits === undefined ? {} : { limits }),
        ...(controlToken === undefined ? {} : { controlToken }),
      });
      const warning = bindWarning(options.host, controlToken !== undefined);
      if (warning !== undefined) io.stderr.write(`${warning}\n`);
      for (const fault of faults) sim.inject(fault);
      announce(io, globals.json, sim, seed, symbols, faults);
      const signal = await stopped;
      await sim.close();
      if (globals.json) writeLine(io, JSON.stringify({ event: 'stopped', signal }));
      else writeLine(io, `simulator stopped (${signal})`);
    });
}
