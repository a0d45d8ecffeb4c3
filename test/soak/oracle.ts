import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/**
 * The soak's view of the exchange: plain HTTP requests to the simulator, signed here, parsed
 * here, independent of the connector under test. Used at quiet points only, when no fault is
 * active. One connection per request, so nothing outlives the run.
 */

/** An account's keys. */
export interface AccountKeys {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** The fields of an `allOrders` element the checks read. */
export interface ExchangeOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly status: string;
  readonly executedQty: string;
  readonly origQty: string;
  readonly side: string;
  readonly type: string;
  /** Exchange times (epoch ms) of the placement and of the last change. */
  readonly time: number;
  readonly updateTime: number;
  /** The order list it belongs to, -1 when none. */
  readonly orderListId: number;
  /** Why it expired, when it did and Binance says. */
  readonly expiryReason?: string;
}

/** An `allOrderList` element as Binance sends it. */
export interface ExchangeOrderList {
  readonly orderListId: number;
  readonly contingencyType: string;
  readonly listStatusType: string;
  readonly listOrderStatus: string;
  readonly listClientOrderId: string;
  readonly symbol: string;
  readonly orders: readonly { readonly symbol: string; readonly orderId: number; readonly clientOrderId: string }[];
}

/** An account's balance of one asset, as `GET /api/v3/account` sends it. */
export interface ExchangeBalance {
  readonly asset: string;
  readonly free: string;
  readonly locked: string;
}

/** A depth snapshot as Binance sends it. */
export interface ExchangeDepth {
  readonly lastUpdateId: number;
  readonly bids: readonly [string, string][];
  readonly asks: readonly [string, string][];
}

/** A kline row as Binance sends it. */
export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

const ALL_ORDERS_PAGE = 1000;
/** REQUEST_WEIGHT used in the current minute above which the oracle waits for the next one (the limit is 6000). */
const WEIGHT_CEILING = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function pairs(params: Record<string, string | number>): [string, string][] {
  return Object.entries(params).map(([k, v]) => [k, String(v)]);
}

/** Plain REST reads of the simulator. */
export class Oracle {
  #usedWeight = { minute: 0, used: 0 };

  /** `onBan` hears of every 418 the oracle is answered: the IP was banned, by whoever. */
  constructor(private readonly restUrl: string, private readonly onBan: (body: string) => void) {}

  /** A public GET; rejects on any status but 200. */
  get<T>(path: string, params: Record<string, string | number>): Promise<T> {
    return this.#send<T>(() => `${path}?${new URLSearchParams(pairs(params)).toString()}`, {});
  }

  /** A signed GET with `account`'s HMAC key. */
  signedGet<T>(path: string, params: Record<string, string | number>, account: AccountKeys): Promise<T> {
    // Signed anew for each attempt: one sent again after waiting out a 429 must not carry a stale timestamp.
    const target = (): string => {
      const query = new URLSearchParams([...pairs(params), ['recvWindow', '60000'], ['timestamp', String(Date.now())]]).toString();
      return `${path}?${query}&signature=${createHmac('sha256', account.apiSecret).update(query).digest('hex')}`;
    };
    return this.#send<T>(target, { 'X-MBX-APIKEY': account.apiKey });
  }

  /** Every order of `account` on `symbol`, oldest first, read page by page. */
  async allOrders(account: AccountKeys, symbol: string): Promise<ExchangeOrder[]> {
    const orders: ExchangeOrder[] = [];
    for (let fromId = 0; ;) {
      const page = await this.signedGet<ExchangeOrder[]>('/api/v3/allOrders', { symbol, orderId: fromId, limit: ALL_ORDERS_PAGE }, account);
      orders.push(...page);
      if (page.length < ALL_ORDERS_PAGE) return orders;
      fromId = page.at(-1)!.orderId + 1;
    }
  }

