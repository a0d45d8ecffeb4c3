import { NotConnectedError } from './errors.js';

/**
 * The connection flow every connector shares: `connect()` tests connectivity, runs the
 * exchange's `onConnect()`, then marks the connector connected; `disconnect()` runs
 * `onDisconnect()` and always ends disconnected. Concurrent `connect()` calls share one attempt.
 */
export abstract class BaseConnector {
  /** Exchange name, such as `binance`; also used in error messages. */
  abstract readonly name: string;
  #connected = false;
  #connecting: Promise<void> | undefined;

  /** Connects once; later calls while connected return at once. */
  async connect(): Promise<void> {
    if (this.#connected) return;
    this.#connecting ??= (async () => {
      try {
        await this.testConnectivity();
        await this.onConnect();
        this.#connected = true;
      } catch (error) {
        await this.onDisconnect().catch(() => undefined);
        throw error;
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  /** Disconnects and releases everything; safe to call when not connected. */
  async disconnect(): Promise<void> {
    await this.#connecting?.catch(() => undefined);
    this.#connected = false;
    await this.onDisconnect();
  }

  /** True between a successful `connect()` and `disconnect()`. */
  isConnected(): boolean {
    return this.#connected;
  }

  /** Throws NotConnectedError unless connected. */
  protected ensureConnected(): void {
    if (!this.#connected) {
      throw new NotConnectedError(`${this.name} connector is not connected: call connect() first`, { exchange: this.name });
    }
  }

  /** Cheapest call that proves the exchange answers. */
  protected abstract testConnectivity(): Promise<void>;
  /** Exchange start-up work, such as time sync and loading exchange info. */
  protected abstract onConnect(): Promise<void>;
  /** Releases sockets, timers and caches. */
  protected abstract onDisconnect(): Promise<void>;
}
