import { delay, type Clock } from '../../core/clock.js';
import {
  AuthenticationError, ConnectionError, ExchangeError, ExchangeUnavailableError, NotConnectedError, OrderNotFoundError, RateLimitError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ZERO } from '../../core/decimal.js';
import type { Order, Position } from '../../core/models.js';
import type { BalanceLevel, UserDataEvent } from '../../core/stream-events.js';
import { callListener, logListenerError } from '../../core/stream/listener-guard.js';
import { isPermanentRefusal, mapBinanceError } from '../error-map.js';
import { isThisPlacement, type UnresolvedPlacement } from '../order-placement.js';
import { BinanceErrorCode } from '../../spec/binance/error-codes.js';
import { missedUpdates, OrderTracker } from './order-tracker.js';
import {
  parseAccountPosition, parseBalanceUpdate, parseExecutionReport,
} from './stream-parsers.js';
import type {
  WireAccountPosition, WireBalanceUpdate, WireExecutionReport, WireWsApiResponse,
} from './stream-wire-types.js';
import type { WsApiCall, WsApiClient } from './ws-api-client.js';
import { signWsApiParams, type WsApiSigning } from './ws-api-handler.js';

/** REST reads a recovery needs. */
export interface UserDataHost {
  /** Open orders of every symbol. */
  openOrders(): Promise<Order[]>;
  getOrder(orderId: string, symbol: string): Promise<Order>;
  getOrderByClientId(clientOrderId: string, symbol: string): Promise<Order>;
  /** The account's non-zero balances. */
  positions(): Promise<Position[]>;
}

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
 * How long a placement that ended unknown is looked up while the exchange does not know it: long
 * past any `recvWindow`, after which a request still in flight would be refused.
 */
const UNRESOLVED_KEPT_MS = 10 * 60_000;
/** Placements that ended unknown looked up at most, beyond which the oldest are forgotten. */
const MAX_UNRESOLVED = 100;

/** One comparison of the exchange's state with what listeners saw. */
interface ReconcilePass {
  /** Updates delivered. */
  count: number;
  /** Whether every read answered. */
  complete: boolean;
  /** The account's balances, when that read answered. */
  positions: Position[] | undefined;
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
  readonly #tracker = new OrderTracker();
  /** Placements that ended unknown and whose order no event or read has shown yet, by client order id. */
  readonly #unresolved = new Map<string, UnresolvedPlacement>();
  #active = false;
  #subscriptionId: number | undefined;
  #buffer: UserDataEvent[] | undefined;
  #recovery: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #again = false;
  /** Recovery passes that have taken their snapshot of known orders. */
  #epoch = 0;
  /** Re-subscriptions in a row that failed with an error not known to pass. */
  #unexpectedFailures = 0;
  /** Assets listeners may hold a balance of: read when subscribing or recovering, or seen on the stream. */
  readonly #knownAssets = new Set<string>();
  /** Aborted by `close()`, so no retry wait outlives the stream. */
  readonly #closing = new AbortController();
  readonly #detach: (() => void)[] = [];
  readonly #listenerFailed: (error: unknown) => void;

  constructor(options: UserDataStreamOptions) {
    this.#o = options;
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
    return this.#epoch;
  }

