import fc from 'fast-check';

/** Changes to a stream frame's text for the frame decoders' differential tests (`*-frame*-fast.test.ts`). */

/** Picks numbers for a change: `next(n)` is below `n`. */
export type Next = (n: number) => number;

/** A change of a frame's text. */
export type FrameChange = (text: string, next: Next) => string;

/** Changes every frame decoder must leave to the general path, or still decode to the same value. */
export const COMMON_CHANGES: readonly FrameChange[] = [
  // Reordered keys at the top.
  (text) => {
    const message = JSON.parse(text) as { stream: string; data: unknown };
    return JSON.stringify({ data: message.data, stream: message.stream });
  },
  // Whitespace between tokens, or everywhere.
  (text, next) => JSON.stringify(JSON.parse(text), null, next(3)),
  (text, next) => text.replace(/,/g, () => [',', ', ', ',\n'][next(3)]!),
  (text) => `${text} `,
  // Escaped strings: the same value, another text.
  (text) => text.replace(/"(\d)/, (_, d: string) => `"\\u003${d}`),
  (text) => text.replace('"s":"', '"s":"\\n'),
  // Strings JSON does not allow: an unknown escape, a raw control character.
  (text) => text.replace('"s":"', '"s":"\\q'),
  (text) => text.replace('"s":"', '"s":"\t'),
  // Numbers JSON.parse reads differently.
  (text) => text.replace(/"E":(\d+)/, '"E":$1.0'),
  (text) => text.replace(/"E":(\d+)/, '"E":99999999999999999999'),
  // Any single character added, removed or replaced: mostly malformed JSON.
  (text, next) => {
    const at = next(text.length);
    return `${text.slice(0, at)}${'"[]{},:.-0e\\ x'[next(15)]}${text.slice(at)}`;
  },
  (text, next) => {
    const at = next(text.length);
    return `${text.slice(0, at)}${text.slice(at + 1)}`;
  },
  (text, next) => {
    const at = next(text.length);
    return `${text.slice(0, at)}${'"0.]x'[next(5)]}${text.slice(at + 1)}`;
  },
];

/** Frames of `frame` with one or two of `changes`; the choices inside a change come from generated numbers. */
export function changedFrames(frame: fc.Arbitrary<string>, changes: readonly FrameChange[]): fc.Arbitrary<string> {
  return fc.tuple(frame, fc.array(fc.nat(changes.length - 1), { minLength: 1, maxLength: 2 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }))
    .map(([text, chosen, picks]) => {
      let i = 0;
      const next: Next = (n) => picks[i++ % picks.length]! % Math.max(1, n);
      // A change that re-reads the JSON keeps a frame an earlier change has already broken.
      return chosen.reduce((changed, change) => {
        try {
          return changes[change]!(changed, next);
        } catch {
          return changed;
        }
      }, text);
    });
}
