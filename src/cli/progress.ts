import type { CliOutput } from './cli-io.js';

/** Progress of a long download, shown on stderr. */
export interface Progress {
  /** Sets how many items are done. */
  update(done: number): void;
  /** Removes the timer and leaves the last state on screen. */
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A bar with count, rate and ETA on stderr, or nothing: only a person at a terminal wants it, and
 * it must never mix into stdout data or `--json` output.
 */
export async function createProgress(stderr: CliOutput, label: string, total: number, enabled: boolean): Promise<Progress> {
  if (!enabled || stderr.isTTY !== true || total <= 0) return SILENT;
  // Loaded only when a bar is shown: scripts and pipes never pay for it.
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    stream: stderr,
    format: `${label} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 20,
    fps: 5,
  });
  const started = performance.now();
  bar.start(total, 0, { rate: '0' });
  return {
    update(done) {
      const seconds = (performance.now() - started) / 1000;
      // Estimates can undercount variable-length intervals (months); grow the total instead of overflowing it.
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { rate: seconds > 0 ? String(Math.round(done / seconds)) : '0' });
    },
    stop: () => bar.stop(),
  };
}