  /**
   * Remembers an order placed or canceled through the connector, so a recovery checks it even if
   * no event about it arrived. `epochAtSend` is {@link recoveryEpoch} before the request was sent:
   * when a recovery has taken its snapshot since, it could not check this order, so the changes
   * listeners missed are reported now, as that recovery would have.
   */
  track(order: Order, epochAtSend: number): void {
    if (epochAtSend === this.#epoch || !this.#active) this.#tracker.known(order);
    else this.#report(order);
  }

  /**
   * Remembers a placement that ended unknown (its answer lost, its order not found), so that the
   * next recovery looks it up by client order id, as it looks up known orders by id, until an
   * event or a read shows it or the exchange can no longer have it. When a recovery has taken its
   * snapshot since sending, it is looked up now, as that recovery would have.
   */
  trackUnresolved(placement: UnresolvedPlacement, epochAtSend: number): void {
    if (!this.#active) return;
    const oldest = this.#unresolved.keys().next();
    if (this.#unresolved.size >= MAX_UNRESOLVED && oldest.done !== true) this.#unresolved.delete(oldest.value);
    this.#unresolved.set(placement.intent.clientOrderId, placement);
    if (epochAtSend !== this.#epoch) void this.#lookUp(placement);
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
      for (const order of await this.#o.host.openOrders()) this.#tracker.baseline(order);
    } catch (error) {
      this.#o.logger.warn({ err: (error as Error).message }, 'could not read open orders when subscribing to user data');
    }
    // The assets held now: one that is sold to zero during a later gap must then be reported as zero.
    try {
      for (const position of await this.#o.host.positions()) this.#knownAssets.add(position.asset);
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
      if (!this.#endsStream(error)) throw error;
    }
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
      (error: unknown) => {
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
      if (event.reason === 'delta') this.#knownAssets.add(event.asset);
      else for (const level of event.balances) this.#knownAssets.add(level.asset);
    }
    if (this.#buffer !== undefined) this.#buffer.push(event);
    else this.#deliver(event);
  }

  #deliver(event: UserDataEvent, listeners: Iterable<(event: UserDataEvent) => void> = this.#listeners): void {
    if (event.type === 'order') {
      if (!event.recovered && !this.#tracker.accept(event)) return;
      this.#resolved(event.order);
    }
    for (const listener of [...listeners]) callListener(listener, event, this.#listenerFailed);
  }

  #recover(): void {
    this.#buffer ??= [];
    if (this.#recovery !== undefined) {
      this.#again = true;
      return;
    }
    this.#recovery = this.#runRecovery().finally(() => {
      this.#recovery = undefined;
    });
  }

  async #runRecovery(): Promise<void> {
    let recovered = 0;
    let complete = true;
    let positions: Position[] | undefined;
    do {
      this.#again = false;
      const pass = await this.#reconcileWithRetries();
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
    if (positions !== undefined) this.#deliver(this.#balancesOf(positions));
    this.#o.onRecovery?.(recovered);
    this.#deliver({ type: 'stream', status: 'resubscribed', eventTime: this.#o.clock.now(), recoveredOrders: recovered, complete });
  }

  /**
   * Reconciles, and again after each wait while a read failed: a pass reports only what is still
   * missing, so repeating it delivers nothing twice.
   */
  async #reconcileWithRetries(): Promise<ReconcilePass> {
    const waits = this.#o.retryDelaysMs ?? [1_000, 3_000, 10_000];
    let count = 0;
    let positions: Position[] | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const pass = await this.#reconcile();
      count += pass.count;
      positions = pass.positions ?? positions;
      if (pass.complete) return { count, complete: true, positions };
      const wait = waits[attempt];
      if (wait === undefined || !this.#active) {
        this.#o.logger.error({ attempts: attempt + 1 }, 'user-data recovery after reconnect failed; updates may be missing');
        return { count, complete: false, positions };
      }
      this.#o.logger.warn({ attempt: attempt + 1, waitMs: wait }, 'user-data recovery read failed; trying again');
      await delay(wait, this.#o.clock, this.#closing.signal).catch(() => undefined);
      if (!this.#active) return { count, complete: false, positions };
    }
  }

  /** Compares the exchange's orders with what listeners saw; delivers the difference. */
  async #reconcile(): Promise<ReconcilePass> {
    const { host, logger } = this.#o;
    const known = this.#tracker.openOrders();
    this.#epoch += 1;
    let count = 0;
    let complete = true;
    const report = (order: Order): void => {
      count += this.#report(order);
    };
    let positions: Position[] | undefined;
    try {
      positions = await host.positions();
    } catch (error) {
      complete = false;
      logger.warn({ err: (error as Error).message }, 'could not read the account during recovery');
    }
    let open: Order[];
    try {
      open = await host.openOrders();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'could not read open orders during recovery');
      return { count, complete: false, positions };
    }
    const seen = new Set(open.map((order) => order.orderId));
    for (const order of open) report(order);
    for (const { orderId, symbol } of known) {
      if (seen.has(orderId)) continue;
      try {
        report(await host.getOrder(orderId, symbol));
      } catch (error) {
        // An order the exchange does not know has nothing to report; any other failure leaves a gap.
        if (!(error instanceof OrderNotFoundError)) complete = false;
        logger.warn({ orderId, symbol, err: (error as Error).message }, 'could not read an order during recovery');
      }
    }
    for (const placement of [...this.#unresolved.values()]) {
      const { found, read } = await this.#lookUp(placement);
      count += found;
      if (!read) complete = false;
    }
    return { count, complete, positions };
  }

  /**
   * Reads a placement that ended unknown by its client order id and reports what listeners missed
   * when it is that placement; forgets it once the exchange can no longer have it.
   */
  async #lookUp(placement: UnresolvedPlacement): Promise<{ found: number; read: boolean }> {
    const { clientOrderId, symbol } = placement.intent;
    const expired = (): boolean => this.#o.signing.serverNow() - placement.sentAt > UNRESOLVED_KEPT_MS;
    try {
      const order = await this.#o.host.getOrderByClientId(clientOrderId, symbol);
      if (isThisPlacement(order, placement.intent, placement.sentAt)) {
        this.#unresolved.delete(clientOrderId);
        return { found: this.#report(order), read: true };
      }
      if (expired()) this.#unresolved.delete(clientOrderId);
      return { found: 0, read: true };
    } catch (error) {
      if (error instanceof OrderNotFoundError) {
        if (expired()) this.#unresolved.delete(clientOrderId);
        return { found: 0, read: true };
      }
      this.#o.logger.warn({ clientOrderId, symbol, err: (error as Error).message }, 'could not look up a placement that ended unknown');
      return { found: 0, read: false };
    }
  }

  /** Forgets a placement that ended unknown once `order`, seen on the stream or in a read, shows it. */
  #resolved(order: Order): void {
    const placement = this.#unresolved.get(order.clientOrderId);
    if (placement !== undefined && isThisPlacement(order, placement.intent, placement.sentAt)) this.#unresolved.delete(order.clientOrderId);
  }

  /** Delivers, as `recovered` updates, the changes of `order` listeners have not seen; returns how many. */
  #report(order: Order): number {
    const updates = missedUpdates(this.#tracker.lastDelivered(order.orderId), order, this.#o.clock.now());
    for (const update of updates) this.#deliver(update);
    if (updates.length > 0) this.#tracker.recovered(order);
    return updates.length;
  }

  /** Every asset the account holds, then zero for each asset known before that it no longer holds. */
  #balancesOf(positions: readonly Position[]): UserDataEvent {
    const balances: BalanceLevel[] = positions.map(({ asset, free, locked }) => ({ asset, free, locked }));
    const held = new Set(positions.map((p) => p.asset));
    for (const asset of this.#knownAssets) if (!held.has(asset)) balances.push({ asset, free: ZERO, locked: ZERO });
    this.#knownAssets.clear();
    for (const asset of held) this.#knownAssets.add(asset);
    const now = this.#o.clock.now();
    return { type: 'balance', reason: 'position', balances, eventTime: now, updateTime: now, recovered: true };
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
 * -1016) and -1021 (the periodic time sync corrects the clock offset).
 */
export function isPassingFailure(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof NotConnectedError) return true;
  if (error instanceof RateLimitError || error instanceof ExchangeUnavailableError) return true;
  return error instanceof ExchangeError && error.exchangeCode === BinanceErrorCode.INVALID_TIMESTAMP;
}
