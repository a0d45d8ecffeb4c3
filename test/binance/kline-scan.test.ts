import { describe, expect, it } from 'vitest';
import { scanKlines } from '../../src/binance/kline-scan.js';
import { parseKlines } from '../../src/binance/parsers.js';
import type { WireKline } from '../../src/binance/wire-types.js';

/** Binance's documented example row, as it arrives on the wire. */
const ROW = '[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]';

/** A seeded generator of integers below `n`, so the generated bodies are the same on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

function generatedBody(rows: number): string {
  const next = generator(5);
  const decimal = (): string => `${next(3) === 0 ? 0 : next(100_000)}.${String(next(100_000_000)).padStart(8, '0')}`;
  const wire: WireKline[] = [];
  for (let i = 0; i < rows; i++) {
    const openTime = 1_700_000_000_000 + i * 60_000;
    wire.push([openTime, decimal(), decimal(), decimal(), decimal(), decimal(), openTime + 59_999, decimal(), next(5000), decimal(), decimal(), '0']);
  }
  return JSON.stringify(wire);
}

describe('scanKlines', () => {
  it('reads a klines body into the same candles as JSON.parse and parseKlines', () => {
    for (const body of [`[${ROW}]`, '[]', generatedBody(1000)]) {
      const serverNow = 1_700_000_030_000;
      const scanned = scanKlines(body, 'BNBBTC', '1m', serverNow);
      expect(scanned).toEqual(parseKlines(JSON.parse(body) as WireKline[], 'BNBBTC', '1m', serverNow));
      expect(scanned?.map((c) => Object.keys(c))).toEqual(parseKlines(JSON.parse(body) as WireKline[], 'BNBBTC', '1m', serverNow).map((c) => Object.keys(c)));
    }
  });

  it('marks a candle closed only once its close time is before the server time', () => {
    expect(scanKlines(`[${ROW}]`, 'BNBBTC', '1w', 1499644800000)![0]!.closed).toBe(true);
    expect(scanKlines(`[${ROW}]`, 'BNBBTC', '1w', 1499644799999)![0]!.closed).toBe(false);
  });

  it.each([
    ['whitespace', `[ ${ROW}]`],
    ['a fractional time', ROW.replace('1499040000000', '1499040000000.5')],
    ['a negative count', ROW.replace(',308,', ',-308,')],
    ['a decimal as a number', ROW.replace('"0.80000000"', '0.8')],
    ['an escape in an ignored field', ROW.replace('"0"]', '"\\"0"]')],
    ['a field missing', ROW.replace(',"1756.87402397","28.46694368","0"', '').replace(',308', '')],
    ['text that is not a decimal', ROW.replace('"0.80000000"', '"abc"')],
    ['an unterminated body', `[${ROW}`],
    ['text after the body', `[${ROW}]x`],
    ['an error object', '{"code":-1121,"msg":"Invalid symbol."}'],
  ])('leaves a body with %s to the JSON path', (_, row) => {
    const body = row.startsWith('[[') || row.startsWith('{') ? row : `[${row}]`;
    expect(scanKlines(body, 'BNBBTC', '1w', 0)).toBeUndefined();
  });
});
