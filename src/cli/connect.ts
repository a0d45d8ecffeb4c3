import type { BinanceConnector } from '../binance/index.js';
import type { CliIo } from './cli-io.js';
import { explainError } from './explain-error.js';
import type { GlobalOptions } from './globals.js';
import { loadSettings, type Settings } from './settings.js';

/** Longest Retry-After the CLI waits out before failing with exit code 4, unless the config's retry policy says otherwise. */
export const CLI_MAX_RETRY_AFTER_MS = 10_000;

/**
 * A connector for the settings; secrets go to the connector only, never to output. The connector
 * (with its HTTP client and logger) is loaded here, on first use, so commands that fail on their
 * arguments or only touch the config file start in half the time.
 */
export async function createConnector(io: CliIo, settings: Settings): Promise<BinanceConnector> {
  const [{ ConnectorFactory }, { createLogger }, { connectorOptionsOf }] = await Promise.all([
    import('../binance/index.js'), import('../core/logger.js'), import('../binance/option-rules.js'),
  ]);
  const { config, credentials } = settings;
  return ConnectorFactory.create('binance', {
    // Every option the configuration holds; only it turns live trading on, and a command's
    // confirmation comes on top of it.
    ...connectorOptionsOf(config),
    environment: settings.environment,
    restUrl: settings.restUrl,
    apiKey: credentials?.apiKey,
    apiSecret: credentials?.apiSecret,
    privateKey: credentials?.privateKey,
    // A person waiting at a prompt is better told to come back than left staring at a silent wait.
    retry: { maxRetryAfterMs: CLI_MAX_RETRY_AFTER_MS, ...config.retry },
    // Logs go to stderr so stdout stays the command's data.
    logger: config.logLevel === 'silent' ? undefined : createLogger({ level: config.logLevel, destination: io.stderr }),
  });
}

/**
 * Loads the settings, creates the connector, runs `before` (a gate that may refuse, before any
 * connection), connects,
 * runs `work`, and always disconnects. Errors leave explained, with the environment, URL and
 * clock offset known at the time, so the hint can name them.
 */
export async function withConnector<T>(
  io: CliIo,
  globals: GlobalOptions,
  work: (connector: BinanceConnector, settings: Settings) => Promise<T>,
  before?: (settings: Settings, connector: BinanceConnector) => Promise<void>,
): Promise<T> {
  let settings: Settings | undefined;
  let connector: BinanceConnector | undefined;
  try {
    settings = loadSettings(io, globals);
    connector = await createConnector(io, settings);
    await before?.(settings, connector);
    await connector.connect();
    return await work(connector, settings);
  } catch (error) {
    throw explainError(error, { environment: settings?.environment, restUrl: settings?.restUrl, offsetMs: connector?.timeOffsetMs() });
  } finally {
    await connector?.disconnect().catch(() => undefined);
  }
}
