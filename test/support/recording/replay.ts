import { createHmac } from 'node:crypto';
import { WebSocket } from 'ws';
import { SPOT_SYMBOLS, startSimulator, type SimulatorHandle, type SymbolSpec } from '../../../src/simulator/index.js';
import { encodeParams, restSigningPayload, wsApiSignaturePayload, type ParamValue } from '../../../src/spec/binance/signature.js';
import type { Recording, RecordingEntry } from './recording-format.js';
import { EXECUTION_REPORT_RULES, shapeDifferences, STRICT_RULES, type ShapeDifference } from './shape-diff.js';

/*
 * Replays a recording's requests against a fresh simulator, in order, and compares each answer's
 * shape with the recorded one. Requests are re-signed with the simulator's account; ids the
 * recording's answers gave (orderId, orderListId) are swapped for the ones the simulator gave, so a
 * later cancel or query finds the order it meant. A recording with user-data events also has the
 * events the simulator sends meanwhile compared with them, type by type.
 */

/** What one replayed request got, against what the recording holds. */
export interface ReplayOutcome {
  /** Line of the recording (the header is line 1). */
  line: number;
  /** `METHOD /path` for REST, the method name for the WebSocket API, `event <type>` for user-data events. */
  endpoint: string;
  differences: ShapeDifference[];
}

/** Request parameters that carry an id an earlier answer gave, and the answer key it came from. */
const ID_PARAMS: Readonly<Record<string, string>> = { orderId: 'orderId', cancelOrderId: 'orderId', orderListId: 'orderListId' };

/** The last price per symbol the recording's requests were made around: the header's, else the first ticker answer's. */
export function referencePrices(recording: Recording): Record<string, string> {
  const prices: Record<string, string> = { ...recording.header.referencePrices };
  for (const entry of recording.entries) {
    const body = entry.kind === 'rest' && entry.path.startsWith('/api/v3/ticker') ? entry.body
      : entry.kind === 'ws-api' && entry.request.method.startsWith('ticker') ? entry.response.result : undefined;
    for (const ticker of Array.isArray(body) ? body : [body]) {
      const { symbol, lastPrice, price } = (ticker ?? {}) as { symbol?: unknown; lastPrice?: unknown; price?: unknown };
      const last = lastPrice ?? price;
      if (typeof symbol === 'string' && typeof last === 'string' && prices[symbol] === undefined) prices[symbol] = last;
    }
  }
  return prices;
}

/** The simulator's symbols, each recorded one centred on its reference price. */
function symbolsAround(prices: Readonly<Record<string, string>>): SymbolSpec[] {
  return SPOT_SYMBOLS.map((spec) => (prices[spec.symbol] === undefined ? spec : { ...spec, basePrice: Number(prices[spec.symbol]) }));
}

/** Learns the simulator's ids for the recorded ones, walking both answers side by side. */
function learnIds(recorded: unknown, simulated: unknown, ids: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(simulated)) {
    recorded.forEach((element, i) => learnIds(element, simulated[i], ids));
    return;
  }
  if (typeof recorded !== 'object' || recorded === null || typeof simulated !== 'object' || simulated === null) return;
  const sim = simulated as Record<string, unknown>;
  for (const [key, value] of Object.entries(recorded)) {
    if ((key === 'orderId' || key === 'orderListId') && typeof value === 'number' && typeof sim[key] === 'number' && value !== -1) {
      ids.set(`${key}:${value}`, String(sim[key]));
    } else {
      learnIds(value, sim[key], ids);
    }
  }
}

function translate(params: Readonly<Record<string, unknown>>, ids: ReadonlyMap<string, string>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(params)) {
    const idKey = ID_PARAMS[name];
    const known = idKey === undefined ? undefined : ids.get(`${idKey}:${String(value)}`);
    out[name] = known ?? (value as ParamValue);
  }
  return out;
}

/** Status, then error code, then the shape of a successful answer. */
function compareAnswers(recorded: { status: number; body: unknown }, simulated: { status: number; body: unknown }): ShapeDifference[] {
  if (recorded.status !== simulated.status) {
    return [{ path: '$', problem: `status ${simulated.status} ${String(JSON.stringify(simulated.body)).slice(0, 160)}, expected ${recorded.status}` }];
  }
  if (recorded.status >= 400) {
    const code = (answer: unknown): unknown => (answer as { code?: unknown } | null)?.code;
    return code(recorded.body) === code(simulated.body) ? [] : [{ path: '$.code', problem: `is ${String(code(simulated.body))}, expected ${String(code(recorded.body))}` }];
  }
  return shapeDifferences(recorded.body, simulated.body);
}

/** A WebSocket API connection that sends one request at a time and returns its answer, and keeps the user-data events it gets. */
class ApiConnection {
  /** User-data events received, in order (the payload under `event`). */
  readonly events: Array<Record<string, unknown>> = [];
  readonly #socket: WebSocket;
  readonly #waiting = new Map<string, (answer: Record<string, unknown>) => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => {
      const answer = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (answer.id === undefined && typeof answer.event === 'object' && answer.event !== null) this.events.push(answer.event as Record<string, unknown>);
      const resolve = this.#waiting.get(JSON.stringify(answer.id));
      this.#waiting.delete(JSON.stringify(answer.id));
      resolve?.(answer);
    });
  }

  static open(url: string): Promise<ApiConnection> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ApiConnection(socket)));
      socket.once('error', reject);
    });
  }

  request(id: string, method: string, params: Record<string, ParamValue>): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.#waiting.set(JSON.stringify(id), resolve);
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.#socket.close();
  }
}

