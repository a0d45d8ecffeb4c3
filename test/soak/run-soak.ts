import { createHash } from 'node:crypto';
import process from 'node:process';
import { BinanceConnector } from '../../src/binance/index.js';
import { ExchangeError } from '../../src/core/errors.js';
import type { AccountTrade, OrderList } from '../../src/core/models.js';
import type { SocketState } from '../../src/core/stream/socket-types.js';
import type { StreamSubscription } from '../../src/core/stream/events.js';
import { generator } from '../support/seeded.js';
import { CandleRecorder } from './candles.js';
import { CUTS, describeFault, describeSchedule, LASTING, planChaos, type ChaosSegment } from './fault-schedule.js';
import { Findings, type Finding } from './findings.js';
import { type AccountKeys, type ExchangeOrder, type ExchangeOrderList, Oracle } from './oracle.js';
import { BOOK_DEPTH, OrderBookRecorder } from './order-books.js';
import { OrderUpdateRecorder } from './order-updates.js';
import { describeError, PlacementLedger } from './placements.js';
import type { ListPlacement } from './protections.js';
import { AccountBook } from './reconcile.js';
import { startSimChild, type SimChild } from './sim-child.js';
import { startTruncatingProxy, type Truncation } from './truncating-proxy.js';
import { act, TRADED_SYMBOLS, verifyHistory, type Trader, type WorkloadContext } from './workload.js';

/**
 * The chaos soak: four connectors (two accounts, each with one connector placing orders over
 * REST through a proxy that truncates some answers and one over the WebSocket API) against one
 * simulator in a child process, under the seeded fault schedule, while the seeded workload
 * trades (stops, trailing stops and order lists among its orders), subscribes to candles, books
 * and order updates and reads long candle histories, and the market is moved through triggers
 * now and then. At each quiet point (workload paused, faults cleared, streams settled, everything
 * cancelled with cancelAllOrders) everything is compared with the exchange: orders and lists,
 * order updates, fills and fees, balances; at the end, the heap and the handles left.
 */

/** Options of one run. */
export interface SoakOptions {
  /** Seconds of faults and workload (quiet points come on top). */
  readonly seconds: number;
  readonly seed: number;
  /** Receives progress and report lines. */
  readonly log: (line: string) => void;
  /** Longest stretch of faults between two quiet points. @default 30 */
  readonly segmentSeconds?: number;
  /** Progress line interval. @default 5000 */
  readonly progressEveryMs?: number;
}

/** The outcome of a run. */
export interface SoakReport {
  readonly ok: boolean;
  readonly seed: number;
  readonly seconds: number;
  readonly findings: readonly Finding[];
  readonly failuresByCheck: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  readonly heapMb: { readonly start: number; readonly end: number; readonly limit: number } | undefined;
  readonly schedule: readonly string[];
  /** The faults as applied, in run time, with the quiet points. */
  readonly applied: readonly string[];
}

/**
 * "Flat heap": the heap after GC at the last quiet point may exceed the one after the first
 * segment's quiet point by at most this much plus HEAP_GROWTH_RATIO of it. Bounded caches that
 * fill over a run (each connector's order tracker keeps 1000 finished orders) fit in it; a leak
 * per reconnect, per order or per candle over a long run does not.
 */
export const HEAP_GROWTH_MB = 12;
/** Relative part of the heap tolerance. */
export const HEAP_GROWTH_RATIO = 0.1;

/** Share of REST placements whose answer the proxy spoils, in 1/256. */
const TRUNCATE_SHARE = 24;
/** Simulator stream timing: pings every second, a dead connection cut after 3 s. */
const SIM_TIMING = { pingIntervalMs: 1_000, pongTimeoutMs: 3_000 };
/** Connector stream options: a silent connection is replaced after 3 s. */
const STREAM_OPTIONS = { staleAfterMs: 3_000 };
const WARM_UP_MS = 4_000;
const SETTLE_TIMEOUT_MS = 30_000;
/** Longest wait at a quiet point for the order updates of the exchange's final states. */
const UPDATES_TIMEOUT_MS = 15_000;
/** Share of a rate-limit window used from which a connector's next recovery read may have to wait for the window's end. */
const LIMITER_FULL = 0.95;
const PAUSE_TIMEOUT_MS = 60_000;
/** Market moves during the faults: one every MOVE_EVERY_MS plus up to as much again, 0.5 % to 2.5 % up or down, at once or over up to 3 s. */
const MOVE_EVERY_MS = 2_500;

