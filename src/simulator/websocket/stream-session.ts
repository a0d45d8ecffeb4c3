import { SERVER_SHUTDOWN_STREAM } from './stream-names.js';
import type { StreamHub } from './stream-hub.js';
import type { WsConnection } from './ws-connection.js';

/**
 * One market stream connection: its subscriptions, the `combined` property, and Binance's
 * control messages (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY) with
 * their replies and error codes 0-3.
 */

/** Binance's limit of streams on one connection. */
export const MAX_STREAMS_PER_CONNECTION = 1024;

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
const ID_STRING = /^[A-Za-z0-9_-]{1,36}$/;

type RequestId = number | string | null;

/** A control message refused, with Binance's code (0-3) and text. */
class ControlError extends Error {
  constructor(readonly code: number, message: string, readonly id: RequestId) {
    super(message);
  }
}

function invalid(message: string, id: RequestId = null): ControlError {
  return new ControlError(2, `Invalid request: ${message}`, id);
}

/** Binance reports JSON errors as serde does: a line and column. */
function jsonError(text: string, error: unknown): ControlError {
  const position = /position (\d+)/.exec(String(error))?.[1];
  const atEnd = String(error).includes('end of JSON input');
  const offset = position !== undefined ? Number(position) : atEnd ? text.length : 0;
  const before = text.slice(0, offset).split('\n');
  return new ControlError(3, `Invalid JSON: expected value at line ${before.length} column ${before[before.length - 1]!.length + 1}`, null);
}

function requestId(message: Record<string, unknown>): RequestId {
  const id = message.id;
  if (id === null) return null;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  if (typeof id === 'string' && ID_STRING.test(id)) return id;
  throw invalid('request ID must be an unsigned integer');
}

/** The state and control protocol of one market stream connection. */
export class StreamSession {
  private readonly streams = new Map<string, () => void>();

  /** Opens the session with the streams of the URL already subscribed. */
  constructor(
    private readonly connection: WsConnection,
    private readonly hub: StreamHub,
    private combined: boolean,
    initial: readonly string[],
    /** `timeUnit=MICROSECOND` in the connection's URL. */
    private readonly microseconds = false,
  ) {
    for (const stream of initial) this.add(stream);
  }

  /** Answers one text frame. */
  handle(text: string): void {
    let reply: Record<string, unknown>;
    try {
      const { id, result } = this.execute(text);
      reply = { result, id };
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      reply = { error: { code: error.code, msg: error.message }, id: error.id };
    }
    this.connection.send(JSON.stringify(reply));
  }

  /** Sends Binance's `serverShutdown` event in this connection's format. */
  announceShutdown(now: number): void {
    const event = { e: 'serverShutdown', E: now };
    this.connection.send(JSON.stringify(this.combined ? { stream: SERVER_SHUTDOWN_STREAM, data: event } : event));
  }

  /** Drops every subscription (the connection ended). */
  dispose(): void {
    for (const unsubscribe of this.streams.values()) unsubscribe();
    this.streams.clear();
  }

  private add(stream: string): void {
    if (this.streams.has(stream)) return;
    this.streams.set(stream, this.hub.subscribe(stream, (name, json) => {
      this.connection.send(this.combined ? `{"stream":${JSON.stringify(name)},"data":${json}}` : json);
    }, this.microseconds));
  }

  private execute(text: string): { id: RequestId; result: unknown } {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      throw jsonError(text, error);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) throw invalid('expected a JSON object');
    const fields = message as Record<string, unknown>;
    if (!('method' in fields)) throw invalid(`missing field \`method\` at line 1 column ${text.length}`);
    const method = fields.method;
    if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
      const shown = JSON.stringify(method);
      throw invalid(`unknown variant ${shown}, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')} at line 1 column ${text.indexOf(shown) + shown.length}`);
    }
    if (!('id' in fields)) throw invalid('request ID must be an unsigned integer');
    const id = requestId(fields);
    const params = fields.params;
    switch (method as (typeof METHODS)[number]) {
      case 'SUBSCRIBE': return { id, result: this.subscribe(this.streamParams(params, id), id) };
      case 'UNSUBSCRIBE':
        for (const stream of this.streamParams(params, id)) {
          this.streams.get(stream)?.();
          this.streams.delete(stream);
        }
        return { id, result: null };
      case 'LIST_SUBSCRIPTIONS': return { id, result: [...this.streams.keys()] };
      case 'SET_PROPERTY': {
        const value = this.property(params, id, 2);
        if (typeof value !== 'boolean') throw new ControlError(1, 'Invalid value type: expected Boolean', id);
        this.combined = value;
        return { id, result: null };
      }
      case 'GET_PROPERTY':
        this.property(params, id, 1);
        return { id, result: this.combined };
    }
  }

  private subscribe(streams: readonly string[], id: RequestId): null {
    const added = streams.filter((s) => !this.streams.has(s));
    if (this.streams.size + new Set(added).size > MAX_STREAMS_PER_CONNECTION) {
      throw invalid(`too many streams; at most ${MAX_STREAMS_PER_CONNECTION} per connection`, id);
    }
    for (const stream of added) this.add(stream);
    return null;
  }

  private streamParams(params: unknown, id: RequestId): string[] {
    if (!Array.isArray(params) || !params.every((p): p is string => typeof p === 'string')) {
      throw invalid('params must be an array of stream names', id);
    }
    return params;
  }

  /** Checks `["combined", value?]`; returns the value. */
  private property(params: unknown, id: RequestId, arity: number): unknown {
    if (!Array.isArray(params) || typeof params[0] !== 'string') throw invalid('property name must be a string', id);
    if (params.length > arity) throw invalid('too many parameters', id);
    if (params[0] !== 'combined') throw new ControlError(0, 'Unknown property', id);
    return params[1];
  }
}
