import { BinanceErrorCode, BinanceMessage } from '../../spec/binance/error-codes.js';
import { verifySignature } from '../rest/signature.js';
import { wsApiSignaturePayload, type ParamValue } from '../../spec/binance/signature.js';
import type { SimAccount } from '../engine/accounts.js';
import { accountForKey, checkSignedRequest, checkTiming } from '../rest/auth.js';
import type { Params } from '../rest/params.js';
import { badRequest } from '../sim-error.js';

/**
 * Signed WebSocket API requests: `apiKey`, `timestamp` and `signature` travel in `params`, and the
 * signature covers every other parameter sorted by name with raw values. A session logged on with
 * `session.logon` may omit `apiKey` and `signature`, but not `timestamp`.
 */

/** The request parameters as sent, for the signature payload. */
export type RawParams = Readonly<Record<string, ParamValue>>;

/** Authenticates a signed request by its own `apiKey` and `signature`. */
export function authenticateBySignature(raw: RawParams, params: Params, accounts: ReadonlyMap<string, SimAccount>, now: number): SimAccount {
  const apiKey = raw.apiKey;
  if (apiKey === undefined || apiKey === '') {
    throw badRequest(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, BinanceMessage.mandatoryParam('apiKey'));
  }
  const account = accountForKey(String(apiKey), accounts);
  const signature = raw.signature === undefined ? undefined : String(raw.signature);
  const payload = wsApiSignaturePayload(raw);
  checkSignedRequest(params, now, signature, (s) => verifySignature(account.verifyKey, payload, s));
  return account;
}

/**
 * Authenticates a signed request: by its own key and signature when it carries an `apiKey`
 * (which overrides the session's key), else by the session's logged-on key.
 */
export function authenticateWsApi(
  raw: RawParams, params: Params, accounts: ReadonlyMap<string, SimAccount>, now: number, session: SimAccount | undefined,
): SimAccount {
  if (raw.apiKey !== undefined || session === undefined) return authenticateBySignature(raw, params, accounts, now);
  checkTiming(params, now);
  return session;
}
