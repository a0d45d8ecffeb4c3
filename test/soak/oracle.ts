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

function pairs(params: Record<string, string | number>): [string, string][] {
  return Object.entries(params).map(([k, v]) => [k, String(v)]);
}

/** Plain REST reads of the simulator. */
export class Oracle {
  constructor(private readonly restUrl: string) {}

  /** A public GET; rejects on any status but 200. */
  get<T>(path: string, params: Record<string, string | number>): Promise<T> {
    return this.#send<T>(`${path}?${new URLSearchParams(pairs(params)).toString()}`, {});
  }

  /** A signed GET with `account`'s HMAC key. */
  signedGet<T>(path: string, params: Record<string, string | number>, account: AccountKeys): Promise<T> {
    const query = new URLSearchParams([...pairs(params), ['recvWindow', '60000'], ['timestamp', String(Date.now())]]).toString();
    const signature = createHmac('sha256', account.apiSecret).update(query).digest('hex');
    return this.#send<T>(`${path}?${query}&signature=${signature}`, { 'X-MBX-APIKEY': account.apiKey });
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

  /** Open orders of `account` on every symbol. */
  openOrders(account: AccountKeys): Promise<ExchangeOrder[]> {
    return this.signedGet<ExchangeOrder[]>('/api/v3/openOrders', {}, account);
  }

  /** A depth snapshot. */
  depth(symbol: string, limit: number): Promise<ExchangeDepth> {
    return this.get<ExchangeDepth>('/api/v3/depth', { symbol, limit });
  }

  /** Klines from `startTime` to `endTime` (both open times), at most 1000. */
  klines(symbol: string, interval: string, startTime: number, endTime: number): Promise<KlineRow[]> {
    return this.get<KlineRow[]>('/api/v3/klines', { symbol, interval, startTime, endTime, limit: 1000 });
  }

  #send<T>(path: string, headers: Record<string, string>): Promise<T> {
    const url = new URL(path, this.restUrl);
    return new Promise<T>((resolve, reject) => {
      const outgoing = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            reject(new Error(`GET ${url.pathname} answered ${String(response.statusCode)}: ${text.slice(0, 200)}`));
            return;
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }
}
