import type { BinanceConnector } from '../binance/index.js';
import type { StreamStateChange, StreamSubscription } from '../core/stream/events.js';
import type { CliIo, StopSignal } from './cli-io.js';
import { countText, isoTime, type CountedItems } from './format.js';
import { LiveScreen, type Terminal } from './live-screen.js';
import { warn, writeLine } from './output.js';

/** Why a stream command stopped. */
export type StopReason = 'count' | 'duration' | 'SIGINT' | 'SIGTERM' | 'failed';

/** When a stream command stops by itself; without either it runs until a signal. */
export interface StreamLimits {
  /** Stop after this many counted events. */
  count?: number | undefined;
  /** Stop after this many milliseconds of streaming. */
  durationMs?: number | undefined;
}

/** How one kind of stream is shown in each output mode. */
export interface StreamPresenter<T> {
  /** What is streamed, for people: `BTCUSDT 1s candles`. */
  readonly title: string;
  /** Fields of the `subscribed` JSON line: what is streamed and from where. */
  readonly subject: Record<string, unknown>;
  /** One JSON object, `event` first. */
  json(value: T): Record<string, unknown>;
  /** One line of plain text. */
  line(value: T): string;
  /** Live view: a line that stays above the live area (a closed candle, an order event), if any. */
  log(value: T): string | undefined;
  /** Live view: the live area after this value (the forming candle, the book); undefined keeps the last one. */
  area(value: T, size: { rows: number | undefined }): string[] | undefined;
  /** True when the value counts towards `--count`. */
  counts(value: T): boolean;
  /** What `counts` counts, singular and plural; the summary and the live status name it, so they say what `--count` stops at. */
  readonly counted: CountedItems;
  /** The error that ends the command when the value says the stream cannot go on (a refused or failed user-data subscription). */
  fatal?(value: T): Error | undefined;
  /** A warning for a person when the value says something may be missing (an incomplete recovery). */
  warning?(value: T): string | undefined;
}

/** Where a stream command writes, in one of three modes. */
interface StreamOutput<T> {
  subscribed(): void;
  value(value: T, count: number): void;
  state(change: StreamStateChange): void;
  warning(message: string): void;
  stopped(reason: StopReason, count: number): void;
}

const STOP_TEXT: Readonly<Record<StopReason, string>> = {
  count: 'count reached', duration: 'duration elapsed', SIGINT: 'interrupted', SIGTERM: 'terminated', failed: 'the stream failed',
};

function stateText(change: StreamStateChange): string {
  const name = change.stream === 'market' ? `market stream connection ${change.connection}` : 'user-data connection';
  return `${name}: ${change.from} -> ${change.to}`;
}

/** One JSON object per line: `subscribed`, then the events, `state` changes as they happen, and `stopped`. */
function jsonOutput<T>(io: CliIo, presenter: StreamPresenter<T>): StreamOutput<T> {
  return {
    subscribed: () => writeLine(io, JSON.stringify({ event: 'subscribed', ...presenter.subject, time: Date.now() })),
    value: (value) => writeLine(io, JSON.stringify(presenter.json(value))),
    state: (change) => writeLine(io, JSON.stringify({ event: 'state', ...change, time: Date.now() })),
    warning: (message) => warn(io, true, message),
    stopped: (reason, count) => writeLine(io, JSON.stringify({ event: 'stopped', reason, count, counted: presenter.counted.many, time: Date.now() })),
  };
}

/** Plain lines, for pipes and files: one per event or state change. */
function plainOutput<T>(io: CliIo, presenter: StreamPresenter<T>): StreamOutput<T> {
  return {
    subscribed: () => writeLine(io, `${isoTime(Date.now())} subscribed to ${presenter.title}`),
    value: (value) => writeLine(io, presenter.line(value)),
    state: (change) => writeLine(io, `${isoTime(Date.now())} ${stateText(change)}`),
    warning: (message) => warn(io, false, message),
    stopped: (reason, count) => writeLine(io, `${isoTime(Date.now())} stopped (${STOP_TEXT[reason]}) after ${countText(count, presenter.counted)}`),
  };
}

/** The terminal view: events that matter stay on screen, the current state is redrawn in place under them. */
function liveOutput<T>(presenter: StreamPresenter<T>, terminal: Terminal): StreamOutput<T> & { close(): void } {
  const screen = new LiveScreen(terminal);
  const connections = new Map<string, string>();
  let area: string[] = ['waiting for the first event...'];
  let count = 0;
  let last: number | undefined;
  const status = (): string => {
    const states = [...connections].map(([name, state]) => `${name} ${state}`).join(', ') || 'connecting';
    const at = last === undefined ? '' : ` (last ${isoTime(last)})`;
    return `${presenter.title} | ${states} | ${presenter.counted.many}: ${count}${at} | Ctrl-C stops`;
  };
  const draw = (log?: string): void => screen.update([status(), ...area], log === undefined ? [] : [log]);
  return {
    subscribed: () => draw(`${isoTime(Date.now())} subscribed to ${presenter.title}`),
    value: (value, n) => {
      count = n;
      last = Date.now();
      area = presenter.area(value, { rows: terminal.rows === undefined ? undefined : terminal.rows - 2 }) ?? area;
      draw(presenter.log(value));
    },
    state: (change) => {
      connections.set(change.stream === 'market' ? `market#${change.connection}` : 'user-data', change.to);
      draw(`${isoTime(Date.now())} ${stateText(change)}`);
    },
    // Kept on screen rather than written to stderr, which shares the terminal and would break the redraw.
    warning: (message) => draw(`${isoTime(Date.now())} warning: ${message}`),
    stopped: (reason, n) => {
      count = n;
      draw();
      screen.close([`${isoTime(Date.now())} stopped (${STOP_TEXT[reason]}) after ${countText(n, presenter.counted)}`]);
    },
    close: () => screen.close(),
  };
}

