import { describe, expect, it } from 'vitest';
import { ANSI, LiveScreen, type Terminal } from '../../src/cli/live-screen.js';

/** A terminal that records every write. */
function fakeTerminal(size: { columns?: number; rows?: number } = {}): Terminal & { writes: string[] } {
  const writes: string[] = [];
  return { ...size, writes, write: (text: string) => writes.push(text) };
}

describe('LiveScreen', () => {
  it('hides the cursor, then redraws the live area in place: up over the lines drawn, clear, write', () => {
    const terminal = fakeTerminal();
    const screen = new LiveScreen(terminal);
    screen.update(['status', 'line 1']);
    screen.update(['status', 'line 2']);
    expect(terminal.writes).toEqual([
      ANSI.hideCursor,
      'status\nline 1\n',
      `\r${ANSI.up(2)}${ANSI.clearDown}status\nline 2\n`,
    ]);
  });

  it('writes lines that stay above the live area, in the same write as the redraw', () => {
    const terminal = fakeTerminal();
    const screen = new LiveScreen(terminal);
    screen.update(['area']);
    screen.log('closed candle');
    screen.update(['area', 'grown'], ['order FILLED']);
    expect(terminal.writes.slice(1)).toEqual([
      'area\n',
      `\r${ANSI.up(1)}${ANSI.clearDown}closed candle\narea\n`,
      `\r${ANSI.up(1)}${ANSI.clearDown}order FILLED\narea\ngrown\n`,
    ]);
  });

  it('cuts the live area to the terminal, so no line wraps and the cursor moves back exactly', () => {
    const terminal = fakeTerminal({ columns: 6, rows: 3 });
    const screen = new LiveScreen(terminal);
    screen.update(['0123456789', 'b', 'c', 'd']);
    screen.update(['x']);
    expect(terminal.writes.slice(1)).toEqual(['01234\nb\n', `\r${ANSI.up(2)}${ANSI.clearDown}x\n`]);
  });

  it('close leaves the last area on screen, writes the closing lines under it and shows the cursor once', () => {
    const terminal = fakeTerminal();
    const screen = new LiveScreen(terminal);
    screen.update(['area']);
    screen.close(['stopped']);
    screen.close();
    screen.update(['ignored']);
    expect(terminal.writes.slice(1)).toEqual(['area\n', `stopped\n${ANSI.showCursor}`]);
  });
});
