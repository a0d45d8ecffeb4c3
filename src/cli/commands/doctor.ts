import type { Command } from 'commander';
import type { BinanceConnector } from '../../binance/index.js';
import { fetchAccountPermissions } from '../account-permissions.js';
import { CommandExit } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { createConnector } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { explainError } from '../explain-error.js';
import { globalsOf } from '../globals.js';
import { emit } from '../output.js';
import { loadSettings, type Settings } from '../settings.js';
import { probeWebSocket } from '../ws-probe.js';

/** Outcome of one check; SKIP means it could not run because an earlier one failed or nothing is configured (no API key). */
export type CheckStatus = 'OK' | 'WARN' | 'FAIL' | 'SKIP';

/** One line of the doctor's report. */
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do, for WARN and FAIL. */
  fix?: string;
}

/** Clock offsets above this are worth fixing even though the connector corrects them. */
const CLOCK_WARN_MS = 1000;
const WS_TIMEOUT_MS = 5000;

function failed(name: string, error: unknown, settings: Settings | undefined, connector?: BinanceConnector): CheckResult {
  const explained = explainError(error, { environment: settings?.environment, restUrl: settings?.restUrl, offsetMs: connector?.timeOffsetMs() });
  return { name, status: 'FAIL', detail: explained.message, ...(explained.hint === undefined ? {} : { fix: explained.hint }) };
}

function clockCheck(offsetMs: number): CheckResult {
  const detail = `local clock is ${Math.abs(offsetMs)} ms ${offsetMs > 0 ? 'behind' : 'ahead of'} the exchange`;
  return Math.abs(offsetMs) < CLOCK_WARN_MS
    ? { name: 'clock', status: 'OK', detail }
    : { name: 'clock', status: 'WARN', detail: `${detail} (corrected by the connector, but other clients will fail with -1021)`, fix: 'sync the clock with NTP (e.g. `sudo timedatectl set-ntp true`)' };
}

/** Probes the URL the connector will use: configured, the environment's, or (in sim) derived from the REST URL. */
async function webSocketCheck(name: string, url: string): Promise<CheckResult> {
  try {
    const ms = await probeWebSocket(url, WS_TIMEOUT_MS);
    return { name, status: 'OK', detail: `${url} accepts connections (${ms} ms)` };
  } catch (error) {
    return { name, status: 'FAIL', detail: `${url}: ${(error as Error).message}`, fix: 'check the URL, and that the network allows outgoing WebSocket connections' };
  }
}

function weightCheck(connector: BinanceConnector): CheckResult {
  const window = connector.metrics().rateLimits.windows.find((w) => w.id.startsWith('REQUEST_WEIGHT'));
  if (window === undefined) return { name: 'weight', status: 'WARN', detail: 'the exchange reported no request weight limit' };
  const share = window.used / window.limit;
  const detail = `${window.used} of ${window.limit} request weight used in the current ${window.intervalMs / 1000} s window`;
  if (share < 0.5) return { name: 'weight', status: 'OK', detail };
  const fix = 'other clients share this IP\'s weight: poll less, or use streams for live data';
  return { name: 'weight', status: share < 0.9 ? 'WARN' : 'FAIL', detail, fix };
}

async function keyChecks(connector: BinanceConnector, settings: Settings): Promise<CheckResult[]> {
  const { credentials } = settings;
  if (credentials === undefined) {
    return [
      { name: 'api key', status: 'WARN', detail: 'no API key configured: balance, positions and order commands will fail', fix: 'configure apiKey with apiSecret or privateKey (config file or BINANCE_API_KEY / BINANCE_API_SECRET)' },
      { name: 'permissions', status: 'SKIP', detail: 'no API key' },
    ];
  }
  try {
    await connector.getPositions();
  } catch (error) {
    return [failed('api key', error, settings, connector), { name: 'permissions', status: 'SKIP', detail: 'the key was refused' }];
  }
  const key: CheckResult = { name: 'api key', status: 'OK', detail: `accepted (${credentials.source})` };
  try {
    const account = await fetchAccountPermissions({
      restUrl: connector.restUrl, credentials, offsetMs: connector.timeOffsetMs(),
      recvWindow: settings.config.recvWindow, timeoutMs: settings.config.requestTimeoutMs,
    });
    const detail = `canTrade ${String(account.canTrade)}, ${account.accountType} account, permissions ${account.permissions.join(', ') || 'none'}`;
    return [key, account.canTrade
      ? { name: 'permissions', status: 'OK', detail }
      : { name: 'permissions', status: 'FAIL', detail, fix: 'enable Spot trading for this key on the exchange\'s API management page' }];
  } catch (error) {
    return [key, failed('permissions', error, settings, connector)];
  }
}

/** Runs every check in order; later checks are skipped when the ones they need failed. */
export async function runChecks(io: CliIo, settings: Settings): Promise<CheckResult[]> {
  const results: CheckResult[] = [{
    name: 'config', status: 'OK',
    detail: `env ${settings.environment}, ${settings.configFile === undefined ? 'no config file' : `file ${settings.configFile}`}, credentials: ${settings.credentials?.source ?? 'none'}`,
  }];
  const connector = await createConnector(io, settings);
  try {
    const started = performance.now();
    await connector.connect();
    results.push({ name: 'rest', status: 'OK', detail: `${connector.restUrl} answers (connected in ${Math.round(performance.now() - started)} ms)` });
  } catch (error) {
    results.push(failed('rest', error, settings, connector));
    for (const name of ['clock', 'streams', 'ws api', 'api key', 'permissions', 'weight']) results.push({ name, status: 'SKIP', detail: 'REST is not reachable' });
    return results;
  }
  try {
    results.push(clockCheck(connector.timeOffsetMs()));
    results.push(await webSocketCheck('streams', `${connector.endpoints.wsStreamUrl}/ws`));
    results.push(await webSocketCheck('ws api', connector.endpoints.wsApiUrl));
    results.push(...await keyChecks(connector, settings));
    results.push(weightCheck(connector));
  } finally {
    await connector.disconnect();
  }
  return results;
}

function reportText(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.flatMap((r) => [
    `${r.status.padEnd(4)}  ${r.name.padEnd(width)}  ${r.detail}`,
    ...(r.fix === undefined ? [] : [`${' '.repeat(6 + width + 2)}fix: ${r.fix}`]),
  ]);
  const failures = results.filter((r) => r.status === 'FAIL').length;
  lines.push('', failures === 0 ? 'all checks passed' : `${failures} check${failures === 1 ? '' : 's'} failed`);
  return lines.join('\n');
}

/** `autotrader doctor`: one line per check with OK, WARN or FAIL and what to fix; exits 1 when any check fails. */
export function registerDoctor(program: Command, io: CliIo): void {
  program
    .command('doctor')
    .description('check config, REST and WebSocket reachability, clock, key, permissions and weight usage')
    .action(async (_options: object, command: Command) => {
      const globals = globalsOf(command);
      let results: CheckResult[];
      try {
        results = await runChecks(io, loadSettings(io, globals));
      } catch (error) {
        results = [failed('config', error, undefined)];
      }
      const ok = results.every((r) => r.status !== 'FAIL');
      emit(io, globals.json, { ok, checks: results }, () => reportText(results));
      if (!ok) throw new CommandExit(ExitCode.FAILURE);
    });
}
