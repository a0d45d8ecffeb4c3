import type { IncomingHttpHeaders } from 'node:http';
import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { Exchange } from '../exchange.js';
import { SimError } from '../sim-error.js';
import { parseFault } from './faults.js';
import { moveMarket } from './market-moves.js';
import { checkControlRequest } from './origin-guard.js';

/** The control API's answer, before the REST front writes it. */
export interface ControlReply {
  status: number;
  body: unknown;
}

/**
 * The control API under `/sim`: fault injection (`GET`, `POST`, `DELETE /sim/faults`) and moving
 * the market (`POST /sim/market`), outside Binance's limits and faults, and guarded against
 * cross-site use before anything is read.
 */
export function controlRequest(
  exchange: Exchange,
  method: string,
  headers: IncomingHttpHeaders,
  path: string,
  body: string,
  controlToken: string | undefined,
): ControlReply {
  checkControlRequest(method, headers, controlToken);
  if (path === '/sim/market') {
    if (method !== 'POST') return { status: 405, body: undefined };
    return { status: 200, body: moveMarket(exchange, parseJson(body)) };
  }
  if (path !== '/sim/faults') return { status: 404, body: undefined };
  if (method === 'DELETE') {
    exchange.faults.clear();
    return { status: 200, body: {} };
  }
  if (method === 'GET') return { status: 200, body: exchange.faults.list() };
  if (method !== 'POST') return { status: 405, body: undefined };
  const parsed = parseJson(body);
  for (const fault of (Array.isArray(parsed) ? parsed : [parsed]).map(parseFault)) exchange.faults.inject(fault);
  return { status: 200, body: exchange.faults.list() };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new SimError(400, BinanceErrorCode.INVALID_JSON, BinanceMessage.invalidJson('body'));
  }
}
