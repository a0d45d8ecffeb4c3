import { parseCommissionRates, parseOrderRateLimits } from '../../../src/binance/account-rates.js';
import {
  parseAccountPositions, parseAccountTrades, parseCancelledOrders, parseDepth, parseOrder, parseOrderList, parseOrderLists,
  parseOrders, parseServerTime, parseTicker24hr,
} from '../../../src/binance/parsers.js';
import {
  parseAccountPosition, parseBalanceUpdate, parseExecutionReport, parseListStatus,
} from '../../../src/binance/streams/stream-parsers.js';
import { parseAmendAnswer, parseReplaceAnswer } from '../../../src/binance/order-replace.js';
import type { Order, OrderList } from '../../../src/core/models.js';
import type { RecordingEntry } from './recording-format.js';

/*
 * The connector's own parser for each recorded answer and event, and the fields each must carry
 * over from the wire: a recorded answer the connector cannot read, or reads losing a field a bot
 * acts on (a stop price, a trailing delta, the list an order belongs to), fails here.
 */

/** What parsing one entry gave: the models it produced, or why the entry has no parser. */
export type ParseResult =
  | { parsed: true; endpoint: string; orders: Order[]; lists: OrderList[] }
  | { parsed: false; endpoint: string; reason: string };

type Parsed = { orders?: Order[]; lists?: OrderList[]; other?: unknown };
type Parser = (body: unknown, params: Readonly<Record<string, unknown>>) => Parsed;

const order: Parser = (body) => ({ orders: [parseOrder(body)] });
const orders: Parser = (body) => ({ orders: parseOrders(body, 'orders') });
const list: Parser = (body) => {
  const parsed = parseOrderList(body);
  return { lists: [parsed], orders: parsed.orders.flatMap((o) => (o.order === undefined ? [] : [o.order])) };
};
const lists: Parser = (body) => ({ lists: parseOrderLists(body, 'order lists') });
const cancelAll: Parser = (body) => ({
  orders: parseCancelledOrders(body),
  lists: (body as unknown[]).filter((entry) => (entry as { contingencyType?: unknown }).contingencyType !== undefined).map(parseOrderList),
});

const replaced: Parser = (body) => {
  const result = parseReplaceAnswer(body, parseOrder);
  return { orders: [result.cancelledOrder, result.newOrder].filter((o): o is Order => o !== undefined) };
};
const amended: Parser = (body) => ({ orders: [parseAmendAnswer(body, parseOrder)] });

/** Endpoints whose error answers (cancel-replace's -2021 and -2022) carry what the connector reads. */
const PARSED_ERROR_ANSWERS: ReadonlySet<string> = new Set(['POST /api/v3/order/cancelReplace', 'order.cancelReplace']);

/** REST endpoints and WebSocket API methods, by the connector's parser of their answer. */
const ANSWER_PARSERS: Readonly<Record<string, Parser>> = {
  'POST /api/v3/order': order, 'GET /api/v3/order': order, 'DELETE /api/v3/order': order,
  'order.place': order, 'order.status': order, 'order.cancel': order,
  'GET /api/v3/openOrders': orders, 'GET /api/v3/allOrders': orders, 'openOrders.status': orders, 'allOrders': orders,
  'POST /api/v3/orderList/oco': list, 'POST /api/v3/orderList/oto': list, 'POST /api/v3/orderList/otoco': list,
  'GET /api/v3/orderList': list, 'DELETE /api/v3/orderList': list,
  'orderList.place.oco': list, 'orderList.place.oto': list, 'orderList.place.otoco': list, 'orderList.status': list, 'orderList.cancel': list,
  'GET /api/v3/openOrderList': lists, 'GET /api/v3/allOrderList': lists, 'openOrderLists.status': lists, 'allOrderLists': lists,
  'DELETE /api/v3/openOrders': cancelAll, 'openOrders.cancelAll': cancelAll,
  'GET /api/v3/myTrades': (body) => ({ other: parseAccountTrades(body) }), 'myTrades': (body) => ({ other: parseAccountTrades(body) }),
  'GET /api/v3/account': (body) => ({ other: parseAccountPositions(body) }), 'account.status': (body) => ({ other: parseAccountPositions(body) }),
  'GET /api/v3/time': (body) => ({ other: parseServerTime(body) }),
  'GET /api/v3/ticker/24hr': (body) => ({ other: Array.isArray(body) ? body.map(parseTicker24hr) : parseTicker24hr(body) }),
  'GET /api/v3/depth': (body, params) => ({ other: parseDepth(body, String(params.symbol)) }),
  'POST /api/v3/order/cancelReplace': replaced, 'order.cancelReplace': replaced,
  'PUT /api/v3/order/amend/keepPriority': amended, 'order.amend.keepPriority': amended,
  'POST /api/v3/orderList/opo': list, 'POST /api/v3/orderList/opoco': list, 'orderList.place.opo': list, 'orderList.place.opoco': list,
  'GET /api/v3/account/commission': (body) => ({ other: parseCommissionRates(body) }), 'account.commission': (body) => ({ other: parseCommissionRates(body) }),
  'GET /api/v3/rateLimit/order': (body) => ({ other: parseOrderRateLimits(body) }), 'account.rateLimits.orders': (body) => ({ other: parseOrderRateLimits(body) }),
};

