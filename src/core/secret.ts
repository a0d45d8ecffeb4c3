import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A sensitive string (API secret, private key) that never prints: string conversion, JSON and
 * `util.inspect` all show `[redacted]`, so a logged or serialized config cannot leak it.
 * Only `reveal()` gives the value, which makes every use of it easy to find.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    if (typeof value !== 'string') throw new TypeError('Secret value must be a string');
    this.#value = value;
  }

  /** Wraps a string, or returns an existing Secret as it is. */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }

  /** The sensitive value itself. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[redacted]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[redacted]`, so `JSON.stringify` never writes the value. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[redacted]` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return REDACTED;
  }
}
