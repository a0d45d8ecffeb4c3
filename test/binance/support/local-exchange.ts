import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the local exchange received it: raw query and body bytes, as a server must verify them. */
export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  rawBody: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
}

/** An answer; `hang: true` never answers (to provoke a client timeout). */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: boolean;
  delayMs?: number;
}

/** Route handler: return undefined to fall through to the defaults. */
export type Handler = (req: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>;

/** A minimal Binance-shaped HTTP server on port 0 for pipeline tests. */
export interface LocalExchange {
  url: string;
  requests: RecordedRequest[];
  /** Requests to `METHOD /path`. */
  count(endpoint: string): number;
  close(): Promise<void>;
}

export const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 0,
  rateLimits: [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
  ],
  exchangeFilters: [],
  symbols: [{
    symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', baseAssetPrecision: 8, quoteAsset: 'USDT', quotePrecision: 8, quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    quoteOrderQtyMarketAllowed: true, allowTrailingStop: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
    ],
  }],
};

/** A FULL/query order payload for tests. */
export function wireOrder(fields: { orderId?: number; clientOrderId: string; status?: string; side?: string; type?: string; price?: string; origQty?: string }): Record<string, unknown> {
  return {
    symbol: 'BTCUSDT', orderId: fields.orderId ?? 7, orderListId: -1, clientOrderId: fields.clientOrderId,
    price: fields.price ?? '50000.00000000', origQty: fields.origQty ?? '0.00100000', executedQty: '0.00000000',
    cummulativeQuoteQty: '0.00000000', origQuoteOrderQty: '0.00000000', status: fields.status ?? 'NEW', timeInForce: 'GTC',
    type: fields.type ?? 'LIMIT', side: fields.side ?? 'BUY', time: 1_700_000_000_000, updateTime: 1_700_000_000_000,
    transactTime: 1_700_000_000_000, fills: [],
  };
}

/** 1m klines computed for any range, as Binance answers `startTime`/`endTime`/`limit`. */
function klines(params: URLSearchParams): unknown[] {
  const step = 60_000;
  const limit = Number(params.get('limit') ?? 500);
  const now = Date.now();
  const end = Math.min(Number(params.get('endTime') ?? now), now);
  const start = params.get('startTime');
  let first = start === null ? Math.floor(end / step) * step - (limit - 1) * step : Math.ceil(Number(start) / step) * step;
  const rows: unknown[] = [];
  for (; first <= end && rows.length < limit; first += step) {
    const price = (20_000 + (first / step) % 1000).toFixed(2);
    rows.push([first, price, price, price, price, '1.00000000', first + step - 1, price, 3, '0', '0', '0']);
  }
  return rows;
}

function defaults(req: RecordedRequest): Reply {
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case 'GET /api/v3/ping': return { body: {} };
    case 'GET /api/v3/time': return { body: { serverTime: Date.now() } };
    case 'GET /api/v3/exchangeInfo': return { body: { ...EXCHANGE_INFO, serverTime: Date.now() } };
    case 'GET /api/v3/klines': return { body: klines(req.params) };
    default: return { status: 404, body: '' };
  }
}

/** Starts the server on `host` (loopback by default); `handler` answers first, the defaults cover ping, time, exchangeInfo and klines. */
export async function startLocalExchange(handler: Handler = () => undefined, host = '127.0.0.1'): Promise<LocalExchange> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const url = incoming.url ?? '/';
        const q = url.indexOf('?');
        const rawQuery = q === -1 ? '' : url.slice(q + 1);
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const req: RecordedRequest = {
          method: incoming.method ?? 'GET',
          path: q === -1 ? url : url.slice(0, q),
          rawQuery,
          rawBody,
          params: new URLSearchParams(rawQuery + (rawQuery && rawBody ? '&' : '') + rawBody),
          headers: incoming.headers,
        };
        requests.push(req);
        const reply = (await handler(req)) ?? defaults(req);
        if (reply.hang === true) {
          hanging.add(res);
          return;
        }
        if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    count: (endpoint) => requests.filter((r) => `${r.method} ${r.path}` === endpoint).length,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
