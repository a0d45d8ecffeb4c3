import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_DIR_VARIABLE, startLiveRecording } from '../../live/live-recording.js';
import { readRecording } from './recording-format.js';

/** The live suite's switch for recording: nothing without BINANCE_RECORD_DIR, a proxy and a file with it. */

const dir = mkdtempSync(join(tmpdir(), 'live-recording-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('startLiveRecording', () => {
  it('records nothing when BINANCE_RECORD_DIR is unset or blank', async () => {
    expect(RECORD_DIR_VARIABLE).toBe('BINANCE_RECORD_DIR');
    expect(await startLiveRecording('testnet', {})).toBeUndefined();
    expect(await startLiveRecording('testnet', { BINANCE_RECORD_DIR: '  ' })).toBeUndefined();
  });

  it('points the connector at a loopback proxy and starts <dir>/<environment>-<time>.jsonl with its header', async () => {
    const recording = await startLiveRecording('demo', { BINANCE_RECORD_DIR: dir });
    try {
      expect(recording?.endpoints.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(recording?.endpoints.wsApiUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws-api\/v3$/);
      expect(readdirSync(dir)).toEqual([recording!.file.slice(dir.length + 1)]);
      expect(recording!.file).toMatch(/\/demo-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.jsonl$/);
      const { header, entries } = readRecording(recording!.file);
      expect(header).toMatchObject({ kind: 'header', source: 'demo' });
      expect(entries).toEqual([]);
    } finally {
      await recording?.proxy.close();
    }
  });
});
