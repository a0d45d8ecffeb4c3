/** Where a live view draws: a terminal (stdout when it is a TTY). */
export interface Terminal {
  write(text: string): unknown;
  /** Width in characters; lines of the live area are cut to fit. */
  readonly columns?: number | undefined;
  /** Height in lines; the live area is cut to fit. */
  readonly rows?: number | undefined;
}

const CSI = '\x1b[';

/** The ANSI escape sequences the live view uses (VT100, understood by every terminal in use). */
export const ANSI = {
  hideCursor: `${CSI}?25l`,
  showCursor: `${CSI}?25h`,
  /** Moves the cursor up `n` lines. */
  up: (n: number): string => `${CSI}${n}A`,
  /** Clears from the cursor to the end of the screen. */
  clearDown: `${CSI}0J`,
} as const;

/**
 * A terminal screen with two parts: lines that stay (a log that scrolls, such as closed candles,
 * order events, connection changes) and, under them, a live area redrawn in place. Each redraw
 * moves the cursor back to the top of the live area, clears to the end of the screen and writes
 * the area again in one write, so the terminal never shows half a frame.
 */
export class LiveScreen {
  readonly #terminal: Terminal;
  #area: readonly string[] = [];
  /** Lines of the live area on screen now. */
  #drawn = 0;
  #closed = false;

  constructor(terminal: Terminal) {
    this.#terminal = terminal;
    terminal.write(ANSI.hideCursor);
  }

  /** Adds a line that stays, above the live area. */
  log(line: string): void {
    this.update(this.#area, [line]);
  }

  /** Replaces the live area and adds `logLines` above it, in one write. */
  update(area: readonly string[], logLines: readonly string[] = []): void {
    this.#area = area;
    this.#paint(logLines);
  }

  /** Leaves the last live area on screen, writes `after` under it, and gives the cursor back; calling it again does nothing. */
  close(after: readonly string[] = []): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#terminal.write(`${after.map((line) => `${line}\n`).join('')}${ANSI.showCursor}`);
  }

  #paint(logLines: readonly string[]): void {
    if (this.#closed) return;
    let text = this.#drawn > 0 ? `\r${ANSI.up(this.#drawn)}${ANSI.clearDown}` : '';
    for (const line of logLines) text += `${line}\n`;
    const area = this.#fit(this.#area);
    for (const line of area) text += `${line}\n`;
    this.#drawn = area.length;
    this.#terminal.write(text);
  }

  /** Cuts the live area to the terminal: a line that wrapped would break the count of lines to move up. */
  #fit(lines: readonly string[]): string[] {
    const { columns, rows } = this.#terminal;
    const height = rows === undefined || rows < 2 ? lines.length : Math.min(lines.length, rows - 1);
    const width = columns === undefined || columns < 2 ? Number.POSITIVE_INFINITY : columns - 1;
    return lines.slice(0, height).map((line) => (line.length > width ? line.slice(0, width) : line));
  }
}