/** Resolves with the first of: the count reached, the duration elapsed, SIGINT, SIGTERM. */
class StopCondition {
  readonly stopped: Promise<StopReason>;
  #resolve: (reason: StopReason) => void = () => undefined;
  #reason: StopReason | undefined;
  #timer: NodeJS.Timeout | undefined;
  #count = 0;
  #error: Error | undefined;
  readonly #limit: number | undefined;
  readonly #releaseSignals: () => void;

  /** `leaveNow` runs on a second signal, which means "now": leave without the clean shutdown. */
  constructor(limits: StreamLimits, io: CliIo, leaveNow: () => void) {
    this.stopped = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.#limit = limits.count;
    this.#releaseSignals = io.onSignal(['SIGINT', 'SIGTERM'], (signal: StopSignal) => {
      if (this.#reason === 'SIGINT' || this.#reason === 'SIGTERM') {
        leaveNow();
        io.exitNow(signal === 'SIGINT' ? 130 : 143);
      }
      this.stop(signal);
    });
    if (limits.durationMs !== undefined) this.#timer = setTimeout(() => this.stop('duration'), limits.durationMs);
  }

  /** True once a stop condition was met. */
  get done(): boolean {
    return this.#reason !== undefined;
  }

  /** Counted events so far. */
  get count(): number {
    return this.#count;
  }

  /** Counts one event; stops when the count is reached. */
  counted(): void {
    this.#count += 1;
    if (this.#limit !== undefined && this.#count >= this.#limit) this.stop('count');
  }

  /** The error that stopped the stream, if one did. */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Stops because the stream cannot go on; `error` is what the command then fails with. */
  fail(error: Error): void {
    if (this.#reason !== undefined) return;
    this.#error = error;
    this.stop('failed');
  }

  stop(reason: StopReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#resolve(reason);
  }

  /** Removes the timer; signal handlers stay until `release()` so a Ctrl-C during shutdown is still caught. */
  release(): void {
    clearTimeout(this.#timer);
    this.#releaseSignals();
  }
}

/** Longest wait for an unsubscribe during shutdown: during an outage it cannot be confirmed, and disconnect closes everything anyway. */
const UNSUBSCRIBE_WAIT_MS = 2000;

async function unsubscribeQuickly(subscription: StreamSubscription): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    subscription.unsubscribe().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, UNSUBSCRIBE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}

/** How a stream command runs. */
export interface StreamRunOptions {
  /** Where the lines go and where stop signals come from. */
  io: CliIo;
  json: boolean;
  limits: StreamLimits;
  /** The live view's terminal; plain lines when undefined. @default io.stdout when it is a TTY */
  terminal?: Terminal | undefined;
}

/**
 * Streams until a stop condition: subscribes, shows state changes and events (one JSON line each,
 * plain lines, or a live view on a terminal), then unsubscribes. The caller's connector is
 * disconnected by the caller. Resolves with why it stopped; rejects with the presenter's fatal
 * error when the stream cannot go on.
 */
export async function runStream<T>(
  connector: BinanceConnector,
  presenter: StreamPresenter<T>,
  subscribe: (deliver: (value: T) => void) => Promise<StreamSubscription>,
  options: StreamRunOptions,
): Promise<StopReason> {
  const { io } = options;
  const terminal = options.terminal ?? (io.stdout.isTTY === true ? io.stdout : undefined);
  const live = !options.json && terminal !== undefined ? liveOutput(presenter, terminal) : undefined;
  const output: StreamOutput<T> = live ?? (options.json ? jsonOutput(io, presenter) : plainOutput(io, presenter));
  // A second Ctrl-C leaves at once; the terminal still gets its cursor back.
  const stop = new StopCondition(options.limits, io, () => live?.close());
  // Events that arrive before the subscription is confirmed wait, so `subscribed` is always the first line.
  let early: T[] | undefined = [];
  const deliver = (value: T): void => {
    if (stop.done) return;
    if (early !== undefined) {
      early.push(value);
      return;
    }
    if (presenter.counts(value)) stop.counted();
    output.value(value, stop.count);
    const fatal = presenter.fatal?.(value);
    if (fatal !== undefined) stop.fail(fatal);
    const warning = presenter.warning?.(value);
    if (warning !== undefined) output.warning(warning);
  };
  const removeStateListener = connector.onStreamState((change) => {
    if (!stop.done) output.state(change);
  });
  let subscription: StreamSubscription | undefined;
  try {
    // A stream that cannot be reached rejects the subscription after the connector's
    // streams.requestTimeoutMs; a signal or the duration may end the command before that, and
    // the disconnect ends that wait.
    const subscribing = subscribe(deliver);
    subscribing.catch(() => undefined);
    const first = await Promise.race([subscribing, stop.stopped]);
    if (typeof first === 'string') {
      removeStateListener();
      output.stopped(first, stop.count);
      return first;
    }
    subscription = first;
    output.subscribed();
    const held = early;
    early = undefined;
    for (const value of held) deliver(value);
    const reason = await stop.stopped;
    removeStateListener();
    await unsubscribeQuickly(subscription);
    output.stopped(reason, stop.count);
    if (stop.error !== undefined) throw stop.error;
    return reason;
  } finally {
    removeStateListener();
    stop.release();
    live?.close();
    if (subscription !== undefined && !stop.done) await unsubscribeQuickly(subscription);
  }
}
