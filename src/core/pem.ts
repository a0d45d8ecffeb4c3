/**
 * A PEM key kept on one line (a `.env` file, a CI variable) carries `\n` escapes instead of line
 * breaks. Text that already has a line break is a real PEM and is left as it is.
 */
export function unescapePem(text: string): string {
  return text.includes('\n') ? text : text.replaceAll('\\n', '\n');
}
