import { ConnectionError, NotConnectedError } from '../../core/errors.js';
import { ReconnectingSocket } from '../../core/stream/reconnecting-socket.js';
import type { SocketMetrics, SocketSender, SocketState } from '../../core/stream/socket-types.js';
import { TypedEvents, type Listener } from '../../core/stream/typed-events.js';
import type { ParamValue } from '../../spec/binance/signature.js';
import { PendingRequests } from './pending-requests.js';
import { socketTiming, type StreamContext } from './stream-options.js';
import type { WireWsApiResponse } from './stream-wire-types.js';
import { jsonObjectOf } from './json-message.js';
import { connectWithin } from './connect-within.js';

/** Sends one request and resolves with its response frame, whatever its status. */
export type WsApiCall = (method: string, params?: Readonly<Record<string, ParamValue>>) => Promise<WireWsApiResponse>;

/** Events of a {@link WsApiClient}. */
export interface WsApiClientEvents {
  /** A user-data event: `{"subscriptionId":N,"event":{...}}`. */
  event: { subscriptionId: number; event: unknown };
  /** A connection became ready; `reconnect` is false for the first one. */
  ready: { reconnect: boolean };
  state: { from: SocketState; to: SocketState };
}

/** Options of {@link WsApiClient}. */
export interface WsApiClientOptions extends StreamContext {
  /** Full WebSocket API URL, ending in `/ws-api/v3`. */
  url: string;
}

/**
 * One WebSocket API connection: requests matched to responses by id, each with a timeout,
 * user-data events handed to listeners, and set-up hooks (log on, subscribe) replayed on every
 * new connection before it serves requests. A request whose connection closes or times out
 * rejects with a ConnectionError: it may have been executed, which callers placing orders treat
 * as an unknown status.
 */
export class WsApiClient {
  readonly #options: WsApiClientOptions;
  readonly #socket: ReconnectingSocket;
  readonly #pending: PendingRequests<WireWsApiResponse>;
  readonly #events = new TypedEvents<WsApiClientEvents>();
  readonly #hooks: ((call: WsApiCall) => Promise<void>)[] = [];
  /** Ids of set-up requests, whose answers also pass through the message event after a drop. */
  readonly #setupIds = new Set<number>();
  #nextId = 1;