interface Participant extends Trader {
  readonly orderEntry: 'rest' | 'ws-api';
  readonly updates: OrderUpdateRecorder;
  readonly candles: CandleRecorder[];
  readonly books: OrderBookRecorder[];
  readonly subscriptions: StreamSubscription[];
  readonly states: Map<string, SocketState>;
  recovering: boolean;
  /** 418 answers counted at the last quiet point. */
  banned: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The subscriptions of each participant: one 1s and one 1m candle stream and one book, spread over the symbols. */
const PLAN = [
  { name: 'A-rest', account: 0, orderEntry: 'rest', second: 'BTCUSDT', minute: 'ETHUSDT', book: 'BTCUSDT' },
  { name: 'A-wsapi', account: 0, orderEntry: 'ws-api', second: 'ETHUSDT', minute: 'BTCUSDT', book: 'ETHUSDT' },
  { name: 'B-rest', account: 1, orderEntry: 'rest', second: 'BNBUSDT', minute: 'BNBUSDT', book: 'BNBUSDT' },
  { name: 'B-wsapi', account: 1, orderEntry: 'ws-api', second: 'BTCUSDT', minute: 'ETHUSDT', book: 'BTCUSDT' },
] as const;

/** Runs the soak; resolves with its report (it does not throw on a failed check). */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { seed, log } = options;
  const totalMs = Math.round(options.seconds * 1000);
  const segmentMs = Math.round((options.segmentSeconds ?? Math.min(30, Math.max(5, options.seconds / 2))) * 1000);
  const findings = new Findings(Date.now());
  const onUnhandled = (reason: unknown): void => findings.fail('unhandled-rejection', describeError(reason));
  const onUncaught = (error: Error): void => findings.fail('unhandled-rejection', `uncaught exception: ${describeError(error)}`);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);

  const runId = `soak${seed.toString(36)}`;
  const accounts: AccountKeys[] = ['a', 'b'].map((name) => ({
    apiKey: `soakAccount${name.toUpperCase()}${seed}`.padEnd(64, '0'),
    apiSecret: `soakSecret${name.toUpperCase()}${seed}`.padEnd(64, '0'),
  }));
  const balances = { USDT: '1000000', BTC: '20', ETH: '400', BNB: '2000' };
  const segments = planChaos(seed, { totalMs, segmentMs, apiKeys: accounts.map((a) => a.apiKey) });
  const schedule = describeSchedule(segments);
  log(`fault schedule: ${segments.reduce((n, s) => n + s.events.length, 0)} events in ${segments.length} segment(s), digest ${createHash('sha256').update(schedule.join('\n')).digest('hex').slice(0, 12)} (the same seed gives the same digest)`);
  const counts = { faults: 0, skippedFaults: 0, weightWaits: 0, quietPoints: 0 };
  /** Faults as applied, in run time (quiet points included), for failure reports. */
  const applied: string[] = [];
  let heap: SoakReport['heapMb'];

  const sim: SimChild = await startSimChild({ seed, accounts: accounts.map((a) => ({ ...a, balances })), timing: SIM_TIMING });
  const oracle = new Oracle(sim.restUrl, (body) => findings.fail('no-418', `a quiet-point read was answered 418, the IP is banned: ${body.slice(0, 160)}`));
  const resourcesBefore = countResources();
  const truncate = (clientOrderId: string): Truncation | undefined => {
    const digest = createHash('sha256').update(`${seed}:${clientOrderId}`).digest();
    if (digest[0]! >= TRUNCATE_SHARE) return undefined;
    return digest[1]! % 2 === 0 ? 'short' : 'cut';
  };
  const proxy = await startTruncatingProxy(sim.restUrl, truncate);
  const ledger = new PlacementLedger(findings, (id) => proxy.truncated.get(id));
  const context: WorkloadContext = {
    runId, findings, ledger, history: [], prices: new Map(), listPlacements: [],
    counts: { cancels: 0, historyReads: 0, historyCandles: 0, readErrors: 0, stops: 0, lists: 0, listCancels: 0, cancelAlls: 0 },
  };
  const books = accounts.map((keys, index) => new AccountBook(index, keys, balances, findings));
  const moves = { count: 0, failed: 0 };

  const participants: Participant[] = [];
  let stopped = false;
  let paused = true;
  let progress: NodeJS.Timeout | undefined;
  const loops: Promise<void>[] = [];
  try {
    for (const [index, plan] of PLAN.entries()) {
      const account = accounts[plan.account]!;
      const next = generator(seed * 31 + index + 1);
      const connector = new BinanceConnector({
        environment: 'sim',
        restUrl: plan.orderEntry === 'rest' ? proxy.url : sim.restUrl,
        wsStreamUrl: sim.wsStreamUrl,
        wsApiUrl: sim.wsApiUrl,
        apiKey: account.apiKey,
        apiSecret: account.apiSecret,
        orderEntry: plan.orderEntry,
        requestTimeoutMs: 5_000,
        streams: STREAM_OPTIONS,
        // Its own sequence: reconnect jitter draws as often as timing dictates, and must not shift the workload's.
        random: (() => {
          const jitter = generator(seed * 31 + index + 1_000);
          return () => jitter(2 ** 32) / 2 ** 32;
        })(),
      });
      const participant: Participant = {
        name: plan.name, account: plan.account, connector, next, open: new Map(), lists: new Map(), placements: 0, busy: false,
        orderEntry: plan.orderEntry, updates: new OrderUpdateRecorder(plan.name, findings),
        candles: [
          new CandleRecorder(`${plan.name} ${plan.second}@1s`, plan.second, '1s', findings),
          new CandleRecorder(`${plan.name} ${plan.minute}@1m`, plan.minute, '1m', findings),
        ],
        books: [new OrderBookRecorder(`${plan.name} ${plan.book} book`, plan.book, findings)],
        subscriptions: [], states: new Map(), recovering: false, banned: 0,
      };
      connector.onStreamState((change) => {
        participant.states.set(`${change.stream}:${change.connection}`, change.to);
        if (change.stream === 'user-data' && change.from === 'open' && change.to !== 'open') participant.recovering = true;
        participant.updates.onState(change);
      });
      await connector.connect();
      participant.subscriptions.push(await connector.subscribeOrderUpdates((event) => {
        if (event.type === 'stream' && event.status === 'resubscribed') participant.recovering = false;
        participant.updates.onEvent(event);
      }));
      for (const recorder of participant.candles) {
        participant.subscriptions.push(await connector.subscribeCandlesticks(recorder.symbol, recorder.interval, (candle) => recorder.onCandle(candle)));
      }
      for (const recorder of participant.books) {
        participant.subscriptions.push(await connector.subscribeOrderBook(recorder.symbol, (book) => recorder.onBook(book), { depth: BOOK_DEPTH }));
      }
      participants.push(participant);
    }

    const settled = (): boolean => participants.every((p) => !p.recovering && [...p.states.values()].every((s) => s === 'open' || s === 'closed'));
    /**
     * When a connector's limiter holds its requests (a window nearly used up, or a 429's pause),
     * its recovery cannot finish before that ends: the latest such end, as the connectors report it.
     */
    const limiterHeldUntil = (): number => {
      let until = 0;
      for (const participant of participants) {
        const { windows, pausedUntil } = participant.connector.metrics().rateLimits;
        until = Math.max(until, pausedUntil ?? 0);
        for (const window of windows) if (window.used >= window.limit * LIMITER_FULL) until = Math.max(until, window.resetsAt);
      }
      return until;
    };
    /** Waits for the streams to settle: SETTLE_TIMEOUT_MS, counted from the end of any limiter hold met on the way. */
    const waitForSettled = async (): Promise<boolean> => {
      let deadline = Date.now() + SETTLE_TIMEOUT_MS;
      while (!settled()) {
        if (Date.now() > deadline) {
          const held = limiterHeldUntil();
          if (held + SETTLE_TIMEOUT_MS <= deadline) return false;
          deadline = held + SETTLE_TIMEOUT_MS;
        }
        await sleep(50);
      }
      return true;
    };
    const waitFor = async (predicate: () => boolean, timeoutMs: number): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) return false;
        await sleep(50);
      }
      return true;
    };

    for (const participant of participants) {
      loops.push((async () => {
        while (!stopped) {
          if (paused) {
            await sleep(50);
            continue;
          }
          participant.busy = true;
          try {
            await act(context, participant);
          } finally {
            participant.busy = false;
          }
          await sleep(300 + participant.next(900));
        }
      })());
    }

    // The market moved on purpose through the triggers of stops and lists, while the faults run.
    loops.push((async () => {
      const next = generator(seed * 31 + 7_777);
      while (!stopped) {
        await sleep(MOVE_EVERY_MS + next(MOVE_EVERY_MS));
        const symbol = TRADED_SYMBOLS[next(TRADED_SYMBOLS.length)]!;
        const permille = (next(2) === 0 ? -1 : 1) * (5 + next(21));
        const overMs = next(4) * 1_000;
        if (paused || stopped) continue;
        try {
          const moved = await sim.move({ symbol, permille, overMs });
          moves.count += 1;
          applied.push(`${findings.now().padStart(6)} s market ${symbol} ${moved.from} → ${moved.to} over ${overMs} ms`);
        } catch (error) {
          moves.failed += 1;
          findings.fail('simulator', `moving ${symbol} by ${permille}‰ over ${overMs} ms failed: ${describeError(error)}`);
        }
      }
    })());

    let faultElapsed = 0;
    let segmentStarted: number | undefined;
    const started = Date.now();
    // The REQUEST_WEIGHT the four connectors share (one IP), as the latest response headers told each of them.
    const ipWeight = (): string => {
      const used = participants.map((p) => p.connector.metrics().rateLimits.windows.find((w) => w.id === 'REQUEST_WEIGHT_1M')?.used ?? 0);
      return `${Math.max(...used)}/min`;
    };
    const line = (): string => {
      const elapsed = (faultElapsed + (segmentStarted === undefined ? 0 : Date.now() - segmentStarted)) / 1000;
      const candles = participants.flatMap((p) => p.candles);
      const books = participants.flatMap((p) => p.books);
      const c = ledger.counts;
      return `[soak ${elapsed.toFixed(0).padStart(4)}/${options.seconds} s, ${((Date.now() - started) / 1000).toFixed(0)} s wall] `
        + `orders ${c.placed + c.rejected + c.unknown} (placed ${c.placed}, refused ${c.rejected}, unknown ${c.unknown}, truncated ${proxy.truncated.size}) · `
        + `cancels ${context.counts.cancels} · faults ${counts.faults} · `
        + `candles ${candles.reduce((n, r) => n + r.counts.closed, 0)} closed/${candles.reduce((n, r) => n + r.counts.checked, 0)} checked · `
        + `books ${books.reduce((n, r) => n + r.counts.compared, 0)} compared · history ${context.counts.historyReads} · `
        + `quiet points ${counts.quietPoints} · IP weight ${ipWeight()} · failures ${findings.total}`;
    };
    progress = setInterval(() => log(line()), options.progressEveryMs ?? 5_000);

    const watermarks = new Map<string, number>();
    const verifiedIds = new Set<string>();
    const quietPoint = async (expectFlow: boolean, final: boolean): Promise<void> => {
      paused = true;
      applied.push(`${findings.now().padStart(6)} s quiet point ${counts.quietPoints + 1}: workload paused`);
      if (!await waitFor(() => participants.every((p) => !p.busy), PAUSE_TIMEOUT_MS)) {
        findings.fail('settle', `an action was still running ${PAUSE_TIMEOUT_MS / 1000} s after the workload paused`);
      }
      await sim.clear();
      if (!await waitForSettled()) {
        const states = participants.map((p) => `${p.name}: ${[...p.states].map(([k, v]) => `${k}=${v}`).join(' ')}${p.recovering ? ' (recovering)' : ''}`).join('; ');
        findings.fail('settle', `streams not settled ${SETTLE_TIMEOUT_MS / 1000} s after the faults were cleared (and any rate-limit wait ended): ${states}`);
      }
      await sleep(1_500);
      // The kill switch on every symbol with something open, so that no order changes while the exchange is compared.
      for (const [index, account] of accounts.entries()) {
        const canceller = participants.find((p) => p.account === index && p.orderEntry === 'rest')!;
        for (let round = 0; round < 5; round++) {
          const open = await oracle.openOrders(account, TRADED_SYMBOLS);
          const lists = await oracle.openOrderLists(account);
          if (open.length === 0 && lists.length === 0) break;
          for (const symbol of new Set([...open, ...lists].map((o) => o.symbol))) {
            await canceller.connector.cancelAllOrders(symbol).catch((error: unknown) => {
              if (!(error instanceof ExchangeError)) findings.fail('error-class', `${canceller.name}: cancelAllOrders(${symbol}) failed with ${describeError(error)}`);
            });
          }
          await sleep(300);
        }
      }
      for (const participant of participants) {
        participant.open.clear();
        participant.lists.clear();
      }
      await sleep(1_500);

      const ours: ExchangeOrder[] = [];
      for (const [index, account] of accounts.entries()) {
        for (const symbol of TRADED_SYMBOLS) {
          const key = `${index}:${symbol}`;
          const from = watermarks.get(key) ?? -1;
          for (const order of await oracle.allOrders(account, symbol)) {
            if (order.orderId <= from || !order.clientOrderId.startsWith(`${runId}-`)) continue;
            ours.push(order);
            watermarks.set(key, Math.max(watermarks.get(key) ?? -1, order.orderId));
          }
        }
      }
      const placedBy = new Map<string, { connector: string; startedAt: number; answered: boolean }>();
      for (const participant of participants) {
        for (const placement of ledger.placementsOf(participant.name)) {
          placedBy.set(placement.clientOrderId, { connector: placement.connector, startedAt: placement.startedAt, answered: placement.outcome?.kind === 'placed' });
        }
      }
      ledger.verify(ours, (id) => id.startsWith(`${runId}-`), verifiedIds);
      const ordersOf = (participant: Participant): ExchangeOrder[] => ours.filter((o) => placedBy.get(o.clientOrderId) !== undefined
        && PLAN.find((p) => p.name === placedBy.get(o.clientOrderId)!.connector)!.account === participant.account);
      const listPlacements = context.listPlacements.splice(0);
      const listsOf = new Map<number, ListOfRun[]>();
      const tradesOf = new Map<number, Map<string, AccountTrade[]>>();
      for (const book of books) {
        const reader = participants.find((p) => p.account === book.index && p.orderEntry === 'rest')!;
        const trades = await book.newTrades(reader.connector, TRADED_SYMBOLS);
        tradesOf.set(book.index, trades);
        const exchangeLists = await book.newLists(oracle, (id) => id.startsWith(`${runId}-`));
        book.verifyLists(
          listPlacements.filter((p) => p.account === book.index), exchangeLists,
          new Map(ours.map((o) => [o.orderId, o])), trades,
        );
        listsOf.set(book.index, await readLists(reader, exchangeLists, listPlacements, findings));
        await book.verifyBalances(oracle);
      }
      // The last changes (the cancels above) reach the subscriptions a moment later, longer on a loaded machine: wait until they are in.
      await waitFor(() => participants.every((p) => p.updates.caughtUp(ordersOf(p)) && p.updates.listsCaughtUp(listsOf.get(p.account)!.map((l) => l.list))), UPDATES_TIMEOUT_MS);
      for (const participant of participants) {
        // Lists first: verify() then forgets the outages that ended, which may excuse a list as an order.
        participant.updates.verifyLists(listsOf.get(participant.account)!);
        participant.updates.verifyNotices(ordersOf(participant), final);
        participant.updates.verify(ordersOf(participant), placedBy, tradesOf.get(participant.account)!);
      }
      for (const participant of participants) {
        for (const recorder of participant.candles) await recorder.verify(oracle, expectFlow && recorder.interval === '1s');
        for (const recorder of participant.books) await recorder.verify(oracle, sleep);
        const { banned } = participant.connector.metrics();
        if (banned > participant.banned) findings.fail('no-418', `${participant.name} received ${banned - participant.banned} answer(s) with 418 (IP banned) since the last quiet point`);
        participant.banned = banned;
      }
      await verifyHistory(context, oracle);
      counts.quietPoints += 1;
      applied.push(`${findings.now().padStart(6)} s quiet point ${counts.quietPoints}: checked, workload resumes`);
    };

    // Warm-up without faults, then a first quiet point.
    paused = false;
    await sleep(WARM_UP_MS);
    await quietPoint(false, segments.length === 0);
    for (const [index, segment] of segments.entries()) {
      paused = false;
      segmentStarted = Date.now();
      await runSegment(segment, sim, participants, settled, waitFor, counts, log, (text) => applied.push(`${findings.now().padStart(6)} s ${text}`));
      await sleep(Math.max(0, segmentStarted + segment.lengthMs - Date.now()));
      faultElapsed += segment.lengthMs;
      segmentStarted = undefined;
      await quietPoint(segment.lengthMs >= 5_000, index === segments.length - 1);
      const sample = heapMb();
      if (index === 0) heap = { start: sample, end: sample, limit: sample * (1 + HEAP_GROWTH_RATIO) + HEAP_GROWTH_MB };
      else if (heap !== undefined) heap = { ...heap, end: sample };
      log(line());
    }
    if (heap !== undefined && heap.end > heap.limit) {
      findings.fail('heap', `heap after GC grew from ${heap.start.toFixed(1)} MB to ${heap.end.toFixed(1)} MB (limit ${heap.limit.toFixed(1)} MB)`);
    }
    if ((globalThis as { gc?: unknown }).gc === undefined) log('heap check skipped: run node with --expose-gc');
  } catch (error) {
    findings.fail('simulator', `the run stopped: ${describeError(error)}`);
  } finally {
    stopped = true;
    clearInterval(progress);
    await Promise.all(loops);
    await Promise.all(participants.map((p) => p.connector.disconnect().catch((error: unknown) => findings.fail('handles', `${p.name}: disconnect() failed: ${describeError(error)}`))));
    await proxy.close();
    await checkResources(resourcesBefore, findings);
    await sim.close().catch((error: unknown) => findings.fail('simulator', `closing the simulator failed: ${describeError(error)}`));
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
  }

  const summary: Record<string, number> = {
    placements: ledger.counts.placed + ledger.counts.rejected + ledger.counts.unknown,
    placed: ledger.counts.placed, refused: ledger.counts.rejected, unknown: ledger.counts.unknown, verifiedPlacements: ledger.counts.verified,
    truncatedAnswers: proxy.truncated.size, cancels: context.counts.cancels,
    stops: context.counts.stops, orderLists: context.counts.lists, listCancels: context.counts.listCancels, cancelAlls: context.counts.cancelAlls,
    marketMoves: moves.count,
    listsVerified: sum(books.map((b) => b.counts.listsVerified)),
    listsCheckedAgainstUpdates: sum(participants.map((p) => p.updates.counts.listsChecked)),
    listUpdates: sum(participants.map((p) => p.updates.counts.listUpdates)),
    protectionLostNotices: sum(participants.map((p) => p.updates.counts.notices)),
    fillsChecked: sum(participants.map((p) => p.updates.counts.fillsChecked)),
    tradesReconciled: sum(books.map((b) => b.counts.trades)),
    balancesChecked: sum(books.map((b) => b.counts.balancesChecked)), faults: counts.faults, skippedFaults: counts.skippedFaults, weightWaits: counts.weightWaits,
    quietPoints: counts.quietPoints, historyReads: context.counts.historyReads, historyCandles: context.counts.historyCandles,
    readErrors: context.counts.readErrors,
    closedCandles: sum(participants.flatMap((p) => p.candles.map((r) => r.counts.closed))),
    candlesChecked: sum(participants.flatMap((p) => p.candles.map((r) => r.counts.checked))),
    booksCompared: sum(participants.flatMap((p) => p.books.map((r) => r.counts.compared))),
    orderUpdates: sum(participants.map((p) => p.updates.counts.updates)),
    recoveredUpdates: sum(participants.map((p) => p.updates.counts.recovered)),
    ordersCheckedAgainstUpdates: sum(participants.map((p) => p.updates.counts.checked)),
    unseenExcused: sum(participants.map((p) => p.updates.counts.excused)),
    reconnects: sum(participants.map((p) => p.connector.metrics().streams.reconnects)),
    candleBackfills: sum(participants.map((p) => p.connector.metrics().streams.candleBackfills)),
    bookResyncs: sum(participants.map((p) => p.connector.metrics().streams.orderBookResyncs)),
    reconciliations: sum(participants.map((p) => p.connector.metrics().reconciliations)),
    answered429: sum(participants.map((p) => p.connector.metrics().rateLimited)),
    answered418: sum(participants.map((p) => p.connector.metrics().banned)),
  };
  return {
    ok: findings.total === 0,
    seed,
    seconds: options.seconds,
    findings: findings.list(),
    failuresByCheck: Object.fromEntries(findings.counts()),
    counts: summary,
    heapMb: heap,
    schedule,
    applied,
  };
}