/** User-data events by the connector's parser. */
const EVENT_PARSERS: Readonly<Record<string, Parser>> = {
  executionReport: (event) => ({ orders: [parseExecutionReport(event).order] }),
  listStatus: (event) => ({ lists: [parseListStatus(event).orderList] }),
  outboundAccountPosition: (event) => ({ other: parseAccountPosition(event) }),
  balanceUpdate: (event) => ({ other: parseBalanceUpdate(event) }),
};

/** The endpoint (or event) an entry stands for, as the replay names it. */
export function entryName(entry: RecordingEntry): string {
  switch (entry.kind) {
    case 'rest': return `${entry.method} ${entry.path}`;
    case 'ws-api': return entry.request.method;
    case 'user-data': return String(entry.event.e);
    case 'stream': return `stream ${entry.path}`;
  }
}

/**
 * Parses one entry's answer or event with the connector's parser. Throws what the parser throws.
 * Error answers are not parsed here: the connector maps them by code (error-map.ts).
 */
export function parseRecorded(entry: RecordingEntry): ParseResult {
  const endpoint = entryName(entry);
  let parser: Parser | undefined;
  let body: unknown;
  let params: Readonly<Record<string, unknown>> = {};
  if (entry.kind === 'rest' || entry.kind === 'ws-api') {
    const status = entry.kind === 'rest' ? entry.status : entry.response.status;
    const error = status >= 400;
    if (error && !PARSED_ERROR_ANSWERS.has(endpoint)) return { parsed: false, endpoint, reason: `an error answer (HTTP ${status})` };
    parser = ANSWER_PARSERS[endpoint];
    body = entry.kind === 'rest' ? entry.body : error ? entry.response.error : entry.response.result;
    params = entry.kind === 'rest' ? entry.params : entry.request.params;
  } else if (entry.kind === 'user-data') {
    parser = EVENT_PARSERS[endpoint];
    body = entry.event;
  } else {
    return { parsed: false, endpoint, reason: 'market stream messages are parsed by the stream tests, not here' };
  }
  if (parser === undefined) return { parsed: false, endpoint, reason: 'the connector reads nothing from this answer it models' };
  const result = parser(body, params);
  return { parsed: true, endpoint, orders: result.orders ?? [], lists: result.lists ?? [] };
}

/** Wire keys of order fields a bot acts on, REST name then executionReport letter, and the model field that must carry them. */
const CARRIED_FIELDS: ReadonlyArray<readonly [string, string, keyof Order]> = [
  ['stopPrice', 'P', 'stopPrice'], ['trailingDelta', 'd', 'trailingDelta'], ['trailingTime', 'D', 'trailingTime'],
  ['workingTime', 'W', 'workingTime'], ['orderListId', 'g', 'orderListId'], ['expiryReason', 'eR', 'expiryReason'],
];

/** Binance's ways of writing "none" for those fields (wire-fields.ts, orderConditions). */
function meansNone(value: unknown): boolean {
  return value === -1 || (typeof value === 'string' && /^0(\.0+)?$/.test(value));
}

/**
 * Every order object of a payload (the payload itself, `orderReports`, cancel-all elements, the
 * orders of cancel-replace and amend answers), so that
 * each can be matched with the model parsed from it by `orderId` / `i`.
 */
function wireOrders(payload: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(payload)) return payload.flatMap(wireOrders);
  if (typeof payload !== 'object' || payload === null) return [];
  const wire = payload as Record<string, unknown>;
  const reports = Array.isArray(wire.orderReports) ? wire.orderReports.flatMap(wireOrders) : [];
  // A cancel-replace answer (or its error's `data`) and an amend answer hold their orders by name.
  const nested = ['data', 'cancelResponse', 'newOrderResponse', 'amendedOrder'].flatMap((key) => wireOrders(wire[key]));
  const isOrder = ('type' in wire && 'orderId' in wire) || wire.e === 'executionReport';
  return isOrder ? [wire, ...reports, ...nested] : [...reports, ...nested];
}

/** The order fields present on the wire (and not Binance's "none") that the parsed model lost. */
export function lostFields(payload: unknown, models: readonly Order[]): string[] {
  const lost: string[] = [];
  for (const wire of wireOrders(payload)) {
    const id = String(wire.orderId ?? wire.i);
    const model = models.find((candidate) => candidate.orderId === id);
    if (model === undefined) {
      lost.push(`order ${id}`);
      continue;
    }
    for (const [restKey, eventKey, field] of CARRIED_FIELDS) {
      const value = wire[restKey] ?? wire[eventKey];
      if (value !== undefined && !meansNone(value) && model[field] === undefined) lost.push(`order ${id}: ${restKey}/${eventKey} → ${field}`);
    }
  }
  return lost;
}
