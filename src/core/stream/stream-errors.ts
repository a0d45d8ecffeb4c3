import { ExchangeError, type ExchangeErrorDetails } from '../errors.js';

/** A consumer fell behind a stream and its buffer, with the `error` overflow policy, filled up. */
export class StreamOverflowError extends ExchangeError {
  override name = 'StreamOverflowError';
  override readonly code: string = 'ERR_STREAM_OVERFLOW';
  /** The buffer size that was exceeded. */
  readonly highWaterMark: number;

  constructor(message: string, details: ExchangeErrorDetails & { highWaterMark: number }) {
    super(message, details);
    this.highWaterMark = details.highWaterMark;
  }
}
