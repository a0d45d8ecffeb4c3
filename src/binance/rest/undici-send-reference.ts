import { request, type Dispatcher } from 'undici';
import { restResponse, singleValued, tooLargeError } from './response-body.js';
import type { ExchangeOptions } from './undici-send-fast.js';
import type { RestResponse } from './types.js';

/**
 * The plain reference for `undici-send-fast.ts`, with the same signature: undici's public
 * `request()` with an AbortController for the timeout and the caller's signal, the body read from
 * its stream up to `maxBytes`.
 */
export async function sendRequest(agent: Dispatcher, options: Dispatcher.DispatchOptions, exchange: ExchangeOptions): Promise<RestResponse> {
  const controller = new AbortController();
  const caller = exchange.signal;
  let timedOut: DOMException | undefined;
  const timer = setTimeout(() => {
    timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    controller.abort(timedOut);
  }, exchange.timeoutMs);
  timer.unref();
  const onAbort = (): void => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  /** Errors of ours (a body too large or not JSON) pass as they are; undici's are mapped. */
  let ours: unknown;
  try {
    const { statusCode, headers, body } = await request(`${String(options.origin)}${options.path}`, {
      dispatcher: agent,
      method: options.method,
      headers: options.headers as Record<string, string>,
      body: options.body as string | null,
      signal: controller.signal,
    });
    const single = singleValued(headers);
    if (Number(single['content-length']) > exchange.maxBytes) {
      ours = tooLargeError(exchange.label, exchange.maxBytes, statusCode);
      // Dropped unread; destroying an unread body reports an abort nobody else listens for.
      body.once('error', () => undefined);
      body.destroy();
      throw ours;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > exchange.maxBytes) {
        // Leaving the loop destroys the body, so the connection is dropped rather than drained.
        ours = tooLargeError(exchange.label, exchange.maxBytes, statusCode);
        throw ours;
      }
      chunks.push(chunk);
    }
    try {
      return restResponse(exchange.label, statusCode, single, chunks);
    } catch (error) {
      ours = error;
      throw error;
    }
  } catch (error) {
    if (error === ours) throw error;
    if (caller?.aborted === true && controller.signal.reason === caller.reason) throw caller.reason;
    if (timedOut !== undefined) throw exchange.timeoutError(timedOut);
    throw exchange.mapError(error as Error);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}
