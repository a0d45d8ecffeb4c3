import { describe, expect, it } from 'vitest';
import { BaseConnector } from '../../src/core/base-connector.js';
import { NotConnectedError } from '../../src/core/errors.js';

/** A connector whose exchange hooks record calls and can be told to fail. */
class RecordingConnector extends BaseConnector {
  readonly name = 'recording';
  readonly calls: string[] = [];
  failPing = false;

  ping(): string {
    this.ensureConnected();
    return 'pong';
  }

  protected override async testConnectivity(): Promise<void> {
    this.calls.push('testConnectivity');
    await Promise.resolve();
    if (this.failPing) throw new Error('unreachable');
  }

  protected override async onConnect(): Promise<void> {
    this.calls.push('onConnect');
  }

  protected override async onDisconnect(): Promise<void> {
    this.calls.push('onDisconnect');
  }
}

describe('BaseConnector', () => {
  it('tests connectivity, runs onConnect, then reports connected', async () => {
    const connector = new RecordingConnector();
    await connector.connect();
    expect(connector.isConnected()).toBe(true);
    expect(connector.calls).toEqual(['testConnectivity', 'onConnect']);
    expect(connector.ping()).toBe('pong');
  });

  it('shares one attempt between concurrent connect() calls and skips later ones', async () => {
    const connector = new RecordingConnector();
    await Promise.all([connector.connect(), connector.connect()]);
    await connector.connect();
    expect(connector.calls).toEqual(['testConnectivity', 'onConnect']);
  });

  it('cleans up and stays disconnected when connecting fails', async () => {
    const connector = new RecordingConnector();
    connector.failPing = true;
    await expect(connector.connect()).rejects.toThrow('unreachable');
    expect(connector.isConnected()).toBe(false);
    expect(connector.calls).toEqual(['testConnectivity', 'onDisconnect']);
  });

  it('refuses calls before connect() and after disconnect()', async () => {
    const connector = new RecordingConnector();
    expect(() => connector.ping()).toThrow(
      new NotConnectedError('recording connector is not connected: call connect() first', { exchange: 'recording' }),
    );
    await connector.connect();
    await connector.disconnect();
    expect(connector.isConnected()).toBe(false);
    expect(() => connector.ping()).toThrow(NotConnectedError);
    expect(connector.calls).toEqual(['testConnectivity', 'onConnect', 'onDisconnect']);
  });
});
