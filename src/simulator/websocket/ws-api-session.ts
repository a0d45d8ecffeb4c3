import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import type { ParamValue } from '../../spec/binance/signature.js';
import type { Exchange } from '../exchange.js';
import { plainBody } from '../rest/encoded-body.js';
import { Params } from '../rest/params.js';
import { findRoute, runRoute } from '../rest/routes.js';
import { badRequest, isSimError, SimError } from '../sim-error.js';
import { toMicroseconds } from '../rest/time-unit.js';
import type { UserDataHub } from './user-data-hub.js';
import { authenticateWsApi, type RawParams } from './ws-api-auth.js';
import { ROUTE_OF_METHOD, SESSION_METHOD_WEIGHT } from './ws-api-methods.js';
import { USER_DATA_METHODS, UserDataSession } from './ws-api-user-data.js';
import type { WsConnection } from './ws-connection.js';

/**
 * One WebSocket API connection: `{id, method, params}` requests answered with
 * `{id, status, result | error, rateLimits}`. REST-twin methods run through the shared route
 * pipeline; session and user data methods through UserDataSession.
 */

/** What a WebSocket API connection works with. */
export interface WsApiContext {
  readonly exchange: Exchange;
  readonly userData: UserDataHub;
  /** Client address weight is charged to. */
  readonly address: string;
  readonly connectedSince: number;
  /** Connection default of `returnRateLimits` (from the URL). */
  readonly returnRateLimits: boolean;
  /** `timeUnit=MICROSECOND` in the URL. */
  readonly microseconds: boolean;
}

type RequestId = number | string | null;

interface Outcome {
  result: unknown;
  status: number;
}

/** What the pipeline learnt while running a request, for the `rateLimits` of its answer. */
interface Usage {
  charged: boolean;
  /** The account of an order placement, once known: its ORDERS windows are listed, placed or rejected. */
  orderAccount: number | undefined;
}

const ID_STRING = /^[\x20-\x7e]{1,36}$/;

/** Parameter values as the routes read them: JSON arrays and objects as their JSON text. */
function toParams(raw: Readonly<Record<string, unknown>>): { params: Params; signed: RawParams } {
  const values = new Map<string, string>();
  const signed: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value as ParamValue);
    values.set(name, text);
    signed[name] = typeof value === 'object' ? text : (value as ParamValue);
  }
  return { params: new Params(values), signed };
}

/** The request/response protocol of one WebSocket API connection. */
export class WsApiSession {
  private readonly session: UserDataSession;
  private readonly following: string[] = [];

  /** Serves `connection` with `context`. */
  constructor(private readonly connection: WsConnection, private readonly context: WsApiContext) {
    this.session = new UserDataSession(context.exchange, context.userData, context,
      (text) => connection.send(text), (text) => this.following.push(text));
  }

  /** Answers one request frame. */
  handle(text: string): void {
    const reply = this.respond(text);
    this.connection.send(JSON.stringify(reply));
    for (const message of this.following.splice(0)) this.connection.send(message);
  }

  /** Sends the WebSocket API's `serverShutdown` event. */
  announceShutdown(now: number): void {
    this.connection.send(JSON.stringify({ event: { e: 'serverShutdown', E: now } }));
  }

  /** Ends the subscriptions of a closed connection. */
  dispose(): void {
    this.session.dispose();
  }

  private respond(text: string): Record<string, unknown> {
    const { exchange, address } = this.context;
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      request = undefined;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return { id: null, status: 400, error: { code: BinanceErrorCode.INVALID_JSON, msg: BinanceMessage.invalidJsonRequest } };
    }
    const fields = request as Record<string, unknown>;
    const id = fields.id;
    if (!(id === null || (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && ID_STRING.test(id)))) {
      return { id: null, status: 400, error: { code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, msg: BinanceMessage.mandatoryParam('id') } };
    }
    const rawParams = fields.params ?? {};
    const now = exchange.now();
    const usage: Usage = { charged: false, orderAccount: undefined };
    let outcome: Outcome | undefined;
    let failure: SimError | undefined;
    const wantsLimits = typeof (rawParams as { returnRateLimits?: unknown }).returnRateLimits === 'boolean'
      ? (rawParams as { returnRateLimits: boolean }).returnRateLimits : this.context.returnRateLimits;
    try {
      if (typeof fields.method !== 'string' || fields.method.length === 0) {
        throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('method'));
      }
      if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) {
        throw badRequest(BinanceErrorCode.INVALID_JSON, BinanceMessage.invalidJson('params'));
      }
      // Methods may carry an explicit version: "v3/order.place".
      const method = fields.method.replace(/^v3\//, '');
      outcome = this.dispatch(method, rawParams as Record<string, unknown>, now, usage);
    } catch (error) {
      if (isSimError(error)) {
        failure = error;
      } else {
        console.error('simulator WebSocket API request failed', error);
        failure = new SimError(500, BinanceErrorCode.UNKNOWN, BinanceMessage.unknown);
      }
    }
    const reply: Record<string, unknown> = { id: id as RequestId };
    if (outcome !== undefined) {
      reply.status = outcome.status;
      reply.result = this.context.microseconds ? toMicroseconds(outcome.result) : outcome.result;
    } else if (failure !== undefined) {
      reply.status = failure.status;
      reply.error = this.errorBody(failure, now);
    }
    if (wantsLimits && (usage.charged || failure?.status === 429 || failure?.status === 418)) {
      const orders = usage.orderAccount === undefined ? [] : exchange.limiter.orderUsage(usage.orderAccount, now);
      reply.rateLimits = [...orders, ...exchange.limiter.weightUsage(address, now)];
    }
    return reply;
  }

  private dispatch(method: string, raw: Record<string, unknown>, now: number, usage: Usage): Outcome {
    const { exchange, address } = this.context;
    const { params, signed } = toParams(raw);
    if (USER_DATA_METHODS.has(method)) {
      exchange.limiter.charge(address, SESSION_METHOD_WEIGHT, now);
      usage.charged = true;
      return { result: this.session.call(method, signed, params, now), status: 200 };
    }
    const target = ROUTE_OF_METHOD.get(method);
    const [httpMethod, path] = target === undefined ? [] : target.split(' ');
    const route = httpMethod === undefined || path === undefined ? undefined : findRoute(httpMethod, path);
    if (route === undefined) throw badRequest(BinanceErrorCode.UNSUPPORTED_OPERATION, BinanceMessage.unsupportedOperation);
    const result = runRoute({
      exchange, route, params, address, now,
      authenticate: () => authenticateWsApi(signed, params, exchange.accountsByKey, now, this.session.account),
      onCharged: () => {
        usage.charged = true;
      },
      onOrderAccount: (id) => {
        usage.orderAccount = id;
      },
    });
    return { result: plainBody(result.body), status: result.status ?? 200 };
  }

  /** `{code, msg}`, with `data.retryAfter` (epoch ms) on 429 and 418 as Binance adds it. */
  private errorBody(error: SimError, now: number): Record<string, unknown> {
    const body: Record<string, unknown> = { ...error.body() };
    const retryAfter = error.headers['Retry-After'];
    if ((error.status === 429 || error.status === 418) && retryAfter !== undefined) {
      body.data = { serverTime: now, retryAfter: now + Number(retryAfter) * 1000 };
    }
    return body;
  }
}
