import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtModule, declared, ENTRY_POINTS, exportedSymbols, publicApiProgram, type EntryPoint } from './public-api.js';

/**
 * The exact public names of every entry point, values and types. Each name is a promise kept
 * across versions: adding or removing one changes this list, and that change is a decision.
 * Read from the build, as the exports map serves it: its declarations for the type checker, its
 * modules for what loads at run time.
 */

const EXPECTED: Record<EntryPoint, { values: string[]; types: string[] }> = {
  'autotrader-connectors': {
    values: [
      'AuthenticationError', 'BinanceConnector', 'ConfigurationError', 'ConnectionError', 'ConnectorFactory', 'Decimal',
      'ExchangeError', 'ExchangeUnavailableError', 'InsufficientFundsError', 'InvalidArgumentError', 'InvalidOrderError',
      'MalformedResponseError', 'NotConnectedError', 'OrderError', 'OrderNotFoundError', 'OrderStatusUnknownError', 'RateLimitError',
      'ResponseTooLargeError', 'StreamOverflowError', 'TimeoutError', 'createLogger', 'decryptSecret', 'encryptSecret', 'loadConfig',
      'readPrivateKey', 'saveConfigFile', 'toDecimal',
    ],
    types: [
      'AccountTrade', 'AccountTradeQuery', 'AggregateTrade', 'AggregateTradeQuery', 'AllTickersOptions', 'AmendOptions',
      'AveragePrice', 'BalanceUpdate', 'BinanceConnectorOptions', 'BinanceEnvironment', 'BinanceMetrics', 'BookTicker',
      'CandleQuery', 'Candlestick', 'CommissionRateSet', 'CommissionRates', 'ConnectorConfig', 'ConnectorRegistry',
      'DecimalInput', 'ExchangeConnector', 'ExchangeErrorDetails', 'Fill', 'Interval', 'LoadConfigOptions', 'Logger',
      'MarketTicker', 'MarketTickerWindow', 'Order', 'OrderBook', 'OrderBookOptions', 'OrderBookUpdate', 'OrderEntry',
      'OrderExecution', 'OrderList', 'OrderListQuery', 'OrderListRequest', 'OrderListUpdate', 'OrderRateLimit', 'OrderRequest',
      'OrderSide', 'OrderStatus', 'OrderType', 'OrderUpdate', 'PegPriceType', 'Position', 'PriceLevel', 'ProtectionLossReason',
      'ProtectionLost', 'RecentTrade', 'ReplaceOptions', 'ReplaceResult', 'ReplacementOrderRequest', 'SelfTradePreventionMode',
      'StreamMetrics',
      'StreamStateChange', 'StreamSubscription', 'SymbolInfo', 'Ticker', 'TimeInForce', 'Trade', 'UserDataEvent',
      'UserStreamNotice',
    ],
  },
  'autotrader-connectors/framework': {
    values: [
      'AsyncQueue', 'BaseConnector', 'DEFAULT_BACKOFF', 'DEFAULT_RETRY_POLICY', 'FINAL_ORDER_STATUSES', 'INTERVALS',
      'MessageThrottle', 'NO_RETRY', 'ORDER_LIST_TYPES', 'ORDER_SIDES', 'ORDER_TYPES', 'RateLimiter', 'ReconnectingSocket', 'SELF_TRADE_PREVENTION_MODES', 'SubscriptionRegistry',
      'TIME_IN_FORCE', 'TypedEvents', 'ZERO', 'createRetryPolicy', 'decideRetry', 'delay', 'fromSubscription', 'parseDecimal',
      'reconnectDelay', 'systemClock', 'toPlainString',
    ],
    types: [
      'AsyncQueueOptions', 'BackoffOptions', 'BalanceDeltaUpdate', 'BalanceLevel', 'BalancePositionUpdate', 'Clock',
      'ConfigurationSpec', 'ConnectorCreator', 'ConnectorOf', 'ConnectorOptionsOf', 'ConnectorRegistryEntry', 'EnvVariable',
      'ExchangeConfigOptions', 'LimitMakerOrderRequest',
      'LimitOrderRequest', 'ListOrderRequest', 'Listener', 'MarketOrderRequest', 'MarketQuoteOrderRequest', 'OcoLegRequest',
      'OcoOrderListRequest', 'OpoOrderListRequest', 'OpoPendingOrderRequest', 'OpoWorkingOrderRequest', 'OpocoOrderListRequest',
      'OptionIssue', 'OrderListEntry', 'OrderListOrderStatus', 'OrderListStatusType', 'OrderOptions', 'OrderTrigger',
      'OtoOrderListRequest', 'OtocoOrderListRequest', 'OverflowPolicy', 'PegInstructions', 'PegOffsetType', 'PendingOrderRequest',
      'RateLimitWindow',
      'RateLimitWindowUsage', 'RateLimiterOptions', 'RateLimiterSnapshot', 'ReconnectReason', 'ReconnectingSocketEvents',
      'ReconnectingSocketOptions', 'ReportedOrderType', 'RetryContext', 'RetryDecision', 'RetryPolicy', 'RetryPolicyInput',
      'SocketMetrics', 'SocketSender', 'SocketState', 'StopLimitOrderRequest', 'StopOrderRequest', 'StreamHandle', 'StreamListener',
      'SubscriptionRegistryOptions',
      'ThrottleOptions', 'TimerHandle', 'Unsubscribe', 'UserStreamEnded', 'UserStreamFailed', 'UserStreamRefused',
      'UserStreamResubscribed', 'WorkingOrderRequest',
    ],
  },
  'autotrader-connectors/simulator': {
    values: ['DEFAULT_BALANCES', 'DEFAULT_SYMBOLS', 'DEMO_API_KEY', 'DEMO_API_SECRET', 'Exchange', 'SPOT_SYMBOLS', 'startSimulator'],
    types: [
      'AccountOptions', 'BalanceEvent', 'ConnectionLimitOptions', 'DepthEvent', 'EngineEvents', 'ExchangeOptions', 'Execution',
      'Fault', 'FaultKind', 'LimitsOptions', 'MarketMove', 'MarketMoveState', 'MoveOptions', 'OrderEvent', 'ResolvedTiming',
      'SimulatorAccount', 'SimulatorHandle', 'SimulatorMarket', 'SimulatorOptions', 'StreamTiming', 'SymbolSpec', 'TradeEvent',
    ],
  },
};

