/**
 * A stream payload a frame decoder already turned into its model (see `ticker-frames-fast.ts`):
 * the subscription delivers `value` as it is instead of parsing the payload.
 */
export class DecodedPayload<T> {
  constructor(readonly value: T) {}
}
