import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommissionRates, parseOrderRateLimits } from '../../src/binance/account-rates.js';
import { MalformedResponseError } from '../../src/core/errors.js';

/**
 * Commission rates and the unfilled order count as Binance documents their answers
 * (`test/spec/fixtures/account-commission.md`, REST and WebSocket API alike).
 */

const DOC = readFileSync(new URL('../spec/fixtures/account-commission.md', import.meta.url), 'utf8');

/** The JSON examples after `heading` up to the next heading of its level, comments removed. */
function examples(heading: string): unknown[] {
  const start = DOC.indexOf(heading);
  const end = DOC.indexOf('\n### ', start + heading.length);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  return section.split(/```(?:javascript|json)\n/).slice(1).map((b) => JSON.parse(b.slice(0, b.indexOf('```')).replace(/\/\/.*$/gm, '')) as unknown);
}

const REST_COMMISSION = examples('### Query Commission Rates')[0];
const WS_COMMISSION = (examples('### Account Commission Rates')[1] as { result: unknown }).result;

describe('commission rates', () => {
  it.each([['REST', REST_COMMISSION], ['the WebSocket API', WS_COMMISSION]])('reads the documented answer over %s, every rate as an exact decimal', (_name, wire) => {
    const rates = parseCommissionRates(wire);
    const strings = {
      symbol: rates.symbol,
      standard: Object.fromEntries(Object.entries(rates.standard).map(([k, v]) => [k, v.toFixed(8)])),
      special: Object.fromEntries(Object.entries(rates.special).map(([k, v]) => [k, v.toFixed(8)])),
      tax: Object.fromEntries(Object.entries(rates.tax).map(([k, v]) => [k, v.toFixed(8)])),
      discount: { ...rates.discount, discount: rates.discount.discount.toFixed(8) },
    };
    const doc = wire as Record<string, unknown>;
    expect(strings).toEqual({
      symbol: doc.symbol, standard: doc.standardCommission, special: doc.specialCommission, tax: doc.taxCommission, discount: doc.discount,
    });
  });

  it.each([
    ['a rate that is not a decimal', { standardCommission: { maker: 0.001 } }, 'standardCommission.maker'],
    ['no discount block', { discount: undefined }, 'discount'],
    ['a discount flag that is not a boolean', { discount: { enabledForAccount: 'true' } }, 'discount.enabledForAccount'],
  ])('refuses %s with a MalformedResponseError naming the field', (_name, change, field) => {
    const doc = REST_COMMISSION as Record<string, Record<string, unknown>>;
    const wire = { ...doc, ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === undefined ? undefined : { ...doc[k], ...v }])) };
    let error: unknown;
    try {
      parseCommissionRates(wire);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toContain(field);
  });
});

describe('order rate limits', () => {
  it.each([
    ['REST', examples('### Query Unfilled Order Count')[0]],
    ['the WebSocket API', (examples('### Unfilled Order Count (USER_DATA)')[1] as { result: unknown }).result],
  ])('reads the documented answer over %s: each ORDERS window with its count', (_name, wire) => {
    expect(parseOrderRateLimits(wire)).toEqual([
      { interval: 'SECOND', intervalNum: 10, limit: 50, count: 0 },
      { interval: 'DAY', intervalNum: 1, limit: 160000, count: 0 },
    ]);
  });

  it('refuses a count that is not a number', () => {
    expect(() => parseOrderRateLimits([{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: '3' }])).toThrow(MalformedResponseError);
  });
});
