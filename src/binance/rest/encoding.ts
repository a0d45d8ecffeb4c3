import { encodeParams } from '../protocol/signature.js';
import type { HttpMethod } from '../protocol/weights.js';
import type { Params } from './types.js';

/** The query string and form body of a request, both already percent-encoded. */
export interface EncodedParams {
  query: string;
  body: string;
}

/**
 * Where parameters go: GET puts them in the query string; POST, PUT and DELETE send them as a
 * form-encoded body. The signer and the transport both call this, so the bytes signed are the
 * bytes sent.
 */
export function encodeRequestParams(method: HttpMethod, params: Params): EncodedParams {
  const encoded = encodeParams(params);
  return method === 'GET' ? { query: encoded, body: '' } : { query: '', body: encoded };
}
