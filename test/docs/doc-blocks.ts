import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One ```ts block of a Markdown file. */
export interface DocBlock {
  /** Path relative to the repository root, such as `docs/SIMULATOR.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** True when `<!-- example -->` precedes the fence: the block is run, not only type-checked. */
  runnable: boolean;
  /** Texts the block promises to print, from its `// prints: <text>` comments, in order. */
  prints: string[];
}

/** Marks the next ```ts block as a complete program that the docs test runs. */
export const EXAMPLE_MARKER = '<!-- example -->';

/** Every ```ts block of `file` (relative to `root`), with its marker and promised output. */
export function docBlocks(root: string, file: string): DocBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i]!.trim() !== '```'; i += 1) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`${file}:${start + 1}: unclosed \`\`\`ts block`);
    let previous = start - 1;
    while (previous >= 0 && lines[previous]!.trim() === '') previous -= 1;
    const code = body.join('\n');
    blocks.push({
      file,
      line: start + 1,
      code,
      runnable: previous >= 0 && lines[previous]!.trim() === EXAMPLE_MARKER,
      prints: [...code.matchAll(/\/\/ prints: (.+)$/gm)].map((match) => match[1]!.trim()),
    });
  }
  return blocks;
}
