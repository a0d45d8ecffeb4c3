import type { KeyKind } from '../spec/binance/signature.js';
import type { Clock } from '../core/clock.js';
import type { AccountOptions } from './engine/accounts.js';
import { ConnectionLimiter } from './limits/connection-limiter.js';
import { Exchange } from './exchange.js';
import type { Fault } from './control/faults.js';
import { moveMarket, type MarketMoveState } from './control/market-moves.js';
import { startHttpFront } from './rest/http-server.js';
import { validateControlToken } from './control/origin-guard.js';
import type { LimitsOptions } from './limits/usage-limits.js';
import type { SymbolSpec } from './market/symbols.js';
import { isSimError } from './sim-error.js';
import { resolveTiming, type ResolvedTiming, type StreamTiming } from './websocket/stream-timing.js';
import { WsFront } from './websocket/ws-front.js';

/**
 * The Binance-compatible Spot exchange simulator: a local server speaking Binance's REST, market stream and WebSocket API protocols
 * over a deterministic market, a matching engine and accounts, with fault injection.
 */

export { DEMO_API_KEY, DEMO_API_SECRET, DEFAULT_BALANCES, type AccountOptions } from './engine/accounts.js';
export type { BalanceEvent, DepthEvent, EngineEvents, Execution, OrderEvent, TradeEvent } from './engine/engine-events.js';
export { Exchange, type ExchangeOptions } from './exchange.js';
export type { Fault, FaultKind } from './control/faults.js';
export type { MarketMove, MarketMoveState } from './control/market-moves.js';
export type { ConnectionLimitOptions } from './limits/connection-limiter.js';
export type { LimitsOptions } from './limits/usage-limits.js';
export { DEFAULT_SYMBOLS, type SymbolSpec } from './market/symbols.js';
export { SPOT_SYMBOLS } from './market/spot-symbols.js';

export type { ResolvedTiming, StreamTiming } from './websocket/stream-timing.js';

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Seed of the deterministic market. @default 42 */
  readonly seed?: number;
  /** Listed symbols, in exchangeInfo order; `SPOT_SYMBOLS` lists 34. @default DEFAULT_SYMBOLS (BTCUSDT, ETHUSDT, BNBUSDT, ETHBTC) */
  readonly symbols?: readonly SymbolSpec[];
  /** Accounts; without them one documented demo account (DEMO_API_KEY / DEMO_API_SECRET). */
  readonly accounts?: readonly AccountOptions[];
  /** Rate limits and ban rules. @default Binance's documented limits */
  readonly limits?: LimitsOptions;
  /** Stream and WebSocket API timing rules. @default Binance's documented values */
  readonly timing?: StreamTiming;
  /**
   * Server clock (time, limit windows and the market). A full `Clock` (with timers) also drives
   * every timer of the simulator, so tests can move time by hand while sockets stay real.
   * @default the system clock
   */
  readonly clock?: Clock | Pick<Clock, 'now'>;
  /** Bearer token the control API (`/sim/*`) then requires in `Authorization`; `inject()` and `clear()` never need it. @default none */
  readonly controlToken?: string;
}

/** Credentials of one simulator account; `apiSecret` is '' for Ed25519/RSA accounts. */
export interface SimulatorAccount {
  /** API key, sent as `X-MBX-APIKEY`. */
  readonly apiKey: string;
  /** HMAC secret; '' when the account holds a public key. */
  readonly apiSecret: string;
  /** `hmac`, `ed25519` or `rsa`. */
  readonly keyType: KeyKind;
}

