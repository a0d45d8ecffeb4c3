import type { Clock } from '../../core/clock.js';
import {
  AuthenticationError, ConnectionError, ExchangeError, ExchangeUnavailableError, NotConnectedError, RateLimitError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Order, OrderList, Position } from '../../core/models.js';
import type { ProtectionLost, UserDataEvent } from '../../core/stream/events.js';
import { callListener, logListenerError } from '../../core/stream/listener-guard.js';
import { isPermanentRefusal, mapBinanceError } from '../error-map.js';
import type { UnresolvedPlacement } from '../order-placement.js';
import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import { UserDataRecovery, type UserDataHost } from './user-data-recovery.js';
import { protectionLoss, protectionLossMessage } from './protection-loss.js';
import {
  parseAccountPosition, parseBalanceUpdate, parseExecutionReport, parseListStatus,
} from './stream-parsers.js';
import type {
  WireAccountPosition, WireBalanceUpdate, WireExecutionReport, WireWsApiResponse,
} from './stream-wire-types.js';
import type { WsApiCall, WsApiClient } from './ws-api-client.js';
import { signWsApiParams, type WsApiSigning } from './ws-api-handler.js';

/** Options of {@link UserDataStream}. */
export interface UserDataStreamOptions {
  client: WsApiClient;
  signing: WsApiSigning;
  host: UserDataHost;
  clock: Clock;
  logger: Logger;
  /** Told how many order updates each recovery rebuilt. */
  onRecovery?: (recovered: number) => void;
  /**
   * Re-subscriptions in a row that may fail with an error not known to pass (see
   * {@link isPassingFailure}) before the stream ends with a `failed` notice. @default 5
   */
  maxResubscribeFailures?: number | undefined;
  /** Waits before each further try of a recovery whose REST reads failed. @default [1000, 3000, 10000] */
  retryDelaysMs?: readonly number[] | undefined;
}

/**
 * Order and balance updates over the WebSocket API (`userDataStream.subscribe.signature`, or
 * `session.logon` + `userDataStream.subscribe` with an Ed25519 key), subscribed again on every
 * new connection. After each reconnect or terminated subscription, live events are held back
 * while open orders and the orders known to be open are read over REST; changes listeners missed
 * are delivered first as `recovered` updates, then the held events that are not older, then the
 * account's balances as one `recovered` position update. When the
 * exchange refuses to subscribe again for good (the key, its signature or its permissions), the
 * stream ends with a `refused` notice instead of retrying; failures known to pass (no answer, a
 * rate limit, an exchange outage, the clock offset) keep retrying; any other failure (-1000, a
 * code not in the table) is retried `maxResubscribeFailures` times in a row, then the stream ends
 * with a `failed` notice.
 */
export class UserDataStream {
  readonly #o: UserDataStreamOptions;
  readonly #listeners = new Set<(event: UserDataEvent) => void>();
  readonly #recovery: UserDataRecovery;
  #active = false;
  #subscriptionId: number | undefined;
  #buffer: UserDataEvent[] | undefined;
  #recovering: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #again = false;
  /** Re-subscriptions in a row that failed with an error not known to pass. */
  #unexpectedFailures = 0;
  /** Aborted by `close()`, so no retry wait outlives the stream. */
  readonly #closing = new AbortController();
  readonly #detach: (() => void)[] = [];
  readonly #listenerFailed: (error: unknown) => void;

