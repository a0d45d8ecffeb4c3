import { readFileSync } from 'node:fs';

/**
 * The response examples of rest-api.md's "Cancel an Existing Order and Send a New Order" and "Order
 * Amend Keep Priority" (test/spec/fixtures/cancel-replace.md), by the line that introduces each.
 */

/** One documented answer: the line before it (without bold marks) and its JSON. */
export interface DocExample {
  title: string;
  body: Record<string, unknown>;
}

const FIXTURE = new URL('../spec/fixtures/cancel-replace.md', import.meta.url);

/** Every example of the fixture, in its order; `//` comments removed as JSON has none. */
export const CANCEL_REPLACE_EXAMPLES: readonly DocExample[] = [
  ...readFileSync(FIXTURE, 'utf8').matchAll(/^(\*\*.+\*\*|Response for .+:)\n+```(?:javascript|json)\n([\s\S]*?)```/gm),
].map((m) => ({ title: m[1]!.replace(/\*\*/g, ''), body: JSON.parse(m[2]!.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown> }));

/** The example whose introducing line starts with `start`; throws naming the titles when there is none. */
export function docExample(start: string): Record<string, unknown> {
  const found = CANCEL_REPLACE_EXAMPLES.find((e) => e.title.startsWith(start));
  if (found === undefined) throw new Error(`no example "${start}" in cancel-replace.md: ${CANCEL_REPLACE_EXAMPLES.map((e) => e.title).join(' | ')}`);
  return found.body;
}