/** The simulator's demo account: its key, and an HMAC signer with its secret. */
interface Account {
  apiKey: string;
  sign: (payload: string) => string;
}

/** Signs WebSocket API params in place with the account's key and a fresh timestamp. */
function signApiParams(params: Record<string, ParamValue>, { apiKey, sign }: Account): Record<string, ParamValue> {
  Object.assign(params, { apiKey, timestamp: Date.now() });
  params.signature = sign(wsApiSignaturePayload(params));
  return params;
}

/** Replays one entry; undefined for entries that are not requests (events, stream messages). */
async function replayEntry(
  entry: RecordingEntry, sim: SimulatorHandle, account: Account, api: () => Promise<ApiConnection>, ids: Map<string, string>, line: number,
): Promise<ReplayOutcome | undefined> {
  const { apiKey, sign } = account;
  if (entry.kind === 'rest') {
    const params = Object.entries(translate(entry.params, ids));
    if (entry.signed) params.push(['timestamp', Date.now()]);
    const encoded = encodeParams(params);
    const [query, body] = entry.method === 'GET' ? [encoded, ''] : ['', encoded];
    const signature = entry.signed ? `${encoded.length > 0 ? '&' : ''}signature=${sign(restSigningPayload(query, body))}` : '';
    const response = await fetch(`${sim.restUrl}${entry.path}${entry.method === 'GET' ? `?${query}${signature}` : ''}`, {
      method: entry.method,
      headers: { 'x-mbx-apikey': apiKey, ...(entry.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(entry.method === 'GET' ? {} : { body: `${body}${signature}` }),
    });
    const text = await response.text();
    const simulated = { status: response.status, body: text.length === 0 ? undefined : JSON.parse(text) as unknown };
    if (simulated.status < 400) learnIds(entry.body, simulated.body, ids);
    return { line, endpoint: `${entry.method} ${entry.path}`, differences: compareAnswers(entry, simulated) };
  }
  if (entry.kind === 'ws-api') {
    const params = translate(entry.request.params, ids);
    if (entry.request.signed) signApiParams(params, account);
    const answer = await (await api()).request(`replay-${line}`, entry.request.method, params);
    const recordedBody = entry.response.status >= 400 ? entry.response.error : entry.response.result;
    const simulatedBody = typeof answer.status === 'number' && answer.status >= 400 ? answer.error : answer.result;
    if (answer.status === 200) learnIds(entry.response.result, answer.result, ids);
    return {
      line, endpoint: entry.request.method,
      differences: compareAnswers({ status: entry.response.status, body: recordedBody }, { status: Number(answer.status), body: simulatedBody }),
    };
  }
  return undefined;
}

/**
 * Each recorded event type against the simulator's events of that type: every simulated event
 * must have the shape of the most alike recorded one, and a type the simulator never sent is a
 * difference.
 */
function compareEvents(recording: Recording, received: ReadonlyArray<Record<string, unknown>>): ReplayOutcome[] {
  const byType = new Map<string, { line: number; events: unknown[] }>();
  for (const [i, entry] of recording.entries.entries()) {
    if (entry.kind !== 'user-data') continue;
    const type = String(entry.event.e);
    const group = byType.get(type) ?? { line: i + 2, events: [] };
    group.events.push(entry.event);
    byType.set(type, group);
  }
  return [...byType].map(([type, { line, events }]) => {
    const simulated = received.filter((event) => event.e === type);
    const rules = type === 'executionReport' ? EXECUTION_REPORT_RULES : STRICT_RULES;
    return {
      line, endpoint: `event ${type}`,
      differences: simulated.length === 0 ? [{ path: '$', problem: `no ${type} event was sent` }] : shapeDifferences(events, simulated, rules),
    };
  });
}

/**
 * Replays every request of a recording against a fresh simulator, in order; one outcome per
 * request, then one per recorded user-data event type.
 */
export async function replayOnSimulator(recording: Recording): Promise<ReplayOutcome[]> {
  const sim = await startSimulator({ port: 0, symbols: symbolsAround(referencePrices(recording)) });
  const { apiKey, apiSecret } = sim.accounts[0]!;
  const account: Account = { apiKey, sign: (payload) => createHmac('sha256', apiSecret).update(payload).digest('hex') };
  let connection: Promise<ApiConnection> | undefined;
  const api = (): Promise<ApiConnection> => (connection ??= ApiConnection.open(sim.wsApiUrl));
  const ids = new Map<string, string>();
  const outcomes: ReplayOutcome[] = [];
  const hasEvents = recording.entries.some((entry) => entry.kind === 'user-data');
  // A live recording holds the connector's own subscription; a recording of events alone needs one.
  const subscribes = recording.entries.some((entry) => entry.kind === 'ws-api' && entry.request.method.startsWith('userDataStream.subscribe'));
  try {
    if (hasEvents && !subscribes) await (await api()).request('replay-subscribe', 'userDataStream.subscribe.signature', signApiParams({}, account));
    for (const [i, entry] of recording.entries.entries()) {
      const outcome = await replayEntry(entry, sim, account, api, ids, i + 2);
      if (outcome !== undefined) outcomes.push(outcome);
    }
    if (hasEvents) {
      // Events of earlier requests are sent before this answer on the same connection.
      const connected = await api();
      await connected.request('replay-flush', 'ping', {});
      outcomes.push(...compareEvents(recording, connected.events));
    }
  } finally {
    if (connection !== undefined) (await connection).close();
    await sim.close();
  }
  return outcomes;
}
