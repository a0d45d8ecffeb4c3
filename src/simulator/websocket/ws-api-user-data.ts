import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { SimAccount } from '../engine/accounts.js';
import type { Exchange } from '../exchange.js';
import type { Params } from '../rest/params.js';
import { badRequest, SimError } from '../sim-error.js';
import type { UserDataHub } from './user-data-hub.js';
import { authenticateBySignature, type RawParams } from './ws-api-auth.js';
import { MAX_LIFETIME_SUBSCRIPTIONS } from './ws-api-methods.js';

/**
 * The session side of one WebSocket API connection: `session.logon` (Ed25519 keys only),
 * `session.status`, `session.logout`, and user data subscriptions (`userDataStream.subscribe`
 * after logon, `userDataStream.subscribe.signature` with any key, `userDataStream.unsubscribe`,
 * `session.subscriptions`). Events go out as `{"subscriptionId":N,"event":{...}}`.
 */

interface Subscription {
  readonly accountId: number;
  /** Created by `userDataStream.subscribe`, so `session.logout` ends it. */
  readonly viaLogon: boolean;
  readonly off: () => void;
}

/** Fixed facts of the connection the session reports. */
export interface SessionFacts {
  readonly connectedSince: number;
  readonly returnRateLimits: boolean;
}

/** The method names this class answers. */
export const USER_DATA_METHODS = new Set([
  'session.logon', 'session.status', 'session.logout', 'userDataStream.subscribe',
  'userDataStream.subscribe.signature', 'userDataStream.unsubscribe', 'session.subscriptions',
]);

function unauthorized(): SimError {
  return new SimError(401, BinanceErrorCode.UNAUTHORIZED, BinanceMessage.unauthorized);
}

/** Logon state and user data subscriptions of one connection. */
export class UserDataSession {
  private logon: { account: SimAccount; since: number } | undefined;
  private readonly subscriptions = new Map<number, Subscription>();
  private nextId = 0;

  /** `send` writes one frame on the connection; `after` queues one to follow the current reply. */
  constructor(
    private readonly exchange: Exchange,
    private readonly userData: UserDataHub,
    private readonly facts: SessionFacts,
    private readonly send: (text: string) => void,
    private readonly after: (text: string) => void,
  ) {}

  /** The account of `session.logon`, if any. */
  get account(): SimAccount | undefined {
    return this.logon?.account;
  }

  /** Runs one of USER_DATA_METHODS. */
  call(method: string, raw: RawParams, params: Params, now: number): unknown {
    switch (method) {
      case 'session.logon': {
        const account = authenticateBySignature(raw, params, this.exchange.accountsByKey, now);
        if (account.keyKind !== 'ed25519') throw unauthorized();
        this.logon = { account, since: now };
        return this.status(now);
      }
      case 'session.status': return this.status(now);
      case 'session.logout':
        for (const [id, subscription] of this.subscriptions) if (subscription.viaLogon) this.end(id, now);
        this.logon = undefined;
        return this.status(now);
      case 'userDataStream.subscribe':
        if (this.logon === undefined) throw unauthorized();
        return this.subscribe(this.logon.account, true);
      case 'userDataStream.subscribe.signature':
        return this.subscribe(authenticateBySignature(raw, params, this.exchange.accountsByKey, now), false);
      case 'userDataStream.unsubscribe': {
        const id = params.integer('subscriptionId');
        if (id !== undefined && !this.subscriptions.has(id)) {
          throw badRequest(BinanceErrorCode.SUBSCRIPTION_INACTIVE, BinanceMessage.subscriptionInactive);
        }
        for (const key of id === undefined ? [...this.subscriptions.keys()] : [id]) this.end(key, now);
        return {};
      }
      case 'session.subscriptions': return [...this.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }));
      default: throw new Error(`not a session method: ${method}`);
    }
  }

  /** Ends every subscription silently (the connection closed). */
  dispose(): void {
    for (const subscription of this.subscriptions.values()) subscription.off();
    this.subscriptions.clear();
  }

  private status(now: number): Record<string, unknown> {
    return {
      apiKey: this.logon?.account.apiKey ?? null,
      authorizedSince: this.logon?.since ?? null,
      connectedSince: this.facts.connectedSince,
      returnRateLimits: this.facts.returnRateLimits,
      serverTime: now,
      userDataStream: this.subscriptions.size > 0,
    };
  }

  private subscribe(account: SimAccount, viaLogon: boolean): { subscriptionId: number } {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.accountId === account.id) throw badRequest(BinanceErrorCode.SUBSCRIPTION_ACTIVE, BinanceMessage.subscriptionActive);
    }
    if (this.nextId >= MAX_LIFETIME_SUBSCRIPTIONS) {
      throw badRequest(BinanceErrorCode.MAXIMUM_SUBSCRIPTION_IDS, BinanceMessage.maximumSubscriptionIds);
    }
    const subscriptionId = this.nextId++;
    const off = this.userData.subscribe(account.id, (event) => this.send(JSON.stringify({ subscriptionId, event })));
    this.subscriptions.set(subscriptionId, { accountId: account.id, viaLogon, off });
    return { subscriptionId };
  }

  /** Ends one subscription with `eventStreamTerminated`, sent after the reply that ended it. */
  private end(subscriptionId: number, now: number): void {
    const subscription = this.subscriptions.get(subscriptionId);
    if (subscription === undefined) return;
    subscription.off();
    this.subscriptions.delete(subscriptionId);
    this.after(JSON.stringify({ subscriptionId, event: { e: 'eventStreamTerminated', E: now } }));
  }
}
