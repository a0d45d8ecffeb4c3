import type { ExchangeConnector } from './connector.js';
import { ConfigurationError } from './errors.js';
import type { ConfigurationSpec } from './options.js';

/**
 * Connectors known to the factory, filled in by each exchange module through declaration merging:
 * `declare module '../core/factory.js' { interface ConnectorRegistry { binance: { options: BinanceConnectorOptions; connector: BinanceConnector } } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: exchange modules augment it
export interface ConnectorRegistry {}

/** The shape every registry entry has. */
export interface ConnectorRegistryEntry {
  options: unknown;
  connector: ExchangeConnector;
}

/** Options type of the connector registered as `N`. */
export type ConnectorOptionsOf<R, N extends keyof R> = R[N] extends { options: infer O } ? O : never;

/** Connector type registered as `N`. */
export type ConnectorOf<R, N extends keyof R> = R[N] extends { connector: infer C } ? C : never;

/** Builds a connector from its options. */
export type ConnectorCreator<R, N extends keyof R> = (options: ConnectorOptionsOf<R, N>) => ConnectorOf<R, N>;

/**
 * Creates connectors by exchange name. Exchange modules register themselves on the shared
 * instance behind the static methods; tests may build their own instance with their own registry type.
 */
export class ConnectorFactory<R extends object = ConnectorRegistry> {
  static readonly #shared = new ConnectorFactory();
  readonly #creators = new Map<string, (options: never) => ExchangeConnector>();
  readonly #configurations = new Map<string, ConfigurationSpec>();

  /** Registers `create` under `name` on the shared factory, with what `loadConfig` needs to read its options. */
  static register<N extends keyof ConnectorRegistry & string>(name: N, create: ConnectorCreator<ConnectorRegistry, N>, configuration?: ConfigurationSpec): void {
    ConnectorFactory.#shared.register(name, create, configuration);
  }

  /**
   * Declares what `loadConfig` needs to read exchange `name`'s options, without its connector: a
   * program that reads its configuration before it loads the connector (a command line) calls this.
   */
  static registerConfiguration(name: string, configuration: ConfigurationSpec): void {
    ConnectorFactory.#shared.registerConfiguration(name, configuration);
  }

  /** The options of exchange `name` on the shared factory, for `loadConfig`; ConfigurationError naming the known ones when it has none. */
  static configuration(name: string): ConfigurationSpec {
    return ConnectorFactory.#shared.configuration(name);
  }

  /** A connector from the shared factory, typed by its registry entry. */
  static create<N extends keyof ConnectorRegistry & string>(name: N, options: ConnectorOptionsOf<ConnectorRegistry, N>): ConnectorOf<ConnectorRegistry, N> {
    return ConnectorFactory.#shared.create(name, options);
  }

  /** Names registered on the shared factory, sorted. */
  static names(): string[] {
    return ConnectorFactory.#shared.names();
  }

  /** True when `name` is registered on the shared factory. */
  static has(name: string): name is keyof ConnectorRegistry & string {
    return ConnectorFactory.#shared.has(name);
  }

  /** Registers `create` under `name`; registering a different creator under a taken name throws. */
  register<N extends keyof R & string>(name: N, create: ConnectorCreator<R, N>, configuration?: ConfigurationSpec): void {
    const existing = this.#creators.get(name);
    if (existing !== undefined && existing !== create) {
      throw new ConfigurationError(`exchange "${name}" is already registered`);
    }
    this.#creators.set(name, create as (options: never) => ExchangeConnector);
    if (configuration !== undefined) this.#configurations.set(name, configuration);
  }

  /** Declares what `loadConfig` needs to read exchange `name`'s options, without its connector. */
  registerConfiguration(name: string, configuration: ConfigurationSpec): void {
    this.#configurations.set(name, configuration);
  }

  /** The options of exchange `name`, for `loadConfig`; ConfigurationError naming the known exchanges when none were declared. */
  configuration(name: string): ConfigurationSpec {
    const configuration = this.#configurations.get(name);
    if (configuration === undefined) throw this.#unknown(name, [...this.#configurations.keys()]);
    return configuration;
  }

  /** A new connector for `name`; an unknown name throws ConfigurationError listing the registered ones. */
  create<N extends keyof R & string>(name: N, options: ConnectorOptionsOf<R, N>): ConnectorOf<R, N> {
    const create = this.#creators.get(name) as ConnectorCreator<R, N> | undefined;
    if (create === undefined) throw this.#unknown(name, this.names());
    return create(options);
  }

  /** The one refusal of an exchange name the factory does not know. */
  #unknown(name: string, known: readonly string[]): ConfigurationError {
    const names = [...known].sort();
    return new ConfigurationError(
      `exchange: unknown exchange ${JSON.stringify(name)}; registered: ${names.length === 0 ? 'none' : names.join(', ')}`,
      { field: 'exchange' },
    );
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#creators.keys()].sort();
  }

  /** True when `name` is registered, narrowing it to a registry key. */
  has(name: string): name is keyof R & string {
    return this.#creators.has(name);
  }
}
