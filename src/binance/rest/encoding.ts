import { InvalidArgumentError } from '../../core/errors.js';
import { encodeParams } from '../../spec/binance/signature.js';
import type { HttpMethod } from '../../spec/binance/endpoints.js';
import type { Params } from './types.js';

/** The query string and form body of a request, both already percent-encoded. */
export interface EncodedParams {
  query: string;
  body: string;
}

/**
 * The last line of defence behind the argument checks: a parameter is either left out
 * (undefined) or a value Binance can read, never `NaN`, `Infinity` or an empty string. Both
 * transports call it where they encode: REST here, the WebSocket API in its handler.
 */
export function checkWireValues(params: Params): void {
  for (const [name, value] of params) {
    if ((typeof value === 'number' && !Number.isFinite(value)) || value === '') {
      throw new InvalidArgumentError(`${name}: ${JSON.stringify(value) === 'null' ? String(value) : JSON.stringify(value)} cannot be sent; give a value or leave the parameter out`, {
        exchange: 'binance', field: name, rule: 'WIRE_VALUE',
      });
    }
  }
}

/**
 * Where parameters go: GET puts them in the query string; POST, PUT and DELETE send them as a
 * form-encoded body. The signer and the transport both call this, so the bytes signed are the
 * bytes sent, and neither can put a value Binance cannot read on the wire.
 */
export function encodeRequestParams(method: HttpMethod, params: Params): EncodedParams {
  checkWireValues(params);
  const encoded = encodeParams(params);
  return method === 'GET' ? { query: encoded, body: '' } : { query: '', body: encoded };
}
