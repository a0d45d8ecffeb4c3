import { mapBinanceError, mapNetworkError } from '../binance/error-map.js';
import { createSigner } from '../binance/signing.js';
import { encodeParams } from '../spec/binance/signature.js';
import type { Credentials } from './settings.js';

/** What the account endpoint says the key may do. */
export interface AccountPermissions {
  canTrade: boolean;
  accountType: string;
  permissions: string[];
}

/** Where and how to ask. */
export interface PermissionQuery {
  restUrl: string;
  credentials: Credentials;
  /** Server minus local time, so the timestamp is inside recvWindow even on a skewed clock. */
  offsetMs: number;
  recvWindow: number | undefined;
  timeoutMs: number;
}

/**
 * One signed `GET /api/v3/account` read for the flags the connector's models leave out
 * (`canTrade`, `permissions`). Failures map through the connector's own error table, so the
 * doctor explains them exactly as the other commands do.
 */
export async function fetchAccountPermissions(query: PermissionQuery): Promise<AccountPermissions> {
  const { credentials } = query;
  const signer = credentials.privateKey === undefined
    ? createSigner({ apiSecret: credentials.apiSecret?.reveal() ?? '' })
    : createSigner({ privateKey: credentials.privateKey.reveal() });
  const params = encodeParams([['recvWindow', query.recvWindow], ['timestamp', Math.round(Date.now() + query.offsetMs)]]);
  const url = `${query.restUrl}/api/v3/account?${params}&signature=${encodeURIComponent(signer.sign(params))}`;
  // A connection of its own, closed after the read: the process-wide pool of the global fetch
  // would keep it open after the command has finished.
  const { Agent, fetch } = await import('undici');
  const dispatcher = new Agent();
  let status: number;
  let ok: boolean;
  let text: string;
  try {
    const response = await fetch(url, { dispatcher, headers: { 'x-mbx-apikey': credentials.apiKey.reveal() }, signal: AbortSignal.timeout(query.timeoutMs) });
    ({ status, ok } = response);
    text = await response.text();
  } catch (error) {
    throw mapNetworkError(`GET /api/v3/account failed: ${(error as Error).message}`, error);
  } finally {
    await dispatcher.close();
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const record = typeof body === 'object' && body !== null ? body as Record<string, unknown> : {};
  if (!ok) {
    throw mapBinanceError({
      code: typeof record.code === 'number' ? record.code : undefined,
      message: typeof record.msg === 'string' ? record.msg : `HTTP ${status}`,
      httpStatus: status,
    });
  }
  return {
    canTrade: record.canTrade === true,
    accountType: typeof record.accountType === 'string' ? record.accountType : 'unknown',
    permissions: Array.isArray(record.permissions) ? record.permissions.filter((p): p is string => typeof p === 'string') : [],
  };
}
