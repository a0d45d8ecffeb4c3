import { parseDepthDiff, type DepthDiff } from './depth-diff.js';
import type { WireDepthEvent } from './stream-wire-types.js';

/**
 * The plain reference for `depth-frame-fast.ts`, with the same signature: `JSON.parse`, then the
 * level parser. A combined-stream frame of a diff stream (`<symbol>@depth`, `<symbol>@depth@100ms`)
 * carrying a `depthUpdate` decodes to its stream name and diff; anything else (not JSON, another
 * stream or event, a malformed level) is undefined, left to the market stream's general path.
 */
export function decodeDepthFrame(text: string): { stream: string; diff: DepthDiff } | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null) return undefined;
  const { stream, data } = frame as { stream?: unknown; data?: unknown };
  if (typeof stream !== 'string' || !namesDepthDiff(stream)) return undefined;
  if (typeof data !== 'object' || data === null || (data as { e?: unknown }).e !== 'depthUpdate') return undefined;
  try {
    return { stream, diff: parseDepthDiff(data as WireDepthEvent) };
  } catch {
    return undefined;
  }
}

/** Whether `stream` is a symbol's diff stream, not the partial book (`@depth5`). */
function namesDepthDiff(stream: string): boolean {
  return ['@depth', '@depth@100ms'].some((suffix) => stream.length > suffix.length && stream.endsWith(suffix));
}