  constructor(options: UserDataStreamOptions) {
    this.#o = options;
    this.#recovery = new UserDataRecovery({
      host: options.host, clock: options.clock, logger: options.logger, serverNow: options.signing.serverNow,
      retryDelaysMs: options.retryDelaysMs, active: () => this.#active, deliver: (event) => this.#deliver(event),
      closing: this.#closing.signal,
    });
    this.#listenerFailed = logListenerError(options.logger, { stream: 'user data' });
    const { client } = options;
    this.#detach.push(
      client.addOpenHook((call) => (this.#active ? this.#resubscribe(call) : Promise.resolve())),
      client.on('event', ({ event }) => this.#onEvent(event)),
      client.on('state', ({ to }) => {
        if (to === 'reconnecting' && this.#active) this.#buffer ??= [];
      }),
      client.on('ready', ({ reconnect }) => {
        if (reconnect && this.#active) this.#recover();
      }),
    );
  }

  /** Adds a listener; the first one subscribes. Resolves once events flow; returns the function that removes it. */
  async subscribe(listener: (event: UserDataEvent) => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    if (!this.#active) {
      // Listeners arriving together share one subscription request.
      this.#starting ??= this.#start().finally(() => {
        this.#starting = undefined;
      });
      try {
        await this.#starting;
      } catch (error) {
        this.#listeners.delete(listener);
        throw error;
      }
    }
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0 || !this.#active) return;
      this.#active = false;
      this.#buffer = undefined;
      const id = this.#subscriptionId;
      await this.#o.client.request('userDataStream.unsubscribe', id === undefined ? undefined : { subscriptionId: id })
        .catch((error: unknown) => this.#o.logger.warn({ err: (error as Error).message }, 'userDataStream.unsubscribe failed'));
    };
  }

  /** Recovery passes that have taken their snapshot of known orders; read before sending an order, for {@link track}. */
  get recoveryEpoch(): number {
    return this.#recovery.epoch;
  }

  /** Remembers an order placed or canceled through the connector (see `UserDataRecovery.track`). */
  track(order: Order, epochAtSend: number): void {
    this.#recovery.track(order, epochAtSend);
  }

  /** Remembers an order list placed or cancelled through the connector: its status, and each order whose state the answer carried. */
  trackList(list: OrderList, epochAtSend: number): void {
    this.#recovery.trackList(list, epochAtSend);
    for (const entry of list.orders) if (entry.order !== undefined) this.#recovery.track(entry.order, epochAtSend);
  }

  /** The order as last delivered to listeners, while subscribed (undefined otherwise: it may be stale). */
  lastDelivered(orderId: string): Order | undefined {
    return this.#active && this.#listeners.size > 0 ? this.#recovery.tracker.lastDelivered(orderId) : undefined;
  }

  /** Remembers a placement that ended unknown (see `UserDataRecovery.trackUnresolved`). */
  trackUnresolved(placement: UnresolvedPlacement, epochAtSend: number): void {
    this.#recovery.trackUnresolved(placement, epochAtSend);
  }

  /** Stops listening to the client. */
  close(): void {
    this.#closing.abort();
    for (const detach of this.#detach.splice(0)) detach();
    this.#listeners.clear();
    this.#active = false;
  }

  async #start(): Promise<void> {
    await this.#o.client.connect();
    await this.#subscribeWith((method, params) => this.#o.client.request(method, params));
    this.#active = true;
    await this.#seed();
  }

  /** Orders already open when the stream starts are the baseline a later recovery compares with, not news. */
  async #seed(): Promise<void> {
    try {
      for (const order of await this.#o.host.openOrders()) this.#recovery.tracker.baseline(order);
    } catch (error) {
      this.#o.logger.warn({ err: (error as Error).message }, 'could not read open orders when subscribing to user data');
    }
    try {
      for (const list of await this.#o.host.openOrderLists()) this.#recovery.listSeen(list);
    } catch (error) {
      this.#o.logger.warn({ err: (error as Error).message }, 'could not read open order lists when subscribing to user data');
    }
    // The assets held now: one that is sold to zero during a later gap must then be reported as zero.
    try {
      for (const position of await this.#o.host.positions()) this.#recovery.knownAssets.add(position.asset);
    } catch (error) {
      this.#o.logger.warn({ err: (error as Error).message }, 'could not read the account when subscribing to user data');
    }
  }

  /**
   * Subscribes again on a new connection. A permanent refusal ends the stream rather than failing
   * the connection, which order entry may share; any other failure replaces the connection after a backoff.
   */
  async #resubscribe(call: WsApiCall): Promise<void> {
    try {
      await this.#subscribeWith(call);
    } catch (error) {
      await this.#resyncAfter(error);
      if (!this.#endsStream(error)) throw error;
    }
  }

  /**
   * After a -1021 the clock offset is measured again before the next try, as the REST pipeline
   * does: waiting for the periodic sync would leave the stream down for minutes after the clock moved.
   */
  async #resyncAfter(error: unknown): Promise<void> {
    if (!isClockRefusal(error)) return;
    await this.#o.signing.resync?.().catch((cause: unknown) => {
      this.#o.logger.warn({ err: (cause as Error).message }, 'measuring the clock offset again after -1021 failed');
    });
  }

  /**
   * Whether a failed re-subscription ends the stream: at once for a permanent refusal, after
   * `maxResubscribeFailures` in a row for an error not known to pass. Ending it tells the listeners.
   */
  #endsStream(error: unknown): boolean {
    if (isPermanentRefusal(error)) {
      this.#end('refused', error);
      return true;
    }
    if (isPassingFailure(error)) return false;
    this.#unexpectedFailures += 1;
    const bound = this.#o.maxResubscribeFailures ?? 5;
    this.#o.logger.warn({ err: (error as Error).message, failures: this.#unexpectedFailures, bound }, 'user-data subscription failed unexpectedly');
    if (this.#unexpectedFailures < bound) return false;
    this.#end('failed', error instanceof ExchangeError ? error : new ExchangeError((error as Error).message, { exchange: 'binance', cause: error }));
    return true;
  }

  async #subscribeWith(call: WsApiCall): Promise<void> {
    const { signing } = this.#o;
    let response: WireWsApiResponse;
    if (signing.signer?.kind === 'ed25519') {
      // Ed25519 keys can log the session on; the subscription then needs no signature of its own.
      check(await call('session.logon', signWsApiParams({}, signing)), signing.serverNow());
      response = check(await call('userDataStream.subscribe'), signing.serverNow());
    } else {
      response = check(await call('userDataStream.subscribe.signature', signWsApiParams({}, signing)), signing.serverNow());
    }
    const id = (response.result as { subscriptionId?: unknown } | undefined)?.subscriptionId;
    this.#subscriptionId = typeof id === 'number' ? id : undefined;
    this.#unexpectedFailures = 0;
  }

  #onEvent(raw: unknown): void {
    if (!this.#active) return;
    const type = (raw as { e?: unknown }).e;
    try {
      switch (type) {
        case 'executionReport':
          this.#emit(parseExecutionReport(raw as WireExecutionReport));
          return;
        case 'listStatus':
          this.#emit(parseListStatus(raw));
          return;
        case 'outboundAccountPosition':
          this.#emit(parseAccountPosition(raw as WireAccountPosition));
          return;
        case 'balanceUpdate':
          this.#emit(parseBalanceUpdate(raw as WireBalanceUpdate));
          return;
        case 'eventStreamTerminated':
          this.#onTerminated((raw as { E?: unknown }).E);
          return;
        default:
          this.#o.logger.debug({ type }, 'user data event not handled');
      }
    } catch (error) {
      this.#o.logger.error({ type, err: (error as Error).message }, 'malformed user data event');
    }
  }

  /** The exchange ended the subscription: say so, subscribe again, then recover what was missed. */
  #onTerminated(eventTime: unknown): void {
    this.#deliver({ type: 'stream', status: 'terminated', reason: 'ended', eventTime: typeof eventTime === 'number' ? eventTime : this.#o.clock.now(), recoveredOrders: 0 });
    this.#buffer ??= [];
    this.#subscribeWith((method, params) => this.#o.client.request(method, params)).then(
      () => this.#recover(),
      async (error: unknown) => {
        await this.#resyncAfter(error);
        if (!this.#active || this.#endsStream(error)) return;
        this.#o.logger.warn({ err: (error as Error).message }, 'subscribing again after eventStreamTerminated failed; reconnecting');
        this.#o.client.reconnectNow('eventStreamTerminated');
      },
    );
  }

  /** The exchange will not let the stream go on: tell the listeners once, log it once, close the subscription. */
  #end(reason: 'refused', error: AuthenticationError): void;
  #end(reason: 'failed', error: ExchangeError): void;
  #end(reason: 'refused' | 'failed', error: ExchangeError): void {
    if (!this.#active) return;
    this.#active = false;
    this.#buffer = undefined;
    this.#subscriptionId = undefined;
    this.#unexpectedFailures = 0;
    this.#o.logger.error(
      { code: error.exchangeCode, err: error.message },
      reason === 'refused' ? 'the exchange refused the user-data subscription; order updates have stopped' : 'subscribing to user data kept failing; order updates have stopped',
    );
    // Cleared first, so a listener that subscribes again from the callback starts a new subscription.
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    const fields = { type: 'stream', status: 'terminated', eventTime: this.#o.clock.now(), recoveredOrders: 0 } as const;
    const notice: UserDataEvent = reason === 'refused' && error instanceof AuthenticationError
      ? { ...fields, reason, error }
      : { ...fields, reason: 'failed', error };
    this.#deliver(notice, listeners);
  }

  #emit(event: UserDataEvent): void {
    if (event.type === 'balance') {
      if (event.reason === 'delta') this.#recovery.knownAssets.add(event.asset);
      else for (const level of event.balances) this.#recovery.knownAssets.add(level.asset);
    }
    if (this.#buffer !== undefined) this.#buffer.push(event);
    else this.#deliver(event);
  }

  #deliver(event: UserDataEvent, listeners: Iterable<(event: UserDataEvent) => void> = this.#listeners): void {
    let notice: ProtectionLost | undefined;
    if (event.type === 'orderList') {
      // Nothing follows a list's end: a stream event after it repeats or precedes it.
      if (!event.recovered && this.#recovery.listEnded(event.orderList.orderListId)) return;
      this.#recovery.listSeen(event.orderList);
    }
    if (event.type === 'order') {
      if (!event.recovered && !this.#recovery.tracker.accept(event)) return;
      this.#recovery.resolved(event.order);
      const reason = protectionLoss(event);
      if (reason !== undefined) {
        event = { ...event, protectionLost: reason };
        notice = {
          type: 'protectionLost', reason, order: event.order, message: protectionLossMessage(event, reason), eventTime: event.eventTime, recovered: event.recovered,
        };
        this.#o.logger.warn({ orderId: event.order.orderId, symbol: event.order.symbol, reason }, notice.message);
      }
    }
    for (const listener of [...listeners]) callListener(listener, event, this.#listenerFailed);
    if (notice !== undefined) for (const listener of [...listeners]) callListener(listener, notice, this.#listenerFailed);
  }

  #recover(): void {
    this.#buffer ??= [];
    if (this.#recovering !== undefined) {
      this.#again = true;
      return;
    }
    this.#recovering = this.#runRecovery().finally(() => {
      this.#recovering = undefined;
    });
  }

  async #runRecovery(): Promise<void> {
    let recovered = 0;
    let complete = true;
    let positions: Position[] | undefined;
    do {
      this.#again = false;
      const pass = await this.#recovery.reconcileWithRetries();
      recovered += pass.count;
      // A later pass compares the whole state again, so it alone says whether the gap is closed.
      complete = pass.complete;
      positions = pass.positions ?? positions;
    } while (this.#again && this.#active);
    const held = this.#buffer ?? [];
    this.#buffer = undefined;
    if (!this.#active) return;
    for (const event of held) this.#deliver(event);
    // After the held events, which the read already includes: the newest known state comes last.
    if (positions !== undefined) this.#deliver(this.#recovery.balancesOf(positions));
    this.#o.onRecovery?.(recovered);
    this.#deliver({ type: 'stream', status: 'resubscribed', eventTime: this.#o.clock.now(), recoveredOrders: recovered, complete });
  }
}

/** The response when it succeeded; else its error from the table, with `retryAfter` (epoch ms) as `retryAfterMs`. */
function check(response: WireWsApiResponse, now: number): WireWsApiResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const retryAfter = response.error?.data?.retryAfter;
  throw mapBinanceError({
    code: response.error?.code,
    message: response.error?.msg ?? `WebSocket API status ${response.status}`,
    httpStatus: response.status,
    retryAfterMs: typeof retryAfter === 'number' ? Math.max(0, retryAfter - now) : undefined,
  });
}

/**
 * Failures that pass by themselves and are retried without bound: no answer (the connection),
 * a rate limit (after its `retryAfter`), an exchange outage (5xx, -1001, -1006, -1007, -1008,
 * -1016) and -1021 (the clock offset is measured again before the next try).
 */
export function isPassingFailure(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof NotConnectedError) return true;
  if (error instanceof RateLimitError || error instanceof ExchangeUnavailableError) return true;
  return isClockRefusal(error);
}

/** Binance's -1021: the request's timestamp is outside the recvWindow of the exchange's clock. */
function isClockRefusal(error: unknown): boolean {
  return error instanceof ExchangeError && error.exchangeCode === BinanceErrorCode.INVALID_TIMESTAMP;
}
