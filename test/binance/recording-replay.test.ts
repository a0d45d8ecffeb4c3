import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBinanceErrorBody } from '../../src/spec/binance/error-codes.js';
import { readRecording, type Recording } from '../support/recording/recording-format.js';
import { lostFields, parseRecorded } from '../support/recording/parse-recorded.js';
import { replayOnSimulator, type ReplayOutcome } from '../support/recording/replay.js';

/*
 * Every recording under test/fixtures/recordings/ (built from Binance's documented examples, or
 * recorded by the live suite with BINANCE_RECORD_DIR) is read by the connector's parsers and
 * replayed against a fresh simulator, so a belief the connector and the simulator share but Binance
 * does not is caught by evidence from Binance rather than by one side against the other.
 */

const RECORDINGS_DIR = 'test/fixtures/recordings';

/**
 * Endpoints whose replay does not yet match the recordings, with why. The replay checks this is
 * exactly the set that differs: an endpoint that starts matching must be removed from it, so the
 * list only shrinks as the simulator grows.
 */
const NOT_YET_SERVED: Readonly<Record<string, string>> = {};

const recordings: Recording[] = readdirSync(RECORDINGS_DIR)
  .filter((name) => name.endsWith('.jsonl'))
  .sort()
  .map((name) => readRecording(join(RECORDINGS_DIR, name)));

describe('recorded Binance traffic', () => {
  it('has recordings, each saying where it came from', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(1);
    for (const { file, header } of recordings) {
      expect.soft(['testnet', 'demo', 'binance-docs'], file).toContain(header.source);
      if (header.source === 'binance-docs') expect.soft(header.copiedFrom?.commit, file).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  describe.each(recordings.map((recording) => [recording.file, recording] as const))('%s', (_file, recording) => {
    it("is read by the connector's parsers, every order field a bot acts on carried into the model", (context) => {
      const failures: string[] = [];
      const skipped = new Set<string>();
      let parsed = 0;
      for (const [i, entry] of recording.entries.entries()) {
        const where = `line ${i + 2}`;
        try {
          const result = parseRecorded(entry);
          if (!result.parsed) {
            skipped.add(`${result.endpoint}: ${result.reason}`);
            continue;
          }
          parsed += 1;
          const payload = entry.kind === 'rest' ? entry.body : entry.kind === 'ws-api' ? entry.response.result : entry.kind === 'user-data' ? entry.event : undefined;
          for (const lost of lostFields(payload, result.orders)) failures.push(`${where} ${result.endpoint}: lost ${lost}`);
          for (const list of result.lists) {
            if (list.orders.length === 0 || list.orders.some((o) => o.orderId === '' || o.clientOrderId === '')) failures.push(`${where} ${result.endpoint}: list ${list.orderListId} without its orders`);
          }
        } catch (error) {
          failures.push(`${where}: ${(error as Error).message}`);
        }
        if ((entry.kind === 'rest' && entry.status >= 400 && !isBinanceErrorBody(entry.body))
          || (entry.kind === 'ws-api' && entry.response.status >= 400 && !isBinanceErrorBody(entry.response.error))) {
          failures.push(`${where}: an error answer without Binance's { code, msg }`);
        }
      }
      for (const reason of skipped) context.annotate(`not parsed: ${reason}`);
      expect(failures).toEqual([]);
      expect(parsed).toBeGreaterThan(0);
    });
  });

  describe('replayed against the simulator', () => {
    const outcomes = new Map<string, ReplayOutcome[]>();

    beforeAll(async () => {
      for (const recording of recordings) outcomes.set(recording.file, await replayOnSimulator(recording));
    }, 60_000);

    it('gets the recorded status, error code and answer shape, but on the endpoints the simulator does not serve yet', (context) => {
      const unexpected: string[] = [];
      const differing = new Set<string>();
      let replayed = 0;
      for (const [file, fileOutcomes] of outcomes) {
        for (const { line, endpoint, differences } of fileOutcomes) {
          replayed += 1;
          if (differences.length === 0) continue;
          differing.add(endpoint);
          const reason = NOT_YET_SERVED[endpoint];
          const detail = differences.map(({ path, problem }) => `${path} ${problem}`).join('; ');
          if (reason === undefined) unexpected.push(`${file}:${line} ${endpoint}: ${detail}`);
          else context.annotate(`skipped ${file}:${line} ${endpoint} (${reason}): ${detail}`);
        }
      }
      expect(replayed).toBeGreaterThan(0);
      expect.soft(unexpected).toEqual([]);
      // An endpoint now served must leave the list, so that a later regression on it is caught.
      expect(Object.keys(NOT_YET_SERVED).filter((endpoint) => !differing.has(endpoint)).sort()).toEqual([]);
    });
  });
});