  constructor(options: WsApiClientOptions) {
    this.#options = options;
    this.#pending = new PendingRequests(options.clock, options.requestTimeoutMs ?? 10_000);
    this.#socket = new ReconnectingSocket({
      url: options.url,
      onOpen: (sender) => this.#onOpen(sender),
      clock: options.clock,
      random: options.random,
      ...socketTiming(options),
    });
    this.#socket.on('message', (text) => this.#onMessage(text));
    this.#socket.on('error', (error) => options.logger.warn({ err: error.message }, 'WebSocket API connection error'));
    this.#socket.on('open', ({ reconnect }) => {
      // Answers to requests sent on the replaced connection can no longer arrive.
      if (reconnect) this.#pending.rejectAll(new ConnectionError('The WebSocket API connection was replaced before the answer', { exchange: 'binance' }));
      this.#events.emit('ready', { reconnect });
    });
    this.#socket.onStateChange((change) => {
      if (change.to === 'reconnecting' || change.to === 'closed') {
        this.#pending.rejectAll(new ConnectionError('The WebSocket API connection closed before the answer', { exchange: 'binance' }));
      }
      this.#events.emit('state', change);
    });
  }

  /** State of the connection. */
  get state(): SocketState {
    return this.#socket.state;
  }

  /** Connection counters. */
  get metrics(): SocketMetrics {
    return this.#socket.metrics;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof WsApiClientEvents>(event: K, listener: Listener<WsApiClientEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Runs `hook` on every new connection before it serves requests (for example to subscribe to user data). */
  addOpenHook(hook: (call: WsApiCall) => Promise<void>): () => void {
    this.#hooks.push(hook);
    return () => {
      const index = this.#hooks.indexOf(hook);
      if (index !== -1) this.#hooks.splice(index, 1);
    };
  }

  /** Connects; resolves once a connection is ready, rejects with ConnectionError after the request timeout. */
  connect(): Promise<void> {
    return connectWithin(() => this.#socket.connect(), this.#options.requestTimeoutMs ?? 10_000, this.#options.clock, 'The WebSocket API');
  }

  /**
   * Sends a request on the ready connection (waiting up to the request timeout for one) and
   * resolves with the response frame of any status; rejects with a ConnectionError when no answer came.
   */
  async request(method: string, params?: Readonly<Record<string, ParamValue>>): Promise<WireWsApiResponse> {
    if (this.#socket.state !== 'open') await this.#waitReady();
    const id = this.#nextId++;
    const answer = this.#pending.wait(id, method);
    try {
      await this.#socket.send(frame(id, method, params));
    } catch (error) {
      this.#pending.cancel(id);
      throw error;
    }
    return answer;
  }

  /** Replaces the connection now (a `serverShutdown`, a terminated subscription). */
  reconnectNow(reason: string): void {
    this.#socket.reconnectNow(reason);
  }

  /** Closes the connection and clears every timer. */
  async close(): Promise<void> {
    this.#pending.rejectAll(new NotConnectedError('The WebSocket API connection was closed', { exchange: 'binance' }));
    await this.#socket.close();
    this.#events.clear();
  }

  async #waitReady(): Promise<void> {
    if (this.#socket.state === 'closed') throw new NotConnectedError('The WebSocket API connection was closed', { exchange: 'binance' });
    // Nothing has been sent yet, so this is NotConnectedError: a placement waiting here is not reconciled.
    await connectWithin(() => this.#socket.connect(), this.#options.requestTimeoutMs ?? 10_000, this.#options.clock, 'The WebSocket API',
      (message) => new NotConnectedError(message, { exchange: 'binance' }));
  }

  /** Runs the set-up hooks on a new connection, with requests answered on that connection only. */
  async #onOpen(sender: SocketSender): Promise<void> {
    if (this.#hooks.length === 0) return;
    const pending = new PendingRequests<WireWsApiResponse>(this.#options.clock, this.#options.requestTimeoutMs ?? 10_000);
    const closedDuringSetUp = (): Error => new ConnectionError('The connection closed during set-up', { exchange: 'binance' });
    // An answer cannot come on a closed connection: the set-up fails then, not at its request timeout.
    const unwatch = pending.rejectAllOn(sender.closed, closedDuringSetUp);
    const stop = sender.onMessage((text) => {
      const response = parseResponse(text);
      if (response !== undefined && response.id !== null) pending.resolve(response.id, response);
    });
    const call: WsApiCall = async (method, params) => {
      const id = this.#nextId++;
      this.#setupIds.add(id);
      const answer = pending.wait(id, method);
      await sender.send(frame(id, method, params));
      return answer;
    };
    try {
      for (const hook of [...this.#hooks]) await hook(call);
    } finally {
      stop();
      unwatch();
      pending.rejectAll(closedDuringSetUp());
      this.#setupIds.clear();
    }
  }

  #onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#options.logger.warn('WebSocket API sent a message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { subscriptionId?: unknown; event?: unknown; e?: unknown; id?: unknown };
    if (typeof m.subscriptionId === 'number' && typeof m.event === 'object' && m.event !== null) {
      this.#events.emit('event', { subscriptionId: m.subscriptionId, event: m.event });
      return;
    }
    if (m.e === 'serverShutdown' || (m.event as { e?: unknown } | undefined)?.e === 'serverShutdown') {
      this.#options.logger.info('serverShutdown announced on the WebSocket API; moving to a new connection');
      this.#socket.reconnectNow('serverShutdown');
      return;
    }
    const response = parseResponse(message);
    if (response === undefined || (typeof response.id === 'number' && this.#setupIds.has(response.id))) return;
    if (response.id === null || !this.#pending.resolve(response.id, response)) {
      // An answer nobody waits for: a late one after a timeout, or a session-wide error (-2015 with id null).
      this.#options.logger.warn({ id: response.id, status: response.status, code: response.error?.code }, 'unmatched WebSocket API response');
    }
  }
}

function frame(id: number, method: string, params?: Readonly<Record<string, ParamValue>>): string {
  return JSON.stringify(params === undefined ? { id, method } : { id, method, params });
}

function parseResponse(value: unknown): WireWsApiResponse | undefined {
  const message = jsonObjectOf(value);
  if (message === undefined) return undefined;
  const m = message as Partial<WireWsApiResponse>;
  if (typeof m.status !== 'number' || !('id' in m)) return undefined;
  return m as WireWsApiResponse;
}
