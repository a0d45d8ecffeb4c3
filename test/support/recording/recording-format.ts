import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The recording format: JSON lines, one exchange of traffic a line, the first line a header. A
 * recording holds what went over the wire between the connector and an exchange, with every
 * credential removed, so it can be committed and replayed offline (test/binance/recording-replay).
 */

/** The format name every header carries. */
export const RECORDING_FORMAT = 'autotrader-binance-recording/1';

/** First line of a recording: where its traffic came from. */
export interface RecordingHeader {
  kind: 'header';
  format: typeof RECORDING_FORMAT;
  /** `testnet`, `demo`, or `binance-docs` for a recording built from Binance's documented examples. */
  source: string;
  /** ISO time the recording started, or the date of the documents it was copied from. */
  recordedAt: string;
  /** Where the answers were copied from, for a recording built from documents. */
  copiedFrom?: { repository: string; commit: string; documents: string[]; note: string };
  /** Last price per symbol the requests were made around; the replay starts its market there. */
  referencePrices?: Record<string, string>;
}

/** A REST request and its answer. Only the rate-limit headers of the answer are kept. */
export interface RestRecord {
  kind: 'rest';
  method: string;
  path: string;
  /** True when the request was signed; its `timestamp` and `signature` were removed. */
  signed: boolean;
  params: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A WebSocket API request and its answer. */
export interface WsApiRecord {
  kind: 'ws-api';
  /** The request, its `apiKey`, `timestamp` and `signature` removed (`signed` says they were there). */
  request: { id: string | number | null; method: string; params: Record<string, unknown>; signed: boolean };
  /** `status`, `result` or `error`, and `rateLimits`, as Binance sent them. */
  response: { status: number; result?: unknown; error?: unknown; rateLimits?: unknown };
}

/** A user-data event (`executionReport`, `listStatus`, ...), the payload under the WebSocket API's `event`. */
export interface UserDataRecord {
  kind: 'user-data';
  event: Record<string, unknown>;
}

/** A market stream message (the `data` of a combined stream, or a raw stream's payload), or a control message either way. */
export interface StreamRecord {
  kind: 'stream';
  /** `received` from the exchange or `sent` by the connector (SUBSCRIBE and such). */
  direction: 'received' | 'sent';
  /** The path the connection was opened on, such as `/stream` or `/ws/btcusdt@trade`. */
  path: string;
  message: unknown;
}

/** Any line after the header. */
export type RecordingEntry = RestRecord | WsApiRecord | UserDataRecord | StreamRecord;

/** A recording read back. */
export interface Recording {
  file: string;
  header: RecordingHeader;
  entries: RecordingEntry[];
}

/** Parameter names whose values are credentials or make a signature replayable; never recorded. */
export const SIGNING_PARAMS: ReadonlySet<string> = new Set(['signature', 'timestamp', 'apiKey']);

/** Keys whose values are credentials wherever they appear in an answer or event. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['apiKey', 'listenKey', 'signature', 'secretKey', 'token']);

/** What replaces a credential inside an answer, so the key and the value's type stay visible. */
export const REDACTED = '<redacted>';

/** Answer headers worth keeping: the usage counters and Retry-After. */
export function keptHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !(lower.startsWith('x-mbx-used-weight') || lower.startsWith('x-mbx-order-count') || lower === 'retry-after')) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** Request parameters without the signing ones; `signed` tells whether any were there. */
export function withoutSigningParams(params: Readonly<Record<string, unknown>>): { params: Record<string, unknown>; signed: boolean } {
  const kept: Record<string, unknown> = {};
  let signed = false;
  for (const [name, value] of Object.entries(params)) {
    if (SIGNING_PARAMS.has(name)) signed ||= name === 'signature';
    else kept[name] = value;
  }
  return { params: kept, signed };
}

/** A copy of an answer or event with every credential-named key's value replaced by REDACTED. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.has(key) ? REDACTED : redactSecrets(inner)]));
}

/**
 * Appends entries to a recording file as JSON lines. Every line is also scrubbed of each secret
 * string it was told about (the API keys seen on the wire), wherever it might hide: an error
 * message quoting a parameter, a path segment.
 */
export class RecordingWriter {
  readonly file: string;
  readonly #secrets = new Set<string>();

  constructor(file: string, header: Omit<RecordingHeader, 'kind' | 'format'>) {
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ kind: 'header', format: RECORDING_FORMAT, ...header })}\n`);
  }

  /** A string that must never reach the file (an API key); ignored when too short to be one. */
  addSecret(secret: string): void {
    if (secret.length >= 8) this.#secrets.add(secret);
  }

  /** Writes one entry, synchronously, so lines keep the order the traffic had. */
  write(entry: RecordingEntry): void {
    let line = JSON.stringify(entry);
    for (const secret of this.#secrets) line = line.replaceAll(secret, REDACTED);
    appendFileSync(this.file, `${line}\n`);
  }
}

/** Reads a recording; throws naming the file and line when a line is not JSON or the header is missing. */
export function readRecording(file: string): Recording {
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim().length > 0);
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line) as { kind?: unknown };
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
    }
  });
  const [header, ...entries] = parsed;
  if (header?.kind !== 'header' || (header as RecordingHeader).format !== RECORDING_FORMAT) {
    throw new Error(`${file}:1: the first line must be a header of format ${RECORDING_FORMAT}`);
  }
  for (const [i, entry] of entries.entries()) {
    if (!['rest', 'ws-api', 'user-data', 'stream'].includes(String(entry.kind))) throw new Error(`${file}:${i + 2}: unknown kind ${String(entry.kind)}`);
  }
  return { file, header: header as RecordingHeader, entries: entries as RecordingEntry[] };
}
