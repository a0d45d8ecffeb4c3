import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrder } from '../../src/binance/parsers.js';
import { orderConditions } from '../../src/binance/wire-fields.js';
import { Decimal } from '../../src/core/decimal.js';
import { parseExecutionReport } from '../../src/binance/streams/stream-parsers.js';
import type { Order } from '../../src/core/models.js';

/**
 * Order's conditional fields (stop price, trailing delta and time, working or not, order list,
 * expiry reason) read from Binance's own examples (`fixtures/stop-orders.md`): the REST FULL
 * placement answer and the query answer, each alone and with the conditional fields rest-api.md
 * lists added as its Examples column writes them, and the executionReport with those of
 * user-data-stream.md. Binance's examples do not show the conditional fields in a payload, and
 * say so ("The payload above does not show all fields that can appear").
 */

const DOC = readFileSync(new URL('./fixtures/stop-orders.md', import.meta.url), 'utf8');

/** The first ```javascript block after `heading`, as JSON with its `// comments` dropped. */
function example(heading: string): Record<string, unknown> {
  const at = DOC.indexOf(heading);
  if (at === -1) throw new Error(`fixture has no ${heading}`);
  const code = /```javascript\n([\s\S]*?)```/.exec(DOC.slice(at))![1]!;
  return JSON.parse(code.replace(/\s*\/\/[^"\n]*$/gm, '')) as Record<string, unknown>;
}

/** The Examples column of a conditional-fields table, for the named fields, as JSON. */
function conditional(heading: string, names: readonly string[]): Record<string, unknown> {
  const at = DOC.indexOf(heading);
  const table = DOC.slice(at, DOC.indexOf('\n#', at + heading.length));
  const out: Record<string, unknown> = {};
  for (const name of names) {
    // rest-api.md writes an example as `"name": value`, user-data-stream.md as <code>"name": value</code>.
    const match = new RegExp(`(?:\`|<code>)"${name}": ?(.+?)(?:\`|</code>)`).exec(table);
    if (match === null) throw new Error(`no example of ${name}`);
    out[name] = JSON.parse(match[1]!) as unknown;
  }
  return out;
}

const conditions = (o: Order): unknown[] => [o.stopPrice?.toFixed(), o.trailingDelta, o.trailingTime, o.isWorking, o.workingTime, o.orderListId, o.expiryReason];

const REST_FIELDS = conditional('**Conditional fields in Order Responses**', ['stopPrice', 'trailingDelta', 'trailingTime', 'expiryReason']);

describe('conditional order fields from Binance\'s examples', () => {
  it('reads the documented examples of the conditional order response fields', () => {
    expect(REST_FIELDS).toEqual({ stopPrice: '23500.00000000', trailingDelta: 10, trailingTime: -1, expiryReason: 'INSUFFICIENT_LIQUIDITY' });
  });

  it('reads the FULL placement answer as documented: no stop fields, not in a list, working since its placement', () => {
    const order = parseOrder(example('**Response - FULL:**'));
    // No isWorking in a placement answer: a workingTime that is not -1 says the order works.
    expect(conditions(order)).toEqual([undefined, undefined, undefined, true, 1507725176595, undefined, undefined]);
    expect(order.fills).toHaveLength(5);
  });

  it('reads the FULL placement answer with the conditional fields of a trailing stop that expired', () => {
    const order = parseOrder({ ...example('**Response - FULL:**'), ...REST_FIELDS });
    // trailingTime -1: the stop has not started to trail.
    expect(conditions(order)).toEqual(['23500', 10, undefined, true, 1507725176595, undefined, 'INSUFFICIENT_LIQUIDITY']);
  });

  it('reads a placement answer whose order waits off the book (workingTime -1) as not working', () => {
    const order = parseOrder({ ...example('**Response - FULL:**'), ...REST_FIELDS, workingTime: -1 });
    expect([order.isWorking, order.workingTime]).toEqual([false, -1]);
  });

  it('reads the query answer as documented: a stop price of "0.0" is none, and the order is working', () => {
    const order = parseOrder(example('## Query order (USER_DATA)'));
    expect(conditions(order)).toEqual([undefined, undefined, undefined, true, 1499827319559, undefined, undefined]);
  });

  it('reads the query answer with the conditional fields', () => {
    const order = parseOrder({ ...example('## Query order (USER_DATA)'), ...REST_FIELDS, trailingTime: 1668680518494 });
    expect(conditions(order)).toEqual(['23500', 10, 1668680518494, true, 1499827319559, undefined, 'INSUFFICIENT_LIQUIDITY']);
  });

  it('reads the executionReport as documented: P 0 and g -1 are none', () => {
    const { order } = parseExecutionReport(example('# user-data-stream.md').event);
    expect(conditions(order)).toEqual([undefined, undefined, undefined, true, 1499405658657, undefined, undefined]);
  });

  it('reads the executionReport with its conditional fields d, D, W and eR', () => {
    const fields = conditional('#### Conditional Fields in Execution Report', ['d', 'D', 'W', 'eR']);
    expect(fields).toEqual({ d: 4, D: 1668680518494, W: 1668683798379, eR: 'INSUFFICIENT_LIQUIDITY' });
    const event = example('# user-data-stream.md').event as Record<string, unknown>;
    // A stop in an order list: P and g as rest-api.md's examples give a stop price and a list id.
    // A trailing stop-limit that triggered and expired: the trigger fields belong to stop types, eR to expired orders.
    const { order } = parseExecutionReport({ ...event, ...fields, o: 'STOP_LOSS_LIMIT', x: 'EXPIRED', X: 'EXPIRED', P: REST_FIELDS.stopPrice, g: 1929, w: false });
    // It has worked (W), though it is no longer on the book (w false): working, as an order query says it.
    expect(conditions(order)).toEqual(['23500', 4, 1668680518494, true, 1668683798379, '1929', 'INSUFFICIENT_LIQUIDITY']);
  });

  it('does not read a trigger on an order type that has none, nor an expiry reason on an order that has not expired', () => {
    const fields = conditional('#### Conditional Fields in Execution Report', ['d', 'D', 'W', 'eR']);
    const event = example('# user-data-stream.md').event as Record<string, unknown>;
    const { order } = parseExecutionReport({ ...event, ...fields, P: REST_FIELDS.stopPrice });
    expect([event.o, event.X, order.stopPrice, order.trailingDelta, order.trailingTime, order.expiryReason]).toEqual(['LIMIT', 'NEW', undefined, undefined, undefined, undefined]);
  });

  it('reads an executionReport without W (a stop waiting for its trigger) as not working, working time -1', () => {
    const { W: _W, ...event } = example('# user-data-stream.md').event as Record<string, unknown>;
    const { order } = parseExecutionReport({ ...event, o: 'STOP_LOSS', P: REST_FIELDS.stopPrice, w: false });
    expect([order.isWorking, order.workingTime]).toEqual([false, -1]);
  });
});

describe('the stop price Binance writes as zeros', () => {
  it('is none exactly when the decimal is zero, however many zeros are written', () => {
    const decimalText = fc.tuple(fc.stringMatching(/^[0-9]{1,6}$/), fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }))
      .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));
    fc.assert(fc.property(decimalText, (text) => {
      const { stopPrice } = orderConditions({ P: text }, 'event', { stopPrice: 'P', trailingDelta: 'd', trailingTime: 'D', workingTime: 'W', orderListId: 'g', expiryReason: 'eR' });
      const zero = new Decimal(text).eq(0);
      expect(stopPrice === undefined).toBe(zero);
      if (!zero) expect(stopPrice!.eq(new Decimal(text))).toBe(true);
    }), { seed: 11, numRuns: 500 });
  });
});
