import {
  AuthenticationError, ConfigurationError, ConnectionError, ExchangeError, ExchangeUnavailableError, InsufficientFundsError,
  InvalidArgumentError, InvalidOrderError, OrderError, OrderNotFoundError, OrderStatusUnknownError, RateLimitError, TimeoutError,
} from '../core/errors.js';
import { CliError } from './cli-error.js';
import { ALLOW_LIVE_TRADING_HINT } from './confirm.js';
import { ExitCode } from './exit-codes.js';

/** What is known about the run when an error happens, so the hint can name the URL, environment or clock offset. */
export interface ErrorContext {
  environment?: string | undefined;
  restUrl?: string | undefined;
  /** Server time minus local time, as last measured. */
  offsetMs?: number | undefined;
}

/** Codes of a network failure, from the error or one of its causes (undici nests them). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function simHint(restUrl: string): string {
  const port = /:(\d+)$/.exec(restUrl)?.[1];
  const command = port === undefined || port === '4500' ? 'autotrader sim' : `autotrader sim --port ${port}`;
  return `no simulator at ${restUrl} — start one with \`${command}\``;
}

function connectionHint(error: ConnectionError, context: ErrorContext): string {
  const url = context.restUrl ?? 'the exchange';
  const code = networkCode(error.cause);
  if (code === 'ECONNREFUSED' && context.environment === 'sim') return simHint(url);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host of ${url} does not resolve: check the URL and your DNS`;
  if (error instanceof TimeoutError) return `${url} did not answer in time: check your network, or raise requestTimeoutMs`;
  return `cannot reach ${url}: check the URL, your network and any proxy or firewall`;
}

function authenticationHint(error: AuthenticationError, context: ErrorContext): string {
  const env = context.environment ?? 'this environment';
  switch (error.exchangeCode) {
    case -1021: {
      const offset = Math.round(context.offsetMs ?? 0);
      return `your clock is off by ${offset} ms from the exchange's; sync it with NTP (e.g. \`sudo timedatectl set-ntp true\`)`;
    }
    case -2015:
      return `check the key belongs to this environment (${env}): sim, testnet, demo and live keys are separate; check also its IP whitelist and permissions`;
    case -2014:
      return 'the API key is malformed: copy it again from the exchange, without spaces or quotes';
    case -1022:
      return 'the signature was rejected: check that apiSecret (or privateKey) is the one issued with apiKey';
    default:
      return error.exchangeCode === undefined
        ? 'configure apiKey with apiSecret or privateKey: in the config file (`autotrader config encrypt apiKey`) or BINANCE_API_KEY and BINANCE_API_SECRET'
        : `check the key and its permissions for ${env}`;
  }
}

function rateLimitHint(error: RateLimitError): string {
  const wait = error.retryAfterMs === undefined ? 'a while' : `${Math.ceil(error.retryAfterMs / 1000)} s`;
  return error.banned
    ? `the IP is banned for ${wait}: stop all clients of this IP until then, and poll less (use streams for live data)`
    : `wait ${wait} before sending again, and send fewer or lighter requests`;
}

/** Rules whose break is too many decimals: rounding takes it away. */
const PRECISION_RULES = new Set(['PRECISION', 'BAD_PRECISION']);
/** Filters a price or quantity can break by its size or by its increment. */
const SIZE_FILTERS = new Set(['PRICE_FILTER', 'LOT_SIZE', 'MARKET_LOT_SIZE']);

function invalidArgumentHint(error: InvalidArgumentError | InvalidOrderError): string | undefined {
  if (error.field === 'symbol') return 'symbols are written like BTCUSDT; the exchange does not list this one';
  return undefined;
}

function invalidOrderHint(error: InvalidOrderError): string | undefined {
  if (error.field === 'symbol') return invalidArgumentHint(error);
  if (error.rule !== undefined && PRECISION_RULES.has(error.rule)) return 'pass --round to round price to the tick size and quantity to the step size';
  // A multiple of the tick or step size can be rounded to; a value beyond the limits cannot.
  if (error.rule !== undefined && SIZE_FILTERS.has(error.rule)) {
    return 'pass --round to round price to the tick size and quantity to the step size; a value beyond the symbol\'s minimum or maximum cannot be rounded into range';
  }
  if (error.field === 'notional') return 'the order value (price × quantity) is below the symbol\'s minimum: order more';
  return undefined;
}

/** Where the error is explained: the class decides the exit code, the details the hint. */
function explainExchangeError(error: ExchangeError, context: ErrorContext): CliError {
  const at = (exitCode: CliError['exitCode'], hint?: string): CliError => new CliError(error.message, { exitCode, hint, cause: error });
  if (error instanceof ConfigurationError) {
    if (error.field === 'AUTOTRADER_MASTER_KEY') return at(ExitCode.USAGE, 'export AUTOTRADER_MASTER_KEY with the master key the secrets were encrypted with');
    if (error.field === 'allowLiveTrading') return at(ExitCode.USAGE, ALLOW_LIVE_TRADING_HINT);
    return at(ExitCode.USAGE, 'fix the field named above in the config file, the environment variable or the flag');
  }
  if (error instanceof InvalidOrderError) return at(ExitCode.USAGE, invalidOrderHint(error));
  if (error instanceof InvalidArgumentError) return at(ExitCode.USAGE, invalidArgumentHint(error));
  if (error instanceof AuthenticationError) return at(ExitCode.AUTHENTICATION, authenticationHint(error, context));
  if (error instanceof RateLimitError) return at(ExitCode.RATE_LIMIT, rateLimitHint(error));
  if (error instanceof ConnectionError) return at(ExitCode.NETWORK, connectionHint(error, context));
  if (error instanceof ExchangeUnavailableError) return at(ExitCode.UNAVAILABLE, 'the exchange is down or overloaded: retry in a few minutes');
  if (error instanceof OrderStatusUnknownError) {
    // A cancel names the order by its exchange id; a placement only has its client order id.
    const lookup = error.orderId === undefined ? `--client-id ${error.clientOrderId ?? ''}` : error.orderId;
    return at(ExitCode.ORDER_STATUS_UNKNOWN, `do not send it again; look it up with \`autotrader order get ${error.symbol} ${lookup}\``);
  }
  if (error instanceof InsufficientFundsError) return at(ExitCode.ORDER_REJECTED, 'check `autotrader balance`; locked amounts are held by open orders (`autotrader positions`)');
  if (error instanceof OrderNotFoundError) return at(ExitCode.ORDER_REJECTED, 'check the order id and symbol; `autotrader orders <symbol>` lists the open ones');
  if (error instanceof OrderError) return at(ExitCode.ORDER_REJECTED);
  return at(ExitCode.FAILURE);
}

/** Turns any thrown value into a CliError with a message a person understands, a hint and an exit code. */
export function explainError(error: unknown, context: ErrorContext = {}): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ExchangeError) return explainExchangeError(error, context);
  const code = networkCode(error);
  if (code === 'EADDRINUSE') {
    return new CliError((error as Error).message, { exitCode: ExitCode.FAILURE, cause: error, hint: 'the port is in use: pick another with --port, or stop what listens there' });
  }
  if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR') {
    return new CliError((error as Error).message, { exitCode: ExitCode.USAGE, cause: error, hint: 'check the path and its permissions' });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(message, { exitCode: ExitCode.FAILURE, cause: error });
}
