/** A WebSocket message as an object: parses text frames, passes objects through, undefined for anything else. */
export function jsonObjectOf(value: unknown): Record<string, unknown> | undefined {
  let message = value;
  if (typeof value === 'string') {
    try {
      message = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : undefined;
}