  /** Every order list of `account` from `fromId` on, oldest first, read page by page. */
  async allOrderLists(account: AccountKeys, fromId: number): Promise<ExchangeOrderList[]> {
    const lists: ExchangeOrderList[] = [];
    for (let from = fromId; ;) {
      const page = await this.signedGet<ExchangeOrderList[]>('/api/v3/allOrderList', { fromId: from, limit: ALL_ORDERS_PAGE }, account);
      lists.push(...page);
      if (page.length < ALL_ORDERS_PAGE) return lists;
      from = page.at(-1)!.orderListId + 1;
    }
  }

  /** Open order lists of `account`. */
  openOrderLists(account: AccountKeys): Promise<ExchangeOrderList[]> {
    return this.signedGet<ExchangeOrderList[]>('/api/v3/openOrderList', {}, account);
  }

  /** The balances of `account`. */
  async balances(account: AccountKeys): Promise<ExchangeBalance[]> {
    return (await this.signedGet<{ balances: ExchangeBalance[] }>('/api/v3/account', { omitZeroBalances: 'false' }, account)).balances;
  }

  /** Open orders of `account` on `symbols`, one symbol at a time (weight 6 each, rather than 80 for all). */
  async openOrders(account: AccountKeys, symbols: readonly string[]): Promise<ExchangeOrder[]> {
    const open: ExchangeOrder[] = [];
    for (const symbol of symbols) open.push(...await this.signedGet<ExchangeOrder[]>('/api/v3/openOrders', { symbol }, account));
    return open;
  }

  /** A depth snapshot. */
  depth(symbol: string, limit: number): Promise<ExchangeDepth> {
    return this.get<ExchangeDepth>('/api/v3/depth', { symbol, limit });
  }

  /** The exchange's clock (`GET /api/v3/time`). */
  async serverTime(): Promise<number> {
    return (await this.get<{ serverTime: number }>('/api/v3/time', {})).serverTime;
  }

  /**
   * Resolves once the exchange's clock has passed `time`. Candles closed while its clock ran ahead
   * (a clock-skew fault, since cleared) lie in its future until it catches up: the wait is the
   * distance measured, so it is as long as the skew was and never a guess.
   */
  async reach(time: number): Promise<void> {
    for (let now = await this.serverTime(); now <= time; now = await this.serverTime()) await sleep(time - now + 50);
  }

  /** Klines from `startTime` to `endTime` (both open times), at most 1000. */
  klines(symbol: string, interval: string, startTime: number, endTime: number): Promise<KlineRow[]> {
    return this.get<KlineRow[]>('/api/v3/klines', { symbol, interval, startTime, endTime, limit: 1000 });
  }

  /**
   * One request, kind to the IP's limits, which the connectors share: it waits for the next
   * minute when the weight used is near the limit, and waits out a 429 or 418 (reporting the
   * 418) before trying again, so the soak's own reads never cause a ban.
   */
  async #send<T>(target: () => string, headers: Record<string, string>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const minute = Math.floor(Date.now() / 60_000);
      if (this.#usedWeight.minute === minute && this.#usedWeight.used > WEIGHT_CEILING) await sleep((minute + 1) * 60_000 - Date.now() + 200);
      const path = target();
      const answer = await this.#request(path, headers);
      const used = Number(answer.headers['x-mbx-used-weight-1m']);
      if (Number.isFinite(used)) this.#usedWeight = { minute: Math.floor(Date.now() / 60_000), used };
      if ((answer.status === 429 || answer.status === 418) && attempt < 5) {
        if (answer.status === 418) this.onBan(answer.text);
        const retryAfter = Number(answer.headers['retry-after']);
        await sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1_000, 300_000) + 200);
        continue;
      }
      if (answer.status !== 200) throw new Error(`GET ${path.split('?')[0]} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      return JSON.parse(answer.text) as T;
    }
  }

  #request(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    const url = new URL(path, this.restUrl);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }
}
