import { afterAll, describe, expect, it } from 'vitest';
import { killLeftovers, runCli, spawnBinary } from './run-cli.js';

/** `autotrader sim`: the bind warning and the control token. */

afterAll(killLeftovers);

const skew = JSON.stringify({ kind: 'clock-skew', ms: 1500 });

async function listening(args: readonly string[], env: Record<string, string> = {}): Promise<{ restUrl: string; stop: () => Promise<string> }> {
  const sim = spawnBinary(['--json', 'sim', '--port', '0', ...args], { env });
  await sim.waitFor('\n');
  const { restUrl } = JSON.parse(sim.stdout().split('\n')[0]!) as { restUrl: string };
  return {
    restUrl,
    stop: async () => {
      sim.child.kill('SIGTERM');
      return (await sim.exit).stderr;
    },
  };
}

describe('sim --host', () => {
  it('warns on stderr when it listens beyond loopback, and not on loopback', async () => {
    const open = await listening(['--host', '0.0.0.0']);
    expect(await open.stop()).toBe('warning: the simulator listens on 0.0.0.0, beyond this machine: anyone who can reach it can use its accounts '
      + 'and its control API (/sim/faults, /sim/market); set --control-token or AUTOTRADER_SIM_CONTROL_TOKEN to guard the control API.\n');
    const guarded = await listening(['--host', '0.0.0.0', '--control-token', 'tok']);
    expect(await guarded.stop()).toBe('warning: the simulator listens on 0.0.0.0, beyond this machine: anyone who can reach it can use its accounts.\n');
    for (const host of ['127.0.0.1', 'localhost']) {
      const local = await listening(['--host', host]);
      expect(await local.stop()).toBe('');
    }
  });
});

describe('sim --control-token', () => {
  it('makes the control API require the token, from the flag or AUTOTRADER_SIM_CONTROL_TOKEN', async () => {
    for (const [args, env] of [[['--control-token', 'flag-token'], {}], [[], { AUTOTRADER_SIM_CONTROL_TOKEN: 'flag-token' }]] as const) {
      const sim = await listening(args, env);
      const post = (headers: Record<string, string>) => fetch(`${sim.restUrl}/sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: skew });
      expect((await post({})).status).toBe(401);
      expect((await post({ Authorization: 'Bearer flag-token' })).status).toBe(200);
      await sim.stop();
    }
  });

  it('refuses a token with spaces as a usage error', async () => {
    const run = await runCli(['sim', '--port', '0', '--control-token', 'two words']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--control-token: must be 1 to 256 visible ASCII characters');
  });
});