/** An order list of the run as `getAllOrderLists` reports it, with who placed it. */
interface ListOfRun {
  readonly list: OrderList;
  readonly placedBy: { connector: string; startedAt: number; answered: boolean } | undefined;
}

/**
 * Reads the account's lists of the run with the connector (`getAllOrderLists` from the first of
 * them, one request of weight 20 rather than a `getOrderList` of weight 4 for each) and checks
 * each against the exchange's plain answer.
 */
async function readLists(reader: Participant, lists: readonly ExchangeOrderList[], placements: readonly ListPlacement[], findings: Findings): Promise<ListOfRun[]> {
  if (lists.length === 0) return [];
  let answered: OrderList[];
  try {
    answered = await reader.connector.getAllOrderLists({ fromId: String(lists[0]!.orderListId), limit: 1000 });
  } catch (error) {
    findings.fail('order-list', `${reader.name}: getAllOrderLists failed at a quiet point: ${describeError(error)}`);
    return [];
  }
  const read: ListOfRun[] = [];
  for (const exchange of lists) {
    const placement = placements.find((p) => p.listClientOrderId === exchange.listClientOrderId);
    const list = answered.find((l) => l.orderListId === String(exchange.orderListId));
    if (list === undefined || list.listStatusType !== exchange.listStatusType || list.listOrderStatus !== exchange.listOrderStatus || list.listClientOrderId !== exchange.listClientOrderId) {
      findings.fail('order-list', `${reader.name}: getAllOrderLists says ${list === undefined ? 'nothing' : `${list.listClientOrderId} ${list.listStatusType}/${list.listOrderStatus}`} of list ${exchange.orderListId}, the exchange's allOrderList ${exchange.listClientOrderId} ${exchange.listStatusType}/${exchange.listOrderStatus}`);
      if (list === undefined) continue;
    }
    read.push({
      list,
      placedBy: placement === undefined ? undefined : { connector: placement.connector, startedAt: placement.startedAt, answered: placement.outcome?.kind === 'placed' },
    });
  }
  return read;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Binance bans an IP that keeps going over its REQUEST_WEIGHT limit (6000 a minute; the simulator
 * bans after `requestsWhileLimited` requests past a 429), and the four connectors share one IP,
 * each learning of a 429 only from its own answers, with requests of the others already on their
 * way: no connector can keep an IP that the soak's load puts over the limit from being banned. So
 * the schedule keeps to the documented limit: a fault that makes every connector recover (about
 * 600 weight for the four, measured) is injected only while the IP's minute has this much room,
 * enough for it and one nested in it; otherwise the rest of the segment waits for the next minute.
 */
const CUT_WEIGHT_ROOM = 1_500;

/**
 * Applies one segment's events at their times. A revoked key waits for every stream to be settled,
 * or is skipped. A cut, or a lasting fault (a cut may be nested in it), waits for room in the IP's
 * weight (CUT_WEIGHT_ROOM), and what follows it in the segment waits as long, so the faults keep
 * their order and their lengths.
 */
async function runSegment(
  segment: ChaosSegment, sim: SimChild, participants: readonly Participant[], settled: () => boolean,
  waitFor: (predicate: () => boolean, timeoutMs: number) => Promise<boolean>,
  counts: { faults: number; skippedFaults: number; weightWaits: number }, log: (line: string) => void, applied: (text: string) => void,
): Promise<void> {
  let start = Date.now();
  let revoked = false;
  let lasting = false;
  for (const event of segment.events) {
    await sleep(Math.max(0, start + event.atMs - Date.now()));
    if (event.action === 'clear') {
      applied('clear');
      await sim.clear();
      revoked = false;
      lasting = false;
      continue;
    }
    if (event.fault.kind === 'revoke-key') {
      // A connection replaced while the key is revoked loses its user data for good (by design):
      // the key is revoked only once every connection is open and recovered.
      if (!await waitFor(settled, 3_000)) {
        counts.skippedFaults += 1;
        log(`skipped ${describeFault(event.fault)}: streams not settled (${participants.length} connectors)`);
        applied(`skipped ${describeFault(event.fault)}`);
        continue;
      }
      revoked = true;
    } else if (revoked) {
      continue;
    }
    // A lasting fault may hold a cut nested in it, which then comes without waiting, lest the lasting one grow longer.
    if ((CUTS.has(event.fault.kind) || LASTING.has(event.fault.kind)) && !lasting) {
      let waited = 0;
      for (let weight = await sim.weight(); weight.used + CUT_WEIGHT_ROOM > weight.limit; weight = await sim.weight()) {
        const from = Date.now();
        await sleep(weight.resetsInMs + 100);
        waited += Date.now() - from;
      }
      if (waited > 0) {
        start += waited;
        counts.weightWaits += 1;
        applied(`waited ${(waited / 1000).toFixed(1)} s for room in the IP's request weight`);
      }
    }
    lasting ||= LASTING.has(event.fault.kind);
    applied(describeFault(event.fault));
    await sim.inject(event.fault);
    counts.faults += 1;
  }
}

/** After disconnect, no more handles of any kind than before the connectors existed (sockets get a moment to close). */
async function checkResources(before: ReadonlyMap<string, number>, findings: Findings): Promise<void> {
  let extra: string[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    const after = countResources();
    extra = [...after].filter(([name, n]) => n > (before.get(name) ?? 0)).map(([name, n]) => `${name} ${before.get(name) ?? 0} → ${n}`);
    if (extra.length === 0) return;
    await sleep(100);
  }
  findings.fail('handles', `handles left after disconnect(): ${extra.join(', ')}`);
}

/** The report as lines: findings, the schedule on a failure, and how to replay. */
export function formatReport(report: SoakReport): string[] {
  const lines = [
    `soak ${report.ok ? 'PASSED' : 'FAILED'}: seed ${report.seed}, ${report.seconds} s of faults`,
    ...Object.entries(report.counts).map(([name, value]) => `  ${name}: ${value}`),
    report.heapMb === undefined ? '  heap: not measured' : `  heap after GC: ${report.heapMb.start.toFixed(1)} MB → ${report.heapMb.end.toFixed(1)} MB (limit ${report.heapMb.limit.toFixed(1)} MB)`,
  ];
  if (report.ok) return lines;
  lines.push(`failures by check: ${Object.entries(report.failuresByCheck).map(([check, n]) => `${check} ${n}`).join(', ')}`);
  for (const finding of report.findings) lines.push(`  [${finding.atSeconds.toFixed(1)} s] ${finding.check}: ${finding.detail}`);
  lines.push(`fault schedule of seed ${report.seed} (in fault time, quiet points excluded):`, ...report.schedule);
  lines.push('faults as applied (run time, as in the failures above):', ...report.applied.map((line) => `  ${line}`));
  lines.push(`replay: npm run soak -- --seconds ${report.seconds} --seed ${report.seed}`);
  return lines;
}
