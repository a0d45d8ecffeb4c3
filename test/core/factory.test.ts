import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { ConnectorFactory } from '../../src/core/factory.js';

interface PaperOptions { startingCash: number }
class PaperConnector {
  readonly name = 'paper';
  constructor(readonly options: PaperOptions) {}
}
interface TestRegistry {
  paper: { options: PaperOptions; connector: PaperConnector };
  other: { options: { id: string }; connector: { name: string } };
}

describe('ConnectorFactory', () => {
  it('creates the connector registered under a name with its options', () => {
    const factory = new ConnectorFactory<TestRegistry>();
    factory.register('paper', (options) => new PaperConnector(options));
    const connector = factory.create('paper', { startingCash: 1000 });
    expect(connector).toBeInstanceOf(PaperConnector);
    expect(connector.options).toEqual({ startingCash: 1000 });
  });

  it('lists registered names, sorted', () => {
    const factory = new ConnectorFactory<TestRegistry>();
    factory.register('paper', (options) => new PaperConnector(options));
    factory.register('other', (options) => ({ name: options.id }));
    expect(factory.names()).toEqual(['other', 'paper']);
    expect(factory.has('paper')).toBe(true);
    expect(factory.has('kraken')).toBe(false);
  });

  it('names the registered exchanges when asked for an unknown one', () => {
    const factory = new ConnectorFactory<TestRegistry>();
    expect(() => factory.create('paper', { startingCash: 1 })).toThrow(
      new ConfigurationError('exchange: unknown exchange "paper"; registered: none', { field: 'exchange' }),
    );
    factory.register('other', (options) => ({ name: options.id }));
    expect(() => factory.create('paper', { startingCash: 1 })).toThrow('exchange: unknown exchange "paper"; registered: other');
  });

  it('refuses a second, different creator for a taken name but accepts the same one again', () => {
    const factory = new ConnectorFactory<TestRegistry>();
    const create = (options: PaperOptions): PaperConnector => new PaperConnector(options);
    factory.register('paper', create);
    factory.register('paper', create);
    expect(() => factory.register('paper', (options) => new PaperConnector(options))).toThrow(
      new ConfigurationError('exchange "paper" is already registered'),
    );
  });

  it('throws ConfigurationError from the shared factory for a name nobody registered', () => {
    expect(ConnectorFactory.has('no-such-exchange')).toBe(false);
    expect(ConnectorFactory.names()).not.toContain('no-such-exchange');
    expect(() => ConnectorFactory.create('no-such-exchange' as never, undefined as never)).toThrow(ConfigurationError);
  });
});
