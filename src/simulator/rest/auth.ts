import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { restSignaturePayload, verifySignature } from './signature.js';
import type { SimAccount } from '../engine/accounts.js';
import type { Params } from './params.js';
import { badRequest, SimError } from '../sim-error.js';

/**
 * Binance's request security: the API key header, the signature over the exact bytes received
 * (raw query without `signature`, then raw body) and the timestamp/recvWindow rules.
 */

/** Binance keys are 64 alphanumeric characters. */
const API_KEY_PATTERN = /^[A-Za-z0-9]{64}$/;
/** The earliest timestamp Binance accepts (2017-01-01). */
const MIN_TIMESTAMP = 1_483_228_800_000;
/** The largest recvWindow. */
export const MAX_RECV_WINDOW = 60_000;
const DEFAULT_RECV_WINDOW = 5_000;
const RECV_WINDOW_PATTERN = /^[0-9]{1,10}(\.[0-9]{1,3})?$/;

/** Finds the account of the `X-MBX-APIKEY` header: 401 -2014 when malformed, 401 -2015 when unknown. */
export function accountForKey(header: string | undefined, accounts: ReadonlyMap<string, SimAccount>): SimAccount {
  const key = header?.trim() ?? '';
  const account = accounts.get(key);
  if (account !== undefined) return account;
  if (!API_KEY_PATTERN.test(key)) throw new SimError(401, BinanceErrorCode.BAD_API_KEY_FMT, BinanceMessage.badApiKeyFormat);
  throw new SimError(401, BinanceErrorCode.REJECTED_MBX_KEY, BinanceMessage.rejectedApiKey);
}

/** `timestamp` in ms; values of 16 digits and more are microseconds. */
function timestampMs(params: Params): number {
  const text = params.required('timestamp');
  if (!/^[0-9]{1,20}$/.test(text)) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('timestamp'));
  }
  const value = Number(text);
  return value >= 1e15 ? value / 1000 : value;
}

function recvWindowMs(params: Params): number {
  const text = params.optional('recvWindow');
  if (text === undefined) return DEFAULT_RECV_WINDOW;
  if (!RECV_WINDOW_PATTERN.test(text)) {
    throw badRequest(BinanceErrorCode.ILLEGAL_CHARS, `Illegal characters found in parameter 'recvWindow'; legal range is '^[0-9]{1,10}(\\.[0-9]{1,3})?$'.`);
  }
  const value = Number(text);
  // -1131 BAD_RECV_WINDOW is not in the shared error table; its text is Binance's.
  if (value > MAX_RECV_WINDOW) throw badRequest(-1131, `recvWindow must be less than ${MAX_RECV_WINDOW}`);
  return value;
}

/**
 * Binance's checks of a signed request, in its order: signature present, timestamp and
 * recvWindow well-formed, signature valid (`verify`), then the time window.
 */
export function checkSignedRequest(params: Params, serverTime: number, signature: string | undefined, verify: (signature: string) => boolean): void {
  if (signature === undefined || signature.length === 0) {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('signature'));
  }
  const timestamp = timestampMs(params);
  const recvWindow = recvWindowMs(params);
  if (!verify(signature)) throw badRequest(BinanceErrorCode.INVALID_SIGNATURE, BinanceMessage.invalidSignature);
  checkWindow(timestamp, recvWindow, serverTime);
}

/** The timestamp/recvWindow rules alone, for requests of an already authenticated session. */
export function checkTiming(params: Params, serverTime: number): void {
  const timestamp = timestampMs(params);
  checkWindow(timestamp, recvWindowMs(params), serverTime);
}

function checkWindow(timestamp: number, recvWindow: number, serverTime: number): void {
  if (timestamp >= serverTime + 1000) throw badRequest(BinanceErrorCode.INVALID_TIMESTAMP, BinanceMessage.timestampAhead);
  if (timestamp < MIN_TIMESTAMP || serverTime - timestamp > recvWindow) {
    throw badRequest(BinanceErrorCode.INVALID_TIMESTAMP, BinanceMessage.timestampOutsideRecvWindow);
  }
}

/** Checks a signed REST request and returns its account; throws the Binance error otherwise. */
export function authenticateSigned(
  apiKeyHeader: string | undefined,
  params: Params,
  rawQuery: string,
  rawBody: string,
  accounts: ReadonlyMap<string, SimAccount>,
  serverTime: number,
): SimAccount {
  const account = accountForKey(apiKeyHeader, accounts);
  const { payload, signature } = restSignaturePayload(rawQuery, rawBody);
  checkSignedRequest(params, serverTime, signature, (s) => verifySignature(account.verifyKey, payload, s));
  return account;
}
