import type { Decimal } from '../decimal.js';
import type { AuthenticationError, ExchangeError } from '../errors.js';
import type { Order, OrderBook, OrderList } from '../models.js';
import type { SocketState } from './socket-types.js';

/** A live subscription; `unsubscribe()` stops delivery and releases the stream when it was the last reference. */
export interface StreamSubscription {
  /** Stops delivery; calling it again does nothing. */
  unsubscribe(): Promise<void>;
}

/** What one execution of an order did, as an exchange reports it. */
export interface OrderExecution {
  /** `NEW`, `TRADE`, `CANCELED`, `REPLACED`, `REJECTED`, `EXPIRED`, `TRADE_PREVENTION`, ... */
  executionType: string;
  /** Quantity of this fill (zero when the execution is not a trade). */
  lastQuantity: Decimal;
  /** Price of this fill (zero when the execution is not a trade). */
  lastPrice: Decimal;
  /** Quote amount of this fill. */
  lastQuoteQuantity: Decimal;
  /** Commission charged for this fill. */
  commission: Decimal;
  /** Asset the commission was charged in; null when none was charged. */
  commissionAsset: string | null;
  /** Trade id of this fill; -1 when the execution is not a trade. */
  tradeId: number;
  /** True when the order was the maker of this fill. */
  isMaker: boolean;
  /** Why the order was rejected, or `NONE`. */
  rejectReason: string;
  /** Epoch ms of the execution on the exchange. */
  transactionTime: number;
}

/** An order changed: placed, filled (partly), canceled, expired. */
export interface OrderUpdate {
  type: 'order';
  /** The order after this execution. */
  order: Order;
  execution: OrderExecution;
  /** Epoch ms of the event. */
  eventTime: number;
  /**
   * Set when this update means protection is gone (see {@link ProtectionLost}): the order was a
   * stop or take-profit, or part of an order list, and it ended rejected or expired short of its
   * quantity. A `protectionLost` notice follows the update.
   */
  protectionLost?: ProtectionLossReason;
  /**
   * True when the update was not received from the stream but rebuilt after a reconnect by
   * comparing the exchange's order state with the last state delivered; fills may then be merged
   * and the commission is unknown (zero, with a null asset).
   */
  recovered: boolean;
}

/** An order list changed: placed, an order of it triggered or filled, cancelled, done (Binance `listStatus`). */
export interface OrderListUpdate {
  type: 'orderList';
  /** The list after the change; its orders carry ids only (their states come as order updates). */
  orderList: OrderList;
  /** Epoch ms of the event. */
  eventTime: number;
  /** True when the update was not received from the stream but read after a reconnect: the list changed during the gap. */
  recovered: boolean;
}

/**
 * How protection was lost: `REJECTED` (the exchange refused the order, such as an OTO's pending
 * order that would have triggered immediately), `EXPIRED_AFTER_TRIGGER` (a stop or take-profit
 * triggered, then expired short of its quantity: thin book, price-range rule, IOC/FOK), `EXPIRED`
 * (an order of a list expired without filling, such as the pending order of an OTO whose working
 * order expired).
 */
export type ProtectionLossReason = 'REJECTED' | 'EXPIRED_AFTER_TRIGGER' | 'EXPIRED';

/**
 * Protection a bot relied on is gone: delivered right after the order update that shows it, so a
 * handler that only looks at `type` cannot take it for a normal fill or cancel.
 */
export interface ProtectionLost {
  type: 'protectionLost';
  reason: ProtectionLossReason;
  /** The order as it ended. */
  order: Order;
  /** What was lost and why, in one sentence. */
  message: string;
  eventTime: number;
  /** True when the loss was found while recovering a stream gap. */
  recovered: boolean;
}

/** One asset's balance after a change. */
export interface BalanceLevel {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

/** Balances that changed because of orders or trades (Binance `outboundAccountPosition`). */
export interface BalancePositionUpdate {
  type: 'balance';
  reason: 'position';
  balances: BalanceLevel[];
  eventTime: number;
  /** Epoch ms of the account change. */
  updateTime: number;
  /**
   * True when the update was not received from the stream but read from the account after a
   * reconnect: it then lists every asset the account holds, and zero for each asset reported
   * earlier that the account no longer holds. Absent on updates from the stream.
   */
  recovered?: boolean;
}

/** A deposit, withdrawal or transfer changed one balance by `delta` (Binance `balanceUpdate`). */
export interface BalanceDeltaUpdate {
  type: 'balance';
  reason: 'delta';
  asset: string;
  delta: Decimal;
  eventTime: number;
  /** Epoch ms the change cleared. */
  clearTime: number;
}

/** An account update. */
export type BalanceUpdate = BalancePositionUpdate | BalanceDeltaUpdate;

/** Fields every notice about the user-data stream itself has. */
interface UserStreamNoticeFields {
  type: 'stream';
  eventTime: number;
  /** Order updates rebuilt over REST for this recovery (0 for `terminated`). */
  recoveredOrders: number;
}

/** Events flow again after a reconnect; `recovered` order updates, if any, precede this notice. */
export interface UserStreamResubscribed extends UserStreamNoticeFields {
  status: 'resubscribed';
  /**
   * False when the REST reads behind the recovery still failed after every retry: changes made
   * during the gap may be missing. Read `getOrders()` and `getPositions()` to catch up.
   */
  complete: boolean;
}

/** The exchange ended the subscription (Binance `eventStreamTerminated`); a new one is being made. */
export interface UserStreamEnded extends UserStreamNoticeFields {
  status: 'terminated';
  reason: 'ended';
}

/**
 * The exchange refused to subscribe again (bad or revoked API key, bad signature, missing
 * permission): the subscription is closed for good and nothing more is delivered to it.
 * Fix the cause, then subscribe again.
 */
export interface UserStreamRefused extends UserStreamNoticeFields {
  status: 'terminated';
  reason: 'refused';
  /** The refusal, with the exchange's code and HTTP status (such as -2015 and 401). */
  error: AuthenticationError;
}

/**
 * Subscribing again failed too many times in a row with an error that is not known to pass
 * (Binance's -1000 "unknown error", a code the connector does not know, a malformed request):
 * the subscription is closed for good and nothing more is delivered to it. Subscribe again later.
 */
export interface UserStreamFailed extends UserStreamNoticeFields {
  status: 'terminated';
  reason: 'failed';
  /** The last failure, with the exchange's code and HTTP status. */
  error: ExchangeError;
}

/**
 * The user-data stream itself changed: `terminated` (`ended` and being renewed, or `refused` or
 * `failed` for good) or `resubscribed`.
 */
export type UserStreamNotice = UserStreamResubscribed | UserStreamEnded | UserStreamRefused | UserStreamFailed;

/** Everything `subscribeOrderUpdates` delivers. */
export type UserDataEvent = OrderUpdate | OrderListUpdate | ProtectionLost | BalanceUpdate | UserStreamNotice;

/** A local order book kept in sync from a diff stream: the current top levels, best first. */
export interface OrderBookUpdate extends OrderBook {
  /** Epoch ms of the last applied event (the snapshot's fetch time right after a sync). */
  eventTime: number;
}

/** A stream connection changed state. */
export interface StreamStateChange {
  /** Which kind of connection: market streams or the user-data / WebSocket API connection. */
  stream: 'market' | 'user-data';
  /** Index of the connection among those of its kind. */
  connection: number;
  from: SocketState;
  to: SocketState;
}