/** A running simulator. */
export interface SimulatorHandle {
  /** REST origin, such as `http://127.0.0.1:4500`. */
  readonly restUrl: string;
  /** WebSocket stream origin (`/ws` and `/stream` are appended). */
  readonly wsStreamUrl: string;
  /** WebSocket API URL, ending in `/ws-api/v3`. */
  readonly wsApiUrl: string;
  /** The accounts, in the order of `options.accounts` (or the demo account). */
  readonly accounts: readonly SimulatorAccount[];
  /** The exchange core: engine events, faults, limiter (for stream layers and tests). */
  readonly exchange: Exchange;
  /** The stream timing in force, defaults applied. */
  readonly timing: ResolvedTiming;
  /** Activates a fault; injecting a kind again replaces it. Throws TypeError on an invalid fault. */
  inject(fault: Fault): void;
  /** Removes every fault. */
  clear(): void;
  /**
   * Deposits (positive `amount`) or withdraws (negative) an asset for the account of `apiKey`;
   * subscribers get `balanceUpdate` then `outboundAccountPosition`. Throws TypeError when invalid.
   */
  transfer(apiKey: string, asset: string, amount: string): void;
  /** Moves the market on purpose. */
  readonly market: SimulatorMarket;
  /** Stops the server and every timer; the process can exit afterwards. */
  close(): Promise<void>;
}

/** Options of `market.moveTo`. */
export interface MoveOptions {
  /** Milliseconds of simulator time the move takes, in even steps. @default 0 (at once) */
  readonly over?: number;
}

/** Moves of the market a test or a user asks for, as `POST /sim/market` makes them. */
export interface SimulatorMarket {
  /**
   * Takes the trade price of `symbol` to `price` (on its tick grid, within its PRICE_FILTER, at
   * most 10 times the generated price) from the next whole second, at once or over `options.over`
   * ms, and continues from there: candles,
   * tickers, trades and depth follow (and those of the cross pairs it is a leg of), and resting
   * orders the move crosses fill. Throws TypeError when the symbol, price or duration is invalid,
   * or the symbol is a cross pair (priced from its legs).
   */
  moveTo(symbol: string, price: string | number, options?: MoveOptions): MarketMoveState;
}

/** How often resting orders are matched against the moving market when no request arrives. */
const ADVANCE_INTERVAL_MS = 250;

/** Starts the simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const timing = resolveTiming(options.timing);
  validateControlToken(options.controlToken);
  const exchange = new Exchange({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.symbols === undefined ? {} : { symbols: options.symbols }),
    ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const host = options.host ?? '127.0.0.1';
  // Built before the server listens, so an invalid `limits.connections` leaves nothing running.
  const attempts = { streams: new ConnectionLimiter(options.limits?.connections), api: new ConnectionLimiter(options.limits?.connections) };
  const front = await startHttpFront(exchange, options.port ?? 0, host, { controlToken: options.controlToken });
  const ws = new WsFront(front.server, exchange, timing, attempts);
  const ticker = exchange.timers.setInterval(() => exchange.engine.advance(exchange.now()), ADVANCE_INTERVAL_MS);
  const origin = `${host.includes(':') ? `[${host}]` : host}:${front.port}`;
  let closed: Promise<void> | undefined;
  return {
    restUrl: `http://${origin}`,
    wsStreamUrl: `ws://${origin}`,
    wsApiUrl: `ws://${origin}/ws-api/v3`,
    accounts: exchange.accounts.map((a) => ({ apiKey: a.apiKey, apiSecret: a.apiSecret, keyType: a.keyKind })),
    exchange,
    timing,
    inject(fault) {
      try {
        exchange.faults.inject(fault);
      } catch (error) {
        throw isSimError(error) ? new TypeError(`invalid fault: ${error.msg}`) : error;
      }
    },
    clear: () => exchange.faults.clear(),
    market: {
      moveTo(symbol, price, moveOptions = {}) {
        try {
          return moveMarket(exchange, { symbol, price, ...(moveOptions.over === undefined ? {} : { overMs: moveOptions.over }) });
        } catch (error) {
          throw isSimError(error) ? new TypeError(`invalid move: ${error.msg}`) : error;
        }
      },
    },
    transfer: (apiKey, asset, amount) => exchange.transfer(apiKey, asset, amount),
    close() {
      closed ??= (async () => {
        exchange.timers.clearInterval(ticker);
        ws.close();
        await front.close();
        exchange.engine.events.clear();
        exchange.faults.events.clear();
      })();
      return closed;
    },
  };
}