/** The names an entry point exports, split into values and types-only, as the type checker sees them. */
function exportsOf(entry: EntryPoint): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const symbol of exportedSymbols(entry)) (declared(symbol).flags & ts.SymbolFlags.Value ? values : types).push(symbol.name);
  return { values: values.sort(byName), types: types.sort(byName) };
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('the public names of each entry point', () => {
  for (const entry of Object.keys(ENTRY_POINTS) as EntryPoint[]) {
    it(`${entry} exports exactly the listed names`, async () => {
      const found = exportsOf(entry);
      expect(found).toEqual(EXPECTED[entry]);
      // The module loaded at run time carries exactly the values, so no type is mistaken for one.
      const loaded = Object.keys(await import(builtModule(entry))).sort(byName);
      expect(loaded).toEqual(found.values);
    });
  }
});

/*
 * Every name the package exports carries a doc comment: the API reference (`npm run docs`) is
 * generated from them, and editors show them on hover. Read from the built declarations, where
 * users' editors read them.
 */

/** Exported names of an entry point whose declaration has no doc comment. */
function undocumentedExports(entry: EntryPoint): string[] {
  const checker = publicApiProgram().getTypeChecker();
  return exportedSymbols(entry)
    .filter((exported) => declared(exported).getDocumentationComment(checker).length === 0)
    .map((exported) => exported.getName())
    .sort();
}

describe('doc comments', () => {
  it.each(Object.keys(ENTRY_POINTS) as EntryPoint[])('document every export of %s', (entry) => {
    expect(undocumentedExports(entry)).toEqual([]);
  });

  it('are read from the declarations themselves', () => {
    const checker = publicApiProgram().getTypeChecker();
    const exports = exportedSymbols('autotrader-connectors');
    expect(exports.length).toBeGreaterThan(50);
    const factory = declared(exports.find((symbol) => symbol.getName() === 'ConnectorFactory')!);
    expect(ts.displayPartsToString(factory.getDocumentationComment(checker))).toMatch(/^Creates connectors by exchange name\./);
  });
});
