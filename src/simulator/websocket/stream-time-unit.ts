/**
 * `timeUnit=MICROSECOND` in a market stream URL (`web-socket-streams.md`, "General WSS
 * information"): every time field of every payload on that connection in microseconds. A kline's
 * close time becomes the last microsecond of its bucket, as REST klines' do; ids, counts and
 * prices stay as they are.
 */

/** Time fields of market stream payloads: event, trade, statistics open and close times. */
const TIME_KEYS = new Set(['E', 'T', 'O', 'C']);

/** A copy of a stream payload (an event, or an array of them) with its time fields in microseconds. */
export function streamPayloadInMicroseconds(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(streamPayloadInMicroseconds);
  if (typeof payload !== 'object' || payload === null) return payload;
  const event = payload as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (TIME_KEYS.has(key) && typeof value === 'number') out[key] = value * 1000;
    else if (key === 'k' && event.e === 'kline' && typeof value === 'object' && value !== null) out[key] = klineInMicroseconds(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

function klineInMicroseconds(k: Record<string, unknown>): Record<string, unknown> {
  return { ...k, t: (k.t as number) * 1000, T: (k.T as number) * 1000 + 999 };
}
