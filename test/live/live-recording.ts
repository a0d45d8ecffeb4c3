import { join } from 'node:path';
import { ENVIRONMENT_ENDPOINTS, type BinanceEndpoints } from '../../src/binance/environments.js';
import { RecordingWriter } from '../support/recording/recording-format.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording/recording-proxy.js';
import type { LiveEnvironment } from './live-env.js';

/** The variable naming the folder the live suite records its traffic into; unset, nothing is recorded. */
export const RECORD_DIR_VARIABLE = 'BINANCE_RECORD_DIR';

/** A recording in progress: the URLs to give the connector, and the file being written. */
export interface LiveRecording {
  endpoints: BinanceEndpoints;
  file: string;
  proxy: RecordingProxy;
}

/**
 * Starts recording an environment's traffic when `BINANCE_RECORD_DIR` is set: a recording proxy
 * in front of the environment, writing `<dir>/<environment>-<time>.jsonl`. Undefined when unset.
 */
export async function startLiveRecording(environment: LiveEnvironment, env: NodeJS.ProcessEnv = process.env): Promise<LiveRecording | undefined> {
  const dir = env[RECORD_DIR_VARIABLE]?.trim();
  if (dir === undefined || dir === '') return undefined;
  const recordedAt = new Date().toISOString();
  const writer = new RecordingWriter(join(dir, `${environment}-${recordedAt.replaceAll(':', '-')}.jsonl`), { source: environment, recordedAt });
  const proxy = await startRecordingProxy(ENVIRONMENT_ENDPOINTS[environment], writer);
  return { endpoints: proxy.endpoints, file: writer.file, proxy };
}
