/**
 * A response body that writes its own JSON (a klines page): the REST front sends its bytes as
 * they are, while the WebSocket API, which embeds results in a larger reply, takes its value.
 */
export class EncodedBody {
  /** `value` builds the body as plain JSON data; `encode` writes the same JSON as bytes. */
  constructor(
    readonly value: () => unknown,
    readonly encode: (microseconds: boolean) => Buffer,
  ) {}
}

/** The plain JSON data of a route's body, whether or not it encodes itself. */
export function plainBody(body: unknown): unknown {
  return body instanceof EncodedBody ? body.value() : body;
}
